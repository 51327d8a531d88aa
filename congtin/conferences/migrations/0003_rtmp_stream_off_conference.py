"""The RTMP engine's stream key moves off Conference into broadcast's RtmpStream, key for key:
encoders already set up keep publishing with the key they have."""

import django.db.models.deletion
from django.db import migrations, models

import congtin.conferences.models.tokens


def keys_to_streams(apps, schema_editor):
    Conference = apps.get_model("conferences", "Conference")
    RtmpStream = apps.get_model("conferences", "RtmpStream")
    RtmpStream.objects.bulk_create(
        RtmpStream(conference_id=pk, key=key)
        for pk, key in Conference.objects.exclude(stream_key=None).values_list("pk", "stream_key")
    )


def keys_to_conferences(apps, schema_editor):
    Conference = apps.get_model("conferences", "Conference")
    RtmpStream = apps.get_model("conferences", "RtmpStream")
    for conference_id, key in RtmpStream.objects.values_list("conference_id", "key"):
        Conference.objects.filter(pk=conference_id).update(stream_key=key)
    for conference in Conference.objects.filter(stream_key=None):  # never asked for its stream
        conference.stream_key = congtin.conferences.models.tokens.new_token()
        conference.save(update_fields=["stream_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("conferences", "0002_live_questions_report_page"),
    ]

    operations = [
        migrations.CreateModel(
            name="RtmpStream",
            fields=[
                (
                    "conference",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="rtmp_stream",
                        serialize=False,
                        to="conferences.conference",
                        verbose_name="Hội nghị",
                    ),
                ),
                (
                    "key",
                    models.CharField(
                        default=congtin.conferences.models.tokens.new_token,
                        editable=False,
                        max_length=64,
                        unique=True,
                        verbose_name="Khóa phát sóng",
                    ),
                ),
            ],
            options={
                "verbose_name": "luồng phát sóng RTMP",
                "verbose_name_plural": "luồng phát sóng RTMP",
            },
        ),
        # Nullable and not unique for the moment, so that going back can add it again empty
        # and fill it before it is unique again.
        migrations.AlterField(
            model_name="conference",
            name="stream_key",
            field=models.CharField(editable=False, max_length=64, null=True, verbose_name="Khóa phát sóng"),
        ),
        migrations.RunPython(keys_to_streams, keys_to_conferences),
        migrations.RemoveField(
            model_name="conference",
            name="stream_key",
        ),
    ]
