"""Snippets with the matched words marked, found through folding so "hoi nghi" marks "Hội nghị"."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from congtin import vietnamese


def _matches(text, folded_words):
    if not folded_words:
        return []
    haystack = vietnamese.fold_aligned(text).lower()
    pattern = re.compile(r"(?<![^\W_])(?:" + "|".join(map(re.escape, sorted(set(folded_words), key=len, reverse=True))) + r")(?![^\W_])")
    return [match.span() for match in pattern.finditer(haystack)]


def highlight(text: str, folded_words) -> SafeString:
    """`text`, escaped, with every word of the query wrapped in <mark>."""
    out, position = [], 0
    for start, end in _matches(text, folded_words):
        out += [escape(text[position:start]), "<mark>", escape(text[start:end]), "</mark>"]
        position = end
    out.append(escape(text[position:]))
    return mark_safe("".join(out))


def snippet(text: str, folded_words, length: int = 220) -> SafeString:
    """A window of `text` around the first match (or its opening), cut at word boundaries."""
    matches = _matches(text, folded_words)
    start = max(0, matches[0][0] - length // 3) if matches else 0
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 30 else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + length // 2 else end
    window = text[start:end].replace("\n", " ")
    return mark_safe(("… " if start else "") + highlight(window, folded_words) + (" …" if end < len(text) else ""))
