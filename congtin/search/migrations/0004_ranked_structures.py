"""Full-text structures that rank every match: a lead column of its own, kind and section in
the index, a small titles-only structure for title phrases and as-you-type suggestions.

Both directions drop the structures and refill them from the stored SearchDocument rows, so
no content app is asked again. Backwards restores 0003's layout (lead inside the body).
"""

from django.db import migrations

from congtin.search.backends import DOCUMENTS, PG_TABLE, SQLITE_TABLE, IndexRow, backend_for

BATCH = 500


def _documents(apps):
    SearchDocument = apps.get_model("congtin_search", "SearchDocument")
    batch = []
    for doc in SearchDocument.objects.order_by("pk").iterator(chunk_size=BATCH):
        batch.append(
            IndexRow.of(
                doc.pk, doc.rank_key, doc.section_id, doc.title, doc.lead, doc.text, doc.tags.splitlines(), doc.kind
            )
        )
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def forwards(apps, schema_editor):
    backend = backend_for(schema_editor.connection)
    backend.drop_structures()
    backend.create_structures()
    for rows in _documents(apps):
        backend.write(rows)


def backwards(apps, schema_editor):
    connection = schema_editor.connection
    backend_for(connection).drop_structures()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                f"CREATE VIRTUAL TABLE {SQLITE_TABLE} USING fts5(page UNINDEXED, section_t, title_f, tags_f, "
                "body_f, title_x, body_x, tokenize='unicode61 remove_diacritics 0')"
            )
            cursor.execute(
                f"CREATE TRIGGER congtin_search_doc_deleted AFTER DELETE ON {DOCUMENTS} "
                f"BEGIN DELETE FROM {SQLITE_TABLE} WHERE rowid = old.rank_key; END"
            )
            for rows in _documents(apps):
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
        elif connection.vendor == "postgresql":
            cursor.execute(
                f"CREATE TABLE {PG_TABLE} (page_id bigint PRIMARY KEY, title_f tsvector NOT NULL, "
                "all_f tsvector NOT NULL, all_x tsvector NOT NULL)"
            )
            for column in ("title_f", "all_f", "all_x"):
                cursor.execute(f"CREATE INDEX {PG_TABLE}_{column} ON {PG_TABLE} USING gin ({column})")
            cursor.execute(
                "CREATE OR REPLACE FUNCTION congtin_search_doc_deleted() RETURNS trigger AS $$ "
                f"BEGIN DELETE FROM {PG_TABLE} WHERE page_id = OLD.page_id; RETURN OLD; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                f"CREATE TRIGGER congtin_search_doc_deleted AFTER DELETE ON {DOCUMENTS} "
                "FOR EACH ROW EXECUTE FUNCTION congtin_search_doc_deleted()"
            )
            for rows in _documents(apps):
                cursor.executemany(
                    f"INSERT INTO {PG_TABLE} (page_id, title_f, all_f, all_x) VALUES (%s, "
                    "to_tsvector('simple', %s), "
                    "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B') "
                    "|| setweight(to_tsvector('simple', %s), 'D'), "
                    "to_tsvector('simple', %s) || to_tsvector('simple', %s))",
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


class Migration(migrations.Migration):
    dependencies = [("congtin_search", "0003_entries_of_any_page")]
    operations = [migrations.RunPython(forwards, backwards)]
