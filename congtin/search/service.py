"""The door to search. Content apps hand it entries (`index`, `remove`) and register their
kinds (congtin.search.entries); views ask it (`search`, `titles_starting`, `filing_pages`);
anything computed from the index is kept under `version()`.

Search knows no content app: what it stores of a page is what the page's Entry said.
"""

import hashlib
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime

from django.db import connection, transaction
from wagtail.models import Page

from congtin import pagecache

from . import lexicon
from .backends import IndexRow, SearchBackend, backend_for
from .entries import Entry, kinds
from .models import SearchDocument, rank_key, same_title_key
from .query import Filters, ParsedQuery
from .results import (
    MAX_PAGE,
    PER_PAGE,
    ResultPage,
    TitleHit,
    result_page,
    suggestion,
    title_hits,
)

INDEX_BATCH = 500
VERSION = "search"  # pagecache's named version of the index
SUGGESTION_SECONDS = 3600  # "did you mean" for a query, kept until the index changes
FILING_PAGES_SECONDS = 24 * 3600
# Pages sharing a title are one result: at most this many matches are read to fill a page
# with distinct titles (past it, a page may show fewer results, or a title twice).
COLLAPSE_WINDOW = 1000
EDITIONS_SHOWN = 10

__all__ = [
    "Entry",
    "Filters",
    "ResultPage",
    "TitleHit",
    "filing_pages",
    "index",
    "rebuild",
    "related",
    "remove",
    "search",
    "titles_starting",
    "version",
]


# --- writing ----------------------------------------------------------------------------------


def index(entries: Iterable[Entry]) -> None:
    """Index these entries, replacing what was stored for their pages, INDEX_BATCH at a time."""
    batch: list[Entry] = []
    for entry in entries:
        batch.append(entry)
        if len(batch) == INDEX_BATCH:
            _write(batch)
            batch = []
    if batch:
        _write(batch)


def remove(page_ids: Iterable[int]) -> None:
    """Take these pages out of the index (unpublished, deleted, no longer searchable)."""
    page_ids = list(page_ids)
    if not page_ids:
        return
    with transaction.atomic():
        stored = list(SearchDocument.objects.filter(page_id__in=page_ids).values_list("title", "lead"))
        if not stored:
            return
        SearchDocument.objects.filter(page_id__in=page_ids).delete()  # the database drops its words too
        lexicon.learn(removed=[text for pair in stored for text in pair if text])
    _renew_version()


def rebuild(on_batch: Callable[[int], object] | None = None) -> int:
    """Index every live page of every registered kind afresh and relearn the spellings from
    them; `on_batch(n)` after each batch written. Returns how many pages were indexed."""
    backend = backend_for(connection)
    with transaction.atomic():  # afresh: dropping the structures is quicker than deleting their rows one by one
        backend.drop_structures()
        SearchDocument.objects.all().delete()
        backend.create_structures()
    count = 0
    for kind in kinds().values():
        batch: list[Entry] = []
        for entry in kind.live_entries():
            batch.append(entry)
            if len(batch) == INDEX_BATCH:
                count += _write(batch, learn=False, on_batch=on_batch)
                batch = []
        if batch:
            count += _write(batch, learn=False, on_batch=on_batch)
    lexicon.relearn()
    _renew_version()
    return count


def _write(entries: list[Entry], *, learn: bool = True, on_batch: Callable[[int], object] | None = None) -> int:
    """One batch: the stored documents and the database's words in one transaction, and the
    spellings of what changed (an entry re-indexed with the same title and lead learns nothing)."""
    entries = list({entry.page_id: entry for entry in entries}.values())  # the last of a page wins
    ids = [entry.page_id for entry in entries]
    rows: list[IndexRow] = []
    documents: list[SearchDocument] = []
    for entry in entries:
        title, lead, text = (unicodedata.normalize("NFC", part) for part in (entry.title, entry.lead, entry.text))
        tags = [unicodedata.normalize("NFC", tag) for tag in entry.tags]
        key = rank_key(entry.published_at, entry.page_id)
        rows.append(IndexRow.of(entry.page_id, key, entry.section_id, title, lead, text, tags, kind=entry.kind))
        documents.append(
            SearchDocument(
                page_id=entry.page_id,
                kind=entry.kind,
                section_id=entry.section_id,
                published_at=entry.published_at,
                rank_key=key,
                title=title[:255],
                same_title=same_title_key(title),
                lead=lead,
                text=text,
                tags="\n".join(tags),
            )
        )
    with transaction.atomic():
        stored = {
            page_id: (key, (title, lead))
            for page_id, key, title, lead in SearchDocument.objects.filter(page_id__in=ids).values_list(
                "page_id", "rank_key", "title", "lead"
            )
        }
        backend_for(connection).write(rows, old_keys=[key for key, _ in stored.values()])
        SearchDocument.objects.bulk_create(
            documents,
            update_conflicts=True,
            unique_fields=["page"],
            update_fields=[
                "kind",
                "section",
                "published_at",
                "rank_key",
                "title",
                "same_title",
                "lead",
                "text",
                "tags",
            ],
        )
        if learn:
            added, removed = [], []
            for document in documents:
                new = (document.title, document.lead)
                old = stored.get(document.page_id, (None, None))[1]
                if old != new:
                    added += [text for text in new if text]
                    removed += [text for text in old or () if text]
            lexicon.learn(added=added, removed=removed)
    if learn:
        _renew_version()
    if on_batch:
        on_batch(len(entries))
    return len(entries)


def _renew_version() -> None:
    """Now, and again at commit: whatever was computed in between from the old rows is not kept."""
    pagecache.new_version(VERSION)
    transaction.on_commit(lambda: pagecache.new_version(VERSION))


def version() -> int:
    """A number renewed by every change to the index: part of the key of what is computed from it."""
    return pagecache.version(VERSION)


# --- reading ----------------------------------------------------------------------------------


def search(
    text: str,
    filters: Filters | None = None,
    page: int = 1,
    per_page: int = PER_PAGE,
    order: str = "relevance",
    correct: bool = True,
) -> ResultPage:
    """Page `page` of the pages matching `text` (every word; else, for a typo, the archive's
    spelling of it; else any word), best first or newest first.

    "Did you mean": a query whose marks the archive restores ("da nang" → "Đà Nẵng") is
    searched in that spelling, so pages written so rank first, and the suggestion is offered;
    a query with a typo that finds nothing shows what its correction finds (`corrected`),
    unless `correct` is False (the reader asked for the query as typed)."""
    filters = filters or Filters()
    page = min(max(1, page), MAX_PAGE)
    typed = ParsedQuery.parse(text)
    if not typed:
        return ResultPage(query=typed, number=page, per_page=per_page, order=order)
    offered = _suggestion_for(text)
    proposed = ParsedQuery.parse(offered) if offered else None
    restored = proposed is not None and proposed.folded == typed.folded
    query = proposed if restored and proposed else typed
    ranked = _Ranked(backend_for(connection), filters, page, per_page, order)
    corrected = any_word = False
    found = ranked.read(query)
    if not found.total and proposed and not restored and correct:
        found = ranked.read(proposed)
        corrected = bool(found.total)
    if not found.total and len(query.folded) > 1:
        found = ranked.read(query, any_word=True)
        any_word = bool(found.total)
    found.any_word, found.corrected = any_word, corrected
    found.suggestion = suggestion(offered, text) if offered else None
    return found


class _Ranked:
    """One page of results, pages sharing a title collapsed into one result (the best ranked),
    the others listed under it as its editions: a story published again, or in two sections,
    takes one line, so a page holds as many different articles as it can."""

    def __init__(self, backend: SearchBackend, filters: Filters, page: int, per_page: int, order: str) -> None:
        self.backend, self.filters, self.page, self.per_page, self.order = backend, filters, page, per_page, order

    def read(self, query: ParsedQuery, any_word: bool = False) -> ResultPage:
        need = self.page * self.per_page
        # One more than the page (is there a next page?), three times over: a story's copies
        # rarely fill more, so one reading of the ranking usually does.
        window = min(COLLAPSE_WINDOW, 3 * (need + 1))
        while True:  # the first `window` matches by title; more when titles repeat
            ids, total, exact = self.backend.search(query, self.filters, 0, window, any_word=any_word, order=self.order)
            heads = _heads(ids)
            seen_all = len(ids) < window or (exact and total <= window)
            if seen_all or window >= COLLAPSE_WINDOW or len(heads) > need:  # one more: is there a next page?
                break
            window = min(COLLAPSE_WINDOW, window * 3)
        shown = heads[(self.page - 1) * self.per_page : need]
        sections = {section.pk: section for section in filing_pages()} if shown else {}
        found = result_page(
            query,
            [pk for pk, _ in shown],
            number=self.page,
            per_page=self.per_page,
            order=self.order,
            kinds=kinds(),
            sections=sections,
            editions=_editions(shown, self.filters),
        )
        found.total, found.more_than_counted = total, not exact
        # Until every match is read, the pages are counted from the matches (an upper bound);
        # whether a next page has a title not shown yet is known either way.
        found.collapsed_total = len(heads) if seen_all else None
        found.collapsed_more = len(heads) > need
        return found


def _heads(ids: Sequence[int]) -> list[tuple[int, str]]:
    """The ranked ids, the first of each title only, with its title's key."""
    keys = dict(SearchDocument.objects.filter(pk__in=ids).values_list("pk", "same_title"))
    heads, seen = [], set()
    for pk in ids:
        key = keys.get(pk)
        if key is not None and (not key or key not in seen):
            seen.add(key)
            heads.append((pk, key))
    return heads


def _editions(shown: Sequence[tuple[int, str]], filters: Filters) -> dict[int, list[tuple[int, datetime]]]:
    """For each shown result, the other pages with its title that the filters admit, newest
    first (up to EDITIONS_SHOWN): wherever they rank, so every copy is one click away."""
    by_key = {key: pk for pk, key in shown if key}
    if not by_key:
        return {}
    others = SearchDocument.objects.filter(same_title__in=by_key).exclude(pk__in=[pk for pk, _ in shown])
    if filters.section_id:
        others = others.filter(section_id=filters.section_id)
    if filters.kind:
        others = others.filter(kind=filters.kind)
    if filters.since:
        others = others.filter(published_at__gte=filters.since)
    if filters.until:
        others = others.filter(published_at__lt=filters.until)
    editions: dict[int, list[tuple[int, datetime]]] = {}
    rows = others.order_by("-published_at").values_list("pk", "same_title", "published_at")
    for pk, key, published in rows[: EDITIONS_SHOWN * len(by_key) * 4]:
        listed = editions.setdefault(by_key[key], [])
        if len(listed) < EDITIONS_SHOWN:
            listed.append((pk, published))
    return editions


def _suggestion_for(text: str) -> str | None:
    """lexicon.suggest(text), kept until the index (and so the vocabulary) changes."""
    digest = hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()
    found = pagecache.fragment(
        f"congtin:did-you-mean:{digest}",
        lambda: lexicon.suggest(text) or "",
        seconds=SUGGESTION_SECONDS,
        versions=[VERSION],
    )
    return found or None


def titles_starting(text: str, limit: int = 8) -> list[TitleHit]:
    """As the reader types: live pages whose title has every word typed, the last one begun."""
    query = ParsedQuery.parse(text)
    if not query or limit <= 0:
        return []
    hits: list[TitleHit] = []
    seen: set[str] = set()
    for hit in title_hits(backend_for(connection).titles(query, limit * 2), kinds()):  # one line a title
        key = same_title_key(hit.title)
        if key not in seen and len(hits) < limit:
            seen.add(key)
            hits.append(hit)
    return hits


def related(page_id: int, phrases: Sequence[str], limit: int = 5) -> list[int]:
    """The pages sharing most of these folded phrases (a content app says what a page is about), best first."""
    phrases = [phrase for phrase in phrases if phrase.strip()]
    return backend_for(connection).related(phrases, page_id, limit) if phrases and limit > 0 else []


def filing_pages() -> list[Page]:
    """The sections and collections that hold at least one entry, in tree order: what a
    search can be narrowed to. Kept until the index changes, or the site's pages do (a
    section renamed renews the site version)."""

    def find() -> list[Page]:
        filing = SearchDocument.objects.filter(section__isnull=False).values("section_id").distinct()
        return list(Page.objects.filter(pk__in=filing).order_by("path"))

    versions = [VERSION, pagecache.SITE_VERSION]
    return pagecache.fragment("congtin:search:filing-pages", find, seconds=FILING_PAGES_SECONDS, versions=versions)
