// The kiosk's shared parts: texts in two languages, the device's stored token, the JSON API,
// and switching between screens. Other kiosk scripts use window.Kiosk.
(function () {
  "use strict";

  var STORE = {
    token: "antrean.kiosk.token",
    office: "antrean.kiosk.office",
    lang: "antrean.kiosk.lang",
    paper: "antrean.kiosk.paper",
  };
  var texts = JSON.parse(document.body.dataset.texts || "{}");
  var K = (window.Kiosk = {});

  K.lang = localStorage.getItem(STORE.lang) || document.body.dataset.lang || "id";

  K.t = function (key, params) {
    var table = texts[K.lang] || texts.id || {};
    var text = table[key] || (texts.id || {})[key] || key;
    Object.keys(params || {}).forEach(function (name) {
      text = text.split("{" + name + "}").join(String(params[name]));
    });
    return text;
  };

  K.applyTexts = function () {
    document.documentElement.lang = K.lang;
    document.querySelectorAll("[data-t]").forEach(function (element) {
      var params = element.dataset.tParams ? JSON.parse(element.dataset.tParams) : undefined;
      element.textContent = K.t(element.dataset.t, params);
    });
    document.dispatchEvent(new CustomEvent("kiosk:language"));
  };

  K.toggleLanguage = function () {
    K.lang = K.lang === "id" ? "en" : "id";
    localStorage.setItem(STORE.lang, K.lang);
    K.applyTexts();
  };

  K.device = function () {
    return {
      token: localStorage.getItem(STORE.token),
      office: localStorage.getItem(STORE.office),
      paper: localStorage.getItem(STORE.paper) || "80",
    };
  };

  // A request that never answers is given up after this long and answered as a network
  // failure; the body's data-api-timeout-ms, when set, overrides it (tests shorten it).
  K.API_TIMEOUT_MS = 15000;

  function apiTimeout() {
    var configured = Number(document.body.dataset.apiTimeoutMs);
    return configured > 0 ? configured : K.API_TIMEOUT_MS;
  }

  // Every call answers {status, ok, data}; a network failure or a timeout answers status 0.
  K.api = async function (method, path, body) {
    var headers = { Accept: "application/json", "Accept-Language": K.lang };
    var token = K.device().token;
    if (token) {
      headers.Authorization = "Bearer " + token;
    }
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
    }
    var controller = new AbortController();
    var timer = window.setTimeout(function () {
      controller.abort();
    }, apiTimeout());
    try {
      var response = await fetch("/api/v1" + path, {
        method: method,
        headers: headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: "no-store",
        // The kiosk speaks with its device token alone: no cookie of a page once opened in
        // this browser (a `lang` cookie would outrank Accept-Language, the kiosk's language).
        credentials: "omit",
        signal: controller.signal,
      });
      var data = await response.json().catch(function (error) {
        if (controller.signal.aborted) {
          throw error; // the body never came: a timeout, not an empty answer
        }
        return {};
      });
      return { status: response.status, ok: response.ok, data: data };
    } catch (error) {
      return { status: 0, ok: false, data: {} };
    } finally {
      window.clearTimeout(timer);
    }
  };

  K.errorOf = function (answer) {
    var error = (answer.data && answer.data.error) || {};
    return {
      code: error.code || (answer.status === 0 ? "network" : "error"),
      message: error.message || K.t("kiosk_network_error"),
      fields: error.fields || {},
    };
  };

  K.current = null;
  K.show = function (name) {
    // Whatever a scanner left half-typed in the hidden scan field goes with the screen it was
    // typed on: the next visitor's scan starts from an empty field.
    var scanField = document.getElementById("scan-input");
    if (scanField) {
      scanField.value = "";
    }
    document.querySelectorAll("main .screen").forEach(function (screen) {
      screen.hidden = screen.id !== "screen-" + name;
    });
    K.current = name;
    document.body.dataset.screen = name;
    document.dispatchEvent(new CustomEvent("kiosk:screen", { detail: name }));
  };

  K.hasText = function (key) {
    return Object.prototype.hasOwnProperty.call(texts[K.lang] || {}, key);
  };

  // A text shown by its key keeps the key and its parameters on its element: switching
  // language says it again (applyTexts). Any other text (a name, a number, the server's own
  // words) drops them.
  function sayKey(element, key, params) {
    element.dataset.t = key;
    if (params) {
      element.dataset.tParams = JSON.stringify(params);
    } else {
      delete element.dataset.tParams;
    }
    element.textContent = K.t(key, params);
  }

  function sayText(element, text) {
    delete element.dataset.t;
    delete element.dataset.tParams;
    element.textContent = text == null ? "" : String(text);
  }

  K.setText = function (id, text) {
    sayText(document.getElementById(id), text);
  };

  K.setKey = function (id, key, params) {
    sayKey(document.getElementById(id), key, params);
  };

  K.showMessage = function (id, text) {
    var element = document.getElementById(id);
    sayText(element, text || "");
    element.hidden = !text;
  };

  K.showKey = function (id, key, params) {
    var element = document.getElementById(id);
    if (key) {
      sayKey(element, key, params);
    } else {
      sayText(element, "");
    }
    element.hidden = !key;
  };

  K.formatTime = function (iso) {
    // The office's own offset is in the string: show its wall-clock time as written.
    var match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso || "");
    return match ? match[3] + "-" + match[2] + "-" + match[1] + " " + match[4] + ":" + match[5] : "";
  };
})();
