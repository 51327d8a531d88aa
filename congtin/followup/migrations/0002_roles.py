"""The follow-up's two groups, "Cán bộ theo dõi" and "Cán bộ đơn vị" (congtin.followup.roles).
Reversing leaves them: people may have been put in them since."""

from django.db import migrations


def create(apps, schema_editor):
    from congtin.followup.roles import ensure_roles

    ensure_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0001_initial"),
        ("wagtailadmin", "0006_formstate"),
    ]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
