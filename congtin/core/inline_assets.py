"""The few scripts and styles a page carries inline, and the Content-Security-Policy sources
that allow exactly them.

Inline because they must act before the first paint (the reader's text size) or work with no
other file (the error pages nginx serves alone). Each is a file of congtin/static/inline/, put
in a page by `{% inline "name" %}` (congtin.core.templatetags.inline_tags), and allowed by its
SHA-256 ('sha256-…' in script-src or style-src, settings.CONTENT_SECURITY_POLICY), not by a
nonce: readers' pages are kept whole (congtin.pagecache, nginx) and served to everyone for
minutes, so a nonce would be one value shared by every reader, and it would change every page's
bytes, hence its ETag, at every render. A hash allows that text and nothing else, on whatever
page and for however long the page is kept. docs/deploy.md, "Security headers".

No Django imports: the settings read the hashes when they load, and the pages read the same
text (both once per process).
"""

import base64
import hashlib
from functools import cache
from pathlib import Path

INLINE_DIR = Path(__file__).resolve().parent.parent / "static" / "inline"
ELEMENTS = {".js": "script", ".css": "style"}  # a file's suffix: the element that carries it


@cache
def source(name: str) -> str:
    """The text of congtin/static/inline/<name> as a page carries it (outer blank lines dropped)."""
    path = INLINE_DIR / name
    if path.parent != INLINE_DIR or path.suffix not in ELEMENTS or not path.is_file():
        raise ValueError(f"{name!r}: not a .js or .css file of {INLINE_DIR}")
    text = path.read_text(encoding="utf-8").strip()
    if "</" in text:  # would end the element early in an HTML parser
        raise ValueError(f"{name!r} contains '</', which would end its <{ELEMENTS[path.suffix]}>")
    return text


def element(name: str) -> str:
    """The HTML that carries inline file `name`: <script>…</script> or <style>…</style>."""
    text = source(name)
    tag = ELEMENTS[Path(name).suffix]
    return f"<{tag}>{text}</{tag}>"


def csp_hash(text: str) -> str:
    """The policy source that allows an inline element with exactly this text."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def csp_hashes(suffix: str) -> list[str]:
    """The sources for every inline file with this suffix: ".js" for script-src, ".css" for style-src."""
    return [csp_hash(source(path.name)) for path in sorted(INLINE_DIR.glob(f"*{suffix}"))]
