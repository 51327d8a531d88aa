"""What a content app hands to search: an Entry per live page, and the Kind of page it is.

Search knows no content app. An app registers each kind of page it wants found (from its
AppConfig.ready()) with a way to list every live page of that kind, and hands the service
(`congtin.search.service.index`) an Entry whenever one changes. A new kind of content is
searchable without a line changed in `congtin.search`.

This module imports no models, so any app may import it at load time.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.utils.functional import Promise


@dataclass(frozen=True)
class Entry:
    """One live page as search indexes it."""

    page_id: int
    kind: str  # a registered Kind.name, e.g. "article"
    published_at: datetime  # aware
    title: str
    section_id: int | None = None  # the section or collection page it is filed under
    lead: str = ""
    text: str = ""  # the body as plain text
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Kind:
    """A kind of page search finds, named in results by `label` (Vietnamese, lazy)."""

    name: str  # "article"
    label: str | Promise  # _("Bài viết")
    live_entries: Callable[[], Iterable[Entry]]  # every live page of this kind (for a rebuild)


_kinds: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    """Make a kind of page searchable (call from the content app's AppConfig.ready()).
    Registering the same name again replaces it (a reloaded app), never duplicates it."""
    _kinds[kind.name] = kind


def kinds() -> dict[str, Kind]:
    """The registered kinds by name, in the order they were registered."""
    return dict(_kinds)
