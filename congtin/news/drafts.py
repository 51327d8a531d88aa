"""Draft articles other parts of the site prepare for an editor to finish and publish.

The one function other apps call to put text into the portal (the conferences app
drafts its report article through it): news knows nothing of who calls it.
"""

import html
from collections.abc import Sequence
from datetime import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from congtin import vietnamese

from .models import ArticlePage, HomePage


def create_draft_article(
    *,
    section_title: str,
    title: str,
    lead: str,
    paragraphs: Sequence[str | Sequence[str]],
    published_at: datetime,
    tags: Sequence[str] = (),
    user: AbstractBaseUser | None = None,
    home: HomePage | None = None,
) -> ArticlePage:
    """An unpublished article (a draft revision, not live) in the section titled
    `section_title`, which is created if the site has none yet.

    Each item of `paragraphs` is plain text (escaped here) and becomes a paragraph; an item
    that is a list of strings becomes a bulleted list. `user` is recorded as the draft's
    author in the page history.
    """
    home = home or HomePage.default()
    with transaction.atomic():
        section = home.section_titled(section_title, create=True)
        article = ArticlePage(
            title=title,
            slug=section.unique_child_slug(vietnamese.slugify(title) or "bai-viet"),
            lead=lead,
            body=[{"type": "paragraph", "value": _rich_text(paragraphs)}],
            published_at=published_at,
            live=False,
            owner=user,
        )
        article.tags.set(list(tags))
        section.add_child(instance=article)
        article.save_revision(user=user, log_action=True)
    return article


def _rich_text(paragraphs: Sequence[str | Sequence[str]]) -> str:
    parts = []
    for paragraph in paragraphs:
        if isinstance(paragraph, str):
            parts.append(f"<p>{html.escape(paragraph, quote=False)}</p>")
        else:
            items = "".join(f"<li>{html.escape(item, quote=False)}</li>" for item in paragraph)
            parts.append(f"<ul>{items}</ul>")
    return "".join(parts)
