"""manage.py every_minute: publish_scheduled, then every receiver of minute_passed, a failing
one logged without stopping the others."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from congtin.core.signals import minute_passed


@pytest.fixture
def receivers():
    calls = []

    def counts(sender, now, **kwargs):
        calls.append(now)

    def fails(sender, now, **kwargs):
        raise RuntimeError("boom")

    yield calls, counts, fails
    minute_passed.disconnect(counts)
    minute_passed.disconnect(fails)


@pytest.mark.django_db
def test_every_receiver_runs_with_an_aware_now(receivers):
    calls, counts, _fails = receivers
    minute_passed.connect(counts)
    call_command("every_minute")
    assert len(calls) == 1 and calls[0].tzinfo is not None


@pytest.mark.django_db
def test_a_failing_receiver_does_not_stop_the_others_and_the_exit_says_so(receivers, caplog):
    calls, counts, fails = receivers
    minute_passed.connect(fails)
    minute_passed.connect(counts)
    with pytest.raises(CommandError, match="1 việc định kỳ lỗi"):
        call_command("every_minute")
    assert len(calls) == 1
    assert "every_minute" in caplog.text and "boom" in caplog.text
