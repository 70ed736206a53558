// Staff pages: the officer console (choose a counter, see who waits, call next with one key, act
// on the ticket) and the API client every staff page shares. Signing in and out are plain form
// posts; the server renders a page only for signed-in staff, and the browser's requests carry
// the HttpOnly session cookie plus the page's CSRF token on every unsafe request.
(function () {
  "use strict";

  var SAFE_METHODS = ["GET", "HEAD", "OPTIONS"];
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var me = {
    id: document.body.dataset.staffId || "",
    role: document.body.dataset.staffRole || "",
    office: document.body.dataset.staffOffice || "",
  };
  var texts = JSON.parse(document.body.dataset.texts || "{}");
  var lang = document.documentElement.lang === "en" ? "en" : "id";

  function t(key, params) {
    var text = (texts[lang] || {})[key] || key;
    Object.keys(params || {}).forEach(function (name) {
      text = text.split("{" + name + "}").join(String(params[name]));
    });
    return text;
  }

  function byId(id) {
    return document.getElementById(id);
  }

  function showMessage(id, text) {
    byId(id).textContent = text || "";
    byId(id).hidden = !text;
  }

  // Every call answers {status, ok, data}; a network failure answers status 0.
  async function api(method, path, body) {
    var headers = { Accept: "application/json", "Accept-Language": lang };
    if (SAFE_METHODS.indexOf(method) < 0 && csrfMeta) {
      headers["X-CSRF-Token"] = csrfMeta.content;
    }
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
    }
    try {
      var response = await fetch("/api/v1" + path, {
        method: method,
        headers: headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: "no-store",
        credentials: "same-origin",
      });
      var data = await response.json().catch(function () {
        return {};
      });
      return { status: response.status, ok: response.ok, data: data };
    } catch (error) {
      return { status: 0, ok: false, data: {} };
    }
  }

  function errorMessage(answer) {
    var error = (answer.data && answer.data.error) || {};
    return error.message || t("staff_network_error");
  }

  // The session ended (expired, signed out elsewhere, account deactivated): sign in again,
  // then come back to this page.
  function sessionEnded() {
    var back = window.location.pathname + window.location.search;
    window.location.assign("/staff/login?ended=1&next=" + encodeURIComponent(back));
  }

  // The console keeps its counter and its called ticket in this tab's sessionStorage (a reload
  // keeps them), under keys of the signed-in staff member; signing out forgets them, so the next
  // person at this desk never sees the last one's ticket from the tab. A console that keeps no
  // ticket for its counter asks the server for the counter's open one.
  var STORED = "antrean.staff.";

  function forgetStored(keep) {
    var stale = [];
    for (var i = 0; i < sessionStorage.length; i++) {
      var key = sessionStorage.key(i);
      if (key.indexOf(STORED) === 0 && !(keep && key.indexOf(keep) === 0)) {
        stale.push(key);
      }
    }
    stale.forEach(function (key) {
      sessionStorage.removeItem(key);
    });
  }

  var signOutForm = document.querySelector("form.sign-out");
  if (signOutForm) {
    signOutForm.addEventListener("submit", function () {
      forgetStored();
    });
  }

  window.Staff = { t: t, api: api, byId: byId, showMessage: showMessage, errorMessage: errorMessage, sessionEnded: sessionEnded, me: me };

  // --- Officer console --------------------------------------------------------------------
  if (byId("staff-console") === document.body) {
    startConsole();
  }

  function startConsole() {
    var REFRESH_MS = 4000;
    // `ticket` is the counter's open ticket as this console can act on it (with its id); `seen`
    // is one the office's queue shows called at this counter that the server has not given
    // the console (yet): the queue gives its number only. `asking` is the counter whose open
    // ticket is being asked for.
    var state = { office: me.office, counters: [], counter: null, ticket: null, seen: null, asking: null, changes: 0, services: {}, serviceList: [] };
    var myKeys = STORED + me.id + ".";
    forgetStored(myKeys); // whatever someone else signed in here before left behind

    function serviceName(code) {
      return state.services[code] || code;
    }

    // The citizen pages' names of the priority groups; "none" needs no word in the queue.
    function priorityName(code) {
      return !code || code === "none" ? "" : (texts[lang] || {})["priority_" + code] || code;
    }
    var busy = false;

    function currentKey() {
      return myKeys + "ticket." + (state.counter ? state.counter.id : "");
    }

    function fail(answer, message) {
      if (answer.status === 401) {
        sessionEnded();
        return;
      }
      var error = (answer.data && answer.data.error) || {};
      showMessage("console-error", message || errorMessage(answer));
      byId("console-error").dataset.code = error.code || "network";
    }

    function isOpen(ticket) {
      return !!ticket && (ticket.status === "called" || ticket.status === "serving");
    }

    // Open, and at the chosen counter: the console may act on it.
    function isOpenHere(ticket) {
      return isOpen(ticket) && !!state.counter && ticket.counter_id === state.counter.id;
    }

    // What the server says of a kept ticket: the ticket, null when it is gone, undefined when
    // the server could not be asked (keep what is shown).
    async function askTicket(id) {
      var answer = await api("GET", "/tickets/" + encodeURIComponent(id));
      if (answer.ok) {
        return answer.data.ticket || answer.data;
      }
      if (answer.status === 401) {
        sessionEnded();
      }
      return answer.status === 404 || answer.status === 403 ? null : undefined;
    }

    // The counter's open ticket as the server has it, for a console that keeps none open (a new
    // tab or device, after signing out, or a ticket called from another console): it is shown
    // with its actions. Nothing changes if an action or another counter came meanwhile.
    async function askCounterTicket() {
      var counter = state.counter;
      if (!counter || isOpen(state.ticket) || state.asking === counter) {
        return;
      }
      state.asking = counter;
      var changes = state.changes;
      var answer = await api("GET", "/counters/" + encodeURIComponent(counter.id) + "/ticket");
      if (state.asking === counter) {
        state.asking = null;
      }
      if (answer.status === 401) {
        sessionEnded();
      } else if (state.changes === changes && answer.ok && isOpenHere(answer.data.ticket)) {
        keepTicket(answer.data.ticket);
      } else {
        renderTicket();
      }
    }

    function statusText(ticket) {
      var names = { called: "staff_status_called", serving: "staff_status_serving", done: "staff_status_done",
        completed: "staff_status_done", no_show: "staff_status_no_show", waiting: "staff_status_transferred" };
      return names[ticket.status] ? t(names[ticket.status]) : ticket.status;
    }

    // A ticket is transferred to another service: its own is not offered.
    function renderTransfer() {
      var select = byId("transfer-service");
      var own = state.ticket ? state.ticket.service : null;
      var others = state.serviceList.filter(function (service) {
        return service.code !== own;
      });
      var chosen = select.value;
      select.replaceChildren.apply(select, others.map(function (service) {
        return new Option(service.prefix + " · " + service.name, service.code);
      }));
      if (others.some(function (service) { return service.code === chosen; })) {
        select.value = chosen;
      }
      return others.length > 0;
    }

    function renderTicket() {
      var ticket = state.ticket;
      var seen = ticket || state.asking === state.counter ? null : state.seen;
      var canTransfer = renderTransfer();
      byId("current-number").textContent = ticket ? ticket.number : seen ? seen.number : "–";
      byId("current-detail").textContent = ticket
        ? serviceName(ticket.service) + " · " + statusText(ticket) + (ticket.recall_count ? " · ×" + (ticket.recall_count + 1) : "")
        : seen ? t("staff_seen_elsewhere") : t("staff_no_ticket");
      var active = ticket && (ticket.status === "called" || ticket.status === "serving");
      ["btn-recall", "btn-start", "btn-complete", "btn-no-show", "btn-transfer"].forEach(function (id) {
        byId(id).disabled = !active;
      });
      byId("btn-transfer").disabled = !active || !canTransfer;
      byId("btn-call-next").disabled = !state.counter;
    }

    function keepTicket(ticket) {
      state.changes += 1;
      state.ticket = ticket;
      state.seen = null;
      if (ticket) {
        sessionStorage.setItem(currentKey(), JSON.stringify(ticket));
      } else {
        sessionStorage.removeItem(currentKey());
      }
      renderTicket();
    }

    function renderCounter() {
      var counter = state.counter;
      byId("counter-status").textContent = counter ? t(counter.is_open ? "staff_counter_open" : "staff_counter_closed") : "";
      byId("counter-status").className = "status " + (counter && counter.is_open ? "is-open" : "is-closed");
      byId("btn-open-counter").disabled = !counter || counter.is_open;
      byId("btn-close-counter").disabled = !counter || !counter.is_open;
    }

    function cell(row, text) {
      var td = document.createElement("td");
      td.textContent = text == null ? "" : String(text);
      row.appendChild(td);
    }

    function renderQueue(queue) {
      var body = byId("queue-waiting").querySelector("tbody");
      body.textContent = "";
      var waiting = queue.waiting || [];
      var mine = state.counter ? state.counter.services : null;
      waiting.forEach(function (entry) {
        var row = document.createElement("tr");
        row.className = mine && mine.indexOf(entry.service) < 0 ? "elsewhere" : "";
        cell(row, entry.number);
        cell(row, serviceName(entry.service));
        cell(row, priorityName(entry.priority));
        cell(row, t("staff_source_" + entry.source));
        cell(row, entry.estimated_wait_minutes);
        body.appendChild(row);
      });
      byId("queue-count").textContent = "(" + waiting.length + ")";
      byId("queue-empty").hidden = waiting.length > 0;
      noteSeen(queue);
      var called = byId("queue-called");
      called.textContent = "";
      (queue.called || []).forEach(function (entry) {
        var item = document.createElement("li");
        item.textContent = entry.number + " → " + entry.counter;
        called.appendChild(item);
      });
      if (queue.occupancy) {
        byId("queue-occupancy").textContent = queue.occupancy.present + " / " + queue.occupancy.limit;
      }
      byId("queue-updated").textContent = t("staff_updated", { time: new Date().toLocaleTimeString(lang) });
    }

    // The queue lists the called tickets by counter name (newest first), by number only.
    function calledHere(queue) {
      var counter = state.counter;
      return (queue.called || []).filter(function (entry) {
        return counter && entry.counter === counter.name;
      });
    }

    function noteSeen(queue) {
      var here = calledHere(queue);
      var seen = isOpen(state.ticket) || !here[0] ? null : { number: here[0].number, status: "called" };
      if (seen) {
        askCounterTicket(); // the server gives it with its id: the console can act on it
      }
      if ((seen && seen.number) !== (state.seen && state.seen.number)) {
        state.seen = seen;
        renderTicket();
      }
      // A called ticket this console keeps that the queue no longer shows here: started,
      // finished or moved elsewhere; ask the server which.
      var ticket = state.ticket;
      if (ticket && ticket.status === "called" && !here.some(function (entry) { return entry.number === ticket.number; })) {
        checkTicket();
      }
    }

    async function refreshQueue() {
      if (!state.office) {
        return;
      }
      var answer = await api("GET", "/offices/" + encodeURIComponent(state.office) + "/queue");
      if (answer.ok) {
        renderQueue(answer.data);
      } else if (answer.status === 401) {
        sessionEnded();
      }
    }

    // The kept ticket as the server has it now: dropped when it is no longer open at this
    // counter (finished, transferred or taken elsewhere).
    async function checkTicket() {
      var ticket = state.ticket;
      if (!ticket) {
        return;
      }
      var changes = state.changes;
      var fresh = await askTicket(ticket.id);
      if (state.changes !== changes || state.ticket !== ticket || fresh === undefined) {
        return; // an action answered meanwhile (it knows better), or the server was not reached
      }
      keepTicket(isOpenHere(fresh) ? fresh : null);
      if (!state.ticket) {
        askCounterTicket(); // the counter may hold another ticket, opened elsewhere
        refreshQueue();
      }
    }

    async function loadServices() {
      var office = state.office;
      var answer = await api("GET", "/offices/" + encodeURIComponent(office) + "/services");
      if (state.office !== office) {
        return; // another office was chosen meanwhile: its own answer fills these in
      }
      state.serviceList = (answer.ok && answer.data.services) || [];
      state.services = {};
      state.serviceList.forEach(function (service) {
        state.services[service.code] = service.name;
      });
      renderTicket(); // a kept ticket's service by its name, and where it may be transferred
    }

    async function showOfficeName(slug) {
      var answer = await api("GET", "/offices/" + encodeURIComponent(slug));
      if (answer.ok && state.office === slug) {
        byId("console-office").textContent = answer.data.name;
      }
    }

    async function loadCounters() {
      var office = state.office;
      var answer = await api("GET", "/offices/" + encodeURIComponent(office) + "/counters");
      if (state.office !== office) {
        return;
      }
      if (!answer.ok) {
        fail(answer);
        return;
      }
      state.counters = answer.data.counters || [];
      var select = byId("counter-select");
      var chosen = select.value || sessionStorage.getItem(myKeys + "counter") || "";
      select.length = 1;
      state.counters.forEach(function (counter) {
        select.appendChild(new Option(counter.name, String(counter.id)));
      });
      select.value = state.counters.some(function (c) { return String(c.id) === chosen; }) ? chosen : "";
      chooseCounter();
    }

    function chooseCounter() {
      var id = byId("counter-select").value;
      state.counter = state.counters.filter(function (c) { return String(c.id) === id; })[0] || null;
      sessionStorage.setItem(myKeys + "counter", id);
      var kept = state.counter ? sessionStorage.getItem(currentKey()) : null;
      state.changes += 1;
      state.ticket = kept ? JSON.parse(kept) : null;
      state.seen = null;
      renderCounter();
      if (state.ticket) {
        checkTicket();
      } else {
        askCounterTicket();
      }
      renderTicket();
      refreshQueue();
    }

    async function chooseOffice(slug) {
      state.office = slug;
      byId("console-office").textContent = "";
      await Promise.all([loadCounters(), loadServices(), showOfficeName(slug)]);
    }

    async function loadOffices() {
      // An admin has no office of their own: let them pick one.
      var answer = await api("GET", "/offices");
      var select = byId("office-select");
      ((answer.ok && answer.data.offices) || []).forEach(function (office) {
        select.appendChild(new Option(office.name, office.slug));
      });
      byId("office-picker").hidden = false;
      if (select.value) {
        chooseOffice(select.value);
      }
    }

    // While a request is out, every action button waits (a second click is not lost silently).
    function setBusy(value) {
      busy = value;
      document.querySelectorAll(".current button, .counter-bar button").forEach(function (button) {
        button.disabled = value;
      });
      if (!value) {
        renderTicket();
        renderCounter();
      }
    }

    // Every action: one request; then the ticket, the counter and the queue are shown anew.
    async function act(method, path, body, after, refused) {
      if (busy) {
        return;
      }
      setBusy(true);
      showMessage("console-error", "");
      var answer = await api(method, path, body);
      setBusy(false);
      if (document.activeElement && document.activeElement.blur) {
        document.activeElement.blur();
      }
      if (!answer.ok) {
        if (!(refused && refused(answer))) {
          fail(answer);
        }
      } else {
        after(answer.data);
      }
      refreshQueue();
    }

    function doCallNext() {
      if (state.counter) {
        act("POST", "/counters/" + state.counter.id + "/call-next", {}, function (data) {
          keepTicket(data.ticket);
        });
      }
    }

    // The ticket still open at this counter, if any: calling the next one would leave it
    // called (or in service) here with nobody to finish it.
    function openTicket() {
      return isOpen(state.ticket) ? state.ticket : state.seen;
    }

    // Call next (the button, Space or Enter): while a ticket is open at this open counter, a
    // dialog asks first, with "Cancel" focused, so a stray or repeated key press cancels. A
    // closed counter calls nobody: its refusal is shown as it is.
    var confirmDialog = byId("confirm-call");

    function callNext() {
      if (!state.counter || busy || confirmDialog.open) {
        return;
      }
      var open = openTicket();
      if (!open || !state.counter.is_open) {
        doCallNext();
        return;
      }
      byId("confirm-call-text").textContent = t("staff_confirm_call_text", {
        number: open.number,
        state: statusText(open),
      });
      confirmDialog.showModal();
      byId("btn-confirm-cancel").focus();
    }

    byId("btn-confirm-cancel").addEventListener("click", function () {
      confirmDialog.close();
    });
    byId("btn-confirm-call").addEventListener("click", function () {
      confirmDialog.close();
      doCallNext();
    });

    // A ticket action refused because the ticket is no longer open (finished at another
    // desk, a reload after it was finished): the server says what became of it.
    function ticketRefused(ticket) {
      return function (answer) {
        var error = (answer.data && answer.data.error) || {};
        if (error.code !== "ticket_state") {
          return false;
        }
        askTicket(ticket.id).then(function (fresh) {
          // Unreachable (undefined), or the console holds another ticket by now: say the
          // refusal as it came and change nothing.
          if (fresh === undefined || !state.ticket || state.ticket.id !== ticket.id) {
            fail(answer);
            return;
          }
          if (fresh && isOpenHere(fresh)) {
            keepTicket(fresh);
            fail(answer, t("staff_ticket_refused", { number: fresh.number, state: statusText(fresh) }));
          } else {
            keepTicket(null);
            fail(answer, t("staff_ticket_gone", { number: ticket.number }));
            refreshQueue();
          }
        });
        return true;
      };
    }

    function ticketAction(action) {
      if (!state.ticket) {
        showMessage("console-error", "");
        return;
      }
      var ticket = state.ticket;
      act("POST", "/tickets/" + ticket.id + "/" + action, {}, function (data) {
        keepTicket(data.ticket);
      }, ticketRefused(ticket));
    }

    function transfer() {
      if (!state.ticket) {
        showMessage("console-error", "");
        return;
      }
      var ticket = state.ticket;
      var service = byId("transfer-service").value;
      act("POST", "/tickets/" + ticket.id + "/transfer", { service: service }, function () {
        keepTicket(null);
      }, ticketRefused(ticket));
    }

    function setOpen(open) {
      if (!state.counter) {
        return;
      }
      act("POST", "/counters/" + state.counter.id + (open ? "/open" : "/close"), {}, function (data) {
        Object.assign(state.counter, data);
        renderCounter();
      });
    }

    byId("btn-call-next").addEventListener("click", callNext);
    document.querySelectorAll("[data-action]").forEach(function (button) {
      button.addEventListener("click", function () {
        ticketAction(button.dataset.action);
      });
    });
    byId("btn-transfer").addEventListener("click", transfer);
    byId("btn-open-counter").addEventListener("click", function () { setOpen(true); });
    byId("btn-close-counter").addEventListener("click", function () { setOpen(false); });
    byId("counter-select").addEventListener("change", function () {
      chooseCounter();
      byId("counter-select").blur();
    });
    byId("office-select").addEventListener("change", function () {
      chooseOffice(byId("office-select").value);
    });

    var SHORTCUTS = { r: "recall", s: "start", c: "complete", n: "no-show" };
    document.addEventListener("keydown", function (event) {
      var tag = (event.target && event.target.tagName) || "";
      if (confirmDialog.open) {
        return; // the dialog's own buttons and Escape answer it
      }
      if (event.ctrlKey || event.altKey || event.metaKey || tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA") {
        return;
      }
      // A focused link or another button keeps its own Enter and Space (a link must open).
      var onOtherControl = (tag === "BUTTON" && event.target.id !== "btn-call-next") ||
        tag === "A" || tag === "SUMMARY" || (event.target.isContentEditable === true);
      if ((event.key === " " || event.key === "Enter") && !onOtherControl) {
        event.preventDefault();
        callNext();
      } else if (SHORTCUTS[event.key.toLowerCase()]) {
        event.preventDefault();
        ticketAction(SHORTCUTS[event.key.toLowerCase()]);
      } else if (event.key.toLowerCase() === "t") {
        event.preventDefault();
        byId("transfer-service").focus();
      }
    });

    renderTicket();
    if (state.office) {
      chooseOffice(state.office);
    } else {
      loadOffices();
    }
    window.setInterval(refreshQueue, REFRESH_MS);
  }
})();
