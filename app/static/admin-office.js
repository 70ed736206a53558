// The office page: health protocol with a live capacity explanation, weekly hours, closures and
// holidays, services, counters, devices and staff — all through the JSON API.
(function () {
  "use strict";

  var A = window.Admin;
  if (document.body.id !== "admin-office") {
    return;
  }
  var t = A.t;
  var byId = A.byId;
  var el = A.el;
  var slug = A.slug("office-root");
  var base = "/offices/" + encodeURIComponent(slug);
  var DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
  var state = { office: null, levels: {}, serviceNames: {} };
  // Each form's fields by their names in the API (admin.js shows a 422's messages by them).
  var FIELDS = {
    protocol: { waiting_room_m2: "p-area", distancing_m: "p-distancing", seats: "p-seats", capacity_pct: "p-pct", walk_in_share: "p-share", level: "p-level" },
    hours: {},
    closure: { date: "closure-date", reason: "closure-reason" },
    service: {
      code: "s-code", name: "s-name", prefix: "s-prefix", avg_service_minutes: "s-avg", online_url: "s-online", requirements: "s-requirements",
      "standard.procedure": "s-procedure", "standard.completion_time": "s-time", "standard.fee": "s-fee", "standard.complaints": "s-complaints",
    },
    counter: { name: "c-name", services: "c-services" },
    device: { kind: "d-kind", name: "d-name" },
    staff: { username: "u-username", password: "u-password", role: "u-role" },
  };
  DAYS.forEach(function (day) { FIELDS.hours["weekly_hours." + day] = "hours-" + day; });

  // --- Exact arithmetic, as scheduling/capacity.py does it (fractions of decimals as typed) --
  function exact(text) {
    var match = /^\s*(\d+)(?:[.,](\d+))?\s*$/.exec(String(text));
    if (!match) {
      return null;
    }
    var decimals = match[2] || "";
    return { n: BigInt(match[1] + decimals), d: 10n ** BigInt(decimals.length) };
  }
  function mul(a, b) { return { n: a.n * b.n, d: a.d * b.d }; }
  function div(a, b) { return { n: a.n * b.d, d: a.d * b.n }; }
  function sub(a, b) { return { n: a.n * b.d - b.n * a.d, d: a.d * b.d }; }
  function less(a, b) { return a.n * b.d < b.n * a.d; }
  function floor(a) { return a.n / a.d; }
  function whole(n) { return { n: BigInt(n), d: 1n }; }
  function shown(a) { return a.n % a.d === 0n ? String(a.n / a.d) : (Number(a.n) / Number(a.d)).toFixed(2); }

  // The capacity model: ⌊min(seats, area ÷ d²) × pct ÷ 100⌋ and ⌊max × (1 − share)⌋.
  function capacity(values) {
    var area = exact(values.area), d = exact(values.distancing), seats = exact(values.seats);
    var pct = exact(values.pct), share = exact(values.share);
    if (!area || !d || !seats || !pct || !share || d.n === 0n || seats.d !== 1n) {
      return null;
    }
    if (less(whole(100), pct) || less(whole(1), share)) {
      return null;
    }
    var byArea = div(area, mul(d, d));
    var room = less(seats, byArea) || seats.n * byArea.d === byArea.n ? seats : byArea;
    var max = floor(div(mul(room, pct), whole(100)));
    var slot = floor(mul(whole(max), sub(whole(1), share)));
    return { byArea: shown(byArea), room: room === seats ? String(seats.n) : shown(byArea), max: Number(max), slot: Number(slot) };
  }

  function formValues() {
    return {
      area: byId("p-area").value, distancing: byId("p-distancing").value, seats: byId("p-seats").value,
      pct: byId("p-pct").value, share: byId("p-share").value,
    };
  }

  function explain() {
    var v = formValues();
    var c = capacity(v);
    if (!c) {
      byId("capacity-explanation").textContent = t("admin_explain_invalid");
      byId("live-max-occupancy").textContent = "–";
      byId("live-slot-capacity").textContent = "–";
      return;
    }
    byId("capacity-explanation").textContent = [
      t("admin_explain_area", { area: v.area, d: v.distancing, by_area: c.byArea, seats: v.seats, room: c.room }),
      t("admin_explain_pct", { room: c.room, pct: v.pct, max: c.max }),
      t("admin_explain_share", { max: c.max, share: v.share, slot: c.slot, walk: c.max - c.slot }),
    ].join(" ");
    byId("live-max-occupancy").textContent = String(c.max);
    byId("live-slot-capacity").textContent = String(c.slot);
  }

  function showServerFigures(office) {
    byId("server-max-occupancy").textContent = String(office.max_occupancy);
    byId("server-slot-capacity").textContent = String(office.slot_capacity);
    byId("server-explanation").textContent = (office.capacity || {}).explanation || "";
  }

  function fillProtocol(office) {
    byId("p-area").value = office.waiting_room_m2;
    byId("p-distancing").value = office.distancing_m;
    byId("p-seats").value = office.seats;
    byId("p-pct").value = office.capacity_pct;
    byId("p-share").value = office.walk_in_share;
    byId("p-level").value = office.level || "";
    explain();
    showServerFigures(office);
  }

  async function loadLevels() {
    var data = await A.call("GET", "/protocol-levels");
    var select = byId("p-level");
    ((data && data.levels) || []).forEach(function (level) {
      state.levels[level.name] = level.capacity_pct;
      select.appendChild(el("option", { value: level.name, text: level.name + " (" + level.capacity_pct + " %)" }));
    });
    if (state.office) {
      select.value = state.office.level || "";
    }
  }

  // An empty field is null, which the API refuses for its field (Number("") would be 0).
  function number(text) {
    return String(text).trim() === "" ? null : Number(text);
  }

  function changed(name, value) {
    return String(state.office[name]) !== String(value);
  }

  // What the page can check before sending anything, as the API checks it (the same
  // messages): a refused value is named next to its field and nothing is sent.
  function protocolProblems(v) {
    var problems = {};
    var checks = [
      ["waiting_room_m2", v.area, 0, null], ["distancing_m", v.distancing, 0, null],
      ["seats", v.seats, 0, 100000], ["capacity_pct", v.pct, 0, 100], ["walk_in_share", v.share, 0, 1],
    ];
    checks.forEach(function (check) {
      var name = check[0], value = number(check[1]), low = check[2], high = check[3];
      if (value === null) {
        problems[name] = t("admin_field_required");
      } else if (!isFinite(value)) {
        problems[name] = t("admin_number_invalid");
      } else if (high === null && value <= low) {
        problems[name] = t("admin_number_positive");
      } else if (high !== null && (value < low || value > high)) {
        problems[name] = t("admin_number_range", { low: low, high: high });
      } else if (name === "seats" && Math.floor(value) !== value) {
        problems[name] = t("admin_whole_number");
      }
    });
    return problems;
  }

  function labelsOf(names) {
    return names.map(function (name) {
      var label = document.querySelector('label[for="' + FIELDS.protocol[name] + '"]');
      return label ? label.textContent.trim() : name;
    }).join(", ");
  }

  // The room's settings go by PATCH and the protocol by PUT (which answers what it did to the
  // bookings): two requests. Everything is checked first; if the second is refused after the
  // first was saved, the page says which values were saved and which were not.
  async function saveProtocol(event) {
    event.preventDefault();
    var v = formValues();
    var problems = protocolProblems(v);
    if (Object.keys(problems).length) {
      A.fail({ status: 422, ok: false, data: { error: { code: "validation", message: t("admin_protocol_not_sent"), fields: problems } } }, FIELDS.protocol);
      return;
    }
    var before = { max_occupancy: state.office.max_occupancy, slot_capacity: state.office.slot_capacity };
    byId("btn-save-protocol").disabled = true;
    var settings = {};
    if (changed("waiting_room_m2", v.area)) settings.waiting_room_m2 = number(v.area);
    if (changed("seats", v.seats)) settings.seats = number(v.seats);
    if (changed("walk_in_share", v.share)) settings.walk_in_share = number(v.share);
    var saved = Object.keys(settings);
    var patched = saved.length === 0 || (await A.call("PATCH", base, settings, FIELDS.protocol));
    if (!patched) {
      byId("btn-save-protocol").disabled = false;
      return;
    }
    if (saved.length) {
      state.office = patched; // a second try sends only what is not saved yet
      showServerFigures(patched);
    }
    var body = { distancing_m: number(v.distancing), capacity_pct: number(v.pct) };
    var level = byId("p-level").value;
    if ((state.office.level || "") !== level) {
      body.level = level || null;
    }
    // Through A.call, as the PATCH: the form's earlier errors go when it is sent.
    var outcome = await A.call("PUT", base + "/protocol", body, FIELDS.protocol);
    byId("btn-save-protocol").disabled = false;
    if (!outcome) {
      if (saved.length) {
        Staff.showMessage("page-error", t("admin_protocol_partly_saved", {
          saved: labelsOf(saved), unsaved: labelsOf(Object.keys(body)),
        }) + " " + byId("page-error").textContent);
      }
      return;
    }
    showOutcome(before, outcome);
    await loadOffice(["protocol"]);
  }

  function showOutcome(before, answer) {
    byId("protocol-result").hidden = false;
    byId("protocol-before-after").textContent = t("admin_before_after", {
      bmax: before.max_occupancy, bslot: before.slot_capacity,
      amax: answer.after.max_occupancy, aslot: answer.after.slot_capacity,
    });
    var rows = answer.bookings.map(function (b) {
      return A.row([b.code, t("admin_outcome_" + b.outcome), A.localDateTime(b.start)]);
    });
    A.fillBody(byId("protocol-bookings").tBodies[0], rows);
    byId("protocol-bookings").hidden = rows.length === 0;
    byId("protocol-no-bookings").hidden = rows.length > 0;
  }

  // --- Weekly hours -----------------------------------------------------------------------
  var TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

  function parseRanges(text) {
    var parts = text.split(",").map(function (p) { return p.trim(); }).filter(Boolean);
    var ranges = parts.map(function (part) {
      var ends = part.split(/\s*[-–]\s*/);
      return ends.length === 2 && TIME.test(ends[0]) && TIME.test(ends[1]) && ends[0] < ends[1] ? ends : null;
    });
    if (ranges.indexOf(null) !== -1) {
      return null;
    }
    for (var i = 1; i < ranges.length; i++) {
      if (ranges[i][0] < ranges[i - 1][1]) {
        return null; // in order and not overlapping, as the API wants them
      }
    }
    return ranges;
  }

  function breaksOf(ranges) {
    if (!ranges.length) {
      return t("admin_closed_day");
    }
    var gaps = [];
    for (var i = 1; i < ranges.length; i++) {
      gaps.push(ranges[i - 1][1] + "–" + ranges[i][0]);
    }
    return gaps.length ? gaps.join(", ") : t("admin_no_breaks");
  }

  function fillHours(weekly) {
    DAYS.forEach(function (day) {
      var ranges = weekly[day] || [];
      byId("hours-" + day).value = ranges.map(function (r) { return r[0] + "-" + r[1]; }).join(", ");
      byId("breaks-" + day).textContent = breaksOf(ranges);
    });
  }

  async function saveHours(event) {
    event.preventDefault();
    var weekly = {};
    for (var i = 0; i < DAYS.length; i++) {
      var ranges = parseRanges(byId("hours-" + DAYS[i]).value);
      if (!ranges) {
        var message = t("admin_hours_invalid", { day: t("admin_day_" + DAYS[i]) });
        var fields = {};
        fields["weekly_hours." + DAYS[i]] = message;
        A.fail({ status: 422, data: { error: { message: message, fields: fields } } }, FIELDS.hours);
        return;
      }
      weekly[DAYS[i]] = ranges;
    }
    var office = await A.call("PATCH", base, { weekly_hours: weekly }, FIELDS.hours);
    if (office) {
      byId("hours-status").textContent = t("admin_saved");
      state.office = office;
      fillHours(office.weekly_hours);
    }
  }

  // --- Closures and holidays ----------------------------------------------------------------
  function fillClosures(closures) {
    var items = closures.map(function (c) {
      return el("li", {}, [el("time", { datetime: c.date, text: c.date }), c.reason ? " — " + c.reason : ""]);
    });
    if (!items.length) {
      items = [el("li", { class: "hint", text: t("admin_no_closures") })];
    }
    byId("closure-list").replaceChildren.apply(byId("closure-list"), items);
  }

  async function loadHolidays() {
    var response = await fetch("/staff/admin/" + encodeURIComponent(slug) + "/holidays.json", { cache: "no-store" });
    if (!response.ok) {
      return;
    }
    var data = await response.json();
    byId("holidays-observed").textContent = t(data.observed ? "admin_holidays_observed" : "admin_holidays_ignored");
    var items = data.holidays.map(function (h) {
      return el("li", {}, [el("time", { datetime: h.date, text: h.date }), " — " + h.name]);
    });
    if (!items.length) {
      items = [el("li", { class: "hint", text: t("admin_no_holidays") })];
    }
    byId("holiday-list").replaceChildren.apply(byId("holiday-list"), items);
  }

  async function addClosure(event) {
    event.preventDefault();
    var done = await A.call("POST", base + "/closures", { date: byId("closure-date").value, reason: byId("closure-reason").value.trim() }, FIELDS.closure);
    if (done) {
      event.target.reset();
      await loadOffice(["closures"]);
    }
  }

  // --- Services -----------------------------------------------------------------------------
  function standardText(s) {
    var st = s.standard || {};
    var parts = [st.completion_time, st.fee].filter(Boolean);
    if ((s.requirements || []).length) {
      parts.unshift(s.requirements.join("; "));
    }
    return parts.join(" · ") || t("admin_none");
  }

  function fillServices(services) {
    state.serviceNames = {};
    services.forEach(function (s) { state.serviceNames[s.code] = s.name; });
    A.fillBody(byId("service-table").tBodies[0], services.map(function (s) {
      var online = s.online_url ? el("a", { href: s.online_url, rel: "noopener", text: s.online_url }) : t("admin_none");
      return A.row([s.code, s.name, s.prefix, String(s.avg_service_minutes), standardText(s), online]);
    }));
    var box = byId("c-services");
    box.querySelectorAll("label").forEach(function (label) { label.remove(); });
    services.forEach(function (s) {
      var id = "c-service-" + s.code;
      box.appendChild(el("label", { for: id, class: "check" }, [el("input", { type: "checkbox", id: id, value: s.code }), " " + s.name]));
    });
  }

  async function addService(event) {
    event.preventDefault();
    var optional = function (id) { return byId(id).value.trim() || undefined; };
    var body = {
      code: byId("s-code").value.trim(), name: byId("s-name").value.trim(), prefix: byId("s-prefix").value.trim(),
      avg_service_minutes: Number(byId("s-avg").value), online_url: optional("s-online"),
      requirements: byId("s-requirements").value.split("\n").map(function (r) { return r.trim(); }).filter(Boolean),
      standard: { procedure: optional("s-procedure"), completion_time: optional("s-time"), fee: optional("s-fee"), complaints: optional("s-complaints") },
    };
    if (await A.call("POST", base + "/services", body, FIELDS.service)) {
      event.target.reset();
      await loadOffice(["services"]);
    }
  }

  // --- Counters -----------------------------------------------------------------------------
  async function loadCounters() {
    var data = await A.call("GET", base + "/counters");
    if (!data) {
      return;
    }
    A.fillBody(byId("counter-table").tBodies[0], data.counters.map(function (c) {
      var button = el("button", { type: "button", class: "secondary", "data-counter": String(c.id), "data-open": c.is_open ? "0" : "1" },
        [t(c.is_open ? "staff_close_counter" : "staff_open_counter")]);
      var status = el("span", { class: "status " + (c.is_open ? "is-open" : "is-closed"), text: t(c.is_open ? "staff_counter_open" : "staff_counter_closed") });
      var services = c.services.map(function (code) { return state.serviceNames[code] || code; });
      return A.row([c.name, services.join(", "), status, button]);
    }));
  }

  async function toggleCounter(event) {
    var button = event.target.closest("button[data-counter]");
    if (button) {
      var action = button.dataset.open === "1" ? "/open" : "/close";
      if (await A.call("POST", "/counters/" + button.dataset.counter + action, {})) {
        await loadCounters();
      }
    }
  }

  async function addCounter(event) {
    event.preventDefault();
    var services = Array.prototype.map.call(byId("c-services").querySelectorAll("input:checked"), function (box) { return box.value; });
    if (await A.call("POST", base + "/counters", { name: byId("c-name").value.trim(), services: services }, FIELDS.counter)) {
      event.target.reset();
      await loadCounters();
    }
  }

  // --- Devices ------------------------------------------------------------------------------
  async function loadDevices() {
    var data = await A.call("GET", base + "/devices");
    if (!data) {
      return;
    }
    A.fillBody(byId("device-table").tBodies[0], data.devices.map(function (d) {
      var label = d.revoked ? "admin_revoked" : d.online ? "admin_online_now" : "admin_offline";
      var status = el("span", { class: "status " + (d.online && !d.revoked ? "is-open" : "is-closed"), text: t(label) });
      var action = d.revoked ? "" : el("button", { type: "button", class: "warn", "data-device": String(d.id), "data-name": d.name }, [t("admin_revoke")]);
      return A.row([d.name, t("admin_kind_" + d.kind), status, d.last_seen_at ? A.localDateTime(d.last_seen_at) : t("admin_never"), action]);
    }));
  }

  async function revokeDevice(event) {
    var button = event.target.closest("button[data-device]");
    if (button && window.confirm(t("admin_revoke_confirm", { name: button.dataset.name }))) {
      if (await A.call("DELETE", "/devices/" + button.dataset.device)) {
        await loadDevices();
      }
    }
  }

  async function addDevice(event) {
    event.preventDefault();
    var kind = byId("d-kind").value;
    var device = await A.call("POST", base + "/devices", { kind: kind, name: byId("d-name").value.trim() }, FIELDS.device);
    if (!device) {
      return;
    }
    var url = window.location.origin + "/" + kind + "/setup?token=" + encodeURIComponent(device.token);
    byId("device-token").textContent = device.token;
    byId("device-setup-url").textContent = url;
    byId("device-setup-url").href = url;
    byId("device-token-box").hidden = false;
    event.target.reset();
    await loadDevices();
  }

  // --- Staff --------------------------------------------------------------------------------
  async function addStaff(event) {
    event.preventDefault();
    var body = { username: byId("u-username").value.trim(), password: byId("u-password").value, role: byId("u-role").value, office: slug };
    var account = await A.call("POST", "/staff", body, FIELDS.staff);
    if (account) {
      event.target.reset();
      byId("staff-status").textContent = t("admin_staff_added", { username: account.username });
    }
  }

  // --- Loading ------------------------------------------------------------------------------
  // The forms filled from the office as the server has it.
  var REFILL = {
    protocol: function (office) { fillProtocol(office); },
    hours: function (office) { fillHours(office.weekly_hours); },
    closures: function (office) { fillClosures(office.closures || []); },
    services: function (office) { fillServices(office.services || []); },
  };

  // The office read again; `parts` names the forms to refill (every one on the first load).
  // After one form is saved only its own part is refilled: what someone is typing in another
  // form meanwhile is left alone.
  async function loadOffice(parts) {
    var office = await A.call("GET", base);
    if (!office) {
      return;
    }
    state.office = office;
    byId("office-name").textContent = office.name;
    (parts || Object.keys(REFILL)).forEach(function (part) {
      REFILL[part](office);
    });
  }

  if (A.role() !== "admin") {
    byId("u-role").querySelectorAll("[data-admin-only]").forEach(function (option) { option.remove(); });
  }
  ["p-area", "p-distancing", "p-seats", "p-pct", "p-share"].forEach(function (id) {
    byId(id).addEventListener("input", explain);
  });
  byId("p-level").addEventListener("change", function () {
    var pct = state.levels[byId("p-level").value];
    if (pct !== undefined) {
      byId("p-pct").value = pct;
    }
    explain();
  });
  byId("protocol-form").addEventListener("submit", saveProtocol);
  byId("hours-form").addEventListener("submit", saveHours);
  byId("closure-form").addEventListener("submit", addClosure);
  byId("service-form").addEventListener("submit", addService);
  byId("counter-form").addEventListener("submit", addCounter);
  byId("counter-table").addEventListener("click", toggleCounter);
  byId("device-form").addEventListener("submit", addDevice);
  byId("device-table").addEventListener("click", revokeDevice);
  byId("staff-form").addEventListener("submit", addStaff);

  loadOffice().then(function () {
    loadLevels();
    loadCounters();
    loadDevices();
    loadHolidays();
  });
})();
