"""Keeping the search index in step with what is published."""

import html
import re
import unicodedata
from collections.abc import Callable, Iterable

from django.db import connection, transaction
from wagtail.models import Page

from congtin.news.models import ArticlePage, ArticlePageTag

from .backends import IndexRow, backend_for
from .models import SearchDocument, rank_key

_TAG = re.compile(r"<[^>]+>")
INDEX_BATCH = 500


def plain_body(article: ArticlePage) -> str:
    """The body as plain text: paragraphs, captions and quotes, no markup."""
    parts = []
    for block in article.body.raw_data:
        value = block.get("value")
        if block.get("type") == "paragraph" and isinstance(value, str):
            parts.append(html.unescape(_TAG.sub(" ", value)))
        elif block.get("type") == "image" and isinstance(value, dict):
            parts.append(value.get("caption") or "")
        elif block.get("type") == "quote" and isinstance(value, dict):
            parts.append(value.get("text") or "")
    return "\n".join(part.strip() for part in parts if part and part.strip())


def index_row(article: ArticlePage, section_id: int | None, tags: Iterable[str]) -> tuple[IndexRow, str]:
    """The article's row for the full-text structure, and its text for result snippets."""
    body_text = unicodedata.normalize("NFC", "\n".join(filter(None, [article.lead, plain_body(article)])))
    key = rank_key(article.published_at, article.pk)
    return IndexRow.of(article.pk, key, section_id, article.title, "", body_text, tags), body_text


def index_articles(articles: Iterable[ArticlePage]) -> None:
    """Index (or re-index) these articles; those not live are taken out of the index."""
    articles = list(articles)
    live = [a for a in articles if a.live]
    unindex([a.pk for a in articles if not a.live])
    for start in range(0, len(live), INDEX_BATCH):
        _index_batch(live[start : start + INDEX_BATCH])


def _index_batch(articles: list[ArticlePage]) -> None:
    ids = [a.pk for a in articles]
    tags: dict[int, list[str]] = {}
    for article_id, name in ArticlePageTag.objects.filter(content_object_id__in=ids).values_list(
        "content_object_id", "tag__name"
    ):
        tags.setdefault(article_id, []).append(name)
    parent_paths = {a.path[: -Page.steplen] for a in articles}
    section_ids = dict(Page.objects.filter(path__in=parent_paths).values_list("path", "pk"))
    rows: list[IndexRow] = []
    documents: list[SearchDocument] = []
    for article in articles:
        section_id = section_ids.get(article.path[: -Page.steplen])
        row, text = index_row(article, section_id, tags.get(article.pk, []))
        rows.append(row)
        documents.append(
            SearchDocument(
                page_id=article.pk,
                section_id=section_id,
                published_at=article.published_at,
                rank_key=row.rank_key,
                text=text,
            )
        )
    with transaction.atomic():
        old_keys = SearchDocument.objects.filter(page_id__in=ids).values_list("rank_key", flat=True)
        backend_for(connection).write(rows, old_keys=list(old_keys))
        SearchDocument.objects.bulk_create(
            documents,
            update_conflicts=True,
            unique_fields=["page"],
            update_fields=["section", "published_at", "rank_key", "text"],
        )


def unindex(page_ids: Iterable[int]) -> None:
    """Take these pages out of the index (unpublished, deleted)."""
    page_ids = list(page_ids)
    if page_ids:
        SearchDocument.objects.filter(page_id__in=page_ids).delete()  # the database drops its words too


def rebuild(on_batch: Callable[[int], object] | None = None) -> int:
    """Index every live article afresh; returns how many."""
    with transaction.atomic():
        SearchDocument.objects.all().delete()
        backend_for(connection).clear()
    count = 0
    ids = list(ArticlePage.objects.live().order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), INDEX_BATCH):
        batch = list(ArticlePage.objects.filter(pk__in=ids[start : start + INDEX_BATCH]))
        _index_batch(batch)
        count += len(batch)
        if on_batch:
            on_batch(len(batch))
    return count
