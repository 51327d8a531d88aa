"""The search index's rows: one per live article.

The words themselves live in the database's own full-text structure (an FTS5 table on
SQLite, tsvector columns on PostgreSQL; see backends.py), written from folded copies of
the text so every database matches "hoi nghi" to "Hội nghị" alike. This model holds what
filtering and showing a result needs.
"""

from datetime import datetime

from django.db import models


class SearchDocument(models.Model):
    page = models.OneToOneField(
        "news.ArticlePage", primary_key=True, on_delete=models.CASCADE, related_name="search_document"
    )
    section = models.ForeignKey("wagtailcore.Page", null=True, on_delete=models.SET_NULL, related_name="+")
    published_at = models.DateTimeField(db_index=True)
    rank_key = models.BigIntegerField(help_text="Orders newest first inside the full-text index (see rank_key()).")
    text = models.TextField(help_text="Lead and body as plain text, for result snippets.")

    class Meta:
        indexes = [models.Index(fields=["section", "-published_at"])]


PAGE_ID_BITS = 22


def rank_key(published_at: datetime, page_id: int = 0) -> int:
    """A number that grows with publication time, unique per article.

    SQLite's FTS5 returns matches in rowid order and stops at LIMIT, so with this as the
    rowid "newest matches first" costs the same for 10 matches as for 50,000.
    """
    return ((int(published_at.timestamp()) + 2**31) << PAGE_ID_BITS) | (page_id & (2**PAGE_ID_BITS - 1))
