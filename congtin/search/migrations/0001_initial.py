import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = [
        ("news", "0002_create_homepage"),
        ("wagtailcore", "0098_apitoken"),
    ]
    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                (
                    "page",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="news.articlepage",
                    ),
                ),
                ("published_at", models.DateTimeField(db_index=True)),
                (
                    "rank_key",
                    models.BigIntegerField(
                        help_text="Orders newest first inside the full-text index (see rank_key())."
                    ),
                ),
                ("text", models.TextField(help_text="Lead and body as plain text, for result snippets.")),
                (
                    "section",
                    models.ForeignKey(
                        null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="wagtailcore.page"
                    ),
                ),
            ],
            options={
                "indexes": [models.Index(fields=["section", "-published_at"], name="congtin_sea_section_185be6_idx")]
            },
        ),
    ]
