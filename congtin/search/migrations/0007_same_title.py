"""Search shows pages with the same title as one result: each document keeps its title's key,
indexed, filled here for the documents already indexed."""

from django.conf import settings
from django.db import migrations, models

BATCH = 2000


def fill_keys(apps, schema_editor):
    from congtin.search.models import same_title_key

    documents = apps.get_model("congtin_search", "SearchDocument")
    rows = documents.objects.using(schema_editor.connection.alias).order_by("pk").values_list("pk", "title")
    batch = []
    for pk, title in rows.iterator(chunk_size=BATCH):
        batch.append(documents(pk=pk, same_title=same_title_key(title)))
        if len(batch) == BATCH:
            documents.objects.bulk_update(batch, ["same_title"])
            batch = []
    documents.objects.bulk_update(batch, ["same_title"])


def restore_structures(apps, schema_editor):
    # SQLite adds the column by copying the table, which drops the trigger that deletes a
    # document's words with it (0004): create what is missing again.
    from congtin.search.backends import backend_for

    backend_for(schema_editor.connection).create_structures()


class Migration(migrations.Migration):
    dependencies = [
        ("congtin_search", "0006_spelling_plain_indexes"),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="same_title",
            field=models.CharField(
                default="", help_text="same_title_key(title): pages shown as one result.", max_length=16
            ),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
        migrations.RunPython(restore_structures, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="searchdocument",
            index=models.Index(fields=["same_title"], name="congtin_search_same_title"),
        ),
        migrations.AddIndex(
            model_name="searchdocument",
            index=models.Index(fields=["page", "same_title"], name="congtin_search_page_title"),
        ),
    ]
