"""A reader's query, understood the Vietnamese way: words, their folded forms, which carry marks."""

from dataclasses import dataclass
from datetime import datetime

from congtin import vietnamese

MAX_WORDS = 12
MAX_QUERY_LENGTH = 500


@dataclass(frozen=True)
class ParsedQuery:
    words: tuple[str, ...]  # as typed: lower case, NFC, with whatever marks the reader typed
    folded: tuple[str, ...]  # without marks: what every document is matched on

    @classmethod
    def parse(cls, text: str) -> "ParsedQuery":
        words = tuple(vietnamese.words((text or "")[:MAX_QUERY_LENGTH]))[:MAX_WORDS]
        return cls(words, tuple(vietnamese.fold(word) for word in words))

    @property
    def exact_words(self) -> tuple[str, ...]:
        """The words typed with marks: a document spelling them so ranks first ("mà" is not "má")."""
        return tuple(word for word, plain in zip(self.words, self.folded, strict=True) if word != plain)

    def __bool__(self) -> bool:
        return bool(self.words)


@dataclass(frozen=True)
class Filters:
    """What a search is narrowed to: one section (or collection), a time range, one kind of page."""

    section_id: int | None = None
    since: datetime | None = None  # aware, inclusive
    until: datetime | None = None  # aware, exclusive
    kind: str | None = None  # a registered kind's name ("article"); None: every kind
