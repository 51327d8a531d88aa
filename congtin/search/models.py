"""The search index's rows: one per live page a content app hands to search, and the
spellings "did you mean" learns from.

The words themselves live in the database's own full-text structure (FTS5 tables on
SQLite, tsvector columns on PostgreSQL; see backends.py), written from folded copies of
the text so every database matches "hoi nghi" to "Hội nghị" alike. A SearchDocument holds
what filtering, ranking and showing a result need, and enough text to rebuild those
structures without asking the content apps again.
"""

import hashlib
from datetime import datetime

from django.db import models

from congtin import vietnamese


def same_title_key(title: str) -> str:
    """Pages with equal keys have "the same title": the same words with the same marks, case
    and punctuation aside. Search shows them as one result (a story published again, or in
    two sections); a short hash, so the column's index stays small."""
    words = " ".join(vietnamese.words(title))
    return hashlib.blake2b(words.encode(), digest_size=8).hexdigest() if words else ""


class SearchDocument(models.Model):
    page = models.OneToOneField(
        "wagtailcore.Page", primary_key=True, on_delete=models.CASCADE, related_name="search_document"
    )
    kind = models.CharField(
        max_length=40, default="article", db_index=True, help_text="What the page is: 'article', 'document', ..."
    )
    section = models.ForeignKey("wagtailcore.Page", null=True, on_delete=models.SET_NULL, related_name="+")
    published_at = models.DateTimeField(db_index=True)
    rank_key = models.BigIntegerField(help_text="Orders newest first inside the full-text index (see rank_key()).")
    title = models.CharField(max_length=255, default="")
    same_title = models.CharField(
        max_length=16, default="", help_text="same_title_key(title): pages shown as one result."
    )
    lead = models.TextField(blank=True, default="")
    text = models.TextField(help_text="The body as plain text, for result snippets.")
    tags = models.TextField(blank=True, default="", help_text="One tag per line.")

    class Meta:
        indexes = [
            models.Index(fields=["section", "-published_at"]),
            # Plain indexes (db_index would add PostgreSQL's pattern-matching copy nothing reads):
            # the pages of a title, and the title of each page without reading its row (on
            # SQLite the column sits after the body, past its overflow pages).
            models.Index(fields=["same_title"], name="congtin_search_same_title"),
            models.Index(fields=["page", "same_title"], name="congtin_search_page_title"),
        ]


class Spelling(models.Model):
    """How the archive spells a word or a pair of words, and how often: what "did you mean"
    restores a query typed without marks from ("hoi nghi" → "hội nghị")."""

    exact = models.CharField(max_length=100, primary_key=True)  # NFC, as written: "hội nghị", "Đà Nẵng"
    folded = models.CharField(max_length=100)  # "hoi nghi"
    count = models.PositiveIntegerField(default=0)

    class Meta:
        # A plain index: lookups are by whole key. (db_index would also give PostgreSQL a
        # second, pattern-matching copy that every insert pays for and nothing reads.)
        indexes = [models.Index(fields=["folded"], name="congtin_search_spelling_folded")]


PAGE_ID_BITS = 22


def rank_key(published_at: datetime, page_id: int = 0) -> int:
    """A number that grows with publication time, unique per page.

    SQLite's FTS5 returns matches in rowid order and stops at LIMIT, so with this as the
    rowid "newest matches first" costs the same for 10 matches as for 50,000.
    """
    return ((int(published_at.timestamp()) + 2**31) << PAGE_ID_BITS) | (page_id & (2**PAGE_ID_BITS - 1))
