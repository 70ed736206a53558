/* Sound for the waiting-room screen: a generated chime (WebAudio) and the announcement spoken by
   the browser (speechSynthesis, id-ID). Browsers keep audio blocked until someone touches the
   page; the screen then shows a badge, so a silent display is never a mystery. */
(function () {
  "use strict";

  var KEY = "antrean.sound";
  var ctx = null;
  var listeners = [];
  var speechBlocked = false;
  var chain = Promise.resolve();

  function context() {
    if (!ctx) {
      var AudioContextClass = window.AudioContext || window.webkitAudioContext;
      if (!AudioContextClass) { return null; }
      ctx = new AudioContextClass();
      ctx.onstatechange = notify;
    }
    return ctx;
  }

  function blocked() {
    var c = context();
    return !c || c.state !== "running" || speechBlocked;
  }

  function notify() { listeners.forEach(function (fn) { fn(blocked()); }); }

  function onChange(fn) { listeners.push(fn); fn(blocked()); }

  function unlock() {
    try { localStorage.setItem(KEY, "on"); } catch (e) { /* private mode: not remembered */ }
    speechBlocked = false;
    var c = context();
    var resumed = c && c.state !== "running" ? c.resume() : Promise.resolve();
    return resumed.then(notify, notify);
  }

  function tone(c, frequency, start, length) {
    var osc = c.createOscillator();
    var gain = c.createGain();
    osc.type = "sine";
    osc.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.6, start + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + length);
    osc.connect(gain);
    gain.connect(c.destination);
    osc.start(start);
    osc.stop(start + length + 0.05);
  }

  /* "Ding-dong": E5 then C5. */
  function chime() {
    var c = context();
    if (!c || c.state !== "running") { notify(); return 0; }
    var t = c.currentTime + 0.05;
    tone(c, 659.25, t, 0.6);
    tone(c, 523.25, t + 0.55, 0.9);
    return 1500;
  }

  function indonesianVoice() {
    var voices = window.speechSynthesis ? window.speechSynthesis.getVoices() : [];
    for (var i = 0; i < voices.length; i++) {
      if (voices[i].lang && voices[i].lang.toLowerCase().indexOf("id") === 0) { return voices[i]; }
    }
    return null;
  }

  function speak(text) {
    return new Promise(function (resolve) {
      if (!window.speechSynthesis || !text) { resolve(); return; }
      var utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = "id-ID";
      utterance.rate = 0.9;
      var voice = indonesianVoice();
      if (voice) { utterance.voice = voice; }
      var done = setTimeout(resolve, 12000);
      utterance.onend = function () { clearTimeout(done); resolve(); };
      utterance.onerror = function (event) {
        if (event.error === "not-allowed") { speechBlocked = true; notify(); }
        clearTimeout(done);
        resolve();
      };
      window.speechSynthesis.speak(utterance);
    });
  }

  /* Calls are announced one after another, each: chime, then the spoken text. */
  function announce(call) {
    var speech = call.announcement && (call.announcement.speech || call.announcement);
    chain = chain.then(function () {
      var wait = chime();
      return new Promise(function (resolve) { setTimeout(resolve, wait); });
    }).then(function () { return speak(speech ? speech.id : ""); });
    return chain;
  }

  function wanted() {
    try { return localStorage.getItem(KEY) === "on"; } catch (e) { return false; }
  }

  window.AntreanSound = {
    unlock: unlock, chime: chime, speak: speak, announce: announce,
    blocked: blocked, onChange: onChange, wanted: wanted
  };
})();
