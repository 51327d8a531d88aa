"""How presence is measured, in one place: how often the pages poll and beat, how often a
player's playlist requests count, when a bridge point counts as online, and how heartbeats
add up to time online (`Presence`).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from .bridge_point import BridgePoint

# How often a bridge point's page and the dashboard poll their state (the JS reads it
# from the state); each poll of a bridge point's page is its heartbeat.
POLL_SECONDS = 3
# A page's heartbeats are written at most this often per bridge point: the hall's big
# screen and thirty phones on the same link are one bridge point.
PAGE_HEARTBEAT_EVERY_SECONDS = 2
# A player's playlist and segment requests count as a heartbeat at most this often.
PLAYER_HEARTBEAT_EVERY_SECONDS = 10
# A bridge point is online while its last heartbeat (its page polling, or its player
# fetching the playlist) is at most this old: a page that misses four polls in a row
# shows as offline.
ONLINE_WINDOW = timedelta(seconds=15)
# A heartbeat within this time of the previous one means the bridge point stayed online
# in between; a longer silence was time offline (player closed, network down).
HEARTBEAT_GAP = timedelta(seconds=60)


def online_cutoff(at: datetime | None = None) -> datetime:
    """The oldest heartbeat that still counts as online at `at` (now by default).

    The one place the online rule lives: `Presence.is_online` and
    `BridgePointQuerySet.online` both ask it.
    """
    return (at or timezone.now()) - ONLINE_WINDOW


class Presence(models.Model):
    """Time online of one bridge point, added up from its player's heartbeats.

    One record per bridge point: reconnecting, reloading or a second open tab is still the
    same bridge point, and overlapping heartbeats never count the same second twice.
    """

    bridge_point = models.OneToOneField(
        "conferences.BridgePoint", verbose_name=_("Điểm cầu"), on_delete=models.CASCADE, related_name="presence"
    )
    first_seen = models.DateTimeField(_("Vào lần đầu"))
    last_seen = models.DateTimeField(_("Tín hiệu gần nhất"))
    seconds_online = models.PositiveIntegerField(_("Số giây trực tuyến"), default=0)

    class Meta:
        verbose_name = _("tình trạng trực tuyến")
        verbose_name_plural = _("tình trạng trực tuyến")

    @classmethod
    def record_heartbeat(cls, bridge_point: BridgePoint, at: datetime | None = None) -> Presence:
        """Record that `bridge_point` is online at `at` (now by default)."""
        at = at or timezone.now()
        with transaction.atomic():
            presence, created = cls.objects.select_for_update().get_or_create(
                bridge_point=bridge_point, defaults={"first_seen": at, "last_seen": at}
            )
            if not created and presence.extend_to(at):
                presence.save(update_fields=["last_seen", "seconds_online"])
        return presence

    def extend_to(self, at: datetime) -> bool:
        """Count the time since the previous heartbeat if it is within HEARTBEAT_GAP;
        after a longer silence `at` starts a new online span. A heartbeat older than the
        last one (a late request) changes nothing. Returns whether anything changed."""
        if at <= self.last_seen:
            return False
        if at - self.last_seen <= HEARTBEAT_GAP:
            self.seconds_online += round((at - self.last_seen).total_seconds())
        self.last_seen = at
        return True

    @property
    def minutes_online(self) -> int:
        """Minutes online to the nearest whole minute (halves up), as the report shows them:
        a page open for a minute beats at 0, 3, … 57 s, which must read 1, not 0."""
        return (self.seconds_online + 30) // 60

    def is_online(self, at: datetime | None = None) -> bool:
        return self.last_seen >= online_cutoff(at)
