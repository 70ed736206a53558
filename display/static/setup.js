/* One-time set-up of a screen: keep the device token in this browser, then one tap for sound. */
(function () {
  "use strict";

  var TOKEN_KEY = "antrean.displayToken";
  var status = document.getElementById("setup-status");
  var TEXTS = JSON.parse(document.body.getAttribute("data-texts") || "{}");

  function both(key) {
    return TEXTS.id[key] + " / " + TEXTS.en[key];
  }
  var query = new URLSearchParams(window.location.search);
  var fragment = new URLSearchParams(window.location.hash.replace(/^#/, ""));
  var token = query.get("token") || fragment.get("token");

  if (token) {
    localStorage.setItem(TOKEN_KEY, token);
    // The token leaves the address bar (and the history) at once.
    window.history.replaceState(null, "", window.location.pathname);
    status.textContent = both("display_setup_saved");
  } else if (localStorage.getItem(TOKEN_KEY)) {
    status.textContent = both("display_setup_registered");
  } else {
    status.textContent = both("display_setup_no_token");
    status.className = "error";
  }

  document.getElementById("enable-sound").addEventListener("click", function () {
    window.AntreanSound.unlock().then(function () {
      window.AntreanSound.chime();
      window.AntreanSound.speak(TEXTS.id.display_setup_sound_on);
      setTimeout(function () { window.location.href = "/display"; }, 1800);
    });
  });
})();
