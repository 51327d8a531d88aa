"""Numbers, dates and times as people write them (a URL's query string, an import file, a
conference's spec), read the one way every caller reads them.

A value that is not plainly what is asked for gives None, and the caller says so (404 for a
page number, a message for a date, a line's error for an import) instead of failing.
Only ASCII digits count: "²" passes str.isdigit() but not int(), and "١٢" (Arabic-Indic)
passes int() but would make a second address for the same page.
"""

from datetime import date, datetime

from django.utils import timezone
from django.utils.dateparse import parse_datetime

MAX_DIGITS = 9  # a billion pages or sections is more than any site here will have
DATE_FORMAT = "%Y-%m-%d"
DATE_LENGTH = len("2021-06-25")


def positive_int(value: str | None) -> int | None:
    """1, 2, 3… written in ASCII digits, else None (`-1`, `0`, `²`, `١٢`, `%00`, 20 digits)."""
    if not value or len(value) > MAX_DIGITS or not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    return number if number >= 1 else None


def page_number(value: str | None) -> int | None:
    """The `?page=` of a listing: 1 when absent, None when it names no page."""
    return 1 if value in (None, "") else positive_int(value)


def iso_date(value: str) -> date | None:
    """A calendar date written YYYY-MM-DD in ASCII digits (what <input type=date> sends),
    else None: `2021-02-30`, `0000-01-01`, `21-6-25`."""
    if len(value) != DATE_LENGTH or not value.isascii():
        return None
    try:
        return datetime.strptime(value, DATE_FORMAT).date()
    except ValueError:
        return None


def iso_datetime(value: str) -> datetime | None:
    """An aware moment written in ISO 8601 ("2021-06-25T22:00:00+07:00"; without an offset, in
    the site's time zone, Asia/Ho_Chi_Minh), else None: `25/06/2021`, `2021-02-30T08:00`."""
    try:
        moment = parse_datetime(value.strip())
    except ValueError:  # shaped like a date and time, but no such moment
        return None
    if moment is None:
        return None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)
