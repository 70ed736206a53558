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

  // A scan's payload, however it came: a scanner may read the same code twice
  // (`payload⏎payload⏎`, the second a few ms to a few hundred ms after the first), so a repeat
  // of the same payload within REPEAT_MS is heard once.
  var REPEAT_MS = 2000;
  var last = { payload: null, at: -Infinity };

  function scanned(payload, at) {
    var repeat = payload === last.payload && at - last.at < REPEAT_MS;
    last = { payload: payload, at: at };
    if (!repeat && K.onScan) {
      K.onScan(payload);
    }
  }

  // A keyboard-wedge scanner types its payload one key every few ms (5–30 ms on USB and
  // Bluetooth scanners) and ends with Enter; a person's keys come 80 ms apart or more, and a
  // key held down repeats with event.repeat set. A run of BURST_MIN_KEYS keys each within
  // BURST_GAP_MS of the one before is a scanner's burst, wherever the focus is (the health
  // screen's temperature field, a form, the scan field): its first keys are taken back out of
  // the fields they landed in, the rest never reach them, and its Enter is read as a scan (it
  // never submits a form). Once recognised, a burst goes on across a pause of up to
  // BURST_PAUSE_MS (a busy page may receive the keys unevenly).
  var BURST_GAP_MS = 50;
  var BURST_PAUSE_MS = 250;
  // A quick typist's rolled keys can come as fast for a few keys (a temperature, a name in
  // the assisted booking); our payloads are some 40 characters, so 8 is well clear of both.
  var BURST_MIN_KEYS = 8;
  var run = null; // the keys since the last pause or Enter

  function startRun() {
    // The scan field first: a scanner's first key moves the focus there from a button.
    var started = { text: "", keys: 0, at: -Infinity, burst: false, fields: [] };
    remember(started, input);
    return started;
  }

  function holdsText(element) {
    return Boolean(element) && /^(INPUT|SELECT|TEXTAREA)$/.test(element.tagName) &&
      !/^(checkbox|radio|button|submit|reset)$/.test(element.type);
  }

  function remember(current, element) {
    var known = current.fields.some(function (field) { return field.element === element; });
    if (holdsText(element) && !known) {
      current.fields.push({ element: element, value: element.value });
    }
  }

  function takeBack(current) {
    current.fields.forEach(function (field) {
      field.element.value = field.value;
    });
  }

  function swallow(event) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }

  function typedKey(event) {
    var plain = !event.ctrlKey && !event.metaKey && !event.altKey;
    return plain && (event.key.length === 1 || event.key === "Enter");
  }

  function paused(event) {
    return event.timeStamp - run.at > (run.burst ? BURST_PAUSE_MS : BURST_GAP_MS);
  }

  window.addEventListener(
    "keydown",
    function (event) {
      if (!typedKey(event)) {
        return; // Shift (a scanner presses it for capitals), arrows, Tab: not part of a run
      }
      if (event.repeat) {
        run = null; // a key held down: a person
        return;
      }
      if (!run || paused(event)) {
        run = startRun();
      }
      run.at = event.timeStamp;
      if (event.key === "Enter") {
        endRun(event);
        return;
      }
      if (!run.burst) {
        remember(run, document.activeElement); // before this key lands in it
        run.keys += 1;
        run.burst = run.keys >= BURST_MIN_KEYS;
        if (run.burst) {
          takeBack(run);
        }
      }
      run.text += event.key;
      if (run.burst) {
        swallow(event);
      }
    },
    true
  );

  // What the scan field held when the burst began is the scanner's too (it paused before the
  // burst was recognised; a person's half-typed leftover goes with each screen change).
  function endRun(event) {
    var ended = run;
    run = null;
    if (ended.burst) {
      swallow(event);
      var before = ended.fields[0].value;
      input.value = "";
      scanned((before + ended.text).trim(), event.timeStamp);
    }
  }

  // Typed into the scan field at a person's pace, then Enter: read as a scan too.
  input.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") {
      return;
    }
    event.preventDefault();
    var payload = input.value.trim();
    input.value = "";
    if (payload) {
      scanned(payload, event.timeStamp);
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
    K.showKey("camera-error", "");
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || !window.jsQR) {
      K.showKey("camera-error", "kiosk_camera_unavailable");
      return;
    }
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: "environment" },
        audio: false,
      });
    } catch (error) {
      K.showKey("camera-error", "kiosk_camera_unavailable");
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
