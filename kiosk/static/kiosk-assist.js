// Assisted booking at the kiosk, for citizens without a phone: the same fields and rules as
// the booking page, then a printable slip with the QR code and the booking code.
(function () {
  "use strict";
  var K = window.Kiosk;
  var form = document.getElementById("assist-form");
  var serviceSelect = document.getElementById("assist-service");
  var dateInput = document.getElementById("assist-date");
  var slotSelect = document.getElementById("assist-slot");
  var slip = null;

  function localDate(date) {
    var month = String(date.getMonth() + 1).padStart(2, "0");
    return date.getFullYear() + "-" + month + "-" + String(date.getDate()).padStart(2, "0");
  }

  function hhmm(iso) {
    return (iso || "").slice(11, 16);
  }

  function fillServices() {
    serviceSelect.textContent = "";
    K.services.forEach(function (service) {
      serviceSelect.appendChild(new Option(service.prefix + " · " + service.name, service.code));
    });
  }

  async function loadSlots() {
    slotSelect.textContent = "";
    if (!serviceSelect.value || !dateInput.value) {
      return;
    }
    var party = Number(document.getElementById("assist-companions").value) + 1;
    var query = "?date=" + dateInput.value + "&service=" + encodeURIComponent(serviceSelect.value);
    var answer = await K.api("GET", "/offices/" + encodeURIComponent(K.device().office) + "/slots" + query);
    var open = ((answer.ok && answer.data.slots) || []).filter(function (slot) {
      return slot.state === "open" && slot.available >= party;
    });
    open.forEach(function (slot) {
      slotSelect.appendChild(new Option(hhmm(slot.start) + "–" + hhmm(slot.end), slot.start));
    });
    K.showKey("assist-error", open.length ? "" : "kiosk_no_slots");
  }

  K.openAssist = function () {
    form.reset();
    fillServices();
    dateInput.min = localDate(new Date());
    dateInput.value = localDate(new Date(Date.now() + 86400000));
    K.showMessage("assist-error", "");
    K.show("assist");
    loadSlots();
  };

  // The office's services may arrive after the visitor opened the form.
  document.addEventListener("kiosk:services", function () {
    if (K.current === "assist" && !serviceSelect.value) {
      fillServices();
      loadSlots();
    }
  });

  [serviceSelect, dateInput, document.getElementById("assist-companions")].forEach(function (input) {
    input.addEventListener("change", loadSlots);
  });

  function bookingBody() {
    var value = function (id) {
      return document.getElementById(id).value.trim();
    };
    return {
      office: K.device().office,
      service: serviceSelect.value,
      start: slotSelect.value,
      name: value("assist-name"),
      nik: value("assist-nik"),
      phone: value("assist-phone"),
      companions: Number(value("assist-companions")),
      priority: value("assist-priority"),
      health: { symptoms: [], close_contact: document.getElementById("assist-close-contact").checked },
      consent: document.getElementById("assist-consent").checked,
    };
  }

  function describeFields(error) {
    var names = Object.keys(error.fields);
    if (!names.length) {
      return error.message;
    }
    return error.message + " " + names.map(function (name) {
      return name + ": " + error.fields[name];
    }).join("; ");
  }

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    var button = document.getElementById("btn-assist-submit");
    button.disabled = true;
    var answer = await K.api("POST", "/kiosk/bookings", bookingBody());
    button.disabled = false;
    if (answer.status === 401) {
      K.showError(answer);
    } else if (!answer.ok) {
      K.showMessage("assist-error", describeFields(K.errorOf(answer)));
    } else {
      showSlip(answer.data);
    }
  });

  function qrImageUrl(booking) {
    var qr = booking.qr || {};
    if (qr.png_url) {
      var url = new URL(qr.png_url, window.location.href);
      return url.pathname + url.search;
    }
    return "/api/v1/bookings/" + encodeURIComponent(booking.code) + "/qr.png?token=" +
      encodeURIComponent(booking.manage_token);
  }

  function showSlip(booking) {
    slip = booking;
    document.getElementById("slip-qr").src = qrImageUrl(booking);
    K.setText("slip-code", booking.code);
    K.setText("slip-service", K.serviceName(booking.service));
    K.setText("slip-when", K.formatTime(booking.start));
    K.show("slip");
  }

  document.getElementById("btn-print-slip").addEventListener("click", function () {
    if (!slip) {
      return;
    }
    K.printSheet([
      ["office", K.office ? K.office.name : ""],
      ["label", K.t("kiosk_slip_title")],
      ["qr", qrImageUrl(slip)],
      ["number", slip.code],
      ["line", K.t("kiosk_service") + ": " + K.serviceName(slip.service)],
      ["line", K.t("kiosk_when") + ": " + K.formatTime(slip.start)],
      ["small", K.t("kiosk_slip_hint")],
    ]);
  });
})();
