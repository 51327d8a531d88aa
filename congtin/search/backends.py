"""Full-text structures and ranked queries, one class per database, one ranking for all.

Every backend indexes the same folded and exact word lists (IndexRow) and, for the order
readers get by default ("relevance"), ranks EVERY match by the same rules, in this order:
  1. titles that hold the query as a phrase (folded, words in order) — whatever their age;
  2. documents spelling the words the reader typed with marks as typed ("mà" is not "má"):
     in the title for the titles of rule 1, anywhere for the rest;
  3. field-weighted relevance in the database: FTS5 bm25() on SQLite, ts_rank_cd() on
     PostgreSQL, title far above tags and lead, those above the body;
  4. newer first.
"newest" orders every match newest first. All words must match; when none does, any word
may (`any_word=True`).

Counts are exact up to COUNT_CAP; past it a search says it stopped counting ("hơn 1.000")
instead of reading every match of a common word on each request.

A small titles-only structure answers as-you-type suggestions (`titles()`) in a few
milliseconds, and makes rule 1 cheap: it is looked up there, not in the bodies.
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
SQLITE_TITLES = "congtin_search_titles"
PG_TABLE = "congtin_search_pgindex"
DOCUMENTS = "congtin_search_searchdocument"
COUNT_CAP = 1000
RELATED_WINDOW = 500
ORDERS = ("relevance", "newest")

# Field weights: a word in the title counts as much as ~16 in the body.
TITLE_WEIGHT, TAGS_WEIGHT, LEAD_WEIGHT, BODY_WEIGHT = 16.0, 6.0, 4.0, 1.0
# ts_rank_cd's weights, in PostgreSQL's order {D (body), C (lead), B (tags), A (title)}.
PG_WEIGHTS = "{" + ",".join(str(w / TITLE_WEIGHT) for w in (BODY_WEIGHT, LEAD_WEIGHT, TAGS_WEIGHT, TITLE_WEIGHT)) + "}"


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
    kind: str = "article"

    @classmethod
    def of(
        cls,
        page_id: int,
        rank_key: int,
        section_id: int | None,
        title: str,
        lead: str,
        text: str,
        tags: Iterable[str],
        kind: str = "article",
    ) -> "IndexRow":
        """The row for a page's title, lead, body text and tags (any case, any normal form)."""
        title_f, title_x = _word_lists(title)
        lead_f, lead_x = _word_lists(lead)
        body_f, body_x = _word_lists(text)
        tags_f, _ = _word_lists(" ".join(tags))
        return cls(page_id, rank_key, section_id, title_f, tags_f, lead_f, body_f, title_x, lead_x, body_x, kind)


def _word_lists(text: str) -> tuple[str, str]:
    """The text's words folded and as written; folding the joined words at once is one call
    instead of one per word (a 10k rebuild folded six million words one by one)."""
    exact = " ".join(vietnamese.words(unicodedata.normalize("NFC", text)))
    return vietnamese.fold(exact), exact


class SearchBackend(Protocol):
    """What the search service asks of a database's full-text structure."""

    def create_structures(self) -> None: ...

    def drop_structures(self) -> None: ...

    def write(self, rows: Sequence[IndexRow], old_keys: Iterable[int] = ()) -> None: ...

    def clear(self) -> None: ...

    def search(
        self,
        query: ParsedQuery,
        filters: Filters,
        offset: int,
        limit: int,
        any_word: bool = False,
        order: str = "relevance",
    ) -> tuple[list[int], int, bool]:
        """The page ids of one page of matches, best first; how many match; whether that
        count is exact (False: more than that many match, counting stopped)."""
        ...

    def related(self, phrases: Sequence[str], exclude_id: int, limit: int) -> list[int]:
        """The ids of the pages sharing most of these folded phrases, best first."""
        ...

    def titles(self, query: ParsedQuery, limit: int) -> list[int]:
        """As-you-type: pages whose title has every query word, the last one as a prefix. Titles
        that begin with the words come first, then those holding them as a phrase, then the
        rest; newest first within each (the reader is looking for a recent title)."""
        ...


def backend_for(connection: Any = None) -> SearchBackend:
    """The backend of this database connection (the default one when None)."""
    connection = connection or default_connection
    if connection.vendor == "postgresql":
        return PostgresBackend(connection)
    if connection.vendor == "sqlite":
        return SQLiteBackend(connection)
    raise NotImplementedError(f"no search backend for {connection.vendor}")


def _kind_token(kind: str) -> str:
    """A kind's name as one FTS token whatever it is spelled with ("legal-document"); the
    underscore keeps it apart from any word a reader types (see SQLiteBackend.TOKENIZE)."""
    return "_k" + kind.encode().hex()


def _section_token(section_id: int | None) -> str:
    return f"_s{int(section_id or 0)}"


def _page_cut(tiers: Iterable[Sequence[int]], offset: int, limit: int) -> list[int]:
    """Tiers concatenated best first, each id once, cut to one page."""
    return list(dict.fromkeys(pk for tier in tiers for pk in tier))[offset : offset + limit]


class SQLiteBackend:
    """FTS5 over words we folded ourselves (its tokenizer folds neither ộ/ự/ế nor đ).

    Two tables, both with the document's rank_key as rowid (so rowid order is publication
    order and a date range is a rowid range): every field of every page, and titles only.
    No expression names a column, because none needs to and naming one makes FTS5 read
    every candidate's positions: folded words (what is matched) appear in an exact column
    only where the text had no marks, so in the folded column of that field as well; words
    with marks (the exact tier) appear in exact columns only; filter tokens (section, kind)
    begin with "_", which no word has. Column weights do the rest.

    A relevance page is read tier by tier — title phrases from the titles table, then exact
    spellings, then every match — each `ORDER BY bm25, rowid DESC LIMIT n`, so page 1 costs
    about what one plain bm25 query costs, whatever the number of matches.
    """

    # bm25 weights, one per column of each table (UNINDEXED and filter columns weigh 0).
    COLUMNS = "page, section_t, kind_t, title_f, tags_f, lead_f, body_f, title_x, lead_x, body_x"
    WEIGHTS = f"0, 0, 0, {TITLE_WEIGHT}, {TAGS_WEIGHT}, {LEAD_WEIGHT}, {BODY_WEIGHT}, 0, 0, 0"
    TITLE_COLUMNS = "page, section_t, kind_t, title_f, title_x"
    TITLE_WEIGHTS = "0, 0, 0, 1, 0"

    # Words are ours (vietnamese.words, never an underscore); filter tokens start with one.
    TOKENIZE = "tokenize=\"unicode61 remove_diacritics 0 tokenchars '_'\""

    def __init__(self, connection: Any) -> None:
        self.connection = connection

    def create_structures(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {SQLITE_TABLE} USING fts5(page UNINDEXED, section_t, kind_t, "
                f"title_f, tags_f, lead_f, body_f, title_x, lead_x, body_x, {self.TOKENIZE})"
            )
            cursor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {SQLITE_TITLES} USING fts5(page UNINDEXED, section_t, kind_t, "
                f"title_f, title_x, {self.TOKENIZE}, prefix='1 2 3')"
            )
            cursor.execute(
                f"CREATE TRIGGER IF NOT EXISTS congtin_search_doc_deleted AFTER DELETE ON {DOCUMENTS} "
                f"BEGIN DELETE FROM {SQLITE_TABLE} WHERE rowid = old.rank_key; "
                f"DELETE FROM {SQLITE_TITLES} WHERE rowid = old.rank_key; END"
            )

    def drop_structures(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER IF EXISTS congtin_search_doc_deleted")
            cursor.execute(f"DROP TABLE IF EXISTS {SQLITE_TITLES}")
            cursor.execute(f"DROP TABLE IF EXISTS {SQLITE_TABLE}")

    def write(self, rows: Sequence[IndexRow], old_keys: Iterable[int] = ()) -> None:
        stale = [(key,) for key in set(old_keys) | {row.rank_key for row in rows}]
        with self.connection.cursor() as cursor:
            cursor.executemany(f"DELETE FROM {SQLITE_TABLE} WHERE rowid = %s", stale)
            cursor.executemany(f"DELETE FROM {SQLITE_TITLES} WHERE rowid = %s", stale)
            cursor.executemany(
                f"INSERT INTO {SQLITE_TABLE} (rowid, {self.COLUMNS}) VALUES ({', '.join(['%s'] * 11)})",
                [
                    (
                        r.rank_key,
                        r.page_id,
                        _section_token(r.section_id),
                        _kind_token(r.kind),
                        r.title_f,
                        r.tags_f,
                        r.lead_f,
                        r.body_f,
                        r.title_x,
                        r.lead_x,
                        r.body_x,
                    )
                    for r in rows
                ],
            )
            cursor.executemany(
                f"INSERT INTO {SQLITE_TITLES} (rowid, {self.TITLE_COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s)",
                [
                    (r.rank_key, r.page_id, _section_token(r.section_id), _kind_token(r.kind), r.title_f, r.title_x)
                    for r in rows
                ],
            )

    def clear(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {SQLITE_TABLE}")
            cursor.execute(f"DELETE FROM {SQLITE_TITLES}")

    # FTS5 expressions. Words are letters and digits already (vietnamese.words); each is still
    # written as an FTS string so nothing a reader types is read as FTS syntax.

    @staticmethod
    def _string(text: str) -> str:
        return '"' + text.replace('"', '""') + '"'

    @classmethod
    def _all(cls, words: Iterable[str], joiner: str = " AND ", prefix_last: bool = False) -> str:
        quoted = [cls._string(word) for word in words]
        if prefix_last:
            quoted[-1] += "*"
        return "(" + joiner.join(quoted) + ")"

    @classmethod
    def _narrowed(cls, expression: str, filters: Filters) -> str:
        if filters.section_id:
            expression += f' AND (section_t : "{_section_token(filters.section_id)}")'
        if filters.kind:
            expression += f' AND (kind_t : "{_kind_token(filters.kind)}")'
        return expression

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

    def _ids(self, cursor: Any, table: str, weights: str, expression: str, filters: Filters, limit: int) -> list[int]:
        clauses, params = self._range(filters)
        cursor.execute(  # rowids only: reading `page` for every match would cost more than ranking them
            f"SELECT rowid FROM {table} WHERE {table} MATCH %s{clauses} "
            f"ORDER BY bm25({table}, {weights}), rowid DESC LIMIT %s",
            [expression, *params, limit],
        )
        return [row[0] for row in cursor.fetchall()]

    @staticmethod
    def _pages(cursor: Any, table: str, rowids: Sequence[int]) -> list[int]:
        """The page ids of these rowids, in their order."""
        if not rowids:
            return []
        cursor.execute(
            f"SELECT rowid, page FROM {table} WHERE rowid IN ({', '.join(['%s'] * len(rowids))})", list(rowids)
        )
        pages = dict(cursor.fetchall())
        return [pages[rowid] for rowid in rowids if rowid in pages]

    def _count(self, cursor: Any, expression: str, filters: Filters) -> tuple[int, bool]:
        clauses, params = self._range(filters)
        cursor.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM {SQLITE_TABLE} WHERE {SQLITE_TABLE} MATCH %s{clauses} LIMIT %s)",
            [expression, *params, COUNT_CAP + 1],
        )
        count = cursor.fetchone()[0]
        return min(count, COUNT_CAP), count <= COUNT_CAP

    def search(
        self,
        query: ParsedQuery,
        filters: Filters,
        offset: int,
        limit: int,
        any_word: bool = False,
        order: str = "relevance",
    ) -> tuple[list[int], int, bool]:
        if not query.folded or limit <= 0:
            return [], 0, True
        base = self._narrowed(self._all(query.folded, " OR " if any_word else " AND "), filters)
        need = offset + limit
        with self.connection.cursor() as cursor:
            if order == "newest":
                clauses, params = self._range(filters)
                cursor.execute(
                    f"SELECT page FROM {SQLITE_TABLE} WHERE {SQLITE_TABLE} MATCH %s{clauses} "
                    "ORDER BY rowid DESC LIMIT %s OFFSET %s",
                    [base, *params, limit, offset],
                )
                ids = [row[0] for row in cursor.fetchall()]
                return (ids, *self._count(cursor, base, filters))
            tiers: list[list[int]] = []
            if not any_word:  # with every word missing from some page, no title holds them all
                phrase = self._narrowed(self._string(" ".join(query.folded)), filters)
                if query.exact_words:
                    exact_title = f"{phrase} AND {self._all(query.exact_words)}"
                    tiers.append(self._ids(cursor, SQLITE_TITLES, self.TITLE_WEIGHTS, exact_title, filters, need))
                tiers.append(self._ids(cursor, SQLITE_TITLES, self.TITLE_WEIGHTS, phrase, filters, need))
            found = len(set().union(*tiers))
            if query.exact_words and found < need:
                exact = f"({base}) AND {self._all(query.exact_words)}"
                tiers.append(self._ids(cursor, SQLITE_TABLE, self.WEIGHTS, exact, filters, need + found))
                found = len(set().union(*tiers))
            if found >= need:  # the page is full already: only count
                cut = self._pages(cursor, SQLITE_TABLE, _page_cut(tiers, offset, limit))
                return cut, *self._count(cursor, base, filters)
            # Every match, best first; fetching one past the cap counts them in the same pass.
            window = max(need + found, COUNT_CAP + 1)
            everything = self._ids(cursor, SQLITE_TABLE, self.WEIGHTS, base, filters, window)
            tiers.append(everything)
            total, exact_count = min(len(everything), COUNT_CAP), len(everything) <= COUNT_CAP
            return self._pages(cursor, SQLITE_TABLE, _page_cut(tiers, offset, limit)), total, exact_count

    def related(self, phrases: Sequence[str], exclude_id: int, limit: int) -> list[int]:
        """Best bm25 among the newest RELATED_WINDOW pages sharing any phrase."""
        phrases = [phrase for phrase in phrases if phrase.strip()]
        if not phrases:
            return []
        expression = self._all(phrases, " OR ")
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
                f"ORDER BY bm25({SQLITE_TABLE}, {self.WEIGHTS}), rowid DESC LIMIT %s",
                [expression, floor, exclude_id, limit],
            )
            return [row[0] for row in cursor.fetchall()]

    def titles(self, query: ParsedQuery, limit: int) -> list[int]:
        """Titles beginning with the typed words (the last one begun), then holding them as a
        phrase, then holding them all; each newest first, which FTS5 walks in rowid order and
        stops at LIMIT (a bm25 order would rank every title holding a one-letter prefix)."""
        if not query.folded or limit <= 0:
            return []
        phrase = self._string(" ".join(query.folded)) + "*"
        tiers: list[list[int]] = []
        with self.connection.cursor() as cursor:
            for expression in ("^" + phrase, phrase, self._all(query.folded, prefix_last=True)):
                if len(set().union(*tiers)) >= limit:
                    break
                cursor.execute(
                    f"SELECT rowid FROM {SQLITE_TITLES} WHERE {SQLITE_TITLES} MATCH %s ORDER BY rowid DESC LIMIT %s",
                    [expression, limit],
                )
                tiers.append([row[0] for row in cursor.fetchall()])
            return self._pages(cursor, SQLITE_TITLES, _page_cut(tiers, 0, limit))


def _tsquery(words: Iterable[str], operator: str = "&", prefix_last: bool = False) -> str:
    """A to_tsquery() text of quoted lexemes: nothing a reader types is read as syntax."""
    lexemes = ["'" + word.replace("\\", "\\\\").replace("'", "''") + "'" for word in words]
    if prefix_last and lexemes:
        lexemes[-1] += ":*"
    return f" {operator} ".join(lexemes)


class PostgresBackend:
    """tsvector columns with the 'simple' configuration over the same folded words.

    `doc_f` weighs the fields A (title), B (tags), C (lead), D (body) for ts_rank_cd;
    `title_f` alone answers title phrases and as-you-type prefixes (`title_text`, the folded
    words as a string, says which titles begin with them); `*_x` hold the words as
    spelled. Section, kind and rank_key live in the same row, so a search reads one table.
    """

    def __init__(self, connection: Any) -> None:
        self.connection = connection

    def create_structures(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {PG_TABLE} ("
                "page_id bigint PRIMARY KEY, rank_key bigint NOT NULL, section_id bigint, kind text NOT NULL, "
                "title_text text NOT NULL, title_f tsvector NOT NULL, title_x tsvector NOT NULL, "
                "doc_f tsvector NOT NULL, doc_x tsvector NOT NULL)"
            )
            for column in ("title_f", "doc_f", "doc_x"):
                cursor.execute(f"CREATE INDEX IF NOT EXISTS {PG_TABLE}_{column} ON {PG_TABLE} USING gin ({column})")
            cursor.execute(f"CREATE INDEX IF NOT EXISTS {PG_TABLE}_rank_key ON {PG_TABLE} (rank_key)")
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
                f"INSERT INTO {PG_TABLE} (page_id, rank_key, section_id, kind, title_text, title_f, title_x, doc_f, "
                "doc_x) VALUES (%s, %s, %s, %s, %s, to_tsvector('simple', %s), to_tsvector('simple', %s), "
                "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B') "
                "|| setweight(to_tsvector('simple', %s), 'C') || setweight(to_tsvector('simple', %s), 'D'), "
                "to_tsvector('simple', %s)) "
                "ON CONFLICT (page_id) DO UPDATE SET rank_key = EXCLUDED.rank_key, section_id = EXCLUDED.section_id, "
                "kind = EXCLUDED.kind, title_text = EXCLUDED.title_text, title_f = EXCLUDED.title_f, "
                "title_x = EXCLUDED.title_x, doc_f = EXCLUDED.doc_f, doc_x = EXCLUDED.doc_x",
                [
                    (
                        r.page_id,
                        r.rank_key,
                        r.section_id,
                        r.kind,
                        r.title_f,
                        r.title_f,
                        r.title_x,
                        r.title_f,
                        r.tags_f,
                        r.lead_f,
                        r.body_f,
                        f"{r.title_x} {r.lead_x} {r.body_x}",
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
            clauses += " AND section_id = %s"
            params.append(filters.section_id)
        if filters.kind:
            clauses += " AND kind = %s"
            params.append(filters.kind)
        if filters.since:
            clauses += " AND rank_key >= %s"
            params.append(rank_key(filters.since))
        if filters.until:
            clauses += " AND rank_key < %s"
            params.append(rank_key(filters.until))
        return clauses

    def search(
        self,
        query: ParsedQuery,
        filters: Filters,
        offset: int,
        limit: int,
        any_word: bool = False,
        order: str = "relevance",
    ) -> tuple[list[int], int, bool]:
        if not query.folded or limit <= 0:
            return [], 0, True
        params: list[Any] = [_tsquery(query.folded, "|" if any_word else "&")]
        matches = f"FROM {PG_TABLE} WHERE doc_f @@ to_tsquery('simple', %s){self._filters(filters, params)}"
        if order == "newest":
            ordering, order_params = "rank_key DESC", []
        else:
            phrase = "title_f @@ to_tsquery('simple', %s)"
            keys, order_params = [f"({phrase}) DESC"], [_tsquery(query.folded, "<->")]
            if query.exact_words:
                exact = _tsquery(query.exact_words)
                keys.append(
                    f"(CASE WHEN {phrase} THEN title_x @@ to_tsquery('simple', %s) "
                    "ELSE doc_x @@ to_tsquery('simple', %s) END) DESC"
                )
                order_params += [_tsquery(query.folded, "<->"), exact, exact]
            keys.append(f"ts_rank_cd('{PG_WEIGHTS}', doc_f, to_tsquery('simple', %s)) DESC")
            order_params.append(params[0])
            ordering = ", ".join([*keys, "rank_key DESC"])
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT page_id {matches} ORDER BY {ordering} LIMIT %s OFFSET %s",
                [*params, *order_params, limit, offset],
            )
            ids = [row[0] for row in cursor.fetchall()]
            cursor.execute(f"SELECT count(*) FROM (SELECT 1 {matches} LIMIT %s) AS capped", [*params, COUNT_CAP + 1])
            count = cursor.fetchone()[0]
        return ids, min(count, COUNT_CAP), count <= COUNT_CAP

    def related(self, phrases: Sequence[str], exclude_id: int, limit: int) -> list[int]:
        split = [phrase.split() for phrase in phrases if phrase.split()]
        if not split:
            return []
        match = " | ".join("(" + _tsquery(words, "<->") + ")" for words in split)
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT w.page_id FROM (SELECT page_id, doc_f, rank_key FROM {PG_TABLE} "
                "WHERE doc_f @@ to_tsquery('simple', %s) AND page_id != %s ORDER BY rank_key DESC LIMIT %s) AS w "
                f"ORDER BY ts_rank_cd('{PG_WEIGHTS}', w.doc_f, to_tsquery('simple', %s)) DESC, w.rank_key DESC "
                "LIMIT %s",
                [match, exclude_id, RELATED_WINDOW, match, limit],
            )
            return [row[0] for row in cursor.fetchall()]

    def titles(self, query: ParsedQuery, limit: int) -> list[int]:
        if not query.folded or limit <= 0:
            return []
        every = _tsquery(query.folded, "&", prefix_last=True)
        phrase = _tsquery(query.folded, "<->", prefix_last=True)
        with self.connection.cursor() as cursor:
            cursor.execute(  # words are letters and digits: no LIKE wildcard in them
                f"SELECT page_id FROM {PG_TABLE} WHERE title_f @@ to_tsquery('simple', %s) "
                "ORDER BY (title_text LIKE %s) DESC, (title_f @@ to_tsquery('simple', %s)) DESC, rank_key DESC "
                "LIMIT %s",
                [every, " ".join(query.folded) + "%", phrase, limit],
            )
            return [row[0] for row in cursor.fetchall()]
