// The supervisor dashboard for today: bookings against capacity per slot, people inside,
// waiting per service, average wait and counters open. Live through the public /display
// Socket.IO board (read-only), with a 30-second poll as the fallback.
(function () {
  "use strict";

  var A = window.Admin;
  if (document.body.id !== "admin-dashboard") {
    return;
  }
  var t = A.t;
  var byId = A.byId;
  var el = A.el;
  var slug = A.slug("dashboard-root");
  var base = "/offices/" + encodeURIComponent(slug);
  var POLL_MS = 30000;
  var pending = null;

  function showOccupancy(occupancy) {
    var present = occupancy.present || 0;
    var limit = occupancy.limit || 0;
    byId("dash-present").textContent = String(present);
    byId("dash-limit").textContent = String(limit);
    var meter = byId("dash-present-meter");
    meter.setAttribute("aria-label", present + " / " + limit);
    meter.firstElementChild.style.width = Math.min(100, limit ? (present / limit) * 100 : 0) + "%";
    meter.classList.toggle("full", limit > 0 && present >= limit);
  }

  function showQueue(queue, names) {
    var perService = {};
    queue.waiting.forEach(function (ticket) {
      perService[ticket.service] = (perService[ticket.service] || 0) + 1;
    });
    byId("dash-waiting-total").textContent = String(queue.waiting.length);
    var items = Object.keys(names).map(function (code) {
      return el("li", {}, [names[code] + ": ", el("strong", { text: String(perService[code] || 0) })]);
    });
    byId("dash-waiting").replaceChildren.apply(byId("dash-waiting"), items);
    showOccupancy(queue.occupancy || {});
  }

  function slotChart(service, slots) {
    var open = slots.filter(function (s) { return s.state !== "closed"; });
    if (!open.length) {
      return el("p", { class: "hint", text: service.name + ": " + t("admin_no_slots") });
    }
    var columns = open.map(function (s) {
      return {
        label: A.localTime(s.start),
        value: s.booked,
        max: s.capacity,
        text: t("admin_booked_of", { booked: s.booked, capacity: s.capacity }),
        className: s.booked >= s.capacity && s.capacity > 0 ? "bar full" : s.state === "past" ? "bar past" : "bar",
      };
    });
    var table = el("table", {}, [el("thead", {}, [el("tr", {}, [
      el("th", { scope: "col", text: t("admin_start") }), el("th", { scope: "col", text: t("admin_slots_today") }),
    ])]), el("tbody", {}, columns.map(function (c) { return A.row([c.label, c.text]); }))]);
    var details = el("details", {}, [el("summary", { text: t("admin_slots_table") }), table]);
    return el("div", { class: "slot-chart" }, [A.columnChart(service.name, columns), details]);
  }

  async function refresh() {
    pending = null;
    var results = await Promise.all([
      A.call("GET", base + "/reports/daily"),
      A.call("GET", base + "/queue"),
      A.call("GET", base + "/counters"),
      A.call("GET", base + "/services"),
    ]);
    var daily = results[0], queue = results[1], counters = results[2], services = results[3];
    if (!daily || !queue || !counters || !services) {
      return;
    }
    var names = {};
    services.services.forEach(function (s) { names[s.code] = s.name; });
    byId("dash-date").textContent = daily.date;
    byId("dash-avg-wait").textContent = daily.average_wait_minutes === null ? "–" : String(daily.average_wait_minutes);
    byId("dash-counters-open").textContent = String(counters.counters.filter(function (c) { return c.is_open; }).length);
    byId("dash-counters-total").textContent = String(counters.counters.length);
    showQueue(queue, names);
    var charts = await Promise.all(services.services.map(async function (service) {
      var data = await A.call("GET", base + "/slots?date=" + daily.date + "&service=" + encodeURIComponent(service.code));
      return data ? slotChart(service, data.slots) : el("p", {});
    }));
    byId("dash-slots").replaceChildren.apply(byId("dash-slots"), charts);
    byId("dash-updated").textContent = t("admin_updated_at", { time: new Date().toLocaleTimeString(A.lang === "en" ? "en-GB" : "id-ID") });
  }

  // Bursts of events (a call, an occupancy change) make one refresh.
  function soon() {
    if (!pending) {
      pending = setTimeout(refresh, 300);
    }
  }

  function connectLive() {
    if (typeof window.io !== "function") {
      byId("dash-live").textContent = t("admin_live_polling");
      return;
    }
    var socket = window.io("/display", { auth: { office: slug }, transports: ["websocket", "polling"] });
    socket.on("connect", function () { byId("dash-live").textContent = t("admin_live_on"); });
    socket.on("disconnect", function () { byId("dash-live").textContent = t("admin_live_polling"); });
    socket.on("queue_snapshot", function (snapshot) { showOccupancy(snapshot.occupancy || {}); });
    socket.on("queue_updated", soon);
    socket.on("occupancy_updated", function (occupancy) {
      showOccupancy(occupancy);
      soon();
    });
  }

  A.showOfficeName(slug);
  refresh();
  connectLive();
  setInterval(refresh, POLL_MS);
})();
