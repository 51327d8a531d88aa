"""Snippets with the matched words marked, found through folding so "hoi nghi" marks "Hội nghị"."""

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from congtin import vietnamese

_WORD = re.compile(r"[^\W_]+")  # as vietnamese.words() cuts words


@lru_cache(maxsize=256)
def _pattern(folded_words: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(map(re.escape, sorted(set(folded_words), key=len, reverse=True)))
    return re.compile(r"(?<![^\W_])(?:" + alternatives + r")(?![^\W_])")


def _matches(text: str, folded_words: Sequence[str]) -> list[tuple[int, int]]:
    if not folded_words:
        return []
    haystack = vietnamese.fold_aligned(text).lower()
    return [match.span() for match in _pattern(tuple(folded_words)).finditer(haystack)]


def _first_match(text: str, folded_words: Sequence[str], chunk: int = 600) -> tuple[int, int] | None:
    """Where the first query word is in `text`, folding a chunk at a time (cut at a space, so
    no word is split): a body's match is mostly near its start, and folding all of it is
    most of what a page of snippets costs."""
    if not folded_words:
        return None
    pattern = _pattern(tuple(folded_words))
    start = 0
    while start < len(text):
        end = text.find(" ", start + chunk)
        end = len(text) if end < 0 else end
        match = pattern.search(vietnamese.fold_aligned(text[start:end]).lower())
        if match:
            return start + match.start(), start + match.end()
        start = end
    return None


def highlight(text: str, folded_words: Sequence[str]) -> SafeString:
    """`text`, escaped, with every word of the query wrapped in <mark>."""
    text = unicodedata.normalize("NFC", text)
    out: list[str] = []
    position = 0
    for start, end in _matches(text, folded_words):
        out += [escape(text[position:start]), "<mark>", escape(text[start:end]), "</mark>"]
        position = end
    out.append(escape(text[position:]))
    return mark_safe("".join(out))


def snippet(text: str, folded_words: Sequence[str], length: int = 220) -> SafeString:
    """A window of `text` around the first match (or its opening), cut at word boundaries."""
    text = unicodedata.normalize("NFC", text)
    first = _first_match(text, folded_words)
    start = max(0, first[0] - length // 3) if first else 0
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 30 else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + length // 2 else end
    window = text[start:end].replace("\n", " ")
    return mark_safe(("… " if start else "") + highlight(window, folded_words) + (" …" if end < len(text) else ""))


def mark_changed(text: str, typed: str) -> SafeString:
    """`text`, escaped, with the words that differ from the typed word in their place marked,
    a run of changed words as one <mark> ("da nang" → "<mark>Đà Nẵng</mark>"; case alone is
    no change)."""
    text = unicodedata.normalize("NFC", text)
    typed_words = vietnamese.words(typed)
    runs: list[list[int]] = []  # [start, end] of each run of changed words
    for index, match in enumerate(_WORD.finditer(text)):
        if index < len(typed_words) and typed_words[index] == match.group().lower():
            continue
        start, end = match.span()
        if runs and not text[runs[-1][1] : start].strip():
            runs[-1][1] = end
        else:
            runs.append([start, end])
    out: list[str] = []
    position = 0
    for start, end in runs:
        out += [escape(text[position:start]), "<mark>", escape(text[start:end]), "</mark>"]
        position = end
    out.append(escape(text[position:]))
    return mark_safe("".join(out))
