"""Work that can wait runs in the task worker (django-tasks' database backend): an import or
a publish queues the photos' renditions and the purge sent to nginx; a reader arriving before
the worker gets the page at once, with the stored photos; a failed or killed task loses nothing."""

import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from wagtail.images.models import Rendition

from congtin.news.renditions import photo_specs
from tests.factories import make_article, make_section
from tests.support import QUEUE, run_worker


@pytest.fixture
def queue(settings):
    """Background tasks wait in the database for a worker, as under make demo and make serve."""
    settings.TASKS = QUEUE


def queued(task_name=""):
    from django_tasks_db.models import DBTaskResult

    return [row for row in DBTaskResult.objects.order_by("enqueued_at") if row.task_path.endswith(task_name)]


@pytest.fixture
def imported(queue, home, shared_dir):
    """The seed article (three photos) imported while no worker runs."""
    from congtin.news.importer import import_file
    from congtin.news.models import ArticlePage

    report = import_file(shared_dir / "seed" / "seed-article.jsonl", home=home)
    assert report.errors == []
    return ArticlePage.objects.get(external_id="haiphong-2021-06-25-thanh-doan-hoi-nghi-truc-tuyen")


def renditions_of(article):
    return Rendition.objects.filter(image_id__in=[image_id for image_id, _ in photo_specs(article)])


def expected_renditions(article):
    return sum(len(specs) for _, specs in photo_specs(article))


def page(client, url):
    response = client.get(url, HTTP_X_CACHE_BYPASS="1")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_an_import_queues_the_renditions_and_the_worker_makes_them(client, imported):
    assert [row.args_kwargs["args"] for row in queued("make_article_renditions")] == [[[imported.pk]]]
    assert renditions_of(imported).count() == 0, "the import itself made no rendition"

    run_worker()

    assert [row.status for row in queued("make_article_renditions")] == ["SUCCESSFUL"]
    assert renditions_of(imported).count() == expected_renditions(imported)
    sources = page(client, imported.url).select(".article-body figure picture source")
    assert [source["type"] for source in sources[:2]] == ["image/avif", "image/webp"]


def test_a_reader_before_the_worker_gets_the_stored_photos_and_waits_for_no_rendition(client, imported):
    for url in (imported.url, imported.get_parent().url, "/"):
        soup = page(client, url)
        assert renditions_of(imported).count() == 0, f"{url} made renditions on the reader's request"
    figures = page(client, imported.url).select(".article-body figure")
    assert figures
    for figure in figures:
        img = figure.find("img")
        assert img["src"].startswith("/media/original_images/") and img["width"] and img["height"]
        assert img["alt"] and not figure.find("source") and "sizes" not in img.attrs
    og_image = page(client, imported.url).find("meta", property="og:image")["content"]
    assert og_image.startswith("http://testserver/media/original_images/")

    # The page the reader got is kept in the page cache; the worker's purge replaces it.
    client.get(imported.url)
    run_worker()
    soup = BeautifulSoup(client.get(imported.url).content, "html.parser")
    assert soup.select(".article-body figure picture source[type='image/avif']")
    assert "/media/images/" in soup.find("meta", property="og:image")["content"]


def test_a_failed_rendition_task_is_queued_again_and_makes_only_what_is_missing(imported):
    with mock.patch("congtin.news.tasks.make_renditions", side_effect=OSError("disk full")):
        run_worker()
    assert [row.status for row in queued("make_article_renditions")] == ["FAILED"]
    assert renditions_of(imported).count() == 0

    call_command("make_renditions", stdout=io.StringIO())
    run_worker()
    assert [row.status for row in queued("make_article_renditions")] == ["FAILED", "SUCCESSFUL"]
    made = {(r.image_id, r.filter_spec): r.file.name for r in renditions_of(imported)}
    assert len(made) == expected_renditions(imported)

    from congtin.news.tasks import make_article_renditions

    make_article_renditions.enqueue([imported.pk])  # run twice: nothing new, nothing remade
    run_worker()
    assert {(r.image_id, r.filter_spec): r.file.name for r in renditions_of(imported)} == made


def test_a_task_left_running_by_a_killed_worker_is_queued_again_on_start(imported):
    from django_tasks_db.models import DBTaskResult

    call_command("make_renditions", stdout=io.StringIO())
    rows = queued("make_article_renditions")
    assert len(rows) == 1, "an article already queued is not queued twice"
    row = rows[0]
    DBTaskResult.objects.filter(pk=row.pk).update(status="RUNNING")  # claimed, then the worker died
    run_worker()
    assert renditions_of(imported).count() == 0

    call_command("make_renditions", stdout=io.StringIO())  # what scripts/worker.sh start runs
    run_worker()
    assert renditions_of(imported).count() == expected_renditions(imported)


def test_make_renditions_now_makes_them_without_the_worker(imported):
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.all().delete()  # as if the queue had been lost
    call_command("make_renditions", "--now", stdout=io.StringIO())
    assert renditions_of(imported).count() == expected_renditions(imported)
    assert queued("make_article_renditions") == []


class PurgeRecorder(BaseHTTPRequestHandler):
    purged: list = []

    def do_PURGE(self):  # the HTTP method's name
        self.purged.append(self.path)
        self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def nginx_in_front(settings):
    """An HTTP server on a free port taking the PURGE requests nginx would."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    PurgeRecorder.purged = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        **settings.WAGTAILFRONTENDCACHE,
        "nginx": {
            "BACKEND": "congtin.pagecache.backends.NginxBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_port}",
        },
    }
    yield PurgeRecorder.purged
    server.shutdown()
    server.server_close()


def test_publishing_purges_the_app_cache_at_once_and_nginx_through_the_worker(
    client, queue, nginx_in_front, home, django_capture_on_commit_callbacks
):
    article = make_article(make_section(home, "Tin tức"), "Hội nghị cán bộ Đoàn chủ chốt")
    client.get(article.url)
    article.title = "Tiêu đề đã sửa"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    assert "Tiêu đề đã sửa" in client.get(article.url).content.decode(), "the app's cache was purged at once"
    assert nginx_in_front == [], "no PURGE sent during the editor's request"
    assert queued("purge_caches_in_front")

    run_worker()
    assert article.url in nginx_in_front and "/" in nginx_in_front
