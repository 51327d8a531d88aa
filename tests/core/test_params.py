"""congtin.core.params: the one reading of page numbers, dates and ISO 8601 moments."""

from datetime import date, datetime, timedelta, timezone

import pytest

from congtin.core.params import iso_date, iso_datetime, page_number, positive_int

VIETNAM = timezone(timedelta(hours=7))


@pytest.mark.parametrize("value", ["0", "-1", "²", "١٢", "%00", "1" * 20, "1.0", " 1"])
def test_positive_int_takes_only_plain_ascii_digits(value):
    assert positive_int(value) is None


def test_page_number_is_one_when_absent_and_none_when_it_names_no_page():
    assert page_number(None) == 1
    assert page_number("") == 1
    assert page_number("3") == 3
    assert page_number("abc") is None


def test_iso_date_is_a_calendar_date_or_none():
    assert iso_date("2021-06-25") == date(2021, 6, 25)
    assert iso_date("2021-02-30") is None
    assert iso_date("21-6-25") is None


def test_iso_datetime_keeps_an_offset_and_reads_a_bare_time_as_vietnam_time():
    assert iso_datetime("2021-06-25T22:00:00+07:00") == datetime(2021, 6, 25, 22, tzinfo=VIETNAM)
    assert iso_datetime(" 2021-06-25T15:00:00Z ") == datetime(2021, 6, 25, 22, tzinfo=VIETNAM)
    assert iso_datetime("2021-06-25T22:00:00") == datetime(2021, 6, 25, 22, tzinfo=VIETNAM)


@pytest.mark.parametrize("value", ["", "25/06/2021", "2021-02-30T08:00", "hôm qua"])
def test_iso_datetime_is_none_for_what_is_no_moment(value):
    assert iso_datetime(value) is None
