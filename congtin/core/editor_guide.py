"""The project's editor guide (docs/editors.md) in the back office, linked from its help menu
in place of Wagtail's own guide (English, on guide.wagtail.org: out of reach on a closed network).

Rendered by markdown-it-py (CommonMark and tables) with raw HTML escaped; a link to another file
of the repository shows as its text, since those files are not served here.
"""

from pathlib import Path

from django.conf import settings
from django.http import Http404
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

GUIDE = "docs/editors.md"
SERVED = ("http://", "https://", "/", "#")  # link targets a reader of the back office can follow


def _unlink_repository_files(state: StateCore) -> None:
    """Drop the link, keep its text, where the target is a file of the repository."""
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        kept, dropped = [], []
        for token in block.children:
            if token.type == "link_open":
                dropped.append(not str(token.attrGet("href") or "").startswith(SERVED))
                if dropped[-1]:
                    continue
            elif token.type == "link_close" and dropped.pop():
                continue
            kept.append(token)
        block.children = kept


_MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable("table")
_MARKDOWN.core.ruler.push("unlink_repository_files", _unlink_repository_files)


def render_markdown(text: str) -> SafeString:
    return mark_safe(_MARKDOWN.render(text))  # markdown-it escapes raw HTML ("html": False)


class EditorGuideView(WagtailAdminTemplateMixin, TemplateView):
    """docs/editors.md, in the back office's frame."""

    template_name = "core/editor_guide.html"
    header_icon = "help"

    def get_page_title(self) -> str:
        return _("Hướng dẫn biên tập")

    def get_breadcrumbs_items(self) -> list[dict]:
        """Trang chủ › Hướng dẫn biên tập: the header names the page, not only the dashboard."""
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs: object) -> dict:
        path = Path(settings.BASE_DIR) / GUIDE
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise Http404(_("Chưa có hướng dẫn biên tập trên máy chủ này.")) from error
        context = super().get_context_data(**kwargs)
        context["guide"] = render_markdown(text)
        return context
