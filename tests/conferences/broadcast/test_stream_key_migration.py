"""Migration 0003 moves each conference's stream key into its RtmpStream unchanged, so an
encoder set up before the move keeps publishing; going back puts the keys back."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("conferences", "0002_live_questions_report_page")]
AFTER = [("conferences", "0003_rtmp_stream_off_conference")]
KEYS = ["khoa-phat-song-thu-nhat-0123456789", "khoa-phat-song-thu-hai-0123456789"]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # migrations made data others need
def test_stream_keys_move_to_rtmp_streams_and_back():
    # Every app's latest, not only this app's: going back unapplies the apps that depend on
    # conferences (followup), and the tests after this one need their tables again.
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        apps = migrate(BEFORE)
        Conference = apps.get_model("conferences", "Conference")
        for number, key in enumerate(KEYS):
            Conference.objects.create(
                slug=f"hoi-nghi-{number}",
                title=f"Hội nghị {number}",
                starts_at="2025-06-25T01:00:00Z",
                ends_at="2025-06-25T04:00:00Z",
                stream_key=key,
            )

        apps = migrate(AFTER)
        streams = apps.get_model("conferences", "RtmpStream").objects.order_by("conference__slug")
        assert [(stream.conference.slug, stream.key) for stream in streams] == [
            ("hoi-nghi-0", KEYS[0]),
            ("hoi-nghi-1", KEYS[1]),
        ]

        apps = migrate(BEFORE)
        conferences = apps.get_model("conferences", "Conference").objects.order_by("slug")
        assert [conference.stream_key for conference in conferences] == KEYS
    finally:
        migrate(latest)
