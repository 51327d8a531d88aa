"""Zero errors from the Nu HTML checker (the W3C validator's engine, run from vnu-jar) on the
pages people use: home, section, article, search results, a bridge point, the organiser
dashboard and the not-found page. The checker runs once over all the pages: starting Java costs more than checking."""

from django.test import Client

from tests.quality.support import ORGANISER_PAGES, SHOWS, STATUS, nu_errors


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
