"""Helpers of the newsroom tests."""

from congtin import vietnamese
from tests import support


def article_form(title: str, action: str | None = "action-submit", **fields) -> dict:
    """The article form as a reporter sends it: "Gửi vào quy trình" by default, a lead, and the
    slug the browser fills in from the title."""
    fields = {"lead": "Tóm tắt bài viết.", "author": "Phóng viên", **fields}
    return support.article_form(title, slug=vietnamese.slugify(title), action=action, **fields)
