"""The database's own full-text structures, one kind per database (see backends.py)."""

from django.db import migrations

from congtin.search.backends import backend_for


def create(apps, schema_editor):
    backend_for(schema_editor.connection).create_structures()


def drop(apps, schema_editor):
    backend_for(schema_editor.connection).drop_structures()


class Migration(migrations.Migration):
    dependencies = [("congtin_search", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
