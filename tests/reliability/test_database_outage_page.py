"""What a reader meets when the database fails under a request: 503, Retry-After, a Vietnamese
page that needs no database, and one log line for the outage rather than a traceback each."""

import logging
from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client

from congtin.core import outage
from congtin.news.models import HomePage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def new_outage(monkeypatch):
    monkeypatch.setattr(outage, "database_outage", outage.OutageLog("The database"))


def test_a_view_that_loses_the_database_answers_503_in_vietnamese(caplog):
    failure = OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')
    with mock.patch.object(HomePage, "serve", side_effect=failure), caplog.at_level(logging.WARNING):
        answers = [Client().get("/", HTTP_X_CACHE_BYPASS="1") for _ in range(3)]
    for response in answers:
        assert response.status_code == 503
        assert response["Retry-After"] == str(outage.RETRY_AFTER_SECONDS)
        assert response["Cache-Control"] == "no-store"
        assert "Hệ thống đang tạm gián đoạn" in response.content.decode()
    outage_lines = [record for record in caplog.records if record.name == "congtin.outage"]
    assert len(outage_lines) == 1 and "Connection refused" in outage_lines[0].getMessage()
    assert [record for record in caplog.records if record.levelno >= logging.ERROR] == []


def test_a_middleware_that_loses_the_database_answers_503_too():
    """The session is read by a middleware, outside the view: its failure is a 503 as well."""
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "phien-lam-viec-bat-ky"
    failure = InterfaceError("connection already closed")
    with mock.patch("django.contrib.sessions.backends.db.SessionStore.load", side_effect=failure):
        response = client.get("/admin/", HTTP_ACCEPT="application/json")
    assert response.status_code == 503
    assert response["Retry-After"] == str(outage.RETRY_AFTER_SECONDS)
    assert "vui lòng thử lại" in response.json()["error"]


def test_other_errors_stay_errors():
    with mock.patch.object(HomePage, "serve", side_effect=ValueError("a bug")):
        assert Client(raise_request_exception=False).get("/", HTTP_X_CACHE_BYPASS="1").status_code == 500
