"""Full-text structures and ranked queries, one class per database, one ranking for all.

Every backend indexes the same folded and exact word lists (see indexing.py) and orders
matches by the same rules, in this order:
  1. a query typed with marks: documents spelling those words exactly come first;
  2. all query words in the title, above matches elsewhere;
  3. the query as a phrase, in order, above scattered words;
  4. the database's relevance score (BM25 on SQLite, ts_rank on PostgreSQL);
  5. newer first.
All words must match; when none does, any word may (`any_word=True`).
"""

from django.db import connection as default_connection

SQLITE_TABLE = "congtin_search_fts"
PG_TABLE = "congtin_search_pgindex"
DOCUMENTS = "congtin_search_searchdocument"


def backend_for(connection=None):
    connection = connection or default_connection
    if connection.vendor == "postgresql":
        return PostgresBackend(connection)
    if connection.vendor == "sqlite":
        return SQLiteBackend(connection)
    raise NotImplementedError(f"no search backend for {connection.vendor}")


def _filters_sql(filters, params):
    clauses = []
    if filters.section_id:
        clauses.append("d.section_id = %s")
        params.append(filters.section_id)
    if filters.since:
        clauses.append("d.published_at >= %s")
        params.append(filters.since)
    if filters.until:
        clauses.append("d.published_at < %s")
        params.append(filters.until)
    return "".join(f" AND {clause}" for clause in clauses)


class SQLiteBackend:
    """FTS5 over words we folded ourselves (its tokenizer folds neither ộ/ự/ế nor đ)."""

    def __init__(self, connection):
        self.connection = connection

    def create_structures(self, connection):
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {SQLITE_TABLE} USING fts5("
                "title_f, tags_f, body_f, title_x, body_x, tokenize='unicode61 remove_diacritics 0')"
            )
            cursor.execute(
                f"CREATE TRIGGER IF NOT EXISTS congtin_search_doc_deleted AFTER DELETE ON {DOCUMENTS} "
                f"BEGIN DELETE FROM {SQLITE_TABLE} WHERE rowid = old.page_id; END"
            )

    def drop_structures(self, connection):
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER IF EXISTS congtin_search_doc_deleted")
            cursor.execute(f"DROP TABLE IF EXISTS {SQLITE_TABLE}")

    def write(self, rows):
        with self.connection.cursor() as cursor:
            cursor.executemany(f"DELETE FROM {SQLITE_TABLE} WHERE rowid = %s", [(row.page_id,) for row in rows])
            cursor.executemany(
                f"INSERT INTO {SQLITE_TABLE} (rowid, title_f, tags_f, body_f, title_x, body_x) VALUES (%s, %s, %s, %s, %s, %s)",
                [(r.page_id, r.title_f, r.tags_f, r.body_f, r.title_x, r.body_x) for r in rows],
            )

    def delete(self, page_ids):
        with self.connection.cursor() as cursor:
            cursor.executemany(f"DELETE FROM {SQLITE_TABLE} WHERE rowid = %s", [(pk,) for pk in page_ids])

    def clear(self):
        with self.connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {SQLITE_TABLE}")

    @staticmethod
    def _all(words, joiner=" AND "):
        return "(" + joiner.join(f'"{word}"' for word in words) + ")"

    def search(self, query, filters, offset, limit, any_word=False):
        words = self._all(query.folded, " OR " if any_word else " AND ")
        base = f"{{title_f tags_f body_f}} : {words}"
        tiers = []
        tier_params = []
        if query.exact_words:
            tiers.append(f"{{title_x body_x}} : {self._all(query.exact_words)}")
        tiers.append(f"title_f : {self._all(query.folded)}")
        if len(query.folded) > 1:
            tiers.append('{title_f body_f} : "' + " ".join(query.folded) + '"')
        order = "".join(
            f"(h.id IN (SELECT rowid FROM {SQLITE_TABLE} WHERE {SQLITE_TABLE} MATCH %s)) DESC, " for _ in tiers
        )
        tier_params.extend(tiers)
        params = [base]
        where = _filters_sql(filters, params)
        sql = (
            f"WITH h AS (SELECT rowid AS id, bm25({SQLITE_TABLE}, 10.0, 5.0, 1.0, 0.0, 0.0) AS score "
            f"FROM {SQLITE_TABLE} WHERE {SQLITE_TABLE} MATCH %s) "
            f"SELECT h.id, count(*) OVER () FROM h JOIN {DOCUMENTS} d ON d.page_id = h.id WHERE 1 = 1{where} "
            f"ORDER BY {order}h.score, d.published_at DESC, h.id DESC LIMIT %s OFFSET %s"
        )
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params + tier_params + [limit, offset])
            rows = cursor.fetchall()
        if rows:
            return [row[0] for row in rows], rows[0][1]
        return [], self._count(base, filters) if offset else 0

    def _count(self, base, filters):
        params = [base]
        where = _filters_sql(filters, params)
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM {SQLITE_TABLE} JOIN {DOCUMENTS} d ON d.page_id = {SQLITE_TABLE}.rowid "
                f"WHERE {SQLITE_TABLE} MATCH %s{where}",
                params,
            )
            return cursor.fetchone()[0]

    def related(self, phrases, exclude_id, limit):
        expression = "{title_f tags_f body_f} : (" + " OR ".join(f'"{phrase}"' for phrase in phrases) + ")"
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid FROM {SQLITE_TABLE} WHERE {SQLITE_TABLE} MATCH %s AND rowid != %s "
                f"ORDER BY bm25({SQLITE_TABLE}, 10.0, 8.0, 1.0, 0.0, 0.0) LIMIT %s",
                [expression, exclude_id, limit],
            )
            return [row[0] for row in cursor.fetchall()]


class PostgresBackend:
    """tsvector columns with the 'simple' configuration over the same folded words."""

    def __init__(self, connection):
        self.connection = connection

    def create_structures(self, connection):
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {PG_TABLE} ("
                "page_id bigint PRIMARY KEY, title_f tsvector NOT NULL, all_f tsvector NOT NULL, all_x tsvector NOT NULL)"
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

    def drop_structures(self, connection):
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TRIGGER IF EXISTS congtin_search_doc_deleted ON {DOCUMENTS}")
            cursor.execute("DROP FUNCTION IF EXISTS congtin_search_doc_deleted()")
            cursor.execute(f"DROP TABLE IF EXISTS {PG_TABLE}")

    def write(self, rows):
        with self.connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {PG_TABLE} (page_id, title_f, all_f, all_x) VALUES (%s, "
                "to_tsvector('simple', %s), "
                "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B') "
                "|| setweight(to_tsvector('simple', %s), 'D'), "
                "to_tsvector('simple', %s) || to_tsvector('simple', %s)) "
                "ON CONFLICT (page_id) DO UPDATE SET title_f = EXCLUDED.title_f, all_f = EXCLUDED.all_f, all_x = EXCLUDED.all_x",
                [(r.page_id, r.title_f, r.title_f, r.tags_f, r.body_f, r.title_x, r.body_x) for r in rows],
            )

    def delete(self, page_ids):
        with self.connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {PG_TABLE} WHERE page_id = ANY(%s)", [list(page_ids)])

    def clear(self):
        with self.connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {PG_TABLE}")

    @staticmethod
    def _tsquery(words, joiner=" & "):
        return joiner.join(words)

    def search(self, query, filters, offset, limit, any_word=False):
        match = self._tsquery(query.folded, " | " if any_word else " & ")
        tiers, tier_params = [], []
        if query.exact_words:
            tiers.append("(i.all_x @@ to_tsquery('simple', %s)) DESC")
            tier_params.append(self._tsquery(f"'{w}'" for w in query.exact_words))
        tiers.append("(i.title_f @@ to_tsquery('simple', %s)) DESC")
        tier_params.append(self._tsquery(query.folded))
        if len(query.folded) > 1:
            tiers.append("(i.all_f @@ to_tsquery('simple', %s)) DESC")
            tier_params.append(self._tsquery(query.folded, " <-> "))
        params = [match]
        where = _filters_sql(filters, params)
        sql = (
            f"SELECT d.page_id, count(*) OVER () FROM {PG_TABLE} i JOIN {DOCUMENTS} d ON d.page_id = i.page_id "
            f"WHERE i.all_f @@ to_tsquery('simple', %s){where} "
            f"ORDER BY {', '.join(tiers)}, ts_rank(i.all_f, to_tsquery('simple', %s)) DESC, d.published_at DESC, d.page_id DESC "
            "LIMIT %s OFFSET %s"
        )
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params + tier_params + [match, limit, offset])
            rows = cursor.fetchall()
        if rows:
            return [row[0] for row in rows], rows[0][1]
        return [], self._count(match, filters) if offset else 0

    def _count(self, match, filters):
        params = [match]
        where = _filters_sql(filters, params)
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM {PG_TABLE} i JOIN {DOCUMENTS} d ON d.page_id = i.page_id "
                f"WHERE i.all_f @@ to_tsquery('simple', %s){where}",
                params,
            )
            return cursor.fetchone()[0]

    def related(self, phrases, exclude_id, limit):
        match = " | ".join("(" + " <-> ".join(phrase.split()) + ")" for phrase in phrases)
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT page_id FROM {PG_TABLE} WHERE all_f @@ to_tsquery('simple', %s) AND page_id != %s "
                "ORDER BY ts_rank(all_f, to_tsquery('simple', %s)) DESC, page_id DESC LIMIT %s",
                [match, exclude_id, match, limit],
            )
            return [row[0] for row in cursor.fetchall()]
