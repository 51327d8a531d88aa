"""Text typed by organisers is read one way: composed (NFC), one space between words, numbers
without a spurious ".0"; a missing or too long value is named the way its form names it."""

import unicodedata

import pytest

from congtin.conferences.text import checked_text, clean_text


def test_clean_text_composes_collapses_spaces_and_drops_a_spurious_decimal():
    decomposed = unicodedata.normalize("NFD", "Quận  đoàn\tHoa Sen ")
    assert clean_text(decomposed) == "Quận đoàn Hoa Sen"
    assert clean_text(12.0) == "12" and clean_text(12.5) == "12.5"
    assert clean_text(None) == ""


def test_checked_text_names_what_is_missing_or_too_long():
    assert checked_text("  DC01 ", "mã điểm cầu", 32, required=True) == "DC01"
    assert checked_text(None, "địa chỉ", 255) == ""
    with pytest.raises(ValueError, match="^thiếu mã điểm cầu$"):
        checked_text(" ", "mã điểm cầu", 32, required=True)
    with pytest.raises(ValueError, match="^mã điểm cầu dài quá 4 ký tự$"):
        checked_text("DC001", "mã điểm cầu", 4)
