"""Search benchmark: 200 fixed queries against archives of 10k and 100k articles.

    make bench-search            (or: .venv/bin/python bench/search.py [SIZE ...])

For each size it builds (once, then reuses) an SQLite database under var/bench/ by
importing an archive made by bench/make_archive.py, recording the import rate. It then
requests /tim-kiem/?q=... through Django's full stack for each query and prints p50/p95,
the ratio of p95 at the largest size to p95 at the smallest, and the render times of the
home page, a section page and the sitemap at each size. Import rate, not just search, is
what the first run measures: 100k articles take a while.
"""

import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
QUERY_COUNT = 200
SEED = 2026


def fixed_queries(titles):
    """200 queries of 1-6 consecutive title words, half typed bare, half with marks."""
    from congtin import vietnamese

    rng = random.Random(SEED)
    queries = []
    while len(queries) < QUERY_COUNT:
        words = vietnamese.words(rng.choice(titles))
        size = 1 + len(queries) % 6
        if len(words) < size:
            continue
        start = rng.randrange(0, len(words) - size + 1)
        text = " ".join(words[start : start + size])
        queries.append(vietnamese.fold(text) if len(queries) % 2 == 0 else text)
    return queries


def percentile(samples, fraction):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def timed(client, url, rounds=1):
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return samples


def measure(size: int) -> dict:
    """Runs in a child process whose settings point at this size's database."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from congtin.news.importer import import_file
    from congtin.news.models import ArticlePage, SectionPage

    sys.path.insert(0, str(ROOT / "bench"))
    from make_archive import corpus_records, write_archive

    var = Path(os.environ["CONGTIN_VAR_DIR"])
    marker = var / "import.json"
    if not marker.is_file():
        archive = write_archive(size, var / f"archive-{size}.jsonl.gz")
        call_command("migrate", verbosity=0)
        start = time.perf_counter()
        report = import_file(archive)
        elapsed = time.perf_counter() - start
        marker.write_text(json.dumps({"articles": report.created, "seconds": elapsed, "errors": report.failed}))
    imported = json.loads(marker.read_text())

    client = Client()
    queries = fixed_queries([record["title"] for record in corpus_records()])
    for query in queries[:20]:  # warm caches and the database's pages
        client.get("/tim-kiem/", {"q": query})
    samples, hits = [], 0
    for query in queries:
        start = time.perf_counter()
        response = client.get("/tim-kiem/", {"q": query})
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
        hits += b'class="search-result"' in response.content
    section = SectionPage.objects.live().first()
    from django.core.cache import cache

    articles = list(ArticlePage.objects.live().order_by("-published_at")[:500:25])
    cold = []
    for article in articles:  # "Tin liên quan" is computed on a cache miss: the worst case
        cache.clear()
        cold += timed(client, article.url)
    pages = {
        "article (cold)": cold,
        "article (warm)": timed(client, articles[0].url, 20),
        "home": timed(client, "/", 20),
        "section": timed(client, section.url, 20),
        "section p.50": timed(client, section.url + "?page=50", 20),
        "sitemap index": timed(client, "/sitemap.xml", 5),
        "sitemap page": timed(client, "/sitemap-bai-viet.xml?p=2", 5),
    }
    return {
        "size": size,
        "articles": ArticlePage.objects.live().count(),
        "import_rate": imported["articles"] / imported["seconds"],
        "import_seconds": imported["seconds"],
        "p50": statistics.median(samples),
        "p95": percentile(samples, 0.95),
        "max": max(samples),
        "queries_with_results": hits,
        "pages": {name: statistics.median(values) for name, values in pages.items()},
    }


def main(sizes):
    results = []
    for size in sizes:
        env = dict(
            os.environ,
            CONGTIN_VAR_DIR=str(BENCH_DIR / f"archive-{size}"),
            DJANGO_SETTINGS_MODULE="congtin.settings.test",
            BENCH_CHILD=str(size),
        )
        env.pop("DATABASE_URL", None)
        output = subprocess.run([sys.executable, __file__], env=env, check=True, capture_output=True, text=True).stdout
        results.append(json.loads(output.strip().splitlines()[-1]))
    command = f".venv/bin/python bench/search.py {' '.join(map(str, sizes))}"
    print(f"command: {command}   (SQLite, {QUERY_COUNT} queries, 1-6 words, half bare)")
    print(f"{'archive':>9} {'articles':>9} {'import/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'with hits':>10}")
    for r in results:
        print(
            f"{r['size']:>9} {r['articles']:>9} {r['import_rate']:>9.1f} "
            f"{r['p50']:>8.1f} {r['p95']:>8.1f} {r['max']:>8.1f} {r['queries_with_results']:>10}"
        )
    if len(results) > 1:
        print(f"p95 ratio {results[-1]['size']}/{results[0]['size']}: {results[-1]['p95'] / results[0]['p95']:.2f}")
    print("\npage render p50 (ms):  " + "  ".join(f"{name}" for name in results[0]["pages"]))
    for r in results:
        print(f"{r['size']:>9}: " + "  ".join(f"{value:.1f}" for value in r["pages"].values()))


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    if os.environ.get("BENCH_CHILD"):
        print(json.dumps(measure(int(os.environ["BENCH_CHILD"]))))
    else:
        main([int(arg) for arg in sys.argv[1:]] or [10_000, 100_000])
