"""The search page and the suggestions under the search box: they read the request, ask the
search service (`congtin.search.service`) and render. They know no content app."""

import hashlib
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from congtin import pagecache
from congtin.core.params import iso_date, page_number, positive_int
from congtin.pagecache.middleware import is_reader

from . import entries, service
from .query import MAX_QUERY_LENGTH
from .results import MAX_PAGE
from .service import Filters, ResultPage

# The orders a reader picks, as they read in the address: ?sap-xep=moi-nhat. Relevance is the
# default and is left out of links, so a search has one address.
ORDER_PARAM = "sap-xep"
ORDERS = {"lien-quan": "relevance", "moi-nhat": "newest"}
ORDER_LABELS = {"relevance": gettext_lazy("Liên quan nhất"), "newest": gettext_lazy("Mới nhất")}
DEFAULT_ORDER = "relevance"
KIND_PARAM = "loai"

# Suggestions as the reader types: after SUGGEST_MIN_CHARS characters, the text cut to
# SUGGEST_MAX_CHARS (nobody types a longer title prefix), at most SUGGEST_LIMIT titles.
SUGGEST_MIN_CHARS = 3
SUGGEST_MAX_CHARS = 100
SUGGEST_LIMIT = 8
SUGGEST_KEEP_SECONDS = 3600  # in the app; a new index version retires them sooner


def reader_text(raw: str, limit: int) -> str:
    """What a reader typed, fit to search and to show again: NFC, cut to `limit`, control
    characters (NUL, tabs, newlines) as spaces, spaces collapsed."""
    text = unicodedata.normalize("NFC", raw[: limit * 3])[:limit]  # a letter is up to 3 code points in NFD
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def _start_of(day: date) -> datetime | None:
    """The first moment of a day here; None for the first day there is (no bound, and its
    midnight here is before year 1 in UTC)."""
    return timezone.make_aware(datetime.combine(day, time.min)) if day > date.min else None


@dataclass(frozen=True)
class SearchRequest:
    """A search as understood from the address: what every link on the page keeps."""

    text: str
    section_id: int | None
    date_from: date | None
    date_to: date | None
    order: str
    kind: str | None

    @property
    def filters(self) -> Filters:
        until = self.date_to + timedelta(days=1) if self.date_to and self.date_to < date.max else None
        return Filters(
            section_id=self.section_id,
            since=_start_of(self.date_from) if self.date_from else None,
            until=_start_of(until) if until else None,
            kind=self.kind,
        )

    def link(self, *, text: str | None = None, order: str | None = None, page: int = 1) -> str:
        """The address of this search with the query, the order or the page changed; every
        filter kept, defaults left out (page 1, relevance)."""
        order = order or self.order
        params = {
            "q": self.text if text is None else text,
            "section": self.section_id or "",
            "from": self.date_from.isoformat() if self.date_from else "",
            "to": self.date_to.isoformat() if self.date_to else "",
            KIND_PARAM: self.kind or "",
            ORDER_PARAM: next(key for key, value in ORDERS.items() if value == order) if order != DEFAULT_ORDER else "",
            "page": page if page > 1 else "",
        }
        return "?" + urlencode({key: value for key, value in params.items() if value != ""})


def search_view(request: HttpRequest) -> HttpResponse:
    """ "Tìm kiếm": /tim-kiem/?q=…&section=…&from=YYYY-MM-DD&to=YYYY-MM-DD&loai=…&sap-xep=moi-nhat&page=N

    A page number that names no page is 404, as on a section page; a date that is no date
    gets the form back with a message (400); an unknown section, kind or order is ignored."""
    number = page_number(request.GET.get("page"))
    if number is None or number > MAX_PAGE:
        raise Http404(_("Trang không tồn tại"))
    raw_from, raw_to = request.GET.get("from", ""), request.GET.get("to", "")
    date_from, date_to = iso_date(raw_from), iso_date(raw_to)
    date_errors = {
        name for name, raw, day in (("from", raw_from, date_from), ("to", raw_to, date_to)) if raw and not day
    }
    sections = service.filing_pages()
    section_id = positive_int(request.GET.get("section"))
    kinds = {name: kind.label for name, kind in entries.kinds().items()}
    kind = request.GET.get(KIND_PARAM)
    asked = SearchRequest(
        text=reader_text(request.GET.get("q", ""), MAX_QUERY_LENGTH),
        section_id=section_id if any(s.pk == section_id for s in sections) else None,
        date_from=date_from,
        date_to=date_to,
        order=ORDERS.get(request.GET.get(ORDER_PARAM, ""), DEFAULT_ORDER),
        kind=kind if kind in kinds else None,
    )
    results = None if date_errors else service.search(asked.text, asked.filters, page=number, order=asked.order)
    if results and number > 1 and not results.results:
        raise Http404(_("Trang không tồn tại"))  # past the last page of results, as past a section's last page
    response = render(
        request,
        "search/search.html",
        {
            "q": asked.text,
            "asked": asked,
            "results": results,
            "sections": sections,
            "kinds": kinds if len(kinds) > 1 else {},
            "orders": [
                {"label": label, "url": asked.link(order=order), "current": order == asked.order}
                for order, label in ORDER_LABELS.items()
            ],
            "pages": _page_links(asked, results),
            "suggestion_url": asked.link(text=results.suggestion.text) if results and results.suggestion else "",
            "date_errors": date_errors,
        },
        status=400 if date_errors else 200,
    )
    response["X-Robots-Tag"] = "noindex"
    return response


def _page_links(asked: SearchRequest, results: ResultPage | None) -> dict[str, str]:
    if not results or not results.results:
        return {}
    links = {}
    if results.has_previous:
        links["previous"] = asked.link(page=results.number - 1)
    if results.has_next:
        links["next"] = asked.link(page=results.number + 1)
    return links


@require_safe
def suggest_view(request: HttpRequest) -> JsonResponse:
    """Titles starting with what the reader is typing, for the list under the search box:
    /tim-kiem/goi-y/?q=hoi nghi tr → {"q": …, "results": [{"title", "url", "kind"}, …]}.

    The same for every reader (live titles only), so it is cached like a reader's page: by
    the browser and by nginx (X-Accel-Expires) as long as a page of results, and in the app
    until the index changes (service.version()). A request with a session or credentials
    gets it uncached: a cookie set on the way out must never be kept for others.
    Fewer than SUGGEST_MIN_CHARS characters answer no titles."""
    text = reader_text(request.GET.get("q", ""), SUGGEST_MAX_CHARS)
    titles = _suggestions(text) if len(text) >= SUGGEST_MIN_CHARS else []
    response = JsonResponse({"q": text, "results": titles}, json_dumps_params={"ensure_ascii": False})
    response["X-Robots-Tag"] = "noindex"
    if is_reader(request):
        seconds = settings.CONGTIN_PAGE_CACHE_UNTAGGED_SECONDS
        patch_cache_control(response, public=True, max_age=seconds)
        response["X-Accel-Expires"] = str(seconds)
    else:
        patch_cache_control(response, private=True, no_cache=True)
    return response


def _suggestions(text: str) -> list[dict[str, str]]:
    """The titles for `text` as JSON-ready dicts, kept until the index changes (readers type the
    same beginnings: "hoi", "hoi n", "hoi ng")."""

    def find() -> list[dict[str, str]]:
        hits = service.titles_starting(text, SUGGEST_LIMIT)
        return [{"title": hit.title, "url": hit.url, "kind": str(hit.kind_label)} for hit in hits]

    digest = hashlib.md5(text.casefold().encode(), usedforsecurity=False).hexdigest()
    return pagecache.fragment(f"congtin:suggest:{service.version()}:{digest}", find, seconds=SUGGEST_KEEP_SECONDS)
