"""Zero errors from the Nu HTML checker (the W3C validator's engine, run from vnu-jar) on the
pages people use: home, section, article, search results, a bridge point, the organiser
dashboard and the not-found page. The checker runs once over all the pages: starting Java costs more than checking."""

import json
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from django.test import Client

from tests.quality.support import ORGANISER_PAGES, SHOWS, STATUS, node_module_file

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


def test_pages_have_no_nu_html_checker_errors(quality_pages, organiser_session, java_path, tmp_path):
    reader, organiser = Client(), Client()
    organiser.cookies["sessionid"] = organiser_session
    files = {}
    for name, path in quality_pages.items():
        response = (organiser if name in ORGANISER_PAGES else reader).get(path)
        assert response.status_code == STATUS.get(name, 200), f"{name} ({path}) answered {response.status_code}"
        assert SHOWS[name] in response.content.decode(), f"{name} ({path}) does not show {SHOWS[name]}"
        files[name] = tmp_path / f"{name.replace(' ', '-')}.html"
        files[name].write_bytes(response.content)

    errors = nu_errors(java_path, files)

    assert not errors, "Nu HTML checker errors:\n" + "\n".join(
        f"{page}: {message}" for page, messages in errors.items() for message in messages
    )
