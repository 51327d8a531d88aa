"""What a reader's browser fetches for a page: the HTML, the files it links, their weight."""

import gzip
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.staticfiles import finders

GZIP_LEVEL = 6  # nginx's gzip_comp_level on most sites
# Where HTML makes a browser fetch something without the reader asking (links aside).
FETCHING_ATTRIBUTES = {
    "link": ("href",),  # stylesheets, icons, preloads (rel=alternate/canonical are not fetched)
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "iframe": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
}
NOT_FETCHED_LINKS = {"canonical", "alternate", "author", "license", "next", "prev", "me", "help", "search"}


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


def static_file(url: str) -> bytes:
    """The bytes of a file under STATIC_URL, found as `collectstatic` would find it."""
    path = urlsplit(url).path
    assert path.startswith(settings.STATIC_URL), f"{url} is linked but is not one of the site's static files"
    found = finders.find(path.removeprefix(settings.STATIC_URL))
    assert found, f"{url} is linked but no static file has that name"
    with open(found, "rb") as handle:
        return handle.read()


def srcset_candidates(srcset: str) -> list[tuple[str, str]]:
    """(URL, descriptor) pairs of a srcset: [("/a-320.avif", "320w"), ...]."""
    return [tuple((candidate.split() + [""])[:2]) for candidate in srcset.split(",") if candidate.strip()]


def linked_assets(soup: BeautifulSoup) -> list[str]:
    """URLs of the stylesheets and scripts a page loads (print stylesheets included)."""
    styles = [link["href"] for link in soup.select("link[href]") if "stylesheet" in link.get("rel", [])]
    scripts = [script["src"] for script in soup.select("script[src]")]
    return styles + scripts


def fetched_urls(soup: BeautifulSoup) -> list[tuple[str, str]]:
    """(element, URL) for everything the HTML makes a browser fetch on its own."""
    found = []
    for name, attributes in FETCHING_ATTRIBUTES.items():
        for element in soup.find_all(name):
            if name == "link" and set(element.get("rel", [])) <= NOT_FETCHED_LINKS:
                continue
            for attribute in attributes:
                value = element.get(attribute)
                if not value:
                    continue
                urls = [url for url, _ in srcset_candidates(value)] if attribute == "srcset" else [value]
                found += [(name, url.strip()) for url in urls if url.strip()]
    for style in [*soup.find_all("style"), *soup.find_all(style=True)]:
        text = (style.string or "") if style.name == "style" else style["style"]
        found += [(style.name, url) for url in css_urls(text)]
    return found


def css_urls(css: str) -> list[str]:
    """What a stylesheet would fetch: its @import and url() targets (comments aside)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    imports = re.findall(r"@import\s+(?:url\()?\s*['\"]?([^'\")\s;]+)", css, flags=re.IGNORECASE)
    urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", css, flags=re.IGNORECASE)
    return imports + urls


def is_third_party(url: str, own_hosts=("testserver",)) -> bool:
    """True unless the URL is relative, inline (data:) or on one of the site's own hosts."""
    parts = urlsplit(url)
    if parts.scheme == "data":
        return False
    return parts.scheme not in ("", "http", "https") or parts.hostname not in (None, *own_hosts)


@dataclass
class Weight:
    """Gzip-compressed bytes a browser downloads for a page, images aside."""

    html: int
    css: int
    js: int

    @property
    def total(self) -> int:
        return self.html + self.css + self.js

    def __str__(self):
        return f"HTML {self.html} B + CSS {self.css} B + JS {self.js} B = {self.total} B (gzip -{GZIP_LEVEL})"


def page_weight(content: bytes) -> Weight:
    """Each response compressed on its own, the way a web server sends them."""
    css = js = 0
    for url in linked_assets(BeautifulSoup(content, "html.parser")):
        size = gzip_size(static_file(url))
        if urlsplit(url).path.endswith(".js"):
            js += size
        else:
            css += size
    return Weight(html=gzip_size(content), css=css, js=js)
