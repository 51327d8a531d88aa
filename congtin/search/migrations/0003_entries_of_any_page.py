"""Search entries key on any Wagtail page and keep their title, lead and tags (so the
full-text structures can be rebuilt from them); spellings for "did you mean"."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from congtin.search.backends import backend_for


def copy_titles(apps, schema_editor):
    """Existing entries were articles; their lead is still inside `text` until re-indexed."""
    SearchDocument = apps.get_model("congtin_search", "SearchDocument")
    for document in SearchDocument.objects.select_related("page").iterator():
        SearchDocument.objects.filter(pk=document.pk).update(title=document.page.title)


def restore_structures(apps, schema_editor):
    """SQLite rebuilt the table for the new key, dropping the trigger that deletes words."""
    backend_for(schema_editor.connection).create_structures()


class Migration(migrations.Migration):
    dependencies = [
        ("congtin_search", "0002_fulltext_structures"),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Spelling",
            fields=[
                ("exact", models.CharField(max_length=100, primary_key=True, serialize=False)),
                ("folded", models.CharField(db_index=True, max_length=100)),
                ("count", models.PositiveIntegerField(default=0)),
            ],
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="kind",
            field=models.CharField(
                db_index=True,
                default="article",
                help_text="What the page is: 'article', 'document', ...",
                max_length=40,
            ),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="lead",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="tags",
            field=models.TextField(blank=True, default="", help_text="One tag per line."),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="title",
            field=models.CharField(default="", max_length=255),
        ),
        migrations.AlterField(
            model_name="searchdocument",
            name="page",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE,
                primary_key=True,
                related_name="search_document",
                serialize=False,
                to=settings.WAGTAIL_PAGE_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="searchdocument",
            name="text",
            field=models.TextField(help_text="The body as plain text, for result snippets."),
        ),
        migrations.RunPython(copy_titles, migrations.RunPython.noop),
        migrations.RunPython(restore_structures, migrations.RunPython.noop),
    ]
