"""Redis goes away: the beacon still answers 204 at once, the minute's flush and ranking and
the article page carry on, the outage is one log line; reads are counted again when it is back."""

import logging

import pytest
import redis

from congtin.core.signals import minute_passed
from congtin.readership import service
from tests.readership.support import read, reads_of
from tests.reliability.servers import wait_until

pytestmark = pytest.mark.django_db


def test_a_redis_outage_loses_reads_but_fails_nothing(client, articles, own_redis, caplog):
    article = articles.live[0]
    assert read(client, article, address="198.51.100.1").status_code == 204
    assert redis.Redis(port=own_redis.port).keys("*readership:counts")  # counted where production counts

    own_redis.stop()
    with caplog.at_level(logging.WARNING):
        assert read(client, article, address="198.51.100.2").status_code == 204
        assert read(client, article, address="198.51.100.3").status_code == 204
        minute_passed.send(sender=None, now=service.timezone.now().replace(minute=0))  # flush, rank, prune
        assert client.get(article.url).status_code == 200
    assert [record for record in caplog.records if record.levelno >= logging.ERROR] == []
    outage_lines = [record for record in caplog.records if record.name == "congtin.outage"]
    assert len(outage_lines) == 1, [record.getMessage() for record in outage_lines]

    own_redis.start()  # empty, as a cache-only Redis restarts: the read before the cut is lost too
    wait_until(lambda: read(client, article, address="198.51.100.4") and service.flush() == 1, "reads count again")
    assert reads_of(article) == 1
