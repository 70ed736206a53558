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

  function keepFocus() {
    if (scanning() && document.activeElement !== input) {
      input.focus({ preventScroll: true });
    }
  }

  input.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") {
      return;
    }
    event.preventDefault();
    var payload = input.value.trim();
    input.value = "";
    if (payload && K.onScan) {
      K.onScan(payload);
    }
  });
  input.addEventListener("blur", function () {
    window.setTimeout(keepFocus, 0);
  });
  document.addEventListener("kiosk:screen", keepFocus);
  document.addEventListener("click", function () {
    window.setTimeout(keepFocus, 0);
  });
  // A scanner that starts typing while something else has the focus still lands in the field.
  document.addEventListener("keydown", function (event) {
    var tag = (document.activeElement || {}).tagName;
    if (scanning() && tag !== "INPUT" && tag !== "SELECT" && event.key.length === 1) {
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
