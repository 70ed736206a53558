// Administration pages: shared helpers (on top of staff.js's API client) and the office list.
// The server renders these pages only for staff allowed to see them; the API checks again.
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
    return Staff.me.role;
  }

  // --- A form's errors next to its fields, as on the citizen pages --------------------------
  // `fields` names a form's fields as the API does, in the form's order: {name: element id}. A
  // 422 answers {name: message} for the bad ones (a name may be a path: "standard.fee" is the
  // field of "standard.fee", else of "standard"); each message goes next to its field, which is
  // marked invalid and described by it, and the first bad field takes the focus.
  function fieldOf(fields, name) {
    for (var parts = name.split("."); parts.length; parts.pop()) {
      if (fields[parts.join(".")]) {
        return fields[parts.join(".")];
      }
    }
    return null;
  }

  function describe(field, noteId, on) {
    var ids = (field.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
      return id && id !== noteId;
    });
    if (on) {
      ids.unshift(noteId);
    }
    if (ids.length) {
      field.setAttribute("aria-describedby", ids.join(" "));
    } else {
      field.removeAttribute("aria-describedby");
    }
  }

  function clearFieldErrors(fields) {
    Object.keys(fields).forEach(function (name) {
      var field = byId(fields[name]);
      var note = byId("e-" + field.id);
      if (note) {
        note.remove();
        field.removeAttribute("aria-invalid");
        describe(field, note.id, false);
      }
    });
  }

  // Answers the messages that name no field of the form (the page's banner shows them).
  function showFieldErrors(fields, messages) {
    clearFieldErrors(fields);
    var byField = {};
    var unplaced = [];
    Object.keys(messages).forEach(function (name) {
      var id = fieldOf(fields, name);
      if (!id) {
        unplaced.push(name + ": " + messages[name]);
      } else if (!byField[id]) {
        byField[id] = messages[name];
      }
    });
    var first = null;
    Object.keys(fields).forEach(function (name) {
      var field = byId(fields[name]);
      if (!byField[field.id] || byId("e-" + field.id)) { // no message, or a field named twice
        return;
      }
      var note = el("p", { class: "field-error", id: "e-" + field.id, text: byField[field.id] });
      if (field.tagName === "FIELDSET") {
        field.querySelector("legend").after(note); // a group of checkboxes
      } else {
        field.before(note); // after its label, as on the citizen pages
        field.setAttribute("aria-invalid", "true");
      }
      describe(field, note.id, true);
      first = first || (field.tagName === "FIELDSET" ? field.querySelector("input") : field);
    });
    if (first) {
      first.focus();
    }
    return unplaced;
  }

  // A refusal: the page's banner says what it is; a 422's messages go next to their fields.
  function fail(answer, fields) {
    if (answer.status === 401) {
      Staff.sessionEnded();
      return;
    }
    var error = (answer.data && answer.data.error) || {};
    var unplaced = fields && error.fields ? showFieldErrors(fields, error.fields) : [];
    Staff.showMessage("page-error", [Staff.errorMessage(answer)].concat(unplaced).join(" "));
  }

  // Calls the API; shows the error and answers null when it fails. With `fields` (a form's,
  // as above) the form's old errors go at once and a 422 shows its own by their fields.
  async function call(method, path, body, fields) {
    if (fields) {
      clearFieldErrors(fields);
    }
    var answer = await Staff.api(method, path, body);
    if (!answer.ok) {
      fail(answer, fields);
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

  var SVG_NS = "http://www.w3.org/2000/svg";

  function svgNode(tag, attrs, text) {
    var node = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs).forEach(function (name) {
      node.setAttribute(name, String(attrs[name]));
    });
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function chartFigure(title, svg, className) {
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", t("admin_chart_label", { title: title }));
    svg.setAttribute("class", className);
    var figure = el("figure", {}, [el("figcaption", { text: title })]);
    figure.appendChild(svg);
    return figure;
  }

  // A number as the page's language writes it (0,6 in Indonesian, 0.6 in English): `digits`
  // fixed decimals when given, else up to two.
  function number(value, digits) {
    var fixed = digits === undefined ? { maximumFractionDigits: 2 } : { minimumFractionDigits: digits, maximumFractionDigits: digits };
    return new Intl.NumberFormat(lang === "en" ? "en-GB" : "id-ID", fixed).format(value);
  }

  // A horizontal bar chart in plain SVG: rows of {label, value, text?, className?}.
  function barChart(title, rows, max) {
    var top = Math.max(max || 0, 1);
    rows.forEach(function (r) {
      top = Math.max(top, r.value || 0);
    });
    var svg = svgNode("svg", { viewBox: "0 0 480 " + (rows.length * 24 + 6) });
    rows.forEach(function (r, i) {
      var y = 3 + i * 24;
      var width = ((r.value || 0) / top) * 220;
      var label = r.value === null || r.value === undefined ? "–" : r.text || number(r.value);
      svg.appendChild(svgNode("text", { x: 0, y: y + 15 }, r.label));
      svg.appendChild(svgNode("rect", { x: 180, y: y + 3, height: 16, width: Math.max(width, r.value ? 2 : 0), class: r.className || "bar" }));
      svg.appendChild(svgNode("text", { x: 186 + width, y: y + 15 }, label));
    });
    return chartFigure(title, svg, "bars");
  }

  // A column chart for many slots: {label, value, max, className?} per column; each column
  // shows its value against its own capacity (the pale column behind it), and says so in a title.
  function columnChart(title, columns) {
    var top = 1;
    columns.forEach(function (c) {
      top = Math.max(top, c.max || 0, c.value || 0);
    });
    var step = 18, height = 120, width = Math.max(columns.length * step + 40, 300);
    var svg = svgNode("svg", { viewBox: "0 0 " + width + " " + (height + 48), width: width });
    svg.appendChild(svgNode("text", { x: 0, y: 12 }, String(top)));
    svg.appendChild(svgNode("text", { x: 0, y: height }, "0"));
    columns.forEach(function (c, i) {
      var x = 30 + i * step;
      var capacity = ((c.max || 0) / top) * (height - 10);
      var booked = ((c.value || 0) / top) * (height - 10);
      var group = svgNode("g", {});
      group.appendChild(svgNode("title", {}, c.label + ": " + c.text));
      group.appendChild(svgNode("rect", { x: x, y: height - capacity, width: step - 4, height: capacity, class: "cap" }));
      group.appendChild(svgNode("rect", { x: x, y: height - booked, width: step - 4, height: booked, class: c.className || "bar" }));
      svg.appendChild(group);
      if (i % 2 === 0) {
        svg.appendChild(svgNode("text", { x: x, y: height + 14, class: "tick" }, c.label));
      }
    });
    return chartFigure(title, svg, "columns");
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
    t: t, byId: byId, el: el, row: row, fillBody: fillBody, call: call, fail: fail,
    role: role, pageUrl: pageUrl, lang: lang, localTime: localTime, localDateTime: localDateTime,
    barChart: barChart, columnChart: columnChart, slug: slug, showOfficeName: showOfficeName,
    number: number,
  };

  // --- Office list ------------------------------------------------------------------------
  if (document.body.id === "admin-offices") {
    listOffices();
  }

  async function listOffices() {
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
