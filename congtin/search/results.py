"""What a search gives back: a page of results, each with its page, its kind and its words
marked, and the suggestion of "did you mean" (congtin.search.service builds them)."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.utils.functional import Promise
from django.utils.safestring import SafeString
from wagtail.models import Page

from .backends import COUNT_CAP
from .entries import Kind
from .highlight import highlight, mark_changed, snippet
from .models import SearchDocument
from .query import ParsedQuery

PER_PAGE = 10
MAX_PAGE = 100  # nobody reads result 1,000; deep offsets only cost the database


@dataclass(frozen=True)
class Edition:
    """Another page with its result's title (a story published again, or in two sections):
    listed under the result, not as a result of its own."""

    page: Page
    published_at: datetime


@dataclass
class Result:
    page: Page  # the base page: enough for {% pageurl %} and its title
    kind: str
    kind_label: str | Promise
    section: Page | None
    published_at: datetime
    title_html: SafeString
    snippet_html: SafeString
    editions: list[Edition] = field(default_factory=list)  # newest first


@dataclass(frozen=True)
class Suggestion:
    """ "Did you mean": the query as the archive spells it, and as HTML with the changed words marked."""

    text: str
    html: SafeString


@dataclass(frozen=True)
class TitleHit:
    """A title suggested as the reader types."""

    page_id: int
    title: str
    url: str
    kind_label: str | Promise


@dataclass
class ResultPage:
    query: ParsedQuery  # the query the results are for (the suggestion's when `corrected`)
    results: list[Result] = field(default_factory=list)
    total: int = 0  # exact, unless more_than_counted
    number: int = 1
    per_page: int = PER_PAGE
    order: str = "relevance"
    any_word: bool = False  # no page had every word; these have some
    more_than_counted: bool = False  # counting stopped at `total`: "hơn 1.000"
    suggestion: Suggestion | None = None
    corrected: bool = False  # nothing matched the query as typed: these are the suggestion's results
    # Results once pages sharing a title are collapsed, when every match was seen (else None:
    # the pages are counted from `total`, an upper bound).
    collapsed_total: int | None = None
    collapsed_more: bool | None = None  # a result with a title not shown yet follows (None: unknown)

    @property
    def shown_total(self) -> int:
        return min(self.total, COUNT_CAP)

    @property
    def num_pages(self) -> int:
        results = self.shown_total if self.collapsed_total is None else self.collapsed_total
        return min(MAX_PAGE, max(1, -(-results // self.per_page)))

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages if self.collapsed_more is None else self.collapsed_more


def _label(kinds: Mapping[str, Kind], name: str) -> str | Promise:
    kind = kinds.get(name)
    return kind.label if kind else name


def result_page(
    query: ParsedQuery,
    ids: Sequence[int],
    *,
    number: int,
    per_page: int,
    order: str,
    kinds: Mapping[str, Kind],
    sections: Mapping[int, Page],
    editions: Mapping[int, Sequence[tuple[int, datetime]]] | None = None,
) -> ResultPage:
    """The results for these page ids, in their order, in one query (documents with their
    pages; `sections` are the filing pages, kept already), and one more for the pages of
    their `editions` (id -> (page id, published) of the other pages with its title); an id
    whose page went meanwhile is left out."""
    documents = SearchDocument.objects.filter(pk__in=ids).select_related("page").in_bulk()
    editions = editions or {}
    wanted = {edition for head in ids for edition, _ in editions.get(head, ())}
    edition_pages = Page.objects.in_bulk(wanted) if wanted else {}
    results = [
        Result(
            page=document.page,
            kind=document.kind,
            kind_label=_label(kinds, document.kind),
            section=sections.get(document.section_id) if document.section_id else None,
            published_at=document.published_at,
            title_html=highlight(document.title or document.page.title, query.folded),
            snippet_html=snippet("\n".join(filter(None, [document.lead, document.text])), query.folded),
            editions=sorted(
                (
                    Edition(edition_pages[pk], published)
                    for pk, published in editions.get(document.pk, ())
                    if pk in edition_pages
                ),
                key=lambda edition: edition.published_at,
                reverse=True,
            ),
        )
        for document in (documents.get(pk) for pk in ids)
        if document
    ]
    return ResultPage(query=query, results=results, number=number, per_page=per_page, order=order)


def title_hits(ids: Sequence[int], kinds: Mapping[str, Kind]) -> list[TitleHit]:
    """The titles of these page ids, in their order, with their addresses (one query)."""
    documents = SearchDocument.objects.filter(pk__in=ids).select_related("page").in_bulk()
    hits = []
    for document in (documents.get(pk) for pk in ids):
        url = document.page.get_url() if document else None
        if document and url:
            hits.append(TitleHit(document.pk, document.title or document.page.title, url, _label(kinds, document.kind)))
    return hits


def suggestion(text: str, typed: str) -> Suggestion:
    """The suggestion `text` for the query `typed`, its changed words marked."""
    return Suggestion(text=text, html=mark_changed(text, typed))
