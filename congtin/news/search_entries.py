"""Articles as search entries: what news hands to the search service (congtin.search.service)
and what it asks back ("Tin liên quan").

The article-specific parts of search live here: the body as plain text, the tags, the
section an article is filed under, and the phrases an article is about."""

import html
import re
from collections.abc import Iterable, Iterator, Sequence
from itertools import pairwise

from django.utils.translation import gettext_lazy as _

from congtin import pagecache, vietnamese
from congtin.search import service
from congtin.search.entries import Entry, Kind

from .models import ArticlePage, ArticlePageTag

KIND = "article"
BATCH = service.INDEX_BATCH
RELATED_SECONDS = 3600
_TAG = re.compile(r"<[^>]+>")


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


def entries(articles: Sequence[ArticlePage]) -> list[Entry]:
    """The search entries of these (live) articles; their tags come in one query."""
    tags: dict[int, list[str]] = {}
    for article_id, name in ArticlePageTag.objects.filter(
        content_object_id__in=[article.pk for article in articles]
    ).values_list("content_object_id", "tag__name"):
        tags.setdefault(article_id, []).append(name)
    return [
        Entry(
            page_id=article.pk,
            kind=KIND,
            published_at=article.published_at,
            title=article.title,
            section_id=article.section_id,
            lead=article.lead,
            text=plain_body(article),
            tags=tuple(sorted(tags.get(article.pk, ()))),
        )
        for article in articles
    ]


def index_articles(articles: Iterable[ArticlePage]) -> None:
    """Hand these articles to search: the live ones (re)indexed, the others taken out."""
    articles = list(articles)
    service.remove([article.pk for article in articles if not article.live])
    live = [article for article in articles if article.live]
    for start in range(0, len(live), BATCH):
        service.index(entries(live[start : start + BATCH]))


def live_entries() -> Iterator[Entry]:
    """Every live article's entry, a batch at a time (for a rebuild of the index)."""
    ids = list(ArticlePage.objects.live().order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        yield from entries(list(ArticlePage.objects.filter(pk__in=ids[start : start + BATCH]).order_by("pk")))


ARTICLE = Kind(KIND, _("Bài viết"), live_entries)


def related_phrases(article: ArticlePage, tags: Iterable[str]) -> list[str]:
    """What an article is about, as folded phrases: its tags, and the title's word pairs."""
    title = [vietnamese.fold(w) for w in vietnamese.words(article.title)]
    pairs = [f"{a} {b}" for a, b in pairwise(title) if not (a in vietnamese.STOPWORDS and b in vietnamese.STOPWORDS)]
    tag_phrases = [" ".join(vietnamese.fold(w) for w in vietnamese.words(tag)) for tag in tags]
    return list(dict.fromkeys(p for p in tag_phrases + pairs if p))[:24]


def related_articles(article: ArticlePage, limit: int = 5) -> list[ArticlePage]:
    """ "Tin liên quan": live articles sharing the most of this one's title and tags.

    Kept under the search index's version, which every change to the index renews, so a
    kept list is never stale; each process keeps its own (a few milliseconds, once per version)."""
    stamp = article.last_published_at.timestamp() if article.last_published_at else 0

    def find() -> list[ArticlePage]:
        ids = service.related(article.pk, related_phrases(article, article.tags.names()), limit)
        found = ArticlePage.objects.live().filter(pk__in=ids).in_bulk()
        return [found[pk] for pk in ids if pk in found]

    return pagecache.fragment(
        f"congtin:related:{article.pk}:{stamp}:{limit}:{service.version()}", find, seconds=RELATED_SECONDS
    )
