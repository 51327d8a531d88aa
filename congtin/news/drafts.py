"""Draft articles other parts of the site prepare for an editor to finish and publish.

The door other apps use to put text into the portal: `create_draft_article`, and `draft_once`
for "one draft per conference / per directive" (the conferences' report, the follow-up's
summary). News knows nothing of who calls it.
"""

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models, transaction
from django.utils import timezone

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
        # A comma splits a tag in the editor's tag field ("Học tập, quán triệt" came back as two
        # broken tags): a tag is kept as words.
        article.tags.set([" ".join(tag.replace(",", " ").split()) for tag in tags])
        section.add_child(instance=article)
        article.save_revision(user=user, log_action=True)
    return article


@dataclass(frozen=True)
class DraftContent:
    """What a caller composes for its draft: `paragraphs` as `create_draft_article` takes them."""

    title: str
    lead: str
    paragraphs: list
    tags: tuple[str, ...]


def draft_once(
    owner: models.Model,
    compose: Callable[[Any], DraftContent],
    *,
    section_title: str,
    user: AbstractBaseUser | None = None,
) -> ArticlePage:
    """The article `owner` (a model with a `report_page` and an `updated_at`) drafted before, if
    it still exists, else a new draft from `compose(owner)`, remembered on the owner. The owner's
    row is locked meanwhile: a double click makes one draft."""
    with transaction.atomic():
        owner = type(owner)._default_manager.select_for_update().get(pk=owner.pk)
        if owner.report_page is not None:
            return owner.report_page.specific
        content = compose(owner)
        article = create_draft_article(
            section_title=section_title,
            title=content.title,
            lead=content.lead,
            paragraphs=content.paragraphs,
            published_at=timezone.now(),
            tags=content.tags,
            user=user,
        )
        owner.report_page = article
        owner.save(update_fields=["report_page", "updated_at"])
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
