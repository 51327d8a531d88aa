import unicodedata
from datetime import date, datetime

import pytest

from congtin import vietnamese

TONED_VOWELS = {
    "a": "aàáảãạ",
    "ă": "ăằắẳẵặ",
    "â": "âầấẩẫậ",
    "e": "eèéẻẽẹ",
    "ê": "êềếểễệ",
    "i": "iìíỉĩị",
    "o": "oòóỏõọ",
    "ô": "ôồốổỗộ",
    "ơ": "ơờớởỡợ",
    "u": "uùúủũụ",
    "ư": "ưừứửữự",
    "y": "yỳýỷỹỵ",
}


@pytest.mark.parametrize("letters", TONED_VOWELS.values())
def test_fold_strips_every_tone_and_vowel_mark(letters):
    base = (
        "u"
        if letters[0] == "ư"
        else "o"
        if letters[0] in "ôơ"
        else "a"
        if letters[0] in "ăâ"
        else "e"
        if letters[0] == "ê"
        else letters[0]
    )
    assert vietnamese.fold(letters) == base * 6
    assert vietnamese.fold(letters.upper()) == base.upper() * 6


def test_fold_turns_d_with_stroke_into_d():
    assert vietnamese.fold("Đà Nẵng, đường Đồng Khởi") == "Da Nang, duong Dong Khoi"


def test_fold_treats_nfd_input_like_nfc():
    text = "Hội nghị trực tuyến Đảng bộ"
    assert vietnamese.fold(unicodedata.normalize("NFD", text)) == vietnamese.fold(text) == "Hoi nghi truc tuyen Dang bo"


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Đà Nẵng đón 1.000 du khách", "da-nang-don-1-000-du-khach"),
        ("ĐOÀN THANH NIÊN: Hội nghị trực tuyến!", "doan-thanh-nien-hoi-nghi-truc-tuyen"),
        ("Mưa lớn ở Quảng Ngãi, Bình Định; lũ quét", "mua-lon-o-quang-ngai-binh-dinh-lu-quet"),
        ("  Ồ, ừ, ỹ — ẵ ậ ệ ộ ợ ự ỵ  ", "o-u-y-a-a-e-o-o-u-y"),
        ("Tiếng Việt", "tieng-viet"),
    ],
)
def test_slugify_folds_vietnamese_titles(title, slug):
    assert vietnamese.slugify(title) == slug


def test_slugify_of_nfd_title_equals_nfc():
    title = "Đảng bộ thành phố lần thứ XVI"
    assert vietnamese.slugify(unicodedata.normalize("NFD", title)) == "dang-bo-thanh-pho-lan-thu-xvi"


def test_slugify_cuts_long_titles_at_a_word_boundary():
    slug = vietnamese.slugify("Hội nghị " * 30, max_length=40)
    assert 30 <= len(slug) <= 40
    assert set(slug.split("-")) == {"hoi", "nghi"}


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2021, 6, 21), "Thứ Hai"),
        (date(2021, 6, 22), "Thứ Ba"),
        (date(2021, 6, 23), "Thứ Tư"),
        (date(2021, 6, 24), "Thứ Năm"),
        (date(2021, 6, 25), "Thứ Sáu"),
        (date(2021, 6, 26), "Thứ Bảy"),
        (date(2021, 6, 27), "Chủ Nhật"),
    ],
)
def test_weekday_name_for_all_seven_days(day, name):
    assert vietnamese.weekday_name(day) == name


def test_format_datetime_matches_the_reference_page():
    assert vietnamese.format_datetime(datetime(2021, 6, 25, 22, 0)) == "Thứ Sáu, 25/06/2021 22:00"
    assert vietnamese.format_datetime(datetime(2021, 1, 3, 7, 5)) == "Chủ Nhật, 03/01/2021 07:05"
