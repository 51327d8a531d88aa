// Shared by the bridge point page and the organiser dashboard (no framework, no build step):
//  - Live.poll: ask a JSON state URL every few seconds; pause while the tab is hidden, back
//    off after errors and show the "Mất kết nối, đang thử lại" banner until it works again.
//  - Live.send: POST a form's fields with fetch and the CSRF token; JSON back.
//  - Live.store: localStorage that never throws (private mode, full disk: memory instead).
//  - Live.drafts: what is typed in a form is saved as it is typed, and removed only when
//    the caller says the server has it.
//  - Live.fill / Live.sync: put JSON values into markup cloned from a <template>.
//  - Live.message: the page's words (translated in the template), for the scripts to show.
(function () {
  "use strict";

  var TIMEOUT_MS = 10000, MAX_DELAY_MS = 30000;
  var memory = {};

  var store = {
    get: function (key) {
      try { var raw = window.localStorage.getItem(key); return raw === null ? null : JSON.parse(raw); }
      catch (e) { return key in memory ? memory[key] : null; }
    },
    set: function (key, value) {
      memory[key] = value;
      try { window.localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* memory keeps it */ }
    },
    remove: function (key) {
      delete memory[key];
      try { window.localStorage.removeItem(key); } catch (e) { /* nothing to remove */ }
    }
  };

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (input) return input.value;
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  // Resolves to {ok, status, data, login, retryAfter}; rejects only when the network failed.
  // retryAfter: the seconds a 429 or 503 asks to wait (Retry-After), whoever answered (the app
  // in JSON, or nginx's own page).
  function request(url, options) {
    options = options || {};
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, TIMEOUT_MS) : null;
    var headers = { "Accept": "application/json", "X-Requested-With": "fetch" };
    if (options.method && options.method !== "GET") headers["X-CSRFToken"] = csrfToken();
    // Past nginx's two-second copy of a bridge point's state (deploy/nginx): after this page's
    // own change, which the copy may not hold yet.
    if (options.fresh) headers["X-Congtin-Fresh"] = "1";
    return fetch(url, {
      method: options.method || "GET", body: options.body, headers: headers,
      credentials: "same-origin", cache: "no-store", signal: controller ? controller.signal : undefined
    }).then(function (response) {
      if (timer) clearTimeout(timer);
      var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      // A dashboard whose sign-in expired is redirected to the login page (HTML).
      var login = response.redirected && !json;
      return (json ? response.json() : Promise.resolve(null)).then(function (data) {
        return {
          ok: response.ok && !login, status: login ? 401 : response.status, data: data, login: login,
          retryAfter: Number(response.headers.get("Retry-After")) || null
        };
      });
    }, function (error) {
      if (timer) clearTimeout(timer);
      throw error;
    });
  }

  function send(url, fields) {
    var body = new FormData();
    Object.keys(fields).forEach(function (name) { body.append(name, fields[name]); });
    return request(url, { method: "POST", body: body });
  }

  function showBanner(root, selector, text) {
    var banner = root.querySelector(selector);
    if (!banner) return;
    if (text !== undefined && text !== null) banner.textContent = text;
    banner.hidden = text === null;
  }

  // Poll `url` (a string, or a function that says it at each poll) every `seconds`;
  // `onData(data)` with each answer; `onFatal(status)` when the server says this page cannot
  // go on (404: link revoked; 401/403: signed out, stale page).
  function poll(root, options) {
    var base = (options.seconds || 3) * 1000, failures = 0, timer = null, busy = false, stopped = false;
    var fresh = false;
    var banner = root.querySelector("[data-connection-banner]");

    function delay() {
      if (!failures) return base;
      var backoff = Math.min(MAX_DELAY_MS, base * Math.pow(2, failures - 1));
      return backoff * (0.75 + Math.random() * 0.5); // jitter: 56 screens do not retry in step
    }
    function schedule(ms) {
      clearTimeout(timer);
      timer = stopped ? null : setTimeout(tick, ms);
    }
    function failed() {
      failures += 1;
      if (banner) banner.hidden = false;
    }
    function tick() {
      timer = null;
      if (stopped || busy) return;
      if (document.hidden) return; // resumes on visibilitychange
      busy = true;
      var url = typeof options.url === "function" ? options.url() : options.url;
      var asked = { method: options.method || "GET", fresh: fresh };
      fresh = false;
      request(url, asked).then(function (result) {
        busy = false;
        if (result.ok) {
          failures = 0;
          if (banner) banner.hidden = true;
          if (result.data && result.data.poll_seconds) base = result.data.poll_seconds * 1000;
          options.onData(result.data);
        } else if ([401, 403, 404].indexOf(result.status) >= 0) {
          stopped = true;
          if (banner) banner.hidden = true;
          if (options.onFatal) options.onFatal(result.status);
          return;
        } else {
          failed();
        }
        schedule(delay());
      }, function () {
        busy = false;
        failed();
        schedule(delay());
      });
    }
    document.addEventListener("visibilitychange", function () {
      if (!document.hidden && !timer && !busy) schedule(0);
    });
    window.addEventListener("online", function () { failures = 0; schedule(0); });
    schedule(0);
    // now(true): poll at once, past any shared copy (after this page changed something).
    return { now: function (pastCopies) { fresh = fresh || !!pastCopies; schedule(0); } };
  }

  // Save the named fields of `form` under `key` as they are typed; restore them on load.
  function drafts(form, key, names) {
    function fieldsOf() {
      return names.map(function (name) { return form.elements[name]; }).filter(Boolean);
    }
    function save() {
      var values = {}, any = false;
      fieldsOf().forEach(function (field) { values[field.name] = field.value; any = any || field.value !== ""; });
      if (any) store.set(key, values); else store.remove(key);
    }
    var saved = store.get(key);
    if (saved) fieldsOf().forEach(function (field) { if (saved[field.name] !== undefined) field.value = saved[field.name]; });
    form.addEventListener("input", save);
    form.addEventListener("change", save);
    return {
      save: save,
      values: function () {
        var values = {};
        fieldsOf().forEach(function (field) { values[field.name] = field.value; });
        return values;
      },
      clear: function () { fieldsOf().forEach(function (field) { field.value = ""; }); store.remove(key); },
      forget: function () { store.remove(key); }
    };
  }

  // Check a form's fields the way the server will, with the server's Vietnamese messages
  // (the form puts them on each field as data-error-*). Returns {field name: message}.
  var STATES = ["valueMissing", "badInput", "rangeUnderflow", "rangeOverflow", "stepMismatch", "tooLong"];
  function browserErrors(form) {
    var errors = {};
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || !field.validity || field.validity.valid) return;
      STATES.some(function (state) {
        if (!field.validity[state]) return false;
        var attribute = "error" + state.charAt(0).toUpperCase() + state.slice(1);
        errors[field.name] = field.dataset[attribute] || field.dataset.errorBadInput || field.validationMessage;
        return true;
      });
    });
    return errors;
  }

  function showErrors(form, errors) {
    form.querySelectorAll("[data-error-for]").forEach(function (slot) {
      var messages = errors[slot.getAttribute("data-error-for")];
      slot.textContent = messages ? [].concat(messages).join(" ") : "";
    });
    var first = Object.keys(errors)[0];
    if (first && form.elements[first] && form.elements[first].focus) form.elements[first].focus();
  }

  function newKey() {
    var bytes = new Uint8Array(16);
    if (window.crypto && window.crypto.getRandomValues) window.crypto.getRandomValues(bytes);
    else for (var i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  // Put `data`'s values into the [data-field] elements of `element`; hide [data-show-if]
  // parts whose value is empty.
  function fill(element, data) {
    if (data.id !== undefined) element.setAttribute("data-id", data.id);
    element.querySelectorAll("[data-field]").forEach(function (slot) {
      var value = data[slot.getAttribute("data-field")];
      var text = value === null || value === undefined ? "—" : String(value);
      if (slot.textContent !== text) slot.textContent = text;
    });
    element.querySelectorAll("[data-show-if]").forEach(function (part) {
      var value = data[part.getAttribute("data-show-if")];
      part.hidden = value === null || value === undefined || value === "";
    });
    return element;
  }

  // Make `list` hold one element per item (found by data-id, else cloned from `template`),
  // in the items' order, without re-creating elements that stay (nothing typed is lost).
  // With `pool` (data-id -> element, shared by several lists), elements may move between
  // lists, and the caller removes what is left in the pool.
  function sync(list, items, template, update, pool) {
    var existing = pool || {};
    if (!pool) Array.prototype.forEach.call(list.children, function (child) { existing[child.getAttribute("data-id")] = child; });
    var previous = null;
    items.forEach(function (item) {
      var element = existing[String(item.id)];
      delete existing[String(item.id)];
      if (!element) element = template.content.firstElementChild.cloneNode(true);
      update(element, item);
      var wanted = previous ? previous.nextElementSibling : list.firstElementChild;
      if (wanted !== element) list.insertBefore(element, wanted);
      previous = element;
    });
    if (!pool) Object.keys(existing).forEach(function (id) { existing[id].remove(); });
  }

  // The page's words, from its [data-message] elements (see live_messages.html), with
  // {name} parts filled from `values`.
  var messages = null;
  function message(key, values) {
    if (!messages) {
      messages = {};
      document.querySelectorAll("[data-message]").forEach(function (element) {
        messages[element.getAttribute("data-message")] = element.textContent.trim();
      });
    }
    var text = messages[key] || key;
    Object.keys(values || {}).forEach(function (name) { text = text.replace("{" + name + "}", values[name]); });
    return text;
  }

  window.Live = {
    message: message, store: store, request: request, send: send, poll: poll, drafts: drafts, newKey: newKey,
    browserErrors: browserErrors, showErrors: showErrors, showBanner: showBanner, fill: fill, sync: sync
  };
})();
