// Administration pages: shared helpers (on top of staff.js's sign-in and API client) and the
// office list. The bearer token comes from the staff sign-in (sessionStorage), never a cookie.
(function () {
  "use strict";

  var Staff = window.Staff;
  var t = Staff.t;
  var byId = Staff.byId;
  var lang = document.documentElement.lang === "en" ? "en" : "id";

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") {
        node.textContent = attrs[name];
      } else {
        node.setAttribute(name, attrs[name]);
      }
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function fillBody(tbody, rows) {
    tbody.replaceChildren.apply(tbody, rows);
  }

  function row(cells) {
    return el("tr", {}, cells.map(function (cell) {
      return el("td", {}, [cell === null || cell === undefined ? "–" : cell]);
    }));
  }

  function pageUrl(path) {
    return path + "?lang=" + lang;
  }

  function role() {
    return sessionStorage.getItem(Staff.KEYS.role) || "";
  }

  // Answers true when the page may go on; otherwise it has gone to the sign-in page.
  function guard() {
    if (!sessionStorage.getItem(Staff.KEYS.token)) {
      window.location.replace("/staff/login");
      return false;
    }
    var signOut = byId("btn-sign-out");
    if (signOut) {
      signOut.addEventListener("click", function () {
        Staff.signOut(false);
      });
    }
    if (role() === "officer") {
      fail({ status: 403, data: { error: { message: t("admin_not_allowed") } } });
      return false;
    }
    return true;
  }

  function fail(answer) {
    if (answer.status === 401) {
      Staff.signOut(true);
      return;
    }
    Staff.showMessage("page-error", Staff.errorMessage(answer));
  }

  // Calls the API; shows the error and answers null when it fails.
  async function call(method, path, body) {
    var answer = await Staff.api(method, path, body);
    if (!answer.ok) {
      fail(answer);
      return null;
    }
    Staff.showMessage("page-error", "");
    return answer.data;
  }

  function localTime(iso) {
    return iso ? iso.slice(11, 16) : "–";
  }

  function localDateTime(iso) {
    return iso ? iso.slice(0, 10) + " " + iso.slice(11, 16) : "–";
  }

  // A horizontal bar chart in plain SVG: rows of {label, value}; the max sets the scale.
  function barChart(title, rows, max) {
    var ns = "http://www.w3.org/2000/svg";
    var height = rows.length * 28 + 8;
    var top = Math.max(max || 0, 1);
    rows.forEach(function (r) {
      top = Math.max(top, r.value || 0);
    });
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 600 " + height);
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", t("admin_chart_label", { title: title }));
    svg.setAttribute("class", "bars");
    rows.forEach(function (r, i) {
      var y = 4 + i * 28;
      var label = document.createElementNS(ns, "text");
      label.setAttribute("x", "0");
      label.setAttribute("y", String(y + 17));
      label.textContent = r.label;
      var bar = document.createElementNS(ns, "rect");
      bar.setAttribute("x", "230");
      bar.setAttribute("y", String(y + 3));
      bar.setAttribute("height", "18");
      bar.setAttribute("width", String(Math.max(((r.value || 0) / top) * 300, r.value ? 2 : 0)));
      bar.setAttribute("class", r.className || "bar");
      var value = document.createElementNS(ns, "text");
      value.setAttribute("x", String(236 + ((r.value || 0) / top) * 300));
      value.setAttribute("y", String(y + 17));
      value.textContent = r.value === null || r.value === undefined ? "–" : r.text || String(r.value);
      svg.appendChild(label);
      svg.appendChild(bar);
      svg.appendChild(value);
    });
    var figure = el("figure", {}, [el("figcaption", { text: title })]);
    figure.appendChild(svg);
    return figure;
  }

  function slug(rootId) {
    var root = byId(rootId);
    return root ? root.dataset.slug : "";
  }

  async function showOfficeName(officeSlug) {
    var office = await call("GET", "/offices/" + encodeURIComponent(officeSlug));
    if (office && byId("office-name")) {
      byId("office-name").textContent = office.name;
    }
    return office;
  }

  window.Admin = {
    t: t, byId: byId, el: el, row: row, fillBody: fillBody, call: call, fail: fail, guard: guard,
    role: role, pageUrl: pageUrl, lang: lang, localTime: localTime, localDateTime: localDateTime,
    barChart: barChart, slug: slug, showOfficeName: showOfficeName,
  };

  // --- Office list ------------------------------------------------------------------------
  if (document.body.id === "admin-offices" && guard()) {
    listOffices();
  }

  async function listOffices() {
    var mine = sessionStorage.getItem(Staff.KEYS.office);
    if (role() !== "admin" && mine) {
      window.location.replace(pageUrl("/staff/admin/" + encodeURIComponent(mine)));
      return;
    }
    var data = await call("GET", "/offices");
    if (!data) {
      return;
    }
    fillBody(byId("office-table").tBodies[0], data.offices.map(function (office) {
      var base = encodeURIComponent(office.slug);
      var links = el("span", { class: "links" }, [
        el("a", { href: pageUrl("/staff/admin/" + base), text: t("admin_office_title") }), " · ",
        el("a", { href: pageUrl("/staff/dashboard/" + base), text: t("admin_dashboard_title") }), " · ",
        el("a", { href: pageUrl("/staff/reports/" + base), text: t("admin_reports_title") }),
      ]);
      return row([office.name, office.timezone, String(office.max_occupancy), String(office.slot_capacity), links]);
    }));
  }
})();
