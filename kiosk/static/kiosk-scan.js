// Reading the booking's QR code: a USB/keyboard-wedge scanner types the code and Enter into a
// field that keeps the focus; or the camera, decoded in the browser by the vendored jsQR.
(function () {
  "use strict";
  var K = window.Kiosk;
  var input = document.getElementById("scan-input");
  var SCANNING_SCREENS = ["start", "ticket", "error", "slip"];

  function scanning() {
    return SCANNING_SCREENS.indexOf(K.current) >= 0;
  }

  // The field takes the focus back only when nothing else holds it: a visitor moving through
  // the buttons with Tab (a keyboard, a switch device) must be able to reach them.
  function keepFocus() {
    var active = document.activeElement;
    var elsewhere = active && active !== document.body && active !== input;
    if (scanning() && !elsewhere) {
      input.focus({ preventScroll: true });
    }
  }

  // A scanner may read the same code twice: `payload⏎payload⏎`, the second a few ms to a few
  // hundred ms after the first. A repeat of the same payload within REPEAT_MS is ignored, and
  // the keystrokes that follow a scan's Enter (within AFTER_SCAN_MS, and any burst that goes on
  // at a scanner's pace from there) are swallowed wherever the focus is: they never reach the
  // health screen's temperature field, nor stay half-typed in this one for the next visitor.
  var REPEAT_MS = 2000;
  var AFTER_SCAN_MS = 700;
  var BURST_GAP_MS = 100;
  var last = { payload: null, at: -Infinity };
  var swallowUntil = -Infinity;

  window.addEventListener(
    "keydown",
    function (event) {
      var now = performance.now();
      var typed = event.key.length === 1 || event.key === "Enter";
      if (typed && now < swallowUntil) {
        event.preventDefault();
        event.stopImmediatePropagation();
        swallowUntil = Math.max(swallowUntil, now + BURST_GAP_MS);
      }
    },
    true
  );

  input.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") {
      return;
    }
    event.preventDefault();
    var payload = input.value.trim();
    input.value = "";
    var now = performance.now();
    if (!payload) {
      return;
    }
    swallowUntil = now + AFTER_SCAN_MS;
    var repeat = payload === last.payload && now - last.at < REPEAT_MS;
    last = { payload: payload, at: now };
    if (!repeat && K.onScan) {
      K.onScan(payload);
    }
  });
  input.addEventListener("blur", function () {
    window.setTimeout(keepFocus, 0);
  });
  document.addEventListener("kiosk:screen", keepFocus);
  // A tap or a mouse click (detail > 0) hands the focus back to the field at once, as the
  // scanner needs; a button pressed from the keyboard (detail 0) keeps it.
  document.addEventListener("click", function (event) {
    // A person pressed something: what is typed or scanned next is meant, even the same code.
    last.payload = null;
    swallowUntil = -Infinity;
    if (event.detail > 0) {
      window.setTimeout(function () {
        if (scanning()) { input.focus({ preventScroll: true }); }
      }, 0);
    } else {
      window.setTimeout(keepFocus, 0);
    }
  });
  // A scanner that starts typing while something else has the focus still lands in the field.
  // (Space on a focused button or link still presses it: a QR payload has no spaces.)
  document.addEventListener("keydown", function (event) {
    var tag = (document.activeElement || {}).tagName;
    var pressing = event.key === " " && (tag === "BUTTON" || tag === "A");
    if (scanning() && tag !== "INPUT" && tag !== "SELECT" && event.key.length === 1 && !pressing) {
      input.focus({ preventScroll: true });
    }
  });

  var video = document.getElementById("camera-video");
  var canvas = document.getElementById("camera-canvas");
  var stream = null;
  var frame = 0;

  K.stopCamera = function () {
    window.cancelAnimationFrame(frame);
    if (stream) {
      stream.getTracks().forEach(function (track) {
        track.stop();
      });
      stream = null;
    }
    video.srcObject = null;
  };

  function decodeFrame() {
    if (!stream) {
      return;
    }
    if (video.readyState >= video.HAVE_ENOUGH_DATA && video.videoWidth) {
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      var context = canvas.getContext("2d", { willReadFrequently: true });
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      var image = context.getImageData(0, 0, canvas.width, canvas.height);
      var code = window.jsQR(image.data, image.width, image.height, {
        inversionAttempts: "dontInvert",
      });
      if (code && code.data) {
        K.stopCamera();
        K.onScan(code.data);
        return;
      }
    }
    frame = window.requestAnimationFrame(decodeFrame);
  }

  K.startCamera = async function () {
    K.show("camera");
    K.showMessage("camera-error", "");
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || !window.jsQR) {
      K.showMessage("camera-error", K.t("kiosk_camera_unavailable"));
      return;
    }
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: "environment" },
        audio: false,
      });
    } catch (error) {
      K.showMessage("camera-error", K.t("kiosk_camera_unavailable"));
      return;
    }
    video.srcObject = stream;
    await video.play().catch(function () {});
    frame = window.requestAnimationFrame(decodeFrame);
  };

  document.addEventListener("kiosk:screen", function (event) {
    if (event.detail !== "camera") {
      K.stopCamera();
    }
  });
})();
