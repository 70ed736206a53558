/* The waiting-room screen: live queue, calls shown large, chimed and spoken. */
(function () {
  "use strict";

  var A = window.Antrean;
  var sound = window.AntreanSound;
  var token = localStorage.getItem("antrean.displayToken");

  function rotateReminders() {
    var items = document.querySelectorAll("#reminders li");
    var index = 0;
    function show() {
      items.forEach(function (li, i) { li.hidden = i !== index; });
      index = (index + 1) % Math.max(items.length, 1);
    }
    show();
    setInterval(show, 8000);
  }

  function watchSound() {
    var badge = A.byId("sound-badge");
    sound.onChange(function (isBlocked) {
      badge.hidden = !isBlocked;
      document.body.setAttribute("data-sound", isBlocked ? "blocked" : "on");
    });
    ["pointerdown", "keydown", "touchstart"].forEach(function (name) {
      document.addEventListener(name, function () { sound.unlock(); }, { passive: true });
    });
    if (sound.wanted()) { sound.unlock(); }
  }

  rotateReminders();
  watchSound();
  if (!token) {
    A.byId("setup-needed").hidden = false;
    return;
  }
  A.connect({ token: token }, {
    config: function (config) {
      A.setText("office-name", config.office.name);
      document.title = config.office.name + " — Antrean";
      A.startClock(config.office.timezone);
      A.byId("setup-needed").hidden = true;
    },
    called: function (call) { sound.announce(call); },
    refused: function (error) {
      A.byId("setup-needed").hidden = false;
      A.setText("refused-message", [error.message, error.message_en].filter(Boolean).join(" / "));
    }
  });
})();
