"""Signals news sends for other capabilities (search, page cache) to act on."""

from django.dispatch import Signal

# Sent once per import batch, after its transaction commits: `articles` is the list of
# ArticlePage instances created or updated. Bulk imports do not send page_published.
articles_imported = Signal()
