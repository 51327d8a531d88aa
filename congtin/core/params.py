"""Numbers and dates from a URL's query string, read the one way every page reads them.

Pure functions, no Django: a value that is not plainly what is asked for gives None, and
the page says so (404 for a page number, a message for a date) instead of failing.
Only ASCII digits count: "²" passes str.isdigit() but not int(), and "١٢" (Arabic-Indic)
passes int() but would make a second address for the same page.
"""

from datetime import date, datetime

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
