"""Signals other apps listen to; the core sends them and knows none of their receivers."""

from django.dispatch import Signal

# Sent by `manage.py every_minute` after Wagtail's publish_scheduled, with `now` (aware).
# Receivers do a minute's periodic work: quick, idempotent, safe to run on one machine only.
minute_passed = Signal()
