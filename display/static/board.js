/* The public board on a citizen's phone: the live queue and, for their own ticket number, the
   position and estimated wait, worked out from the live snapshot (no personal data needed). */
(function () {
  "use strict";

  var A = window.Antrean;
  var MINE_KEY = "antrean.myTicket";
  var body = document.body;
  var input = A.byId("mine-number");
  var latest = null;
  // Both languages' texts of this card, from the server's catalogue: {"id": {key: text}, "en": …}.
  var TEXTS = JSON.parse(body.getAttribute("data-texts") || "{}");

  function say(lang, key, values) {
    return TEXTS[lang][key].replace(/\{(\w+)\}/g, function (_, name) { return String(values[name]); });
  }

  /* "a12", "A 012", "A-12" → "A-012"-like matching on letters and the integer. */
  function parse(text) {
    var m = /^\s*([A-Za-z]*)[\s-]*0*(\d+)\s*$/.exec(text || "");
    return m ? { letters: m[1].toUpperCase(), value: parseInt(m[2], 10) } : null;
  }

  function same(number, wanted) {
    var p = parse(number);
    return p && p.letters === wanted.letters && p.value === wanted.value;
  }

  function describe(snapshot, text) {
    var wanted = parse(text);
    if (!wanted) { return { state: "invalid" }; }
    for (var i = 0; i < snapshot.called.length; i++) {
      if (same(snapshot.called[i].number, wanted)) {
        return { state: "called", number: snapshot.called[i].number, counter: snapshot.called[i].counter };
      }
    }
    var ahead = {};
    for (var j = 0; j < snapshot.waiting.length; j++) {
      var t = snapshot.waiting[j];
      if (same(t.number, wanted)) {
        return { state: "waiting", number: t.number, position: (ahead[t.service] || 0) + 1,
                 minutes: t.estimated_wait_minutes };
      }
      ahead[t.service] = (ahead[t.service] || 0) + 1;
    }
    return { state: "absent" };
  }

  function show(result) {
    var out = A.byId("mine-result");
    out.setAttribute("data-state", result.state);
    var key = "display_mine_" + result.state;
    if (result.state === "waiting" && result.minutes != null) { key = "display_mine_waiting_minutes"; }
    var lines = [say("id", key, result), say("en", key, result)];
    out.textContent = "";
    var id = document.createElement("p");
    id.className = "mine-id";
    id.textContent = lines[0];
    var en = document.createElement("p");
    en.lang = "en";
    en.className = "hint";
    en.textContent = lines[1];
    out.appendChild(id);
    out.appendChild(en);
    if (result.state === "waiting") {
      out.setAttribute("data-position", String(result.position));
      out.setAttribute("data-minutes", String(result.minutes));
    }
  }

  function update() {
    if (latest && input.value.trim()) { show(describe(latest, input.value)); }
  }

  A.byId("mine-form").addEventListener("submit", function (event) {
    event.preventDefault();
    try { localStorage.setItem(MINE_KEY, input.value.trim()); } catch (e) { /* not kept */ }
    update();
  });
  // A number sent with the form (?number=, answered by the server) wins over the one kept.
  try { input.value = input.value || localStorage.getItem(MINE_KEY) || ""; } catch (e) { /* nothing kept */ }

  A.startClock(body.getAttribute("data-timezone"));
  A.connect({ office: body.getAttribute("data-office") }, {
    snapshot: function (snapshot) { latest = snapshot; update(); }
  });
})();
