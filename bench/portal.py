"""Portal benchmark: import speed and the cost of rendering each page type.

Run with `make bench` (or `.venv/bin/python bench/portal.py`). It builds a throwaway
SQLite database, imports ../shared/corpus/dantri-unc-200.jsonl and the seed article, then
renders pages through Django's full request stack. As a reference measured in the same
run it also times a bare Django view returning the same article bytes, so the ratio says
what rendering costs over the framework's floor on this (shared, noisy) machine.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))
os.environ["CONGTIN_VAR_DIR"] = tempfile.mkdtemp(prefix="congtin-bench-")
os.environ.pop("DATABASE_URL", None)
os.environ["DJANGO_SETTINGS_MODULE"] = "congtin.settings.test"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from congtin.news.importer import import_file  # noqa: E402
from congtin.news.models import ArticlePage, SectionPage  # noqa: E402
from tests.support import QUEUE, run_worker  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "200"))


def timed_renders(client, url, rounds=ROUNDS):
    """Renders afresh (X-Cache-Bypass skips the page cache; fragments stay warm)."""
    for _ in range(2):  # warm: renditions, template cache, fragments
        client.get(url, HTTP_X_CACHE_BYPASS="1")
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        response = client.get(url, HTTP_X_CACHE_BYPASS="1")
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url, HTTP_X_CACHE_BYPASS="1")
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1], len(queries), len(response.content)


def main():
    corpus = SHARED / "corpus" / "dantri-unc-200.jsonl"
    seed = SHARED / "seed" / "seed-article.jsonl"
    if not corpus.is_file():
        sys.exit(f"bench needs {corpus}")
    call_command("migrate", verbosity=0)
    override_settings(TASKS=QUEUE).enable()  # renditions queued for the worker, as under make demo
    start = time.perf_counter()
    report = import_file(corpus)
    elapsed = time.perf_counter() - start
    start = time.perf_counter()
    reimport = import_file(corpus)
    reimport_elapsed = time.perf_counter() - start
    import_file(seed)
    start = time.perf_counter()
    run_worker()
    worker_elapsed = time.perf_counter() - start
    print("command: .venv/bin/python bench/portal.py")
    for label, count, seconds in (("new", report.created, elapsed), ("update", reimport.updated, reimport_elapsed)):
        rate = count / seconds
        print(f"{f'import dantri-unc-200 ({label}):':33} {count} articles in {seconds:.2f} s = {rate:.1f} articles/s")
    print(f"task worker, their renditions:    {worker_elapsed:.2f} s")

    client = Client()
    article = ArticlePage.objects.get(external_id=__import__("json").loads(seed.read_text().splitlines()[0])["id"])
    section = SectionPage.objects.live().order_by("path").first()
    article_html = client.get(article.url).content

    from django.urls import path

    from congtin import urls

    urls.urlpatterns.insert(0, path("__bench_bytes__/", lambda request: HttpResponse(article_html)))
    rows = [
        ("reference: same bytes, bare view", "/__bench_bytes__/"),
        ("article page (seed)", article.url),
        ("section page", section.url),
        ("home page", "/"),
    ]
    print(f"\n{'page':36} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'bytes':>8}   ({ROUNDS} renders each)")
    results = {}
    for label, url in rows:
        p50, p95, queries, size = timed_renders(client, url)
        results[label] = p50
        print(f"{label:36} {p50:8.2f} {p95:8.2f} {queries:8d} {size:8d}")
    reference = results["reference: same bytes, bare view"]
    print(f"\narticle render / reference (p50): {results['article page (seed)'] / reference:.1f}x")
    first_reader_after_import(client, seed)


def first_reader_after_import(client, seed):
    """The seed article imported again under a new id with new photos while no worker runs
    (renditions queued, as under make demo and make serve): its first render, then the
    worker, then warm renders. The process has rendered article pages before (templates warm)."""
    import json

    from congtin.demo.images import placeholder_photo
    from congtin.demo.management.commands.load_demo import photo_sources

    folder = Path(os.environ["CONGTIN_VAR_DIR"]) / "first-reader"
    folder.mkdir(exist_ok=True)
    record = json.loads(seed.read_text(encoding="utf-8").splitlines()[0])
    record.update(id="bench-first-reader", slug="bench-first-reader", title="Bench: " + record["title"])
    copy = folder / "first-reader.jsonl"
    copy.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    for src in photo_sources(copy):  # photos no rendition was made of
        placeholder_photo(folder / src, f"Bench · {Path(src).stem}")
    import_file(copy, media_dir=folder)
    record.update(id="bench-made-photos", slug="bench-made-photos", title="Bench 2: " + record["title"])
    copy.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    import_file(copy, media_dir=seed.parent)  # the seed's photos, whose renditions are made
    article = ArticlePage.objects.get(external_id="bench-first-reader")
    yardstick = ArticlePage.objects.get(external_id="bench-made-photos")
    timings = {}
    for label, url in (("article", article.url), ("yardstick", yardstick.url), ("home", "/")):
        start = time.perf_counter()
        assert client.get(url, HTTP_X_CACHE_BYPASS="1").status_code == 200
        timings[label] = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    run_worker()
    worker_seconds = time.perf_counter() - start
    warm, _, _, _ = timed_renders(client, article.url, rounds=max(ROUNDS // 4, 10))
    warm_home, _, _, _ = timed_renders(client, "/", rounds=max(ROUNDS // 4, 10))
    print("\nfirst reader after an import (worker not run: the stored photos, no rendition made)")
    print(
        f"  article: first render {timings['article']:.1f} ms, warm render (p50) {warm:.1f} ms "
        f"= {timings['article'] / warm:.1f}x"
    )
    print(
        f"  yardstick: first render of a new article whose photos have their renditions "
        f"{timings['yardstick']:.1f} ms = {timings['yardstick'] / warm:.1f}x (its fragments are cold too)"
    )
    print(
        f"  home:    first render {timings['home']:.1f} ms, warm render (p50) {warm_home:.1f} ms "
        f"= {timings['home'] / warm_home:.1f}x"
    )
    print(
        f"  the worker then made the article's renditions in {worker_seconds:.1f} s "
        "(what the first reader used to wait for)"
    )


if __name__ == "__main__":
    main()
