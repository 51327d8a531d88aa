"""Full-text structures and ranked queries, one class per database, one ranking for all.

Every backend indexes the same folded and exact word lists (see indexing.py) and orders
matches by the same rules, in this order:
  1. a query typed with marks: documents spelling those words exactly come first;
  2. all query words in the title, above matches elsewhere;
  3. the query as a phrase, in order, above scattered words;
  4. newer first.
All words must match; when none does, any word may (`any_word=True`).

Ranking works on the newest COUNT_CAP (1,000) matches: nobody pages past result 1,000,
and ranking 90,000 matches of a common word would cost more than the reader waits. A
query matching more than that ranks by the rules above within its newest 1,000, and its
count reads "more than 1,000".
"""

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.db import connection as default_connection

from congtin import vietnamese

from .models import rank_key
from .query import Filters, ParsedQuery

SQLITE_TABLE = "congtin_search_fts"
PG_TABLE = "congtin_search_pgindex"
DOCUMENTS = "congtin_search_searchdocument"
COUNT_CAP = 1000
RELATED_WINDOW = 500


@dataclass
class IndexRow:
    """One page as every backend indexes it: folded (`_f`) and exact (`_x`) word lists."""

    page_id: int
    rank_key: int
    section_id: int | None
    title_f: str
    tags_f: str
    lead_f: str
    body_f: str
    title_x: str
    lead_x: str
    body_x: str

    @classmethod
    def of(
        cls, page_id: int, rank_key: int, section_id: int | None, title: str, lead: str, text: str, tags: Iterable[str]
    ) -> "IndexRow":
        """The row for a page's title, lead, body text and tags (any case, any normal form)."""
        title_f, title_x = _word_lists(title)
        lead_f, lead_x = _word_lists(lead)
        body_f, body_x = _word_lists(text)
        tags_f, _ = _word_lists(" ".join(tags))
        return cls(page_id, rank_key, section_id, title_f, tags_f, lead_f, body_f, title_x, lead_x, body_x)


def _word_lists(text: str) -> tuple[str, str]:
    exact = vietnamese.words(unicodedata.normalize("NFC", text))
    return " ".join(vietnamese.fold(word) for word in exact), " ".join(exact)


class SearchBackend(Protocol):
    """What indexing and results ask of a database's full-text structure."""

    def create_structures(self) -> None: ...

    def drop_structures(self) -> None: ...

    def write(self, rows: Sequence[IndexRow], old_keys: Iterable[int] = ()) -> None: ...

    def clear(self) -> None: ...

    def search(
        self, query: ParsedQuery, filters: Filters, offset: int, limit: int, any_word: bool = False
    ) -> tuple[list[int], int]:
        """The ids of one page of ranked matches, and how many match (counted up to COUNT_CAP + 1)."""
        ...

    def related(self, phrases: Sequence[str], exclude_id: int, limit: int) -> list[int]:
        """The ids of the articles sharing most of these folded phrases, best first."""
        ...


def backend_for(connection: Any = None) -> SearchBackend:
    """The backend of this database connection (the default one when None)."""
    connection = connection or default_connection
    if connection.vendor == "postgresql":
        return PostgresBackend(connection)
    if connection.vendor == "sqlite":
        return SQLiteBackend(connection)
    raise NotImplementedError(f"no search backend for {connection.vendor}")


class SQLiteBackend:
    """FTS5 over words we folded ourselves (its tokenizer folds neither ộ/ự/ế nor đ).

    The rowid is the document's rank_key, so FTS5 walks matches newest first and stops at
    LIMIT. Ranking runs tier class by tier class (exact+title+phrase, exact+title, ...),
    each one newest first, until the page is full.
    """

    def __init__(self, connection: Any) -> None:
        self.connection = connection

    def create_structures(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {SQLITE_TABLE} USING fts5(page UNINDEXED, section_t, "
                "title_f, tags_f, body_f, title_x, body_x, tokenize='unicode61 remove_diacritics 0')"
            )
            cursor.execute(
                f"CREATE TRIGGER IF NOT EXISTS congtin_search_doc_deleted AFTER DELETE ON {DOCUMENTS} "
                f"BEGIN DELETE FROM {SQLITE_TABLE} WHERE rowid = old.rank_key; END"
            )

    def drop_structures(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER IF EXISTS congtin_search_doc_deleted")
            cursor.execute(f"DROP TABLE IF EXISTS {SQLITE_TABLE}")

    def write(self, rows: Sequence[IndexRow], old_keys: Iterable[int] = ()) -> None:
        with self.connection.cursor() as cursor:
            stale = set(old_keys) | {row.rank_key for row in rows}
            cursor.executemany(f"DELETE FROM {SQLITE_TABLE} WHERE rowid = %s", [(key,) for key in stale])
            cursor.executemany(
                f"INSERT INTO {SQLITE_TABLE} (rowid, page, section_t, title_f, tags_f, body_f, title_x, body_x) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                [
                    (
                        r.rank_key,
                        r.page_id,
                        f"s{r.section_id or 0}",
                        r.title_f,
                        r.tags_f,
                        f"{r.lead_f} {r.body_f}",
                        r.title_x,
                        f"{r.lead_x} {r.body_x}",
                    )
                    for r in rows
                ],
            )

    def clear(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {SQLITE_TABLE}")

    @staticmethod
    def _words(words: Iterable[str], joiner: str = " AND ") -> str:
        return "(" + joiner.join(f'"{word}"' for word in words) + ")"

    def _expressions(self, query: ParsedQuery, filters: Filters, any_word: bool) -> tuple[str, list[str]]:
        base = "{title_f tags_f body_f} : " + self._words(query.folded, " OR " if any_word else " AND ")
        if filters.section_id:
            base = f'({base}) AND (section_t : "s{int(filters.section_id)}")'
        tiers = []
        if query.exact_words:
            tiers.append("{title_x body_x} : " + self._words(query.exact_words))
        tiers.append("title_f : " + self._words(query.folded))
        if len(query.folded) > 1:
            tiers.append('{title_f body_f} : "' + " ".join(query.folded) + '"')
        return base, tiers

    @staticmethod
    def _range(filters: Filters) -> tuple[str, list[int]]:
        clauses, params = "", []
        if filters.since:
            clauses += " AND rowid >= %s"
            params.append(rank_key(filters.since))
        if filters.until:
            clauses += " AND rowid < %s"
            params.append(rank_key(filters.until))
        return clauses, params

    def search(
        self, query: ParsedQuery, filters: Filters, offset: int, limit: int, any_word: bool = False
    ) -> tuple[list[int], int]:
        base, tiers = self._expressions(query, filters, any_word)
        clauses, params = self._range(filters)
        with self.connection.cursor() as cursor:

            def newest(expression: str, cap: int, floor: int | None = None) -> list[tuple[int, int]]:
                extra, extra_params = (" AND rowid >= %s", [floor]) if floor is not None else ("", [])
                cursor.execute(
                    f"SELECT rowid, page FROM {SQLITE_TABLE} WHERE {SQLITE_TABLE} MATCH %s{clauses}{extra} "
                    "ORDER BY rowid DESC LIMIT %s",
                    [expression, *params, *extra_params, cap],
                )
                return cursor.fetchall()

            found = newest(base, COUNT_CAP + 1)
            window = found[:COUNT_CAP]
            if not window:
                return [], 0
            floor = window[-1][0]  # tiers are looked up inside the window's time range only
            members = [{rowid for rowid, _ in newest(f"({base}) AND ({tier})", COUNT_CAP, floor)} for tier in tiers]
        window.sort(key=lambda row: ([row[0] not in member for member in members], -row[0]))
        return [page for _, page in window[offset : offset + limit]], len(found)

    def related(self, phrases: Sequence[str], exclude_id: int, limit: int) -> list[int]:
        """Best BM25 among the newest RELATED_WINDOW articles sharing any phrase."""
        expression = "{title_f tags_f body_f} : (" + " OR ".join(f'"{phrase}"' for phrase in phrases) + ")"
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT min(rowid) FROM (SELECT rowid FROM {SQLITE_TABLE} WHERE {SQLITE_TABLE} MATCH %s "
                "ORDER BY rowid DESC LIMIT %s)",
                [expression, RELATED_WINDOW],
            )
            floor = cursor.fetchone()[0]
            if floor is None:
                return []
            cursor.execute(
                f"SELECT page FROM {SQLITE_TABLE} WHERE {SQLITE_TABLE} MATCH %s AND rowid >= %s AND page != %s "
                f"ORDER BY bm25({SQLITE_TABLE}, 0.0, 0.0, 10.0, 8.0, 1.0, 0.0, 0.0) LIMIT %s",
                [expression, floor, exclude_id, limit],
            )
            return [row[0] for row in cursor.fetchall()]


class PostgresBackend:
    """tsvector columns with the 'simple' configuration over the same folded words."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection

    def create_structures(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {PG_TABLE} ("
                "page_id bigint PRIMARY KEY, title_f tsvector NOT NULL, all_f tsvector NOT NULL, "
                "all_x tsvector NOT NULL)"
            )
            for column in ("title_f", "all_f", "all_x"):
                cursor.execute(f"CREATE INDEX IF NOT EXISTS {PG_TABLE}_{column} ON {PG_TABLE} USING gin ({column})")
            cursor.execute(
                "CREATE OR REPLACE FUNCTION congtin_search_doc_deleted() RETURNS trigger AS $$ "
                f"BEGIN DELETE FROM {PG_TABLE} WHERE page_id = OLD.page_id; RETURN OLD; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(f"DROP TRIGGER IF EXISTS congtin_search_doc_deleted ON {DOCUMENTS}")
            cursor.execute(
                f"CREATE TRIGGER congtin_search_doc_deleted AFTER DELETE ON {DOCUMENTS} "
                "FOR EACH ROW EXECUTE FUNCTION congtin_search_doc_deleted()"
            )

    def drop_structures(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(f"DROP TRIGGER IF EXISTS congtin_search_doc_deleted ON {DOCUMENTS}")
            cursor.execute("DROP FUNCTION IF EXISTS congtin_search_doc_deleted()")
            cursor.execute(f"DROP TABLE IF EXISTS {PG_TABLE}")

    def write(self, rows: Sequence[IndexRow], old_keys: Iterable[int] = ()) -> None:
        with self.connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {PG_TABLE} (page_id, title_f, all_f, all_x) VALUES (%s, "
                "to_tsvector('simple', %s), "
                "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B') "
                "|| setweight(to_tsvector('simple', %s), 'D'), "
                "to_tsvector('simple', %s) || to_tsvector('simple', %s)) "
                "ON CONFLICT (page_id) DO UPDATE SET "
                "title_f = EXCLUDED.title_f, all_f = EXCLUDED.all_f, all_x = EXCLUDED.all_x",
                [
                    (
                        r.page_id,
                        r.title_f,
                        r.title_f,
                        r.tags_f,
                        f"{r.lead_f} {r.body_f}",
                        r.title_x,
                        f"{r.lead_x} {r.body_x}",
                    )
                    for r in rows
                ],
            )

    def clear(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {PG_TABLE}")

    @staticmethod
    def _filters(filters: Filters, params: list[Any]) -> str:
        clauses = ""
        if filters.section_id:
            clauses += " AND d.section_id = %s"
            params.append(filters.section_id)
        if filters.since:
            clauses += " AND d.published_at >= %s"
            params.append(filters.since)
        if filters.until:
            clauses += " AND d.published_at < %s"
            params.append(filters.until)
        return clauses

    def search(
        self, query: ParsedQuery, filters: Filters, offset: int, limit: int, any_word: bool = False
    ) -> tuple[list[int], int]:
        match = (" | " if any_word else " & ").join(query.folded)
        tiers, tier_params = [], []
        if query.exact_words:
            tiers.append("(i.all_x @@ to_tsquery('simple', %s)) DESC")
            tier_params.append(" & ".join(f"'{word}'" for word in query.exact_words))
        tiers.append("(i.title_f @@ to_tsquery('simple', %s)) DESC")
        tier_params.append(" & ".join(query.folded))
        if len(query.folded) > 1:
            tiers.append("(i.all_f @@ to_tsquery('simple', %s)) DESC")
            tier_params.append(" <-> ".join(query.folded))
        params = [match]
        where = self._filters(filters, params)
        matches = (
            f"FROM {PG_TABLE} i JOIN {DOCUMENTS} d ON d.page_id = i.page_id "
            f"WHERE i.all_f @@ to_tsquery('simple', %s){where}"
        )
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM (SELECT 1 {matches} LIMIT %s) AS capped", params + [COUNT_CAP + 1])
            total = cursor.fetchone()[0]
            cursor.execute(
                f"SELECT i.page_id FROM (SELECT i.*, d.rank_key {matches} ORDER BY d.rank_key DESC LIMIT %s) AS i "
                f"ORDER BY {', '.join(tiers)}, i.rank_key DESC LIMIT %s OFFSET %s",
                params + [COUNT_CAP] + tier_params + [limit, offset],
            )
            return [row[0] for row in cursor.fetchall()], total

    def related(self, phrases: Sequence[str], exclude_id: int, limit: int) -> list[int]:
        match = " | ".join("(" + " <-> ".join(phrase.split()) + ")" for phrase in phrases)
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT w.page_id FROM (SELECT i.page_id, i.all_f FROM {PG_TABLE} i "
                f"JOIN {DOCUMENTS} d ON d.page_id = i.page_id "
                "WHERE i.all_f @@ to_tsquery('simple', %s) AND i.page_id != %s ORDER BY d.rank_key DESC LIMIT %s) AS w "
                "ORDER BY ts_rank(w.all_f, to_tsquery('simple', %s)) DESC, w.page_id DESC LIMIT %s",
                [match, exclude_id, RELATED_WINDOW, match, limit],
            )
            return [row[0] for row in cursor.fetchall()]
