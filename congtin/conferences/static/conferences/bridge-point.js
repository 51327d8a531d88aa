// The bridge point page: the live video, the topic being presented, documents, answered
// questions, and the headcount and question forms.
//
// Nothing typed is lost: a field is saved in localStorage as it is typed. Sending moves
// the text into an outbox, also in localStorage, and it leaves the outbox only when the
// server has confirmed it. A failed send stays in the outbox and is sent again (backing
// off, at once when the network or the state poll comes back, and after a reload). Each
// question carries a key chosen here, so a question sent twice is stored once. A question
// past the bridge point's limit (429) stays in the outbox too, with the server's message,
// and is sent when the wait it names is over.
(function () {
  "use strict";
  var root = document.querySelector("[data-bridge-point]");
  if (!root || !window.Live) return;
  var Live = window.Live, prefix = root.getAttribute("data-storage-key");
  var $ = function (selector) { return root.querySelector(selector); };

  // ---- the player: native HLS where the browser has it (Safari, iOS), else hls.js -------
  var video = $("[data-player]"), box = $("[data-player-box]"), offAir = $("[data-off-air]");
  var message = $("[data-player-message]"), unmute = $("[data-unmute]"), playButton = $("[data-play]");
  var player = { url: null, hls: null }, hlsLoading = null;

  function nativeHls() {
    return !!(video.canPlayType && video.canPlayType("application/vnd.apple.mpegurl"));
  }
  function loadHls() {
    if (window.Hls) return Promise.resolve(window.Hls);
    if (!hlsLoading) {
      hlsLoading = new Promise(function (resolve) {
        var script = document.createElement("script");
        script.src = root.getAttribute("data-hls-script");
        script.onload = function () { resolve(window.Hls || null); };
        script.onerror = function () { hlsLoading = null; resolve(null); };
        document.head.appendChild(script);
      });
    }
    return hlsLoading;
  }
  function showMessage(text) {
    message.textContent = text || "";
    message.hidden = !text;
  }
  function play() {
    var started = video.play();
    if (started && started.then) {
      started.then(function () { playButton.hidden = true; }, function () { playButton.hidden = false; });
    }
  }
  function start(url) {
    stop();
    player.url = url;
    offAir.hidden = true;
    showMessage("");
    box.classList.add("is-on-air");
    if (nativeHls()) {
      video.src = url;
      play();
      return;
    }
    loadHls().then(function (Hls) {
      if (player.url !== url) return; // stopped while the script loaded
      if (!Hls || !Hls.isSupported()) {
        showMessage(Live.message("player_unsupported"));
        return;
      }
      var hls = new Hls({ liveDurationInfinity: true, backBufferLength: 60 });
      player.hls = hls;
      hls.on(Hls.Events.MANIFEST_PARSED, play);
      hls.on(Hls.Events.ERROR, function (event, data) {
        if (!data.fatal) return;
        if (data.type === Hls.ErrorTypes.MEDIA_ERROR) { hls.recoverMediaError(); return; }
        stop(); // the next state poll starts again while the conference is on air
        showMessage(Live.message("player_reconnecting"));
      });
      hls.loadSource(url);
      hls.attachMedia(video);
    });
  }
  function stop() {
    if (player.hls) { player.hls.destroy(); player.hls = null; }
    if (video.getAttribute("src")) { video.removeAttribute("src"); video.load(); }
    player.url = null;
  }
  function showPlayer(state) {
    var onAir = !!(state.on_air && state.playlist_url);
    if (onAir && player.url !== state.playlist_url) start(state.playlist_url);
    if (!onAir) {
      if (player.url) stop();
      offAir.hidden = false;
      showMessage("");
      box.classList.remove("is-on-air");
    }
  }
  function updateSoundButton() {
    unmute.hidden = !(video.muted && !video.paused);
  }
  video.addEventListener("error", function () { if (!player.hls) { stop(); showMessage(Live.message("player_reconnecting")); } });
  video.addEventListener("playing", function () { showMessage(""); playButton.hidden = true; updateSoundButton(); });
  video.addEventListener("volumechange", updateSoundButton);
  video.addEventListener("pause", updateSoundButton);
  unmute.addEventListener("click", function () { video.muted = false; video.volume = 1; updateSoundButton(); });
  playButton.addEventListener("click", play);

  // ---- the state: topic, documents, answered and own questions ----------------------------
  var statusLabel = $("[data-status-label]"), nowPresenting = $("[data-now-presenting]");
  var documents = $("[data-documents]"), documentsEmpty = $("[data-documents-empty]");
  var answeredList = $("[data-answered-list]"), answeredEmpty = $("[data-answered-empty]");
  var answeredTemplate = $("[data-answered-template]");
  var ownList = $("[data-own-questions]"), ownEmpty = $("[data-own-empty]"), ownTemplate = $("[data-own-template]");

  function showAgendaItem(item) {
    nowPresenting.hidden = !item;
    if (item) Live.fill(nowPresenting, { id: item.id, title: item.title, presenter: item.presenter });
    root.querySelectorAll("[data-agenda-id]").forEach(function (entry) {
      if (item && entry.getAttribute("data-agenda-id") === String(item.id)) entry.setAttribute("aria-current", "true");
      else entry.removeAttribute("aria-current");
    });
  }
  function showDocuments(docs) {
    if (documents.getAttribute("data-version") === docs.version) return;
    documents.setAttribute("data-version", docs.version);
    documents.textContent = "";
    docs.items.forEach(function (doc) {
      var item = document.createElement("li"), link = document.createElement("a");
      link.href = doc.url;
      link.textContent = doc.title;
      item.appendChild(link);
      documents.appendChild(item);
    });
    documentsEmpty.hidden = docs.items.length > 0;
  }
  function render(state) {
    showPlayer(state);
    statusLabel.textContent = state.status_label;
    showAgendaItem(state.agenda_item);
    showDocuments(state.documents);
    Live.sync(answeredList, state.answered, answeredTemplate, Live.fill);
    answeredEmpty.hidden = state.answered.length > 0;
    Live.sync(ownList, state.own_questions, ownTemplate, function (element, question) {
      Live.fill(element, question);
      element.setAttribute("data-status", question.status);
    });
    ownEmpty.hidden = state.own_questions.length > 0;
  }

  // ---- forms with an outbox -------------------------------------------------------------
  function liveForm(form, onSent) {
    var name = form.getAttribute("data-live-form"), queue = form.getAttribute("data-mode") === "queue";
    var status = form.querySelector("[data-form-status]"), outboxList = form.querySelector("[data-outbox]");
    var names = Array.prototype.filter.call(form.elements, function (field) {
      return field.name && field.type !== "hidden" && field.type !== "submit";
    }).map(function (field) { return field.name; });
    var draft = Live.drafts(form, prefix + ":draft:" + name, names);
    var outboxKey = prefix + ":outbox:" + name, sending = false, retryTimer = null, failures = 0, heldUntil = 0;

    function outbox() { return Live.store.get(outboxKey) || []; }
    function setOutbox(entries) {
      if (entries.length) Live.store.set(outboxKey, entries); else Live.store.remove(outboxKey);
      if (!outboxList) return;
      outboxList.textContent = "";
      entries.forEach(function (entry) {
        var item = document.createElement("li");
        var label = document.createElement("strong");
        label.textContent = Live.message("waiting_item") + " ";
        item.appendChild(label);
        item.appendChild(document.createTextNode(entry.values.text));
        outboxList.appendChild(item);
      });
    }
    function setStatus(text, kind) {
      status.textContent = text;
      status.setAttribute("data-kind", kind || "");
    }
    function restore(values) {
      Object.keys(values).forEach(function (field) {
        if (form.elements[field] && !form.elements[field].value) form.elements[field].value = values[field];
      });
      draft.save();
    }
    function retryLater() {
      failures += 1;
      setStatus(Live.message("send_waiting"), "waiting");
      clearTimeout(retryTimer);
      retryTimer = setTimeout(flush, Math.min(30000, 2000 * Math.pow(2, failures - 1)));
    }
    function holdFor(result) {
      var seconds = Number(result.data && result.data.retry_after) || result.retryAfter || 60;
      var errors = (result.data && result.data.errors) || {};
      var said = Object.keys(errors).map(function (field) { return [].concat(errors[field]).join(" "); }).join(" ");
      setStatus((said ? said + " " : "") + Live.message("send_later"), "waiting");
      heldUntil = Date.now() + seconds * 1000;
      clearTimeout(retryTimer);
      retryTimer = setTimeout(flush, seconds * 1000);
    }
    function flush() {
      var entries = outbox();
      if (sending || !entries.length || Date.now() < heldUntil) return;
      sending = true;
      clearTimeout(retryTimer);
      var entry = entries[0], fields = {};
      Object.keys(entry.values).forEach(function (field) { fields[field] = entry.values[field]; });
      if (queue) fields.client_key = entry.key;
      setStatus(Live.message("sending"), "sending");
      Live.send(form.getAttribute("action"), fields).then(function (result) {
        sending = false;
        var left = outbox().filter(function (other) { return other.key !== entry.key; });
        if (result.ok) {
          failures = 0;
          setOutbox(left);
          onSent(result.data, setStatus);
          flush();
        } else if (result.status === 400) {
          setOutbox(left);
          restore(entry.values);
          Live.showErrors(form, (result.data && result.data.errors) || {});
          setStatus(Live.message("send_fix"), "error");
          flush();
        } else if (result.status === 429) {
          holdFor(result); // the entry stays in the outbox
        } else if ([401, 403, 404].indexOf(result.status) >= 0) {
          setStatus(Live.message("send_refused"), "error");
        } else {
          retryLater();
        }
      }, function () {
        sending = false;
        retryLater();
      });
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var errors = Live.browserErrors(form);
      Live.showErrors(form, errors);
      if (Object.keys(errors).length) return;
      var entry = { key: Live.newKey(), values: draft.values() };
      setOutbox(queue ? outbox().concat([entry]) : [entry]); // kept before anything is sent
      if (queue) draft.clear(); else draft.forget();
      failures = 0;
      flush();
    });
    window.addEventListener("online", flush);
    setOutbox(outbox()); // what a previous visit left unsent
    return { flush: flush };
  }

  var headcount = liveForm(root.querySelector('[data-live-form="headcount"]'), function (data, setStatus) {
    setStatus(Live.message("headcount_sent", { count: data.headcount.count, time: data.headcount.reported_at }), "done");
  });
  var questions = liveForm(root.querySelector('[data-live-form="question"]'), function (data, setStatus) {
    setStatus(Live.message("question_sent"), "done");
    poller.now(true);
  });

  var poller = Live.poll(root, {
    url: root.getAttribute("data-state-url"),
    method: "POST", // each poll is also the bridge point's heartbeat
    seconds: Number(root.getAttribute("data-poll-seconds")) || 3,
    onData: function (state) {
      render(state);
      headcount.flush();
      questions.flush();
    },
    onFatal: function (status) {
      stop();
      Live.showBanner(root, "[data-fatal-banner]", Live.message(status === 404 ? "link_revoked" : "page_stale"));
    }
  });
})();
