"""The one door to search: a query in, a page of ranked, highlighted results out."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise

from django.db import connection
from django.utils.safestring import SafeString
from wagtail.models import Page

from congtin import pagecache, vietnamese
from congtin.news.models import ARTICLES, ArticlePage

from .backends import COUNT_CAP, backend_for
from .highlight import highlight, snippet
from .models import SearchDocument
from .query import Filters, ParsedQuery

PER_PAGE = 10
MAX_PAGE = 100  # nobody reads result 1,000; deep offsets only cost the database
RELATED_SECONDS = 3600


@dataclass
class Result:
    article: ArticlePage
    section: Page | None
    title_html: SafeString
    snippet_html: SafeString


@dataclass
class ResultPage:
    query: ParsedQuery
    results: list[Result] = field(default_factory=list)
    total: int = 0
    number: int = 1
    per_page: int = PER_PAGE
    any_word: bool = False  # no article had every word; these have some

    @property
    def more_than_counted(self) -> bool:
        """Counting stops past COUNT_CAP: the page says "hơn 1.000" rather than count on."""
        return self.total > COUNT_CAP

    @property
    def shown_total(self) -> int:
        return min(self.total, COUNT_CAP)

    @property
    def num_pages(self) -> int:
        return min(MAX_PAGE, max(1, -(-self.shown_total // self.per_page)))

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages


def search(text: str, filters: Filters | None = None, page: int = 1, per_page: int = PER_PAGE) -> ResultPage:
    """Page `page` of the live articles matching `text` (every word, else any word), best first."""
    filters = filters or Filters()
    query = ParsedQuery.parse(text)
    page = min(max(1, page), MAX_PAGE)
    result_page = ResultPage(query=query, number=page, per_page=per_page)
    if not query:
        return result_page
    backend = backend_for(connection)
    offset = (page - 1) * per_page
    ids, total = backend.search(query, filters, offset, per_page)
    if not total and not offset and len(query.folded) > 1:
        ids, total = backend.search(query, filters, offset, per_page, any_word=True)
        result_page.any_word = bool(total)
    documents = SearchDocument.objects.filter(pk__in=ids).select_related("section")
    by_id = {document.pk: document for document in documents}
    pages = Page.objects.filter(pk__in=ids).specific().in_bulk()
    for document in documents:
        document.page = pages[document.pk]
    result_page.total = total
    result_page.results = [
        Result(
            article=document.page,
            section=document.section,
            title_html=highlight(document.page.title, query.folded),
            snippet_html=snippet(document.text, query.folded),
        )
        for document in (by_id.get(pk) for pk in ids)
        if document
    ]
    return result_page


def related_phrases(article: ArticlePage, tags: Iterable[str]) -> list[str]:
    """What an article is about, as folded phrases: its tags, and the title's word pairs."""
    title = [vietnamese.fold(w) for w in vietnamese.words(article.title)]
    pairs = [f"{a} {b}" for a, b in pairwise(title) if not (a in vietnamese.STOPWORDS and b in vietnamese.STOPWORDS)]
    tag_phrases = [" ".join(vietnamese.fold(w) for w in vietnamese.words(tag)) for tag in tags]
    return list(dict.fromkeys(p for p in tag_phrases + pairs if p))[:24]


def related_articles(article: ArticlePage, limit: int = 5) -> list[ArticlePage]:
    """ "Tin liên quan": live articles sharing the most of this one's title and tags.

    Any change to the live articles gives a new version, so a kept list is never stale;
    each process keeps its own (the search is a few milliseconds, once per version)."""
    stamp = article.last_published_at.timestamp() if article.last_published_at else 0

    def find() -> list[ArticlePage]:
        phrases = related_phrases(article, article.tags.names())
        ids = backend_for(connection).related(phrases, article.pk, limit) if phrases else []
        by_id = Page.objects.filter(pk__in=ids).specific().in_bulk()
        return [by_id[pk] for pk in ids if pk in by_id]

    return pagecache.fragment(
        f"congtin:related:{article.pk}:{stamp}:{limit}", find, seconds=RELATED_SECONDS, versions=[ARTICLES]
    )
