"""The systemd units that back the site up every night and keep only the recent archives."""

from configparser import ConfigParser
from pathlib import Path

UNITS = Path(__file__).resolve().parents[2] / "deploy" / "systemd"


def unit(name: str) -> ConfigParser:
    parser = ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(UNITS / name, encoding="utf-8")
    return parser


def test_the_backup_service_runs_the_backup_command_with_retention():
    service = unit("congtin-backup.service")["Service"]
    assert service["Type"] == "oneshot"
    assert service["User"] == "congtin"
    assert "manage.py backup --output ${CONGTIN_BACKUP_DIR} --keep ${CONGTIN_BACKUP_KEEP_DAYS}" in service["ExecStart"]
    assert service["UMask"] == "0077"  # archives and their folder readable by the service only


def test_the_timer_starts_it_daily_and_catches_up_a_missed_night():
    timer = unit("congtin-backup.timer")
    assert timer["Timer"]["OnCalendar"] == "*-*-* 02:30:00"
    assert timer["Timer"]["Persistent"] == "true"
    assert timer["Timer"]["Unit"] == "congtin-backup.service"
    assert timer["Install"]["WantedBy"] == "timers.target"
