// The kiosk's visitor flows: check in with the booking's QR code, or take a walk-in number;
// the health screening; the ticket and its print view; back to the start after each visitor.
(function () {
  "use strict";
  var K = window.Kiosk;
  var IDLE_MS = 1000 * Number(document.body.dataset.idleSeconds || 20);
  var QUIET_SCREENS = ["start", "not-set-up", "loading", "working"];
  var SYMPTOMS = ["fever", "cough", "sore_throat", "shortness_of_breath", "loss_of_smell"];
  var visit = {};
  var idleTimer = 0;
  K.office = null;
  K.services = [];

  function byId(id) {
    return document.getElementById(id);
  }

  // --- Back to the start after a visitor (and after ~20 s without a touch) ---------------
  function restartIdleTimer() {
    window.clearTimeout(idleTimer);
    if (QUIET_SCREENS.indexOf(K.current) < 0) {
      idleTimer = window.setTimeout(K.reset, IDLE_MS);
    }
  }
  ["pointerdown", "keydown", "input"].forEach(function (name) {
    document.addEventListener(name, restartIdleTimer, true);
  });
  document.addEventListener("kiosk:screen", restartIdleTimer);

  K.reset = function () {
    visit = {};
    byId("health-form").reset();
    byId("assist-form").reset();
    K.show(K.device().token ? "start" : "not-set-up");
    loadOffice();
  };

  // --- The office: name, hours, services, occupancy ---------------------------------------
  var DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
  var DAY_NAMES = {
    id: { mon: "Senin", tue: "Selasa", wed: "Rabu", thu: "Kamis", fri: "Jumat", sat: "Sabtu", sun: "Minggu" },
    en: { mon: "Mon", tue: "Tue", wed: "Wed", thu: "Thu", fri: "Fri", sat: "Sat", sun: "Sun" },
  };

  function renderHours() {
    var list = byId("office-hours");
    list.textContent = "";
    if (!K.office) {
      return;
    }
    var today = DAYS[new Date().getDay()];
    ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].forEach(function (day) {
      var ranges = (K.office.weekly_hours || {})[day] || [];
      var item = document.createElement("li");
      item.className = day === today ? "today" : "";
      var text = ranges.length
        ? ranges.map(function (range) { return range[0] + "–" + range[1]; }).join(", ")
        : K.t("kiosk_closed_day");
      item.textContent = DAY_NAMES[K.lang][day] + ": " + text;
      list.appendChild(item);
    });
    var limit = K.temperatureLimit || K.office.temperature_limit_c;
    if (limit) {
      K.setKey("temperature-limit", "kiosk_temperature_limit", { limit: limit });
    }
  }

  // The kiosk's own view of its office (open or not, services, screening limit, occupancy),
  // and the public office body for the week's hours.
  async function loadOffice() {
    var slug = K.device().office;
    if (!slug) {
      return;
    }
    var status = await K.api("GET", "/kiosk/office");
    if (status.status === 401) {
      K.showError(status);
      return;
    }
    if (status.ok) {
      var data = status.data;
      K.setText("office-name", data.name);
      K.services = data.services || [];
      K.temperatureLimit = data.temperature_limit_c;
      K.showMessage("closed-banner", data.open ? "" : data.closed_message);
      if (data.occupancy) {
        K.setText("occupancy", data.occupancy.present + " / " + data.occupancy.limit);
      }
      document.dispatchEvent(new CustomEvent("kiosk:services"));
    }
    var office = await K.api("GET", "/offices/" + encodeURIComponent(slug));
    if (office.ok) {
      K.office = office.data;
      renderHours();
    }
  }

  function serviceOf(code) {
    return K.services.filter(function (s) { return s.code === code; })[0];
  }

  K.serviceName = function (code) {
    var service = serviceOf(code);
    return service ? service.name : code;
  };

  // --- Check-in: scan → the code checked → screening → ticket -----------------------------
  K.onScan = function (payload) {
    if (K.current === "working" || K.current === "not-set-up") {
      return;
    }
    if (K.current === "health") {
      noticeDuringScreening(payload);
      return;
    }
    checkIn(payload);
  };

  async function checkIn(payload) {
    visit = { kind: "checkin", qr: payload };
    // Whatever the check-in would refuse before the screening (a code that names no booking,
    // another office's booking, a cancelled one, outside the window) is refused now, before
    // anyone answers health questions. A booking checked in already has its ticket: shown again.
    K.show("working");
    var answer = await K.api("POST", "/kiosk/scan", { qr: payload });
    if (!answer.ok) {
      K.showError(answer);
    } else if (answer.data.ticket) {
      showTicket(answer.data.ticket);
    } else {
      visit.service = answer.data.service;
      openHealth();
    }
  }

  // A scan while a visitor answers the health questions never replaces them. The same code
  // again is told it was read. Another code hears that a screening is under way, with a button
  // to cancel it and go on with the new code: whoever scanned is standing at the kiosk now,
  // and a visitor who walked away mid-screening must not block the next one.
  var scanWaiting = null;

  function noticeDuringScreening(payload) {
    var same = visit.kind === "checkin" && visit.qr === payload;
    scanWaiting = same ? null : payload;
    K.setKey("scan-notice-text", same ? "kiosk_scan_same" : "kiosk_scan_busy");
    byId("btn-scan-replace").hidden = same;
    byId("scan-notice").hidden = false;
  }

  function clearScanNotice() {
    scanWaiting = null;
    byId("scan-notice").hidden = true;
  }
  document.addEventListener("kiosk:screen", clearScanNotice);

  byId("btn-scan-replace").addEventListener("click", function () {
    var payload = scanWaiting;
    clearScanNotice();
    if (payload) {
      checkIn(payload);
    }
  });

  function openHealth() {
    byId("health-form").reset();
    K.showKey("health-error", "");
    K.show("health");
    byId("temperature").focus();
  }

  function readHealth() {
    var health = { symptoms: [] };
    var typed = byId("temperature").value.trim().replace(",", ".");
    if (typed) {
      var value = Number(typed);
      if (!(value >= 34 && value <= 43)) {
        return { error: "kiosk_temperature_invalid" };
      }
      health.temperature_c = value;
    }
    for (var i = 0; i < SYMPTOMS.length; i += 1) {
      var answer = document.querySelector('input[name="symptom-' + SYMPTOMS[i] + '"]:checked');
      if (!answer) {
        return { error: "kiosk_answer_all" };
      }
      if (answer.value === "yes") {
        health.symptoms.push(SYMPTOMS[i]);
      }
    }
    return { health: health };
  }

  byId("health-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var read = readHealth();
    if (read.error) {
      K.showKey("health-error", read.error);
      return;
    }
    if (visit.kind === "walk_in") {
      send("/kiosk/walk-in", {
        service: visit.service,
        companions: visit.companions,
        priority: visit.priority,
        health: read.health,
      });
    } else if (visit.kind === "checkin") {
      send("/kiosk/checkin", { qr: visit.qr, health: read.health });
    }
  });

  async function send(path, body) {
    K.show("working");
    var answer = await K.api("POST", path, body);
    if (answer.ok && answer.data.ticket) {
      showTicket(answer.data.ticket);
    } else {
      K.showError(answer);
    }
  }

  // A booking scanned again after its visit gets no number to queue with, but is told why.
  var FINISHED = { done: "kiosk_ticket_done", no_show: "kiosk_ticket_missed" };

  function showTicket(ticket) {
    if (FINISHED[ticket.status]) {
      var key = FINISHED[ticket.status];
      showRefusal({ code: "ticket_" + ticket.status, key: key, params: { number: ticket.number } });
      return;
    }
    visit.ticket = ticket;
    K.setText("ticket-number", ticket.number);
    K.setText("ticket-service", K.serviceName(ticket.service));
    K.setText("ticket-position", ticket.position == null ? "–" : ticket.position);
    if (ticket.estimated_wait_minutes == null) {
      K.setText("ticket-wait", "–");
    } else {
      K.setKey("ticket-wait", "kiosk_minutes", { n: ticket.estimated_wait_minutes });
    }
    K.show("ticket");
    printOnDevice(ticket);
  }

  // An ESC/POS printer behind the server, when there is one; the ticket never waits for it.
  function printOnDevice(ticket) {
    K.api("POST", "/kiosk/print", {
      number: ticket.number,
      service: K.serviceName(ticket.service),
      position: ticket.position,
      estimated_wait_minutes: ticket.estimated_wait_minutes,
    });
  }

  // --- Refusals, in the kiosk's language, also after switching it -------------------------
  // A refusal is {code, key, params} when the page has its text (the kiosk's own, or a server
  // refusal's text with nothing filled in by the server): switching language says it again
  // from the key. Otherwise it is {code, message, retell} with the server's words (a check-in
  // window's times, the next opening): `retell` asks again, read-only, for the same refusal in
  // the new language. Nothing is sent again that could change anything.
  var shownRefusal = null;

  K.showError = function (answer) {
    if (answer.status === 401) {
      K.setKey("not-set-up-reason", "kiosk_revoked");
      K.show("not-set-up");
      return;
    }
    showRefusal(refusalOf(answer));
  };

  function refusalOf(answer) {
    var error = K.errorOf(answer);
    if (!(answer.data && answer.data.error && answer.data.error.message)) {
      return { code: error.code, key: "kiosk_network_error" };
    }
    if (error.code === "health_screening_failed") {
      return healthRefusal(error);
    }
    if (K.hasText(error.code) && K.t(error.code).indexOf("{") < 0) {
      return { code: error.code, key: error.code };
    }
    return { code: error.code, message: error.message, retell: retellerOf(error.code) };
  }

  // The screening's refusal names the office's limit (shown on the health screen) and the
  // service's online route (the scan's or the walk-in's service): both are known here.
  function healthRefusal(error) {
    var service = serviceOf(visit.service);
    if (!service || K.temperatureLimit == null) {
      return { code: error.code, message: error.message };
    }
    var online = service.online_url ? " (" + service.online_url + ")" : "";
    return {
      code: error.code,
      key: visit.kind === "walk_in" ? "health_screening_failed_walk_in" : "health_screening_failed",
      params: { limit: K.temperatureLimit, online: online },
    };
  }

  function retellerOf(code) {
    if (visit.kind === "checkin") {
      return scanRefusalAgain(visit.qr, code);
    }
    if (code === "office_closed") {
      return closedAgain;
    }
    if (code === "office_full") {
      return roomRefusalAgain(1 + (visit.companions || 0));
    }
    return null;
  }

  // Check-in's refusals before the screening are what the read-only scan answers.
  function scanRefusalAgain(qr, code) {
    return async function () {
      var answer = await K.api("POST", "/kiosk/scan", { qr: qr });
      var refusal = answer.ok ? null : refusalOf(answer);
      return refusal && refusal.code === code ? refusal : null;
    };
  }

  async function closedAgain() {
    var answer = await K.api("GET", "/kiosk/office");
    return answer.ok && !answer.data.open ? closedRefusal(answer.data.closed_message) : null;
  }

  function closedRefusal(message) {
    return { code: "office_closed", message: message, retell: closedAgain };
  }

  // The room as it is now (the server's estimate of the wait is not asked again).
  function roomRefusalAgain(party) {
    return async function () {
      var answer = await K.api("GET", "/kiosk/office");
      return answer.ok && answer.data.occupancy ? roomRefusal(answer.data.occupancy, party) : null;
    };
  }

  var REFUSAL_TITLES = {
    ticket_done: "kiosk_ticket_finished_title",
    ticket_no_show: "kiosk_ticket_finished_title",
    office_full: "kiosk_office_full_title",
    party_does_not_fit: "kiosk_party_does_not_fit_title",
  };

  function showRefusal(refusal) {
    renderRefusal(refusal);
    K.show("error");
  }

  function renderRefusal(refusal) {
    shownRefusal = refusal;
    var full = refusal.code === "office_full" || refusal.code === "party_does_not_fit";
    K.setKey("error-title", REFUSAL_TITLES[refusal.code] || "kiosk_error_title");
    if (refusal.key) {
      K.setKey("error-message", refusal.key, refusal.params);
    } else {
      K.setText("error-message", refusal.message);
    }
    K.showKey("error-advice", full ? "kiosk_wait_outside" : "");
    byId("screen-error").dataset.code = refusal.code;
  }

  // Keyed texts follow the language by themselves (K.applyTexts); the server's words are
  // asked again, and kept as they were when the answer is no longer the same refusal.
  async function retellRefusal() {
    var refusal = shownRefusal;
    if (K.current !== "error" || !refusal || !refusal.retell) {
      return;
    }
    var lang = K.lang;
    var again = await refusal.retell();
    if (again && refusal === shownRefusal && lang === K.lang && K.current === "error") {
      renderRefusal(again);
    }
  }
  document.addEventListener("kiosk:language", retellRefusal);

  // --- Walk-in: service, party, priority → screening → ticket -----------------------------
  function renderWalkInServices() {
    var box = byId("walk-in-services");
    box.textContent = "";
    K.services.forEach(function (service) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "service-choice";
      button.dataset.service = service.code;
      button.setAttribute("role", "radio");
      button.setAttribute("aria-checked", String(visit.service === service.code));
      button.textContent = service.prefix + " · " + service.name;
      box.appendChild(button);
    });
  }
  document.addEventListener("kiosk:services", renderWalkInServices);

  byId("walk-in-services").addEventListener("click", function (event) {
    var button = event.target.closest("[data-service]");
    if (button) {
      visit.service = button.dataset.service;
      renderWalkInServices();
    }
  });

  // Before the walk-in's questions: the office's state now. True when it refused the party
  // (closed, the room full, or no room for a party this size); the server checks again when
  // the walk-in is sent, as the room may fill meanwhile.
  async function refusedBeforeTheQuestions(party) {
    K.show("working");
    var status = await K.api("GET", "/kiosk/office");
    if (!status.ok) {
      K.showError(status);
      return true;
    }
    if (!status.data.open) {
      showRefusal(closedRefusal(status.data.closed_message)); // the server's own words
      return true;
    }
    var refusal = status.data.occupancy ? roomRefusal(status.data.occupancy, party) : null;
    if (refusal) {
      showRefusal(refusal);
    }
    return Boolean(refusal);
  }

  // No place for the party in the room: the room is full, or the party does not fit.
  function roomRefusal(room, party) {
    if (room.present + party <= room.limit) {
      return null;
    }
    if (room.present >= room.limit) {
      var numbers = { present: room.present, limit: room.limit };
      return { code: "office_full", key: "kiosk_office_full_now", params: numbers };
    }
    var fit = {
      party: party,
      free: room.limit - room.present,
      present: room.present,
      limit: room.limit,
    };
    return { code: "party_does_not_fit", key: "kiosk_party_does_not_fit", params: fit };
  }

  byId("btn-walk-in").addEventListener("click", async function () {
    // The party's size is not chosen yet: refused here only when there is no place for one.
    if (await refusedBeforeTheQuestions(1)) {
      return;
    }
    visit = { kind: "walk_in" };
    byId("walk-in-companions").value = "0";
    byId("walk-in-priority").value = "none";
    K.showMessage("walk-in-error", "");
    renderWalkInServices();
    K.show("walk-in");
  });

  byId("btn-walk-in-continue").addEventListener("click", async function () {
    if (!visit.service) {
      K.showKey("walk-in-error", "kiosk_choose_service");
      return;
    }
    visit.companions = Number(byId("walk-in-companions").value);
    visit.priority = byId("walk-in-priority").value;
    if (!(await refusedBeforeTheQuestions(1 + visit.companions))) {
      openHealth();
    }
  });

  // --- Printing: the browser's print view, sized for 58/80 mm thermal paper ---------------
  function printSheet(lines) {
    var area = byId("print-area");
    area.textContent = "";
    lines.forEach(function (line) {
      var row = document.createElement("div");
      row.className = line[0];
      if (line[0] === "qr") {
        var image = document.createElement("img");
        image.src = line[1];
        image.alt = "QR";
        row.appendChild(image);
      } else {
        row.textContent = line[1];
      }
      area.appendChild(row);
    });
    document.body.classList.toggle("paper-58", K.device().paper === "58");
    window.print();
  }
  K.printSheet = printSheet;

  byId("btn-print").addEventListener("click", function () {
    var ticket = visit.ticket;
    if (!ticket) {
      return;
    }
    printSheet([
      ["office", K.office ? K.office.name : ""],
      ["label", K.t("kiosk_ticket_title")],
      ["number", ticket.number],
      ["line", K.t("kiosk_service") + ": " + K.serviceName(ticket.service)],
      ["line", K.t("kiosk_position") + ": " + (ticket.position == null ? "–" : ticket.position)],
      ["line", K.t("kiosk_wait") + ": " + K.t("kiosk_minutes", { n: ticket.estimated_wait_minutes })],
      ["small", new Date().toLocaleString(K.lang === "id" ? "id-ID" : "en-GB")],
    ]);
  });

  // --- Wiring ----------------------------------------------------------------------------
  document.querySelectorAll(".js-reset").forEach(function (button) {
    button.addEventListener("click", K.reset);
  });
  byId("btn-camera").addEventListener("click", K.startCamera);
  byId("btn-assist").addEventListener("click", function () {
    K.openAssist();
  });
  byId("btn-lang").addEventListener("click", K.toggleLanguage);
  document.addEventListener("kiosk:language", function () {
    renderHours();
    if (K.current === "start") {
      loadOffice(); // the closed banner is in the server's words: asked again
    }
  });

  function tick() {
    var now = new Date();
    K.setText("clock", String(now.getHours()).padStart(2, "0") + ":" + String(now.getMinutes()).padStart(2, "0"));
  }
  window.setInterval(tick, 10000);
  tick();

  K.applyTexts();
  K.reset();
})();
