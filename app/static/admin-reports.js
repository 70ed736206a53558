// Report pages: daily and period figures as SVG bar charts with CSV downloads, the IKM for a
// period and the contact-trace query (each one recorded in the audit log by the server).
(function () {
  "use strict";

  var A = window.Admin;
  if (document.body.id !== "admin-reports") {
    return;
  }
  var t = A.t;
  var byId = A.byId;
  var el = A.el;
  var slug = A.slug("reports-root");
  var base = "/offices/" + encodeURIComponent(slug);
  var COUNTS = ["bookings", "check_ins", "walk_ins", "served", "no_shows", "cancellations"];
  // Charted apart from the counts: a bar of minutes beside a bar of people would share a scale.
  var MINUTES = ["average_wait_minutes", "average_service_minutes"];
  var COUNTED = COUNTS.concat(["peak_occupancy"]);
  // People read names, not codes: the office's services and the SKM elements (id/en) by code.
  var serviceNames = {};
  var elementNames = {};
  // Each form's fields by their names in the API's query (admin.js shows a 422's messages by them).
  var FIELDS = {
    daily: { date: "daily-date" },
    period: { from: "period-from", to: "period-to" },
    ikm: { from: "ikm-from", to: "ikm-to" },
    trace: { from: "trace-from", to: "trace-to" },
  };

  function serviceName(code) {
    return serviceNames[code] || code;
  }

  async function loadNames() {
    var found = await Promise.all([A.call("GET", base + "/services"), A.call("GET", "/surveys/elements")]);
    ((found[0] && found[0].services) || []).forEach(function (service) {
      serviceNames[service.code] = service.name;
    });
    ((found[1] && found[1].elements) || []).forEach(function (element) {
      elementNames[element.code] = element.name[A.lang] || element.code;
    });
  }

  function figureRows(figures, names) {
    return names.map(function (name) {
      return { label: t("admin_fig_" + name), value: figures[name] };
    });
  }

  function place(id, nodes) {
    byId(id).replaceChildren.apply(byId(id), nodes);
  }

  async function showDaily(event) {
    if (event) event.preventDefault();
    var day = byId("daily-date").value;
    var report = await A.call("GET", base + "/reports/daily" + (day ? "?date=" + day : ""), undefined, FIELDS.daily);
    if (!report) {
      return;
    }
    byId("daily-date").value = report.date;
    presetDates(report.date);
    place("daily-chart", [
      A.barChart(t("admin_daily_report") + " " + report.date, figureRows(report, COUNTED)),
      A.barChart(t("admin_fig_minutes"), figureRows(report, MINUTES)),
    ]);
    var table = byId("daily-services");
    table.tHead.replaceChildren(el("tr", {}, [el("th", { scope: "col", text: t("staff_service") })].concat(
      COUNTS.concat(MINUTES).map(function (name) { return el("th", { scope: "col", text: t("admin_fig_" + name) }); }))));
    A.fillBody(table.tBodies[0], report.services.map(function (s) {
      return A.row([serviceName(s.service)].concat(COUNTS.concat(MINUTES).map(function (name) {
        return s[name] === null ? null : A.number(s[name]);
      })));
    }));
  }

  async function showPeriod(event) {
    event.preventDefault();
    var query = "?from=" + byId("period-from").value + "&to=" + byId("period-to").value;
    var report = await A.call("GET", base + "/reports/period" + query, undefined, FIELDS.period);
    if (!report) {
      return;
    }
    var perDay = function (name) {
      return report.days.map(function (d) { return { label: d.date, value: d[name] }; });
    };
    place("period-chart", [
      A.barChart(t("admin_fig_bookings"), perDay("bookings")),
      A.barChart(t("admin_fig_served"), perDay("served")),
    ]);
    place("period-totals", [
      A.barChart(t("admin_period_report"), figureRows(report.totals, COUNTED)),
      A.barChart(t("admin_fig_minutes"), figureRows(report.totals, MINUTES)),
    ]);
  }

  // The CSV is fetched here (the session cookie goes along) and offered as a Blob download,
  // so a refusal is shown on the page instead of downloading an error.
  async function downloadCsv(path, fallbackName, fields) {
    var response = await fetch("/api/v1" + base + path, {
      headers: { "Accept-Language": A.lang },
      cache: "no-store",
      credentials: "same-origin",
    });
    if (!response.ok) {
      A.fail({ status: response.status, data: await response.json().catch(function () { return {}; }) }, fields);
      return;
    }
    var disposition = response.headers.get("Content-Disposition") || "";
    var match = /filename="([^"]+)"/.exec(disposition);
    var link = el("a", { href: URL.createObjectURL(await response.blob()), download: match ? match[1] : fallbackName });
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  async function showIkm(event) {
    event.preventDefault();
    var query = "?from=" + byId("ikm-from").value + "&to=" + byId("ikm-to").value;
    var result = await A.call("GET", base + "/reports/ikm" + query, undefined, FIELDS.ikm);
    if (!result) {
      return;
    }
    if (result.ikm === null) {
      byId("ikm-summary").textContent = t("admin_ikm_none");
      place("ikm-chart", []);
      return;
    }
    byId("ikm-summary").textContent = t("admin_ikm_summary", {
      ikm: A.number(result.ikm, 2), category: result.category, label: result.category_label ? result.category_label[A.lang] || "" : "", respondents: result.respondents,
    });
    var rows = result.elements.map(function (value, i) {
      return { label: t("admin_ikm_element", { n: i + 1 }), value: value, text: value === null ? "–" : A.number(value, 2) };
    });
    // The elements' names are too long for the chart's labels: listed beside it, in its order.
    var names = el("ol", { id: "ikm-elements" }, rows.map(function (row, i) {
      var code = result.element_codes[i] || "";
      return el("li", { text: (elementNames[code] || code) + ": " + row.text });
    }));
    place("ikm-chart", [A.barChart(t("admin_ikm"), rows, 4), names]);
  }

  function withSeconds(value) {
    return value.length === 16 ? value + ":00" : value;
  }

  async function trace(event) {
    event.preventDefault();
    var query = "?from=" + encodeURIComponent(withSeconds(byId("trace-from").value)) + "&to=" + encodeURIComponent(withSeconds(byId("trace-to").value));
    var result = await A.call("GET", base + "/contact-trace" + query, undefined, FIELDS.trace);
    if (!result) {
      return;
    }
    A.fillBody(byId("trace-table").tBodies[0], result.visits.map(function (v) {
      return A.row([v.number, serviceName(v.service), A.localDateTime(v.arrived_at), v.still_inside ? t("admin_still_inside") : A.localDateTime(v.left_at),
        v.name_masked, v.nik_masked, v.phone, String(v.party_size)]);
    }));
    byId("trace-table").hidden = result.visits.length === 0;
    byId("trace-empty").hidden = result.visits.length > 0;
  }

  // The period and IKM forms start at the office's own week (its today, from the daily report).
  function presetDates(today) {
    var last = new Date(today + "T00:00:00Z");
    var first = new Date(last.getTime() - 6 * 86400000).toISOString().slice(0, 10);
    ["period", "ikm"].forEach(function (form) {
      if (!byId(form + "-from").value) {
        byId(form + "-from").value = first;
        byId(form + "-to").value = today;
      }
    });
  }

  byId("daily-form").addEventListener("submit", showDaily);
  byId("period-form").addEventListener("submit", showPeriod);
  byId("ikm-form").addEventListener("submit", showIkm);
  byId("trace-form").addEventListener("submit", trace);
  byId("btn-daily-csv").addEventListener("click", function () {
    var day = byId("daily-date").value;
    downloadCsv("/reports/daily?format=csv" + (day ? "&date=" + day : ""), "daily.csv", FIELDS.daily);
  });
  byId("btn-period-csv").addEventListener("click", function () {
    downloadCsv("/reports/period?format=csv&from=" + byId("period-from").value + "&to=" + byId("period-to").value, "period.csv", FIELDS.period);
  });
  A.showOfficeName(slug);
  loadNames().then(function () {
    showDaily();
  });
})();
