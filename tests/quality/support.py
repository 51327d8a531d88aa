"""What the quality checks share besides fixtures: the validators npm installed, which pages
an organiser sees, what status each page answers and what it must show."""

import json
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

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


FAILING_TYPES = {"error", "non-document-error"}  # "info" carries the checker's warnings


def nu_errors(java: str, files: dict[str, Path]) -> dict[str, list[str]]:
    """Page name → the checker's errors on its file, each with its line and the markup it flags."""
    vnu = node_module_file("vnu-jar/build/dist/vnu.jar")
    run = subprocess.run(
        [java, "-jar", str(vnu), "--format", "json", "--exit-zero-always", *map(str, files.values())],
        capture_output=True,
        text=True,
        timeout=300,
    )
    try:
        report = json.loads(run.stderr)  # the checker writes its report to stderr
    except json.JSONDecodeError:
        pytest.fail(f"the Nu HTML checker gave no report (exit {run.returncode}):\n{run.stderr[-3000:]}")
    pages = {path.resolve(): name for name, path in files.items()}
    errors: dict[str, list[str]] = {}
    for message in report["messages"]:
        if message["type"] not in FAILING_TYPES:
            continue
        page = pages.get(Path(unquote(urlsplit(message.get("url", "")).path)).resolve(), "(the checker itself)")
        where = f"line {message['lastLine']}: " if "lastLine" in message else ""
        errors.setdefault(page, []).append(f"{where}{message['message']} in {message.get('extract', '').strip()!r}")
    return errors
