"""Search benchmark (issue 11): does a reader find the article, and how fast, at 10k and 100k.

    make bench-search            (or: .venv/bin/python bench/search.py [--rebuild] [SIZE ...])

For each size it builds once, then reuses, an SQLite database under var/bench/archive-SIZE/
(or $CONGTIN_BENCH_DIR/archive-SIZE/; the archive from bench/make_archive.py, imported with
congtin.news.importer, the import rate recorded). A database older than the code's migrations is migrated and its search
index rebuilt first (`--rebuild` forces the rebuild). Then, in a child process whose
settings point at that database:

- queries: QUERY_COUNT targets drawn uniformly over the live articles (so over every age),
  and from each title four consecutive words starting at a random word, typed without marks;
- recall@10 through the service (`congtin.search.service.search`) and recall on the first
  page through /tim-kiem/?q= as a reader gets it (the result links parsed from the HTML);
  an article counts as found when the page shows it OR another edition with the identical
  title (the 100k archive repeats each corpus story as earlier years' editions; nobody can
  tell them apart by title, and the corpus itself repeats titles);
- p50/p95 of the search page, of the service call, of the suggestion endpoint
  (/tim-kiem/goi-y/?q=, a prefix of 3+ characters of each fragment) and of the raw FTS5
  query, `bm25()` order, LIMIT 10: the floor, and the ratio page p95 / raw p95;
- PASS/FAIL against the issue's targets; printed, not asserted (the process exits 0);
- the render times of the home page, a section page, an article and the sitemap (cheap, and
  what the archive's size does to the rest of the site).

The machine's load average is printed beside the timings: they are only comparable on an
otherwise idle machine. Others may read the databases (read-only) while no run is under way.
"""

import json
import os
import random
import re
import statistics
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The imported archives (an hour each on 2 cores): CONGTIN_BENCH_DIR keeps them outside a checkout.
BENCH_DIR = Path(os.environ.get("CONGTIN_BENCH_DIR", ROOT / "var" / "bench"))
QUERY_COUNT = 300
SEED = 2026
WORDS = 4
AMBIGUOUS = 10  # this many OTHER distinct titles hold the fragment: no ranking can promise the one meant
WARM_QUERIES = 20
SHOWN_MISSES = 8
TARGETS = {"recall": 0.98, "page_over_raw": 1.5, "page_ms": 100.0, "suggest_ms": 30.0}
SUGGEST_URL = "/tim-kiem/goi-y/"
SEARCH_URL = "/tim-kiem/"
RESULT_ITEM = re.compile(r'class="(?:[^"]*\s)?search-result(?:\s[^"]*)?"')
HREF = re.compile(r'href="([^"]+)"')


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))] if ordered else float("nan")


def stats(samples: list[float]) -> dict:
    return {"p50": statistics.median(samples), "p95": percentile(samples, 0.95), "n": len(samples)}


def title_key(title: str) -> str:
    """What "the identical title" means: the same words, case and punctuation aside."""
    from congtin import vietnamese

    return " ".join(vietnamese.words(unicodedata.normalize("NFC", title)))


# --- the child: one archive ------------------------------------------------------------


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def pending_migrations() -> list[str]:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return [str(migration) for migration, _ in executor.migration_plan(executor.loader.graph.leaf_nodes())]


def prepare(size: int, var: Path) -> dict:
    """The archive's database, built on the first run, brought up to the code's schema later."""
    from django.core.management import call_command

    from congtin.news.importer import import_file, refresh_planner_statistics

    sys.path.insert(0, str(ROOT / "bench"))
    from make_archive import write_archive

    marker = var / "import.json"
    if not marker.is_file():
        log(f"[{size}] building the archive and importing it (the first run; ~{size // 60} s)")
        archive = write_archive(size, var / f"archive-{size}.jsonl.gz")
        call_command("migrate", verbosity=0)
        start = time.perf_counter()
        report = import_file(archive)
        elapsed = time.perf_counter() - start
        marker.write_text(json.dumps({"articles": report.created, "seconds": elapsed, "errors": report.failed}))
    imported = json.loads(marker.read_text())
    pending = pending_migrations()
    if pending or os.environ.get("BENCH_REBUILD"):
        if pending:
            log(f"[{size}] the database is older than the code: migrating ({', '.join(pending)})")
            call_command("migrate", verbosity=0)
        log(f"[{size}] rebuilding the search index")
        start = time.perf_counter()
        call_command("rebuild_search_index", verbosity=0)
        refresh_planner_statistics()
        imported["rebuild_seconds"] = time.perf_counter() - start
        imported["rebuilt_for"] = pending
    return imported


def search_function():
    """The service's search once it exists; results.search was the door before it."""
    try:
        from congtin.search.service import search

        return search, "congtin.search.service.search"
    except ImportError:
        from congtin.search.results import search

        return search, "congtin.search.results.search (no service yet)"


def result_page_ids(result_page) -> list[int]:
    return [(getattr(r, "page", None) or r.article).pk for r in result_page.results]


def make_queries(articles: list[tuple]) -> list[dict]:
    """QUERY_COUNT targets uniform over the archive, a bare 4-word fragment from a random start."""
    from congtin import vietnamese

    rng = random.Random(SEED)
    queries, seen = [], set()
    while len(queries) < QUERY_COUNT and len(seen) < len(articles):
        index = rng.randrange(len(articles))
        if index in seen:
            continue
        seen.add(index)
        pk, title, published_at = articles[index]
        words = vietnamese.words(title)
        if len(words) < WORDS:
            continue
        start = rng.randrange(len(words) - WORDS + 1)
        text = vietnamese.fold(" ".join(words[start : start + WORDS]))
        prefix = text[: rng.randrange(3, len(text) + 1)].rstrip()
        queries.append({"q": text, "prefix": prefix, "pk": pk, "title": title, "published_at": published_at})
    return queries


def page_links(content: str) -> list[str]:
    """The result links on a search page, in order: the first link of each result item."""
    from urllib.parse import urlparse

    links = []
    for match in RESULT_ITEM.finditer(content):
        href = HREF.search(content, match.end())
        if href:
            links.append(urlparse(href.group(1)).path)
    return links


def raw_floor(queries: list[dict]) -> tuple[list[float], str]:
    """The bare FTS5 query, every word, bm25 order: what a request cannot beat. It names no
    column: folded words appear only in folded columns (and in exact ones where the text had
    no marks), so it finds the same rows as a query on the folded columns, and faster."""
    from django.db import connection

    from congtin.search import backends

    table = getattr(backends, "SQLITE_TABLE", "congtin_search_fts")
    sql = f"SELECT rowid FROM {table} WHERE {table} MATCH %s ORDER BY bm25({table}) LIMIT 10"

    def expression(text: str) -> str:
        return "(" + " AND ".join(f'"{word}"' for word in text.split()) + ")"

    samples = []
    with connection.cursor() as cursor:
        for query in queries:  # untimed pass: the database's pages in memory, as for a busy site
            cursor.execute(sql, [expression(query["q"])])
            cursor.fetchall()
        for query in queries:
            start = time.perf_counter()
            cursor.execute(sql, [expression(query["q"])])
            cursor.fetchall()
            samples.append((time.perf_counter() - start) * 1000)
    return samples, f"{sql.replace('%s', '?')}   -- MATCH '(\"w1\" AND ...)'"


def other_pages(client) -> dict:
    """Render medians of the rest of the site at this size, each a page-cache miss (what
    bench/search.py measured before this benchmark was about search)."""
    from django.core.cache import caches

    from congtin.news.models import ArticlePage, SectionPage

    def cold(url: str, rounds: int = 5) -> float:
        samples = []
        for _ in range(rounds):
            for alias in caches:
                caches[alias].clear()
            start = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                log(f"  {url}: HTTP {response.status_code}")
        return statistics.median(samples)

    section = SectionPage.objects.live().first()
    article = ArticlePage.objects.live().order_by("-published_at").first()
    return {
        "article": cold(article.url),  # "Tin liên quan" is computed on a cache miss
        "home": cold("/"),
        "section": cold(section.url),
        "section p.50": cold(section.url + "?page=50"),
        "sitemap index": cold("/sitemap.xml"),
        "sitemap page": cold("/sitemap-bai-viet.xml?p=2"),
    }


def measure(size: int) -> dict:
    """Runs in a child process whose settings point at this size's database."""
    import django

    django.setup()
    from django.core.cache import caches
    from django.test import Client
    from django.urls import Resolver404, resolve

    from congtin import vietnamese
    from congtin.news.models import ArticlePage

    def clear_caches() -> None:
        for alias in caches:
            caches[alias].clear()

    var = Path(os.environ["CONGTIN_VAR_DIR"])
    imported = prepare(size, var)
    articles = list(ArticlePage.objects.live().order_by("pk").values_list("pk", "title", "published_at"))
    by_key: dict[str, set[int]] = {}
    for pk, title, _ in articles:
        by_key.setdefault(title_key(title), set()).add(pk)
    queries = make_queries(articles)
    folded_titles = [(" " + vietnamese.fold(title_key(title)) + " ", title_key(title)) for _, title, _ in articles]
    for query in queries:
        key = title_key(query["title"])
        query["editions"] = sorted(by_key[key])
        needle = f" {query['q']} "
        # Distinct titles: the page shows a title once, its copies listed under it.
        query["other_titles"] = len({k for folded, k in folded_titles if needle in folded and k != key})
    newest = max(published for _, _, published in articles)
    search, search_name = search_function()
    client = Client()
    load = os.getloadavg()[0]

    log(f"[{size}] raw FTS5 floor")
    raw, raw_sql = raw_floor(queries)

    log(f"[{size}] search page")
    rng = random.Random(SEED + 1)
    for _ in range(WARM_QUERIES):  # other fragments: warm the templates and the code, not these queries
        pk, title, _ = articles[rng.randrange(len(articles))]
        client.get(SEARCH_URL, {"q": vietnamese.fold(" ".join(vietnamese.words(title)[:WORDS]))})
    clear_caches()
    page_ms, page_items, statuses = [], 0, {}
    from wagtail.models import Page

    for query in queries:
        start = time.perf_counter()
        response = client.get(SEARCH_URL, {"q": query["q"]})
        page_ms.append((time.perf_counter() - start) * 1000)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        links = page_links(response.content.decode())
        page_items += len(links)
        urls = {urlpath for urlpath in (p.url for p in Page.objects.filter(pk__in=query["editions"]))}
        query["page_hit"] = any(link in urls for link in links)
        query["page_first"] = links[0] if links else None

    log(f"[{size}] service")
    clear_caches()
    service_ms = []
    for query in queries:
        start = time.perf_counter()
        found = result_page_ids(search(query["q"], per_page=10))
        service_ms.append((time.perf_counter() - start) * 1000)
        query["service_hit"] = bool(set(found) & set(query["editions"]))
        query["first_title"] = ArticlePage.objects.get(pk=found[0]).title if found else None
        query["exact_hit"] = query["pk"] in found

    suggest_ms, suggest_note = [], ""
    try:
        resolve(SUGGEST_URL)
    except Resolver404:
        suggest_note = f"skipped: {SUGGEST_URL} does not exist yet"
    if not suggest_note:
        log(f"[{size}] suggestions")
        clear_caches()
        suggest_status = {}
        for query in queries:
            start = time.perf_counter()
            response = client.get(SUGGEST_URL, {"q": query["prefix"]})
            suggest_ms.append((time.perf_counter() - start) * 1000)
            suggest_status[response.status_code] = suggest_status.get(response.status_code, 0) + 1
        suggest_note = "HTTP " + ", ".join(f"{code}: {count}" for code, count in sorted(suggest_status.items()))

    misses = []
    for query in (q for q in queries if not q["page_hit"]):
        if len(misses) >= SHOWN_MISSES:
            break
        deeper = result_page_ids(search(query["q"], per_page=100))
        rank = next((i + 1 for i, pk in enumerate(deeper) if pk in query["editions"]), None)
        misses.append(
            {
                "q": query["q"],
                "title": query["title"],
                "published": query["published_at"].date().isoformat(),
                "rank": rank,
                "other_titles": query["other_titles"],
                "first": query["first_title"],
            }
        )

    # Recall by age: quarters of the targets by publication date, oldest first.
    ages = sorted(queries, key=lambda q: q["published_at"])
    quarter = len(ages) // 4 or 1
    by_age = []
    for i in range(0, len(ages), quarter):
        part = ages[i : i + quarter]
        if len(part) < quarter // 2:
            continue
        by_age.append(
            {
                "from": part[0]["published_at"].date().isoformat(),
                "to": part[-1]["published_at"].date().isoformat(),
                "n": len(part),
                "page_hits": sum(q["page_hit"] for q in part),
            }
        )

    log(f"[{size}] other pages")
    clear_caches()
    pages = other_pages(client)
    answerable = [q for q in queries if q["other_titles"] < AMBIGUOUS]
    return {
        "size": size,
        "articles": len(articles),
        "distinct_titles": len(by_key),
        "newest": newest.date().isoformat(),
        "oldest": min(published for _, _, published in articles).date().isoformat(),
        "imported": imported,
        "search_function": search_name,
        "raw_sql": raw_sql,
        "load": load,
        "queries": len(queries),
        "page_statuses": statuses,
        "page_items": page_items,
        "service_hits": sum(q["service_hit"] for q in queries),
        "service_exact_hits": sum(q["exact_hit"] for q in queries),
        "page_hits": sum(q["page_hit"] for q in queries),
        "answerable": len(answerable),
        "answerable_page_hits": sum(q["page_hit"] for q in answerable),
        "by_age": by_age,
        "misses": misses,
        "raw": stats(raw),
        "service": stats(service_ms),
        "page": stats(page_ms),
        "suggest": stats(suggest_ms) if suggest_ms else None,
        "suggest_note": suggest_note,
        "pages": pages,
    }


# --- the parent: every size, then the report ---------------------------------------------


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def report(results: list[dict], command: str) -> None:
    print(f"command: {command}")
    print(
        f"SQLite; {QUERY_COUNT} targets drawn uniformly over each archive (seed {SEED}), each queried by "
        f"{WORDS} consecutive title words from a random position, typed without marks (vietnamese.fold)."
    )
    print(
        "Found = the target, or another edition with the identical title, is on the first page (the 100k\n"
        "archive repeats corpus stories as earlier years' editions, and the corpus repeats titles itself).\n"
        f"Ambiguous = {AMBIGUOUS}+ OTHER titles hold the fragment as a phrase: no ranking can promise the one meant."
    )
    for r in results:
        imported = r["imported"]
        print(
            f"\n== {r['size']:,} archive: {r['articles']:,} live articles, {r['distinct_titles']:,} distinct titles, "
            f"{r['oldest']} .. {r['newest']}; load average {r['load']:.2f}"
        )
        print(
            f"import: {imported['articles']:,} articles in {imported['seconds']:.0f} s "
            f"({imported['articles'] / imported['seconds']:.1f}/s)"
            + (
                f"; this run migrated {imported.get('rebuilt_for') or '-'} and rebuilt the index in "
                f"{imported['rebuild_seconds']:.0f} s"
                if "rebuild_seconds" in imported
                else ""
            )
        )
        n = r["queries"]
        print(f"search: {r['search_function']}; page HTTP statuses {r['page_statuses']}")
        if not r["page_items"]:
            print('  WARNING: no result items parsed from the search page (class="search-result" gone?)')
        print(
            f"recall@10 (service):      {r['service_hits']}/{n} = {r['service_hits'] / n:.1%} "
            f"(the very article, not an edition: {r['service_exact_hits']}/{n})"
        )
        print(f"recall@page-1 (HTTP page): {r['page_hits']}/{n} = {r['page_hits'] / n:.1%}")
        print(
            f"  without the {n - r['answerable']} ambiguous queries: {r['answerable_page_hits']}/{r['answerable']} = "
            f"{r['answerable_page_hits'] / max(1, r['answerable']):.1%}"
        )
        print(
            "  by age (targets' publication dates, oldest quarter first): "
            + "; ".join(f"{a['from']}..{a['to']} {a['page_hits']}/{a['n']}" for a in r["by_age"])
        )
        if r["misses"]:
            print(
                "  misses (query -> target [published]; target's rank in the first 100; other titles with the phrase; "
                "first result):"
            )
        for m in r["misses"]:
            print(
                f"    {m['q']!r} -> {m['title']!r} [{m['published']}]; rank {m['rank'] or '>100'}; "
                f"{m['other_titles']} other titles; first: {m['first']!r}"
            )
        print(f"{'timing (ms)':<28}{'p50':>8}{'p95':>8}")
        for label, key in (("raw FTS5 bm25 LIMIT 10", "raw"), ("service.search", "service"), ("search page", "page")):
            print(f"{label:<28}{r[key]['p50']:>8.1f}{r[key]['p95']:>8.1f}")
        if r["suggest"]:
            print(
                f"{'suggestions (' + SUGGEST_URL + ')':<28}{r['suggest']['p50']:>8.1f}{r['suggest']['p95']:>8.1f}"
                f"   ({r['suggest_note']})"
            )
        else:
            print(f"suggestions: {r['suggest_note']}")
        print(f"page p95 / raw p95: {r['page']['p95'] / r['raw']['p95']:.1f}x")
        print("raw query: " + r["raw_sql"])
        print("other pages, cold render median ms: " + ", ".join(f"{name} {ms:.1f}" for name, ms in r["pages"].items()))

    largest = max(results, key=lambda r: r["size"])
    print(f"\n== targets (recall over every archive; timings at the largest, {largest['size']:,})")
    for r in results:
        share = r["page_hits"] / r["queries"]
        print(f"{verdict(share >= TARGETS['recall'])}  recall on the first page >= 98% at {r['size']:,}: {share:.1%}")
    ratio = largest["page"]["p95"] / largest["raw"]["p95"]
    print(f"{verdict(ratio <= TARGETS['page_over_raw'])}  search page p95 <= 1.5x raw p95: {ratio:.1f}x")
    print(
        f"{verdict(largest['page']['p95'] <= TARGETS['page_ms'])}  search page p95 <= 100 ms: "
        f"{largest['page']['p95']:.1f} ms"
    )
    if largest["suggest"]:
        print(
            f"{verdict(largest['suggest']['p95'] <= TARGETS['suggest_ms'])}  suggestions p95 <= 30 ms: "
            f"{largest['suggest']['p95']:.1f} ms"
        )
    else:
        print(f"SKIP  suggestions p95 <= 30 ms: {largest['suggest_note']}")


def main(argv: list[str]) -> None:
    rebuild = "--rebuild" in argv
    sizes = [int(arg) for arg in argv if arg != "--rebuild"] or [10_000, 100_000]
    results = []
    for size in sizes:
        env = dict(
            os.environ,
            CONGTIN_VAR_DIR=str(BENCH_DIR / f"archive-{size}"),
            DJANGO_SETTINGS_MODULE="congtin.settings.test",
            BENCH_CHILD=str(size),
        )
        env.pop("DATABASE_URL", None)
        if rebuild:
            env["BENCH_REBUILD"] = "1"
        done = subprocess.run([sys.executable, __file__], env=env, stdout=subprocess.PIPE, text=True)
        if done.returncode:
            print(f"the {size:,} run failed (exit {done.returncode}); see its error above", file=sys.stderr)
            continue
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    if results:
        report(results, f".venv/bin/python bench/search.py {' '.join(argv)}".strip())


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    if os.environ.get("BENCH_CHILD"):
        print(json.dumps(measure(int(os.environ["BENCH_CHILD"])), default=str))
    else:
        main(sys.argv[1:])
