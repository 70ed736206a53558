/* One-time set-up of a screen: keep the device token in this browser, then one tap for sound. */
(function () {
  "use strict";

  var TOKEN_KEY = "antrean.displayToken";
  var status = document.getElementById("setup-status");
  var query = new URLSearchParams(window.location.search);
  var fragment = new URLSearchParams(window.location.hash.replace(/^#/, ""));
  var token = query.get("token") || fragment.get("token");

  if (token) {
    localStorage.setItem(TOKEN_KEY, token);
    // The token leaves the address bar (and the history) at once.
    window.history.replaceState(null, "", window.location.pathname);
    status.textContent = "Token layar tersimpan. / Screen token saved.";
  } else if (localStorage.getItem(TOKEN_KEY)) {
    status.textContent = "Layar sudah terdaftar. / This screen is already registered.";
  } else {
    status.textContent = "Tidak ada token: buka alamat penyiapan dari konsol admin. / " +
      "No token: open the set-up address from the admin console.";
    status.className = "error";
  }

  document.getElementById("enable-sound").addEventListener("click", function () {
    window.AntreanSound.unlock().then(function () {
      window.AntreanSound.chime();
      window.AntreanSound.speak("Suara layar antrean aktif");
      setTimeout(function () { window.location.href = "/display"; }, 1800);
    });
  });
})();
