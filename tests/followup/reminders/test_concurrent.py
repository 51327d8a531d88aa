"""Two processes running the minute's work at once send each reminder once: the second waits
on the first's Reminder rows and finds them taken. Threads, each with its own connection, on
PostgreSQL; SQLite serialises writers, so there the second run simply comes after."""

import threading
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.db import connection, connections

from congtin.followup import reminders
from congtin.followup.models import Reminder

from .support import DUE, at, ladder_setup

# Serialized: the live-server tests that run after it need the migrations' data back.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_two_runs_at_once_send_each_reminder_once():
    ladder_setup()
    now = at(DUE - timedelta(days=7), 9)
    if connection.vendor != "postgresql":
        counts = [reminders.remind(now=now), reminders.remind(now=now)]
        assert sorted(counts) == [0, 2]
        assert len(mail.outbox) == 2 and Reminder.objects.count() == 2
        return

    send = EmailMessage.send

    def slow_send(message, *args, **kwargs):
        time.sleep(0.3)  # hold the transaction open while the other run tries the same rows
        return send(message, *args, **kwargs)

    start = threading.Barrier(2)
    counts: list[int] = []
    errors: list[BaseException] = []

    def run():
        try:
            start.wait()
            counts.append(reminders.remind(now=now))
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            connections.close_all()

    with mock.patch.object(EmailMessage, "send", slow_send):
        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    assert errors == []
    assert sorted(counts) == [0, 2] or sum(counts) == 2, counts
    assert len(mail.outbox) == 2
    assert sorted(Reminder.objects.values_list("unit__code", "rung")) == [("QD1", "7"), ("QD1-1", "7")]
