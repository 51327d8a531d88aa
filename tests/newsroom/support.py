"""Helpers of the newsroom tests: the article form as the admin sends it."""

from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from congtin import vietnamese


def article_form(title: str, action: str | None = "action-submit", **fields) -> dict:
    """The new or edited article form as the admin sends it."""
    data = {
        "title": title,
        "slug": vietnamese.slugify(title),
        "lead": "Tóm tắt bài viết.",
        "body": streamfield([]),
        "author": "Phóng viên",
        "source_name": "",
        "source_url": "",
        "published_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        "image": "",
        "tags": "",
        "comments": inline_formset([]),
        "corrections": inline_formset([]),
        **fields,
    }
    if action:
        data[action] = action
    return nested_form_data(data)
