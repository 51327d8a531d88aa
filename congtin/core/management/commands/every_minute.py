"""The minute's work: Wagtail's `publish_scheduled`, then whatever other apps connect to
`congtin.core.signals.minute_passed` (expired editors' choices, most-read counts).

One command for the one timer (deploy/systemd/congtin-publish-scheduled.timer in production,
scripts/scheduler.sh under make demo and make serve), so a new periodic job is a receiver, not
a new unit. A receiver that fails is logged and the others still run; the exit status says so."""

import logging
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from congtin.core.signals import minute_passed

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = _("Việc mỗi phút: xuất bản và gỡ bài theo lịch, rồi các việc định kỳ khác của hệ thống.")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("publish_scheduled", verbosity=options["verbosity"])
        failed = []
        for receiver, outcome in minute_passed.send_robust(sender=self.__class__, now=timezone.now()):
            if isinstance(outcome, Exception):
                logger.error("every_minute: %s failed", receiver, exc_info=outcome)
                failed.append(receiver)
        if failed:
            raise CommandError(_("%(count)d việc định kỳ lỗi (xem nhật ký).") % {"count": len(failed)})
