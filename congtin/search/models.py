"""The search index's rows: one per live article.

The words themselves live in the database's own full-text structure (an FTS5 table on
SQLite, tsvector columns on PostgreSQL; see backends.py), written from folded copies of
the text so every database matches "hoi nghi" to "Hội nghị" alike. This model holds what
filtering and showing a result needs.
"""

from django.db import models


class SearchDocument(models.Model):
    page = models.OneToOneField(
        "news.ArticlePage", primary_key=True, on_delete=models.CASCADE, related_name="search_document"
    )
    section = models.ForeignKey("wagtailcore.Page", null=True, on_delete=models.SET_NULL, related_name="+")
    published_at = models.DateTimeField(db_index=True)
    text = models.TextField(help_text="Lead and body as plain text, for result snippets.")

    class Meta:
        indexes = [models.Index(fields=["section", "-published_at"])]
