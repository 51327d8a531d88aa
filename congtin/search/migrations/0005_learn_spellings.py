"""Did you mean learns the archive's spellings from the documents already indexed (their
titles and leads), so a site upgraded with entries suggests from the first query."""

from django.db import migrations


def learn_spellings(apps, schema_editor):
    # The lexicon reads and writes with SQL on the tables as they stand after 0004, not through
    # the models, so the live function serves the migration as it serves rebuild_search_index.
    from congtin.search import lexicon

    lexicon.relearn(connection=schema_editor.connection)


def forget_spellings(apps, schema_editor):
    apps.get_model("congtin_search", "Spelling").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("congtin_search", "0004_ranked_structures")]

    operations = [migrations.RunPython(learn_spellings, forget_spellings)]
