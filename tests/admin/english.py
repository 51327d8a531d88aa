"""Finding English in what an editor reads in the back office.

A page's words are its text nodes (scripts and styles left out), the attributes a person
reads or hears (title, placeholder, aria-label, alt, tooltips, button values) and the
labels of the JSON the admin's JavaScript renders (the sidebar menu, `wagtailConfig.STRINGS`).
A phrase is English when it holds a word of ENGLISH_WORDS, matched whole and case-insensitively.
The words are common English UI words that are not also Vietnamese syllables written without
marks ("an", "to", "do", "in", "no", "tin", "long" are left out on purpose), nor loanwords
Vietnamese writes as they are ("email", "video", "logo").
"""

import json
import re

from bs4 import BeautifulSoup, Comment

ENGLISH_WORDS = frozenset(
    """
    the and or of for with from your you this that these those are is was were has have not
    all any new none yes more less other others only also here there which what when where who
    save delete edit add search page pages settings minute minutes hour hours day days week weeks
    month months year years ago just now root port site sites selected select comma separated tags
    tag moderators editors approval cancel publish published unpublish unpublished preview history
    status live draft drafts dashboard documents document images image upload uploads choose chosen
    collection collections filter filters sort order ordering title slug owner author actions action
    view views create created update updated updating copy move lock locked unlock unlocked revert
    revision revisions compare current latest submit submitted workflow workflows task tasks
    comment comments reports report account profile password language notifications help clear
    close open show hide more previous next first last back continue loading saving saved
    autosave changes unsaved privacy public private scheduled schedule expire expiry expired
    username name users user groups group permissions permission explorer
    create apply remove replace download file files size width height focal point caption
    caption date time timezone default preferences submitted approve approved reject rejected
    request requested changes go items item listing results result found matching bold italic
    link heading list error errors numbered bulleted paragraph undo redo insert block blocks character characters
    """.split()
)

# What may stay as written, each with its reason. Removed from a phrase before its words are
# looked up, so a phrase around them is still checked.
ALLOWED = [
    # E-mail addresses are data (an editor's, the organisation's), not UI text.
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    # Addresses and file names are data too: the article's URL, an uploaded photo's name.
    re.compile(r"\b(?:https?|rtmp)://\S+|\b[\w.-]+\.(?:jpe?g|png|gif|webp|avif|svg|pdf|docx?|xlsx?|csv|txt)\b", re.I),
    # Placeholders of a message are filled with data: "%(time_zone_option)s", "{input_type}".
    re.compile(r"%\(\w+\)[sd]|\{\w+\}"),
    # Keys are named as printed on the keyboard ("Ctrl + Alt + m" in the shortcut list).
    re.compile(r"\b(?:Ctrl|Alt|Shift|Cmd|Esc|Enter|Tab)\b"),
    # A command's options are typed as written ("--section" in the guide's manage.py line).
    re.compile(r"(?<![\w-])--[a-z][\w-]*"),
    # Other makers' products by their own names (the editor guide tells where to register the
    # news sitemap).
    re.compile(r"\bGoogle Search Console\b"),
]

# Attributes whose text a person reads (tooltips, placeholders) or hears (screen readers).
READ_ATTRIBUTES = ("title", "placeholder", "aria-label", "aria-description", "alt", "data-w-tooltip-content-value")
# Keys of the admin's JSON props whose values are shown (the sidebar's menu labels).
READ_JSON_KEYS = frozenset({"label", "title", "text", "help_text", "description", "heading"})
WORD = re.compile(r"\w+")  # a word of letters only; "password123", "site_name" are names or examples


def english_words(phrase: str) -> list[str]:
    """The words of ENGLISH_WORDS in `phrase`, in order, once each."""
    for pattern in ALLOWED:
        phrase = pattern.sub(" ", phrase)
    found = [word for word in WORD.findall(phrase) if word.isalpha() and word.lower() in ENGLISH_WORDS]
    return list(dict.fromkeys(found))


def english_phrases(phrases) -> list[str]:
    """The phrases that hold English, each with its English words: `"Save Selected" [Save, Selected]`."""
    found = []
    for phrase in dict.fromkeys(" ".join(phrase.split()) for phrase in phrases):
        words = english_words(phrase)
        if words:
            found.append(f"{phrase[:120]!r} [{', '.join(words)}]")
    return found


def readable_texts(html: str) -> list[str]:
    """What a person reads or hears on an admin page, phrase by phrase."""
    soup = BeautifulSoup(html, "html.parser")
    texts = []
    for script in soup.find_all("script"):
        if script.get("type") == "application/json" and script.string:
            texts.extend(json_texts(json.loads(script.string)))
        script.decompose()
    for element in soup.find_all(["style", "noscript"]):
        element.decompose()
    for comment in soup.find_all(string=lambda node: isinstance(node, Comment)):
        comment.extract()
    for select in soup.find_all("select", attrs={"name": re.compile("time_zone$")}):
        select.decompose()  # IANA zone names ("America/New_York") are place names, not UI text
    texts.extend(node for node in soup.find_all(string=True))
    for element in soup.find_all(True):
        texts.extend(str(element[name]) for name in READ_ATTRIBUTES if element.get(name))
        if element.name == "input" and element.get("type") in ("submit", "button") and element.get("value"):
            texts.append(str(element["value"]))
    return [text for text in (" ".join(text.split()) for text in texts) if text]


def json_texts(value, key: str = "", shown: bool = False) -> list[str]:
    """The strings of the admin's JSON props that are shown: under READ_JSON_KEYS, and every
    string of STRINGS (the JavaScript's translated messages)."""
    if isinstance(value, dict):
        return [text for k, v in value.items() for text in json_texts(v, k, shown or k == "STRINGS")]
    if isinstance(value, list):
        return [text for item in value for text in json_texts(item, key, shown)]
    if isinstance(value, str) and (shown or key in READ_JSON_KEYS):
        return [value]
    return []
