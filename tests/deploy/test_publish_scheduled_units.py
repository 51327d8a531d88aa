"""The systemd units that run Wagtail's publish_scheduled every minute in production
(scripts/scheduler.sh does the same under make demo and make serve: tests/deploy/test_serve.py)."""

from tests.backup.test_backup_units import unit


def test_the_service_runs_publish_scheduled_once_as_the_app_user():
    service = unit("congtin-publish-scheduled.service")["Service"]
    assert service["Type"] == "oneshot"
    assert service["User"] == "congtin"
    assert service["ExecStart"].endswith("manage.py every_minute")
    assert service["EnvironmentFile"] == "/etc/congtin/env"


def test_the_timer_starts_it_at_the_first_second_of_every_minute():
    timer = unit("congtin-publish-scheduled.timer")
    assert timer["Timer"]["OnCalendar"] == "*-*-* *:*:01"
    assert timer["Timer"]["AccuracySec"] == "1s"  # systemd's default, a minute, would defeat it
    assert timer["Timer"]["Unit"] == "congtin-publish-scheduled.service"
    assert timer["Install"]["WantedBy"] == "timers.target"
