"""The newsroom's five roles, a reporters' group per section and the three-level workflow
"Duyệt ba cấp" on the root page (congtin.newsroom.roles). Reversing leaves the groups and the
workflow: people may have been put in them since."""

from django.db import migrations


def create(apps, schema_editor):
    from congtin.newsroom.roles import ensure_newsroom

    ensure_newsroom(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0001_review_task"),
        ("core", "0003_vietnamese_default_names"),
        ("news", "0005_article_corrections"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
    ]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
