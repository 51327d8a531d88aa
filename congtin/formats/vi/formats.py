"""Dates as Vietnamese listings and forms write them, "21/10/2026" (congtin.vietnamese writes the
reader's pages the same way), where Django's own Vietnamese formats say "Ngày 21 tháng 10 năm
2026" in one admin listing and "21-10-2026" in the next. A typed 21/10/2026 is read as a date.
What is not set here (time, decimal and thousands separators) stays Django's own Vietnamese."""

DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "d/m/Y H:i"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
YEAR_MONTH_FORMAT = "m/Y"
MONTH_DAY_FORMAT = "d/m"
FIRST_DAY_OF_WEEK = 1  # Monday
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
]
