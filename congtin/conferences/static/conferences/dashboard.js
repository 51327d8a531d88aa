// The organiser dashboard: tiles and totals, the question queue, the current topic.
// Answers being typed are saved in localStorage as they are typed and removed only once
// the server has the answer; a failed send keeps them and says so. An answered question's
// box holds its current answer, so correcting it starts from what the bridge points see.
//
// The first poll gets everything; each later one sends the cursor the last answer gave
// (?since=) and gets only the questions created or changed since and the changed fields of
// tiles, which are merged into what the page holds. An answer with "full": true replaces it
// all; a question count that differs from the server's (a question deleted) asks for all again.
(function () {
  "use strict";
  var root = document.querySelector("[data-dashboard]");
  if (!root || !window.Live) return;
  var Live = window.Live, prefix = root.getAttribute("data-storage-key");
  var moderateUrl = root.getAttribute("data-moderate-url");
  var $ = function (selector) { return root.querySelector(selector); };

  // ---- what the page holds: merged from each answer -------------------------------------
  var cursor = null, tileData = {}, questionData = {};
  function stateUrl() {
    var url = root.getAttribute("data-state-url");
    return cursor ? url + (url.indexOf("?") < 0 ? "?" : "&") + "since=" + encodeURIComponent(cursor) : url;
  }
  function merge(state) {
    if (state.full) { tileData = {}; questionData = {}; }
    state.tiles.forEach(function (tile) { tileData[tile.id] = Object.assign(tileData[tile.id] || {}, tile); });
    state.questions.forEach(function (question) { questionData[question.id] = question; });
    var questions = Object.keys(questionData).map(function (id) { return questionData[id]; });
    questions.sort(function (a, b) { return a.id - b.id; }); // the order they were asked in
    cursor = questions.length === state.question_count ? state.cursor : null;
    return questions;
  }

  // ---- tiles and totals ---------------------------------------------------------------
  var tiles = $("[data-tiles]");
  function showTiles(state) {
    state.tiles.forEach(function (changed) {
      var tile = tiles.querySelector('[data-id="' + changed.id + '"]'), data = tileData[changed.id];
      if (!tile) return; // bridge points added during the event appear after a reload
      tile.classList.toggle("is-online", data.online);
      tile.classList.toggle("is-seen", data.last_seen !== null);
      Live.fill(tile, data);
    });
    Object.keys(state.totals).forEach(function (name) {
      root.querySelectorAll('[data-total="' + name + '"]').forEach(function (slot) { slot.textContent = state.totals[name]; });
    });
    $("[data-server-time]").textContent = state.server_time;
    $("[data-status-label]").textContent = state.status_label;
    var onAir = $("[data-on-air]");
    onAir.textContent = onAir.getAttribute(state.on_air ? "data-on-label" : "data-off-label");
    onAir.classList.toggle("is-on-air", state.on_air);
  }

  // ---- the current topic --------------------------------------------------------------
  var agendaForm = $("[data-agenda-form]"), agendaSelect = agendaForm.querySelector("select");
  var agendaStatus = agendaForm.querySelector("[data-form-status]"), agendaDirty = false;
  agendaSelect.addEventListener("change", function () { agendaDirty = true; });
  agendaForm.addEventListener("submit", function (event) {
    event.preventDefault();
    agendaStatus.textContent = Live.message("sending");
    Live.send(agendaForm.getAttribute("action"), { agenda_item: agendaSelect.value }).then(function (result) {
      if (result.ok) {
        agendaDirty = false;
        agendaStatus.textContent = Live.message("agenda_set");
        poller.now();
      } else {
        agendaStatus.textContent = result.data && result.data.errors
          ? [].concat(result.data.errors.agenda_item || []).join(" ") : Live.message("failed_status", { status: result.status });
      }
    }, function () {
      agendaStatus.textContent = Live.message("click_again");
    });
  });
  function showAgendaItem(id) {
    if (agendaDirty || document.activeElement === agendaSelect) return;
    agendaSelect.value = id === null ? "" : String(id);
  }

  // ---- the question queue -------------------------------------------------------------
  var lists = {}, template = $("[data-question-template]");
  root.querySelectorAll("[data-question-list]").forEach(function (list) { lists[list.getAttribute("data-question-list")] = list; });
  var answers = {}; // question id -> its answer draft
  var shownAnswers = {}; // question id -> the server's answer last put in its box

  function prepareCard(card, id) {
    if (answers[id]) return;
    var form = card.querySelector("form"), textarea = form.querySelector("[data-answer]");
    textarea.id = "tra-loi-" + id;
    var label = form.querySelector("label[for]");
    if (label) label.htmlFor = textarea.id;
    form.setAttribute("action", moderateUrl.replace("/0/", "/" + id + "/"));
    shownAnswers[id] = textarea.value; // as rendered by the server, before a saved draft replaces it
    answers[id] = Live.drafts(form, prefix + ":answer:" + id, ["answer"]);
  }
  // Put the current answer in the box unless the organiser is typing or has typed something else.
  function showAnswer(card, question) {
    var textarea = card.querySelector("[data-answer]");
    if (document.activeElement !== textarea && textarea.value === shownAnswers[question.id]) textarea.value = question.answer;
    shownAnswers[question.id] = question.answer;
  }
  function updateCard(card, question) {
    Live.fill(card, question);
    card.id = "cau-hoi-" + question.id;
    card.setAttribute("data-status", question.status);
    prepareCard(card, question.id);
    showAnswer(card, question);
    card.querySelectorAll("[data-action]").forEach(function (button) {
      button.hidden = question.actions.indexOf(button.getAttribute("data-action")) < 0;
    });
    card.querySelector("[data-answer]").hidden = question.actions.indexOf("answer") < 0;
    card.querySelector('[data-action="answer"]').textContent = Live.message(question.status === "answered" ? "edit_answer" : "answer");
  }
  function showQuestions(questions) {
    var pool = {};
    Object.keys(lists).forEach(function (status) {
      lists[status].querySelectorAll("[data-id]").forEach(function (card) { pool[card.getAttribute("data-id")] = card; });
    });
    Object.keys(lists).forEach(function (status) {
      var items = questions.filter(function (question) { return question.status === status; });
      Live.sync(lists[status], items, template, updateCard, pool);
      lists[status].closest("[data-status-group]").querySelector("[data-count]").textContent = items.length;
    });
    Object.keys(pool).forEach(function (id) { pool[id].remove(); });
  }

  var lastButton = null;
  root.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-action]");
    if (button) lastButton = button;
  });
  root.addEventListener("submit", function (event) {
    var form = event.target.closest("[data-moderation-form]");
    if (!form) return;
    event.preventDefault();
    var button = event.submitter || lastButton, card = form.closest("[data-id]");
    var id = card.getAttribute("data-id"), action = button && button.value, status = form.querySelector("[data-form-status]");
    var fields = { action: action, answer: action === "answer" ? form.elements.answer.value : "" };
    status.textContent = Live.message("sending");
    Live.send(form.getAttribute("action"), fields).then(function (result) {
      if (result.ok) {
        status.textContent = "";
        if (action === "answer") { // the server has it now: the box shows it as the current answer
          answers[id].forget();
          shownAnswers[id] = form.elements.answer.value;
        }
        questionData[id] = result.data.question; // the next answer may come before this change is in a delta
        updateCard(card, result.data.question);
        lists[result.data.question.status].appendChild(card);
        poller.now();
      } else if (result.data && result.data.errors) {
        var errors = result.data.errors;
        status.textContent = Object.keys(errors).map(function (field) { return [].concat(errors[field]).join(" "); }).join(" ");
      } else {
        status.textContent = Live.message("failed_status", { status: result.status });
      }
    }, function () {
      status.textContent = Live.message("answer_kept");
    });
  });

  // Cards rendered by the server get their drafts and actions at once.
  root.querySelectorAll(".question-card[data-id]").forEach(function (card) { prepareCard(card, card.getAttribute("data-id")); });

  var poller = Live.poll(root, {
    url: stateUrl,
    seconds: Number(root.getAttribute("data-poll-seconds")) || 3,
    onData: function (state) {
      var questions = merge(state);
      showTiles(state);
      showAgendaItem(state.current_agenda_item);
      if (state.full || state.questions.length) showQuestions(questions);
    },
    onFatal: function (status) {
      Live.showBanner(root, "[data-fatal-banner]",
        Live.message(status === 401 ? "signed_out" : status === 403 ? "no_permission" : "conference_gone"));
    }
  });
})();
