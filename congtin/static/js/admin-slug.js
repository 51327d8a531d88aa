/*
 * Slugs in the back office as congtin.vietnamese makes them on the server (the importer's):
 * "Đà Nẵng" -> "da-nang", "Hội nghị trực tuyến tại 56 điểm cầu" ->
 * "hoi-nghi-truc-tuyen-tai-56-diem-cau", where Wagtail's own transliteration drops letters
 * ("dja-nng"). Wagtail's w-slug controller (the slug field: filled from the title as the
 * editor types, cleaned when it loses focus) is replaced by a subclass that keeps everything
 * but the two functions that make a slug. Loaded after Wagtail's core.js, before its
 * controllers connect (congtin.core.wagtail_hooks, insert_editor_js).
 */
(() => {
  "use strict";

  const MAX_LENGTH = 80; // vietnamese.slugify's default
  const NOT_SLUG = /[^a-z0-9]+/g;
  const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

  // Python strips a mark when unicodedata.combining() is not 0 (a non-zero canonical
  // combining class). JavaScript cannot read that class, but canonical ordering shows it:
  // a mark of class 1 to 239 moves before U+0345 (class 240, the highest), a class-0
  // character never moves. \p{M} alone would also strip the spacing marks of class 0
  // (Devanagari, Thai...) that Python keeps.
  const combining = new Map();
  const isCombining = (mark) => {
    if (!combining.has(mark)) {
      combining.set(mark, mark === "\u0345" || `\u0345${mark}`.normalize("NFD").startsWith(mark));
    }
    return combining.get(mark);
  };

  /** vietnamese.fold: no tone or vowel marks, đ/Đ as d/D, case kept. */
  const fold = (text) =>
    text
      .normalize("NFC")
      .replace(/đ/g, "d")
      .replace(/Đ/g, "D")
      .normalize("NFD")
      .replace(/\p{M}/gu, (mark) => (isCombining(mark) ? "" : mark));

  /** vietnamese.slugify: folded, lower case, words joined by hyphens, cut at a word boundary. */
  const slugify = (text, maxLength = MAX_LENGTH) => {
    const slug = fold(text).toLowerCase().replace(NOT_SLUG, "-").replace(/^-+|-+$/g, "");
    if (slug.length <= maxLength) {
      return slug;
    }
    const cut = slug.slice(0, maxLength + 1);
    const end = cut.lastIndexOf("-");
    return (end >= 0 ? cut.slice(0, end) : cut.slice(0, maxLength)).replace(/^-+|-+$/g, "");
  };

  /** vietnamese.clean_slug: a slug typed in the slug field is kept if it already is one. */
  const cleanSlug = (text) => (SLUG.test(text) ? text : slugify(text));

  window.congtin = { ...window.congtin, slugify, cleanSlug };

  const app = window.wagtail && window.wagtail.app;
  const wagtailSlug = app && app.router.modulesByIdentifier.get("w-slug");
  if (!wagtailSlug) {
    return; // not Wagtail's admin, or a Wagtail without this controller: its own slugs stay
  }

  class VietnameseSlugController extends wagtailSlug.controllerConstructor {
    // The value comes from the event (the title, synced as the editor types) or the field.
    make(action, event, ignoreUpdate, toSlug) {
      const { value = this.element.value } = (event && event.detail) || {};
      const source = this.trimValue ? value.trim() : value;
      if (!source) {
        return "";
      }
      const slug = toSlug(source);
      if (!ignoreUpdate) {
        this.applyUpdate(action, slug, value);
      }
      return slug;
    }

    /** The slug field itself, when it loses focus. */
    slugify(event, { ignoreUpdate = false } = {}) {
      return this.make("slugify", event, ignoreUpdate, cleanSlug);
    }

    /** The title's text, synced into the slug field (and compared with it). */
    urlify(event, { ignoreUpdate = false } = {}) {
      return this.make("urlify", event, ignoreUpdate, slugify);
    }
  }

  app.register("w-slug", VietnameseSlugController);
})();
