"""The project's editor guide (docs/editors.md) in the back office, linked from its help menu
in place of Wagtail's own guide (English, on guide.wagtail.org: out of reach on a closed network).

docs/editors.md is written in the Markdown that docs/ uses: headings, paragraphs, lists (nested
by indentation), tables, code blocks, `code`, **bold**, *italics* and links. This renders that
subset, escaping everything else; a link to another file of the repository shows as its text.
"""

import re
from pathlib import Path

from django.conf import settings
from django.http import Http404
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

GUIDE = "docs/editors.md"

_INLINE = re.compile(r"`([^`]+)`|\*\*(.+?)\*\*|(?<![*\w])\*([^*\s][^*]*?)\*(?![*\w])|\[([^\]]+)\]\(([^)\s]+)\)")
_LIST_ITEM = re.compile(r"^(\s*)([-*]|\d+\.)\s+(.*)$")
_HEADING = re.compile(r"^(#{1,4})\s+(.*)$")


def _inline(text: str) -> str:
    """One line's text as HTML: everything escaped but the inline marks above."""
    out, position = [], 0
    for match in _INLINE.finditer(text):
        out.append(escape(text[position : match.start()]))
        code, bold, italic, label, url = match.groups()
        if code is not None:
            out.append(format_html("<code>{}</code>", code))
        elif bold is not None:
            out.append(f"<strong>{_inline(bold)}</strong>")
        elif italic is not None:
            out.append(f"<em>{_inline(italic)}</em>")
        elif url.startswith(("http://", "https://", "/", "#")):
            out.append(format_html('<a href="{}">{}</a>', url, mark_safe(_inline(label))))
        else:
            out.append(_inline(label))  # a file of the repository: not served here
        position = match.end()
    out.append(escape(text[position:]))
    return "".join(out)


def _table(rows: list[str]) -> str:
    cells = [[cell.strip() for cell in row.strip().strip("|").split("|")] for row in rows]
    header, body = cells[0], [row for row in cells[1:] if not all(set(cell) <= set("-: ") for cell in row)]
    head = "".join(f"<th>{_inline(cell)}</th>" for cell in header)
    lines = "".join("<tr>" + "".join(f"<td>{_inline(cell)}</td>" for cell in row) + "</tr>" for row in body)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{lines}</tbody></table>"


def _list(items: list[tuple[int, str, str]]) -> str:
    """Items (indent, marker, text) as nested <ul>/<ol>: deeper indentation opens a sub-list."""
    html: list[str] = []
    stack: list[tuple[int, str]] = []  # the open lists: (indent, tag)
    for indent, marker, text in items:
        tag = "ol" if marker[0].isdigit() else "ul"
        while stack and indent < stack[-1][0]:
            html.append(f"</li></{stack.pop()[1]}>")
        if stack and indent == stack[-1][0]:
            html.append("</li>")
        else:
            html.append(f"<{tag}>")
            stack.append((indent, tag))
        html.append(f"<li>{_inline(text)}")
    while stack:
        html.append(f"</li></{stack.pop()[1]}>")
    return "".join(html)


def render_markdown(text: str) -> SafeString:
    blocks: list[str] = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            index += 1
        elif line.startswith("```"):
            end = next((i for i in range(index + 1, len(lines)) if lines[i].startswith("```")), len(lines))
            blocks.append(format_html("<pre><code>{}</code></pre>", "\n".join(lines[index + 1 : end])))
            index = end + 1
        elif heading := _HEADING.match(line):
            level = len(heading.group(1))
            blocks.append(f"<h{level}>{_inline(heading.group(2))}</h{level}>")
            index += 1
        elif line.lstrip().startswith("|"):
            end = index
            while end < len(lines) and lines[end].lstrip().startswith("|"):
                end += 1
            blocks.append(_table(lines[index:end]))
            index = end
        elif _LIST_ITEM.match(line):
            items: list[tuple[int, str, str]] = []
            while index < len(lines) and lines[index].strip():
                item = _LIST_ITEM.match(lines[index])
                if item:
                    items.append((len(item.group(1)), item.group(2), item.group(3)))
                else:  # a wrapped line of the item above
                    indent, marker, words = items[-1]
                    items[-1] = (indent, marker, f"{words} {lines[index].strip()}")
                index += 1
            blocks.append(_list(items))
        else:
            paragraph = []
            while index < len(lines) and lines[index].strip() and not _starts_block(lines[index]):
                paragraph.append(lines[index].strip())
                index += 1
            blocks.append(f"<p>{_inline(' '.join(paragraph))}</p>")
    return mark_safe("\n".join(blocks))


def _starts_block(line: str) -> bool:
    return bool(_HEADING.match(line) or _LIST_ITEM.match(line) or line.startswith("```") or line.startswith("|"))


class EditorGuideView(WagtailAdminTemplateMixin, TemplateView):
    """docs/editors.md, in the back office's frame."""

    template_name = "core/editor_guide.html"
    header_icon = "help"

    def get_page_title(self) -> str:
        return _("Hướng dẫn biên tập")

    def get_context_data(self, **kwargs: object) -> dict:
        path = Path(settings.BASE_DIR) / GUIDE
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise Http404(_("Chưa có hướng dẫn biên tập trên máy chủ này.")) from error
        context = super().get_context_data(**kwargs)
        context["guide"] = render_markdown(text)
        return context
