"""Text typed by organisers (a spreadsheet cell, a JSON value), read one way everywhere:
`conference_setup`'s description and bridge point lists alike."""

import unicodedata

from django.utils.translation import gettext as _


def clean_text(value: object) -> str:
    """A value as text: numbers without a spurious ".0", NFC (text pasted from a Mac is NFD),
    runs of white space as one space, none at either end; None as ""."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


def checked_text(value: object, label: str, max_length: int, required: bool = False) -> str:
    """`clean_text(value)`, or ValueError saying (in Vietnamese, lower case, to follow "Dòng 7: ")
    that `label` is missing (when `required`) or longer than `max_length` characters."""
    text = clean_text(value)
    if required and not text:
        raise ValueError(_("thiếu %(label)s") % {"label": label})
    if len(text) > max_length:
        raise ValueError(_("%(label)s dài quá %(limit)d ký tự") % {"label": label, "limit": max_length})
    return text
