"""What a page shows, said while it renders."""

from collections.abc import Iterable

from django.http import HttpRequest


def tag(request: HttpRequest | None, *tags: str) -> None:
    if request is not None:
        request.__dict__.setdefault("_congtin_cache_tags", set()).update(tags)


def page_tag(page_or_pk: object) -> str:
    """The tag of a page (or a page's primary key)."""
    return f"page:{getattr(page_or_pk, 'pk', page_or_pk)}"


def tag_pages(request: HttpRequest | None, pages: Iterable[object]) -> None:
    """This page links to these pages (by title, date...): it is stale when one changes."""
    tag(request, *(page_tag(page) for page in pages))


def tags_of(request: HttpRequest) -> set[str]:
    return request.__dict__.get("_congtin_cache_tags", set())
