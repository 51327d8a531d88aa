"""Vietnamese names for what Wagtail's own migrations create in English: the two default
groups, the one-step workflow and its task, the root page and the root collection.

Editors read these names in the back office (group lists, "Gửi tới …" on the save menu, the
page explorer's root, the image collection). A rename only: the groups keep their
permissions and the workflow its pages. Rows renamed by hand since are left alone."""

from django.db import migrations

GROUPS = {"Editors": "Biên tập viên", "Moderators": "Kiểm duyệt viên"}
WORKFLOW = {"Moderators approval": "Duyệt bài"}
ROOT = {"Root": "Gốc"}


def rename(apps, names):
    for model, field, pairs in (
        ("auth.Group", "name", GROUPS),
        ("wagtailcore.Workflow", "name", WORKFLOW),
        ("wagtailcore.Task", "name", WORKFLOW),
        ("wagtailcore.Collection", "name", ROOT),
    ):
        for old, new in names(pairs):
            apps.get_model(model).objects.filter(**{field: old}).update(**{field: new})
    Page = apps.get_model("wagtailcore.Page")
    for old, new in names(ROOT):
        Page.objects.filter(depth=1, title=old).update(title=new)
        Page.objects.filter(depth=1, draft_title=old).update(draft_title=new)


def to_vietnamese(apps, schema_editor):
    rename(apps, lambda pairs: pairs.items())


def to_english(apps, schema_editor):
    rename(apps, lambda pairs: [(new, old) for old, new in pairs.items()])


class Migration(migrations.Migration):
    # After every Wagtail migration that finds these rows by their English names.
    dependencies = [
        ("core", "0002_organisation_logo"),
        ("wagtailcore", "0048_add_default_workflows"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0002_initial_data"),
        ("wagtaildocs", "0002_initial_data"),
    ]
    operations = [migrations.RunPython(to_vietnamese, to_english)]
