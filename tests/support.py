"""Helpers that tests and benchmarks share (fixtures live in conftest.py files)."""

import os
import shutil
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

IN_CI = os.environ.get("CI", "").lower() == "true"

# Background tasks wait in the database for a worker, as under make demo and make serve.
QUEUE = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}


def require(available: bool, reason: str) -> None:
    """Skip when a component is missing; under CI=true that is a failure instead."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"CI=true and a required component is missing: {reason}")
    pytest.skip(reason)


def installed(command: str, package: str, purpose: str) -> str:
    """The path of a Debian package's command, or a skip (a failure under CI) naming the package."""
    path = shutil.which(command)
    require(bool(path), f"{command} is not installed (apt-get install {package}); {purpose}")
    return path


def sign_in_organiser() -> str:
    """The session key of an organiser (a superuser) who has just signed in."""
    client = Client()
    client.force_login(get_user_model().objects.create_superuser("tochuc", "tochuc@example.vn", "mat-khau-dai"))
    return client.cookies["sessionid"].value


# The agenda of the conference under way in the browser and quality tests, in order.
TOPICS = (
    ("Báo cáo sơ kết sáu tháng đầu năm", "Phó Bí thư Thường trực Thành đoàn"),
    ("Chuyển đổi số trong công tác Đoàn", "Trưởng Ban Tổ chức"),
)


def conference_under_way(slug: str, topics: int = 1, **fields) -> tuple:
    """A live conference (Thành đoàn's six-month review) with the first `topics` items of TOPICS,
    the first one presenting, and two bridge points: (conference, agenda items, bridge points)."""
    from congtin.conferences.models import AgendaItem, BridgePoint, Conference

    conference = Conference.objects.create(
        slug=slug,
        title="Hội nghị trực tuyến sơ kết công tác Đoàn",
        organiser="Thành đoàn Hoa Phượng",
        starts_at="2025-06-25T08:00:00+07:00",
        ends_at="2025-06-25T11:30:00+07:00",
        status=Conference.Status.LIVE,
        **fields,
    )
    agenda = [
        AgendaItem.objects.create(conference=conference, sort_order=order, title=title, presenter=presenter)
        for order, (title, presenter) in enumerate(TOPICS[:topics])
    ]
    conference.set_current_agenda_item(agenda[0])
    points = [
        BridgePoint.objects.create(
            conference=conference, code=f"DC0{n}", name=name, district="Quận Trung Tâm", expected_participants=30
        )
        for n, name in ((1, "Quận đoàn Trung Tâm"), (2, "Huyện đoàn An Bình"))
    ]
    return conference, agenda, points


def queries_for(client, url) -> int:
    """Queries of a render afresh (X-Cache-Bypass, as nginx sends for the render-cost bench),
    after two warm-ups that make renditions, site settings and shared fragments once."""
    for _ in range(2):
        client.get(url, HTTP_X_CACHE_BYPASS="1")
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, HTTP_X_CACHE_BYPASS="1")
    assert response.status_code == 200
    return len(captured)


def run_worker():
    """manage.py db_worker's own loop, in this process, until the queue is empty. (Its check for
    stale connections would close the test's transaction, so that one call is left out.)"""
    from django_tasks_db.management.commands import db_worker

    worker = db_worker.Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="background",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    with mock.patch.object(db_worker, "close_old_connections"):
        worker.run()


def article_form(title: str, slug: str = "", action: str | None = "action-publish", **fields) -> dict:
    """The new or edited article form as the admin sends it (no action: "Lưu nháp"); `fields`
    replace the defaults."""
    # Here, not at the top: bench/ imports this module before Django is set up.
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    data = {
        "title": title,
        "slug": slug,
        "lead": "",
        "body": streamfield([]),
        "author": "",
        "source_name": "",
        "source_url": "",
        "published_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        "image": "",
        "tags": "",
        "comments": inline_formset([]),
        "corrections": inline_formset([]),
        **fields,
    }
    if action:
        data[action] = action
    return nested_form_data(data)
