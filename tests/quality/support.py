"""What the quality checks share besides fixtures: the validators npm installed, which pages
an organiser sees, what status each page answers and what it must show."""

from pathlib import Path

from tests.support import require

NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
ORGANISER_PAGES = {"organiser dashboard"}
STATUS = {"not found": 404}  # the others answer 200
# What each page must show for its check to mean something: a piece of its HTML.
SHOWS = {
    "home": 'class="card-title"',
    "section": 'class="card-title"',
    "article": "<figure",
    "tag page": 'class="card-title"',
    "corrections": 'class="correction-text"',
    "search results": 'class="search-result"',
    "search with a suggestion": 'class="search-spelling"',
    "bridge point": 'data-live-form="question"',
    "organiser dashboard": "is-online",
    "not found": 'class="latest-news"',
}


def node_module_file(relative: str) -> Path:
    """A file the validators in package.json installed (`make test` runs npm ci)."""
    path = NODE_MODULES / relative
    require(
        path.is_file(), f"{path} is missing: run `npm ci` (make test does) to install the validators in package.json"
    )
    return path
