"""Builders and fixtures for conference tests."""

from datetime import datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from congtin.conferences.models import BridgePoint, Conference

START = timezone.make_aware(datetime(2025, 6, 25, 8, 0))


def make_conference(slug="hoi-nghi-thu", title="Hội nghị thử", **fields) -> Conference:
    fields.setdefault("starts_at", START)
    fields.setdefault("ends_at", fields["starts_at"] + timedelta(hours=3))
    return Conference.objects.create(slug=slug, title=title, **fields)


def add_bridge_points(conference, count, prefix="DC") -> list[BridgePoint]:
    return [
        BridgePoint.objects.create(
            conference=conference,
            code=f"{prefix}{number:02d}",
            name=f"Quận đoàn số {number}",
            district=f"Quận {number}",
            expected_participants=18,
        )
        for number in range(1, count + 1)
    ]


@pytest.fixture
def conference(db):
    return make_conference()


@pytest.fixture
def bridge_point(conference):
    return add_bridge_points(conference, 1)[0]


@pytest.fixture
def organiser_client(client, db):
    user = get_user_model().objects.create_superuser("tochuc", "tochuc@example.vn", "mat-khau-dai")
    client.force_login(user)
    return client
