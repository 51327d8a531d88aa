"""Counts reach the database in batches, each minute: a flush that runs twice, concurrently,
or fails half-way neither loses nor doubles a read. In this process's tally (the embedded
default) and in Redis (production), where the minute's command is another process."""

import threading
import time
from collections import Counter

import pytest
from django.db import DatabaseError

from congtin.core.signals import minute_passed
from congtin.readership import service
from congtin.readership.models import DailyReads, FlushedBatch
from congtin.readership.tally import Hit, LocalTally, RedisTally
from tests.readership.support import read, reads_of

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["in-process", "redis"])
def counting(request):
    """Where the beacon counts: this process, or a Redis of the test's own."""
    request.getfixturevalue("own_redis" if request.param == "redis" else "in_process")
    assert isinstance(service.tally(), RedisTally if request.param == "redis" else LocalTally)
    return request.param


def readers(client, article, count, first=1):
    for number in range(first, first + count):
        assert read(client, article, address=f"198.51.100.{number}").status_code == 204


def test_the_minute_adds_the_counts_once(client, articles, counting):
    readers(client, articles.live[0], 5)
    readers(client, articles.live[1], 2)
    assert reads_of(articles.live[0]) == 0  # nothing written per read
    minute_passed.send(sender=None, now=service.timezone.now())
    minute_passed.send(sender=None, now=service.timezone.now())  # nothing new: nothing added
    assert (reads_of(articles.live[0]), reads_of(articles.live[1])) == (5, 2)
    assert DailyReads.objects.count() == 2  # one row per article and day, whatever the batches
    readers(client, articles.live[0], 3, first=10)
    assert service.flush() == 3
    assert reads_of(articles.live[0]) == 8 and DailyReads.objects.count() == 2


def test_two_flushes_at_once_add_a_batch_once(client, articles, counting):
    """Flush A takes the batch and stops before telling the tally it is done (a crash, or
    merely slower); flush B, meanwhile, finds the same pending batch and adds it. A then adds it
    again: the batch's id is already recorded, so nothing is doubled. Reads counted between
    the two are in a batch of their own."""
    readers(client, articles.live[0], 4)
    first = service.tally()
    batch_id, counts = next(iter(first.batches()))  # flush A, half-way
    readers(client, articles.live[0], 2, first=20)  # read while A runs
    assert service.flush() == 6  # flush B: A's pending batch and the new one
    assert service._add_batch(batch_id, counts) == 0  # A goes on
    first.done(batch_id)
    assert service.flush() == 0
    assert reads_of(articles.live[0]) == 6
    assert FlushedBatch.objects.count() == 2


def test_a_flush_that_fails_keeps_the_counts_for_the_next(client, articles, counting, monkeypatch):
    readers(client, articles.live[0], 3)

    def database_gone(*args, **kwargs):
        raise DatabaseError("the database went away")

    with monkeypatch.context() as patched:
        patched.setattr(DailyReads.objects, "bulk_create", database_gone)
        with pytest.raises(DatabaseError):
            service.flush()
    assert reads_of(articles.live[0]) == 0 and FlushedBatch.objects.count() == 0  # rolled back whole
    assert service.flush() == 3
    assert reads_of(articles.live[0]) == 3


def test_counting_while_batches_are_taken_loses_and_doubles_nothing(counting):
    """Beacons from several threads while another takes batches as fast as it can: every read
    lands in exactly one batch (the swap is atomic: RENAME in Redis, a lock in the process)."""
    store, today, taken = service.tally(), service.timezone.localdate(), Counter()
    stop = threading.Event()

    def take_batches():
        while True:
            finished = stop.is_set()
            for batch_id, counts in store.batches():
                taken.update(counts)
                store.done(batch_id)
            if finished:
                return

    def count(first: int):
        for number in range(first, first + 100):
            assert store.count(Hit(7, today, f"doc-gia-{number}", f"dia-chi-{number}"), time.time())

    taker = threading.Thread(target=take_batches)
    taker.start()
    counters = [threading.Thread(target=count, args=(first,)) for first in range(0, 400, 100)]
    for thread in counters:
        thread.start()
    for thread in counters:
        thread.join()
    stop.set()
    taker.join()
    assert taken == {(today, 7): 400}
