"""The production stack under load (`make bench`): is a cached page as fast as a static file?

Starts `scripts/serve.sh` (nginx page cache + gunicorn, as `make serve`) on ports of its own,
with its own folder (var/bench/serve: the demo content on SQLite, or DATABASE_URL/REDIS_URL
when set), then drives it with wrk on loopback at 50 and at 1,000 connections:

  a  nginx serving a static copy of an article's HTML (pre-gzipped, as a static site would)
  b  the same article through the page cache, warm
  c  the same article with the cache bypassed: what rendering costs
  d  the home page and a section page, warm
  w  a bare Wagtail page (a plain `Page` at a site's root) with the cache bypassed: the
     framework's own floor under the same server, the yardstick for c (at 50 connections:
     at 1,000 both c and w only measure the queue in front of the app's workers)

Every request asks for gzip, as browsers do. a and b, then c and w, take turns in short
rounds and the best round of each counts, so the machine's changing load falls on both
sides of a ratio alike. Printed: requests/s, p50/p99 latency and errors
for each, the ratios b/a and c/a and c's render cost over w's, SQL queries per page type,
the article page's compressed weight (HTML + CSS + JS) and peak memory per app worker.
Targets: b/a >= 0.8 at both connection counts with no errors, p99(b) < 50 ms at 1,000
connections, render cost(c) <= 2 x render cost(w).

Usage: bench/serve.py [--seconds 15] [--keep-running]
"""

import argparse
import gzip
import http.client
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench" / "serve"
PORT, APP_PORT = 18080, 18001
BARE_HOST = "bare.localhost"
CONNECTIONS = (50, 1000)
ROUNDS = 5
ENV = {
    **os.environ,
    "CONGTIN_VAR_DIR": str(VAR),
    "SERVE_PORT": str(PORT),
    "APP_PORT": str(APP_PORT),
    "SERVE_LIVE": "off",
    "ALLOWED_HOSTS": f"127.0.0.1,localhost,{BARE_HOST}",
    "STATIC_ROOT": str(VAR / "static"),
}


def serve(action):
    subprocess.run(
        ["bash", str(ROOT / "scripts" / "serve.sh"), action],
        env=ENV,
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL if action == "stop" else None,
    )


def manage_shell(code):
    """Run Python with Django set up on the served database (serve.sh manage)."""
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / "serve.sh"), "manage", "shell", "-c", code],
        env=ENV,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        sys.exit(f"manage.py shell failed:\n{result.stderr[-3000:]}")
    return result.stdout


PREPARE = r"""
import json
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site
from congtin.news.models import ArticlePage, SectionPage

# The yardstick: a plain Wagtail page at the root of a site of its own.
bare = Page.objects.filter(slug="trang-tran-bench").first()
if bare is None:
    bare = Page.get_first_root_node().add_child(instance=Page(title="Trang trần", slug="trang-tran-bench"))
    bare.save_revision().publish()
Site.objects.get_or_create(hostname="%(bare)s", port=%(port)d, defaults={"root_page": bare})

# The reference article (with its photos) when ../shared gave it to the demo, else the newest.
article = ArticlePage.objects.live().filter(external_id__startswith="haiphong-").first() \
    or ArticlePage.objects.live().order_by("-published_at").first()
section = article.get_parent()

def queries(url, host="127.0.0.1:%(port)d"):
    client = Client(HTTP_HOST=host)
    for _ in range(2):
        client.get(url, HTTP_X_CACHE_BYPASS="1")
    with CaptureQueriesContext(connection) as captured:
        status = client.get(url, HTTP_X_CACHE_BYPASS="1").status_code
    return len(captured) if status == 200 else f"HTTP {status}"

paths = {"article": article.get_url_parts()[2], "section": section.get_url_parts()[2], "home": "/"}
counts = {kind: queries(path) for kind, path in paths.items()}
counts.update({"search": queries("/tim-kiem/?q=h%%E1%%BB%%99i+ngh%%E1%%BB%%8B"), "rss": queries("/rss/"),
               "sitemap": queries("/sitemap-bai-viet.xml"), "bare Wagtail page": queries("/", "%(bare)s")})
print("BENCH " + json.dumps({"paths": paths, "queries": counts}))
"""


def prepare():
    output = manage_shell(PREPARE % {"bare": BARE_HOST, "port": PORT})
    return json.loads(output.split("BENCH ", 1)[1])


def get(path, host=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    connection.request(
        "GET", path, headers={"Host": host or f"127.0.0.1:{PORT}", "Accept-Encoding": "gzip", **(headers or {})}
    )
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


class Assets(HTMLParser):
    """The stylesheets and scripts a page loads."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "stylesheet":
            self.urls.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.urls.append(attrs["src"])


def page_weight(path):
    """(compressed bytes of HTML, CSS and JS as nginx sends them, with their names)."""
    response, body = get(path)
    html = gzip.decompress(body) if response.getheader("Content-Encoding") == "gzip" else body
    parts = [("HTML", len(body))]
    assets = Assets()
    assets.feed(html.decode())
    for url in assets.urls:
        asset_response, asset_body = get(url)
        assert asset_response.status == 200, url
        parts.append((url.rsplit("/", 1)[-1], len(asset_body)))
    return html, parts


def static_copy(html):
    """The article's HTML as a static file beside the collected static files, with the
    .gz that gzip_static sends."""
    folder = VAR / "static" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "article.html").write_bytes(html)
    (folder / "article.html.gz").write_bytes(gzip.compress(html, 6))
    return "/static/bench/article.html"


def more_file_descriptors():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 65536), hard))


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(path, connections, seconds, host=None, bypass=False):
    command = [
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "--timeout",
        "10s",
        "-H",
        "Accept-Encoding: gzip",
        "-H",
        f"Host: {host or f'127.0.0.1:{PORT}'}",
    ]
    if bypass:
        command += ["-H", "X-Cache-Bypass: 1"]
    output = subprocess.run(
        command + [f"http://127.0.0.1:{PORT}{path}"],
        capture_output=True,
        text=True,
        check=True,
        preexec_fn=more_file_descriptors,
    ).stdout

    def latency(percent):
        value, unit = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
        return float(value) * UNITS[unit]

    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors += int(non_2xx.group(1)) if non_2xx else 0
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    if not rps:
        return {"rps": 0.0, "p50": float("nan"), "p99": float("nan"), "errors": errors}
    return {"rps": rps, "p50": latency(50), "p99": latency(99), "errors": errors}


def wait_until_app_idle(limit=60):
    """Requests wrk left queued at the app are still being rendered: wait them out."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        started = time.monotonic()
        get("/", BARE_HOST, {"X-Cache-Bypass": "1"})
        if time.monotonic() - started < 0.1:
            return
        time.sleep(1)


def worker_peak_memory():
    """Peak resident memory (VmHWM) of each gunicorn worker, in MB."""
    master = int((VAR / "serve" / "gunicorn.pid").read_text().strip())
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    peaks = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        peaks.append(int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024)
    return peaks


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=15, help="each wrk run (default 15; compared pairs in 5 rounds)")
    parser.add_argument("--keep-running", action="store_true", help="leave the stack running afterwards")
    args = parser.parse_args()
    missing = [tool for tool in ("wrk", "nginx") if not shutil.which(tool) and not Path(f"/usr/sbin/{tool}").exists()]
    if missing:
        sys.exit(f"Thiếu {', '.join(missing)}: chạy `make system-deps` (quyền root) rồi thử lại.")

    serve("start")
    try:
        run(args)
    finally:
        if not args.keep_running:
            serve("stop")


def run(args):
    prepared = prepare()
    paths = prepared["paths"]
    html, weight = page_weight(paths["article"])
    targets = {  # in the order they run: the bypassed ones last, their queue drains after each
        "a static copy": dict(path=static_copy(html)),
        "b article, cached": dict(path=paths["article"]),
        "d home, cached": dict(path=paths["home"]),
        "d section, cached": dict(path=paths["section"]),
        "c article, bypassed": dict(path=paths["article"], bypass=True),
        "w bare Wagtail, bypassed": dict(path="/", host=BARE_HOST, bypass=True),
    }
    for target in targets.values():  # warm: the cache holds b and d, renditions exist
        for _ in range(3):
            response, _ = get(
                target["path"], target.get("host"), {"X-Cache-Bypass": "1"} if target.get("bypass") else None
            )
            assert response.status == 200, (target, response.status)
    cached_status = get(paths["article"])[0].getheader("X-Cache")

    results = {}

    def best_of_rounds(names, connections, seconds):
        """Targets compared with each other take turns in short rounds, so a shared machine's
        changing load falls on them alike; the best round of each counts (as hyperfine's
        minimum would), errors of every round add up."""
        for _ in range(ROUNDS):
            for name in names:
                result = wrk(connections=connections, seconds=max(1, seconds // ROUNDS), **targets[name])
                best = results.get((name, connections))
                if best is None or result["rps"] > best["rps"]:
                    results[name, connections] = {**result, "errors": result["errors"] + (best or {}).get("errors", 0)}
                if targets[name].get("bypass"):
                    wait_until_app_idle()

    for connections in CONNECTIONS:
        best_of_rounds(["a static copy", "b article, cached"], connections, args.seconds)
        for name in ("d home, cached", "d section, cached"):
            results[name, connections] = wrk(connections=connections, seconds=args.seconds, **targets[name])
        if connections == CONNECTIONS[0]:
            best_of_rounds(["c article, bypassed", "w bare Wagtail, bypassed"], connections, args.seconds * 2)
        else:
            results["c article, bypassed", connections] = wrk(
                connections=connections, seconds=args.seconds, **targets["c article, bypassed"]
            )
            wait_until_app_idle()
    order = list(targets)
    results = {key: results[key] for key in sorted(results, key=lambda key: (key[1], order.index(key[0])))}

    print(
        f"\nwrk on loopback, {args.seconds} s a run, 2 threads, gzip asked; "
        f"app: {os.environ.get('DATABASE_URL', 'SQLite').split(':')[0]}, cache: "
        f"{'Redis' if os.environ.get('REDIS_URL') else 'shared folder'}; X-Cache of b: {cached_status}\n"
    )
    print(f"{'target':<26}{'conns':>6}{'req/s':>11}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for (name, connections), result in results.items():
        print(
            f"{name:<26}{connections:>6}{result['rps']:>11,.0f}{result['p50']:>9.2f}{result['p99']:>9.2f}{result['errors']:>8}"
        )
    print()
    for connections in CONNECTIONS:
        a, b, c = (results[name, connections] for name in ("a static copy", "b article, cached", "c article, bypassed"))
        cached, bypassed = b["rps"] / a["rps"], c["rps"] / a["rps"]
        print(f"{connections:>5} connections: b/a = {cached:.2f} (target >= 0.80)   c/a = {bypassed:.4f}")
    c, w = results["c article, bypassed", CONNECTIONS[0]], results["w bare Wagtail, bypassed", CONNECTIONS[0]]
    print(
        f"render cost of the article over a bare Wagtail page (w/c req/s, {CONNECTIONS[0]} connections): "
        f"{w['rps'] / c['rps']:.2f}x (target <= 2)"
    )
    print(f"p99 of b at 1,000 connections: {results['b article, cached', 1000]['p99']:.1f} ms (target < 50)")
    errors = sum(result["errors"] for (name, _), result in results.items() if name[0] in "abd")
    print(f"errors in a, b, d: {errors} (target 0)\n")

    print("SQL queries per page, rendered afresh: " + ", ".join(f"{k} {v}" for k, v in prepared["queries"].items()))
    total = sum(size for _, size in weight)
    print(
        f"Article page compressed (gzip, as nginx sends it): {total / 1024:.1f} KB = "
        + " + ".join(f"{name} {size / 1024:.1f} KB" for name, size in weight)
        + " (target < 60 KB)"
    )
    peaks = worker_peak_memory()
    print(f"Peak memory per app worker ({len(peaks)} workers): " + ", ".join(f"{peak:.0f} MB" for peak in peaks))


if __name__ == "__main__":
    main()
