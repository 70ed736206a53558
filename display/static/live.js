/* The live queue of one office over Socket.IO (/display), shared by the screen and the board.
   The socket is a hint: every snapshot carries a version; an update that skips a version asks
   for a resync, and every (re)connect starts from a fresh snapshot. Calls are announced only
   from live `ticket_called` events, never from a snapshot, so a reload never replays them. */
(function () {
  "use strict";

  var HISTORY = 6;
  var RETRY_REFUSED_MS = 30000;

  function byId(id) { return document.getElementById(id); }

  function setText(id, text) {
    var el = byId(id);
    if (el) { el.textContent = text; }
  }

  function setConnection(state) {
    var el = byId("connection");
    if (el) { el.setAttribute("data-state", state); }
    document.body.setAttribute("data-connection", state);
  }

  function startClock(timeZone) {
    var el = byId("clock");
    if (!el) { return; }
    var format;
    try {
      format = new Intl.DateTimeFormat("id-ID", {
        timeZone: timeZone, weekday: "long", day: "numeric", month: "long",
        hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false
      });
    } catch (e) {
      format = new Intl.DateTimeFormat("id-ID", { hour: "2-digit", minute: "2-digit" });
    }
    function tick() { el.textContent = format.format(new Date()); }
    tick();
    if (el.getAttribute("data-ticking") !== "1") {
      el.setAttribute("data-ticking", "1");
      setInterval(tick, 1000);
    }
  }

  function serviceNames(config) {
    var names = {};
    ((config && config.services) || []).forEach(function (s) { names[s.code] = s.name; });
    return names;
  }

  function renderWaiting(snapshot, config) {
    var list = byId("waiting");
    if (!list) { return; }
    var counts = {};
    ((config && config.services) || []).forEach(function (s) { counts[s.code] = 0; });
    snapshot.waiting.forEach(function (t) { counts[t.service] = (counts[t.service] || 0) + 1; });
    var names = serviceNames(config);
    list.textContent = "";
    Object.keys(counts).forEach(function (code) {
      var li = document.createElement("li");
      li.setAttribute("data-service", code);
      var name = document.createElement("span");
      name.textContent = names[code] || code;
      var count = document.createElement("strong");
      count.textContent = String(counts[code]);
      li.appendChild(name);
      li.appendChild(count);
      list.appendChild(li);
    });
  }

  function renderOccupancy(occupancy) {
    setText("present", String(occupancy.present));
    setText("limit", String(occupancy.limit));
    var meter = byId("occupancy-meter");
    if (meter) {
      meter.max = Math.max(occupancy.limit, 1);
      meter.value = occupancy.present;
      meter.high = meter.max * 0.8;
    }
    document.body.classList.toggle("room-full", occupancy.present >= occupancy.limit);
  }

  function renderRecent(history, current) {
    var list = byId("recent");
    if (!list) { return; }
    list.textContent = "";
    history.filter(function (call) { return !current || call.number !== current.number; })
      .slice(0, HISTORY - 1)
      .forEach(function (call) {
        var li = document.createElement("li");
        var number = document.createElement("strong");
        number.textContent = call.number;
        var counter = document.createElement("span");
        counter.textContent = call.counter || "";
        li.appendChild(number);
        li.appendChild(counter);
        list.appendChild(li);
      });
  }

  function renderNow(call) {
    setText("now-number", call ? call.number : "—");
    setText("now-counter", call ? call.counter || "" : "");
    var text = call && call.announcement;
    setText("now-text", text ? text.id : "");
    setText("now-text-en", text ? text.en : "");
  }

  /* Calls seen, newest first by the server's called_at, one per ticket number; an entry from a
     live event (it has the announcement text) wins over the same call read from a snapshot. */
  function mergeCalls(history, calls) {
    var byNumber = {};
    history.concat(calls).forEach(function (call) {
      var known = byNumber[call.number];
      if (!known || (call.announcement && call.called_at >= known.called_at) ||
          (!known.announcement && call.called_at > known.called_at)) {
        byNumber[call.number] = call;
      }
    });
    return Object.keys(byNumber).map(function (n) { return byNumber[n]; })
      .sort(function (a, b) { return Date.parse(b.called_at) - Date.parse(a.called_at); })
      .slice(0, HISTORY);
  }

  function connect(auth, handlers) {
    var state = {
      version: null, snapshot: null, config: null, history: [], current: null, heard: {}
    };
    handlers = handlers || {};
    var socket = io("/display", {
      auth: auth,
      transports: ["websocket", "polling"],
      tryAllTransports: true,
      reconnectionDelayMax: 5000
    });

    function render() {
      if (!state.snapshot) { return; }
      renderWaiting(state.snapshot, state.config);
      renderOccupancy(state.snapshot.occupancy);
      var current = state.current || state.history[0];
      renderRecent(state.history, current);
      renderNow(current);
      document.body.setAttribute("data-version", String(state.version));
      if (handlers.snapshot) { handlers.snapshot(state.snapshot, state); }
    }

    function accept(snapshot) {
      state.snapshot = snapshot;
      state.version = snapshot.version;
      state.history = mergeCalls(state.history, snapshot.called);
      render();
    }

    socket.on("connect", function () { setConnection("online"); });
    socket.on("disconnect", function () { setConnection("offline"); });
    socket.on("connect_error", function (err) {
      setConnection("offline");
      if (!socket.active) {
        // Refused by the server (bad token, unknown office): it will not retry by itself.
        if (handlers.refused) { handlers.refused(err.data || { message: err.message }); }
        setTimeout(function () { socket.connect(); }, RETRY_REFUSED_MS);
      }
    });
    socket.on("display_config", function (config) {
      state.config = config;
      if (handlers.config) { handlers.config(config); }
      render();
    });
    socket.on("queue_snapshot", accept);
    socket.on("queue_updated", function (snapshot) {
      if (state.version !== null && snapshot.version <= state.version) { return; }
      var gap = state.version !== null && snapshot.version > state.version + 1;
      accept(snapshot);
      if (gap) { socket.emit("resync"); }
    });
    socket.on("occupancy_updated", function (occupancy) {
      if (!state.snapshot) { return; }
      state.snapshot.occupancy = occupancy;
      renderOccupancy(occupancy);
    });
    socket.on("ticket_called", function (call) {
      var key = call.id + ":" + call.recall_count;
      if (state.heard[key]) { return; }
      state.heard[key] = true;
      state.current = call;
      state.history = mergeCalls(state.history, [call]);
      renderRecent(state.history, call);
      renderNow(call);
      document.body.setAttribute("data-last-called", call.number);
      if (handlers.called) { handlers.called(call); }
    });
    return { socket: socket, state: state };
  }

  window.Antrean = { connect: connect, startClock: startClock, byId: byId, setText: setText };
})();
