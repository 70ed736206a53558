// One-time set-up: keep the device token on this device, then leave the URL that holds it.
(function () {
  "use strict";
  var office = document.body.dataset.office;
  if (!office) {
    return;
  }
  var params = new URLSearchParams(window.location.search);
  localStorage.setItem("antrean.kiosk.token", params.get("token"));
  localStorage.setItem("antrean.kiosk.office", office);
  if (params.get("paper")) {
    localStorage.setItem("antrean.kiosk.paper", params.get("paper"));
  }
  window.history.replaceState(null, "", "/kiosk/setup");
  window.location.replace("/kiosk");
})();
