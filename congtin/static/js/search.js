// Suggestions under the search boxes (the header's and the search page's): titles that start
// with what the reader types, from /tim-kiem/goi-y/, after 3 characters and a pause of 200 ms.
// An ARIA 1.2 combobox with a listbox: Down/Up choose, Enter opens, Escape or leaving the box
// closes, a tap or click opens. Without this script each box is a plain GET form that works.
// The texts come from the <script> element's data-* attributes (translated in base.html).

const MIN_CHARS = 3;
const DELAY_MS = 200;
const texts = document.querySelector("script[data-search-suggest]")?.dataset ?? {};
let boxes = 0;

for (const form of document.querySelectorAll("form[data-suggest]")) {
  const input = form.querySelector('input[name="q"]');
  if (input) enhance(form, input, form.dataset.suggest);
}

/** What the server will be asked for: the typed text, one-spaced. */
function typed(input) {
  return input.value.normalize("NFC").trim().replace(/\s+/g, " ");
}

function enhance(form, input, endpoint) {
  const id = `search-suggestions-${++boxes}`;
  const list = document.createElement("ul");
  list.id = id;
  list.className = "search-suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", texts.listLabel || "Gợi ý");
  list.hidden = true;
  const status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  input.after(list);
  form.append(status);
  // A combobox is a text box (ARIA in HTML, as the Nu checker reads it): type=search may not
  // take the role. The phone's keyboard still shows its search key.
  input.type = "text";
  input.enterKeyHint = "search";
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", id);
  input.setAttribute("aria-expanded", "false");
  input.closest(".search-box, form").classList.add("has-suggestions");

  const answers = new Map(); // text → titles, for this page's life (Backspace, typing again)
  let timer = 0;
  let request = null;
  let hits = [];
  let active = -1;

  function open() {
    if (!hits.length) return;
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    choose(-1);
  }

  function choose(index) {
    active = index;
    list.querySelectorAll('[role="option"]').forEach((option, i) => {
      option.setAttribute("aria-selected", String(i === index));
      if (i === index) option.scrollIntoView({ block: "nearest" });
    });
    if (index >= 0) input.setAttribute("aria-activedescendant", `${id}-${index}`);
    else input.removeAttribute("aria-activedescendant");
  }

  function go(index) {
    if (hits[index]) window.location.assign(hits[index].url);
  }

  function show(found) {
    hits = found;
    active = -1;
    input.removeAttribute("aria-activedescendant");
    list.replaceChildren(
      ...found.map((hit, i) => {
        const option = document.createElement("li");
        option.id = `${id}-${i}`;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        const title = document.createElement("span");
        title.className = "search-suggestion-title";
        title.textContent = hit.title;
        const kind = document.createElement("span");
        kind.className = "search-suggestion-kind";
        kind.textContent = hit.kind;
        option.append(title, " ", kind);
        return option;
      }),
    );
    status.textContent = found.length ? (texts.count || "%s").replace("%s", String(found.length)) : "";
    if (found.length && document.activeElement === input) open();
    else close();
  }

  async function load(text) {
    if (answers.has(text)) return show(answers.get(text));
    request?.abort();
    const controller = (request = new AbortController());
    try {
      // No cookies: the answer is the same for everyone, so nginx and the browser may keep it.
      const response = await fetch(`${endpoint}?${new URLSearchParams({ q: text })}`, {
        signal: controller.signal,
        credentials: "omit",
        headers: { Accept: "application/json" },
      });
      if (!response.ok) throw new Error(`${response.status}`);
      const answer = await response.json();
      answers.set(text, answer.results);
      if (typed(input) === text) show(answer.results);
    } catch (error) {
      if (error.name !== "AbortError") show([]); // the form still works: Enter searches
    } finally {
      if (request === controller) request = null;
    }
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    const text = typed(input);
    if (text.length < MIN_CHARS) {
      request?.abort();
      show([]);
      return;
    }
    timer = setTimeout(() => load(text), DELAY_MS);
  });

  input.addEventListener("keydown", (event) => {
    if (event.isComposing) return; // a Vietnamese input method (Telex, VNI) is building a letter
    const isOpen = !list.hidden;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!hits.length) return;
      event.preventDefault();
      if (!isOpen) open();
      const step = event.key === "ArrowDown" ? 1 : -1;
      const last = hits.length - 1;
      choose(active === -1 ? (step > 0 ? 0 : last) : active + step > last ? 0 : active + step < 0 ? last : active + step);
    } else if (event.key === "Enter" && isOpen && active >= 0) {
      event.preventDefault();
      go(active);
    } else if (event.key === "Escape" && isOpen) {
      event.preventDefault(); // the list closes; the typed text stays
      close();
    } else if (event.key === "Tab") {
      close();
    }
  });

  input.addEventListener("focus", () => {
    if (hits.length && answers.get(typed(input)) === hits) open();
  });
  input.addEventListener("blur", close);
  // Back from an article (the page restored from the back/forward cache): no list left open.
  window.addEventListener("pageshow", (event) => event.persisted && close());
  form.addEventListener("submit", close);
  // A press on the list keeps the focus in the box, so it does not close before the click.
  list.addEventListener("mousedown", (event) => event.preventDefault());
  list.addEventListener("click", (event) => {
    const option = event.target.closest('[role="option"]');
    if (option) go([...list.children].indexOf(option));
  });
  list.addEventListener("mousemove", (event) => {
    const option = event.target.closest('[role="option"]');
    const index = option ? [...list.children].indexOf(option) : -1;
    if (index >= 0 && index !== active) choose(index);
  });
}
