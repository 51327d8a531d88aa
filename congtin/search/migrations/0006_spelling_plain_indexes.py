"""Spelling is read by whole keys only: PostgreSQL's pattern-matching (`_like`) copies of its
indexes cost every insert and serve nothing."""

from django.db import migrations, models


def drop_pattern_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'congtin_search_spelling' AND indexname LIKE %s",
            ["%\\_like"],
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("congtin_search", "0005_learn_spellings")]

    operations = [
        migrations.AlterField(model_name="spelling", name="folded", field=models.CharField(max_length=100)),
        migrations.AddIndex(
            model_name="spelling", index=models.Index(fields=["folded"], name="congtin_search_spelling_folded")
        ),
        migrations.RunPython(drop_pattern_indexes, migrations.RunPython.noop),
    ]
