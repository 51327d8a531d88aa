"""Pure functions for Vietnamese text: folding, slugs, weekday and date formats.

The one place in congtin that knows the language. No Django imports: everything that
folds, slugs or names a weekday calls this module.
"""

import re
import unicodedata
from datetime import date, datetime

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")

# đ/Đ are letters of their own, not d with a mark: NFD leaves them whole.
_LETTERS_WITHOUT_DECOMPOSITION = str.maketrans({"đ": "d", "Đ": "D"})
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def _fold_slowly(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.translate(_LETTERS_WITHOUT_DECOMPOSITION))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped)


# Every precomposed Latin letter (Vietnamese uses U+00C0-U+01B0 and U+1EA0-U+1EF9) to its
# bare letter: folding NFC text is then one str.translate, fast enough for whole archives.
_FOLD_TABLE = {
    code: _fold_slowly(chr(code))
    for code in [*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)]
    if len(_fold_slowly(chr(code))) == 1 and _fold_slowly(chr(code)) != chr(code)
}


def fold(text: str) -> str:
    """Return `text` without tone marks or diacritics, keeping case ("Đà Nẵng" -> "Da Nang").

    NFC and NFD input fold alike, so text pasted from Word or a Mac matches.
    """
    folded = unicodedata.normalize("NFC", text).translate(_FOLD_TABLE)
    if folded.isascii():
        return folded
    return _fold_slowly(folded)  # marks that do not compose, or letters outside the table


def slugify(text: str, max_length: int = 80) -> str:
    """An ASCII slug for a URL: folded, lower case, words joined by hyphens.

    Cut at a word boundary so a long title never ends in half a word.
    """
    slug = _NON_SLUG.sub("-", fold(text).lower()).strip("-")
    if len(slug) <= max_length:
        return slug
    cut = slug[: max_length + 1]
    return (cut.rsplit("-", 1)[0] if "-" in cut else cut[:max_length]).strip("-")


_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def clean_slug(text: str) -> str:
    """A slug typed by an editor or sent by a client, made the portal's: kept whole when it
    already is one (saving a page again never changes its published URL, even one longer than
    slugify's cut), else slugify(text). The back office's JavaScript does the same
    (congtin/static/js/admin-slug.js)."""
    return text if _SLUG.fullmatch(text) else slugify(text)


def weekday_name(day: date) -> str:
    """The Vietnamese weekday as newspapers write it: "Thứ Hai" ... "Chủ Nhật"."""
    return WEEKDAYS[day.weekday()]


def format_datetime(moment: datetime) -> str:
    """Weekday, date and time the way the portal shows them: "Thứ Sáu, 25/06/2021 22:00".

    `moment` must already be in the reader's time zone.
    """
    return f"{weekday_name(moment)}, {moment:%d/%m/%Y %H:%M}"


def format_date(day: date) -> str:
    """A short date for listings: "25/06/2021"."""
    return f"{day:%d/%m/%Y}"


def format_integer(number: int) -> str:
    """A whole number with a dot between thousands, as Vietnamese writes it: "1.024"."""
    return f"{number:,}".replace(",", ".")


def part_of_day(moment: datetime) -> str:
    """ "Sáng", "Chiều" or "Tối", as a news lead opens ("Sáng Thứ Tư, 25/06/2025, ...")."""
    if moment.hour < 12:
        return "Sáng"
    return "Chiều" if moment.hour < 18 else "Tối"


_WORD = re.compile(r"[^\W_]+")

# Function words too common to say what an article is about (folded forms).
STOPWORDS = frozenset(
    "va cua cac nhung la co duoc cho trong voi mot nay da de khong nguoi tai tu theo ve khi "
    "nhieu cung ra vao len den thi ma nen neu hay sau truoc o bi boi rang".split()
)


def words(text: str) -> list[str]:
    """The words of `text`, lower case, NFC: what search indexes and queries are made of."""
    return _WORD.findall(unicodedata.normalize("NFC", text).lower())


def fold_aligned(text: str) -> str:
    """Fold keeping length, so positions in the folded text are positions in the NFC
    original (for highlighting what a folded query matched)."""
    return unicodedata.normalize("NFC", text).translate(_FOLD_TABLE)
