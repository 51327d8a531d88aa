"""What Lighthouse 12 says about the portal a reader gets (`make bench-frontend`).

Starts the production stack (`scripts/serve.sh`, as `make serve` and `make bench`) on free
ports with a folder of its own (var/bench/frontend: the demo content on SQLite, or
DATABASE_URL when set), opens the home page and an article once so that photo renditions
exist and nginx holds the pages, then runs Lighthouse (node_modules, from package.json) in
Debian's Chromium on both, as a phone (Lighthouse's default: simulated slow 4G and CPU) and
as a desktop (`--preset=desktop`).

Printed: the four category scores (performance, accessibility, best practices, SEO), LCP,
CLS and TBT for each run, then every audit below full marks outside performance. The JSON
reports stay in var/bench/frontend/lighthouse/. Not run by the test suite.

Usage: bench/frontend.py [--keep-running]
"""

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import serve as stack  # bench/serve.py: starts and stops scripts/serve.sh with stack.ENV

ROOT = stack.ROOT
VAR = ROOT / "var" / "bench" / "frontend"
REPORTS = VAR / "lighthouse"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
FORM_FACTORS = {"mobile": [], "desktop": ["--preset=desktop"]}

ARTICLE_PATH = r"""
from congtin.news.models import ArticlePage
# The reference article (with its photos) when ../shared gave it to the demo, else the newest.
article = ArticlePage.objects.live().filter(external_id__startswith="haiphong-").first() \
    or ArticlePage.objects.live().order_by("-published_at").first()
print("ARTICLE " + article.get_url_parts()[2])
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def lighthouse(url: str, form_factor: str, name: str) -> dict:
    """One Lighthouse run; its report is kept beside the others."""
    output = REPORTS / f"{name}-{form_factor}.json"
    command = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={output}",
        "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox",
        *FORM_FACTORS[form_factor],
    ]
    run = subprocess.run(
        command, env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True, timeout=300
    )
    if run.returncode:
        sys.exit(f"Lighthouse failed on {url} ({form_factor}):\n{run.stderr[-3000:]}")
    return json.loads(output.read_text(encoding="utf-8"))


def summary(report: dict) -> dict:
    audits = report["audits"]
    scores = {category: round(report["categories"][category]["score"] * 100) for category in CATEGORIES}
    return {
        **scores,
        "LCP": f"{audits['largest-contentful-paint']['numericValue'] / 1000:.2f} s",
        "CLS": f"{audits['cumulative-layout-shift']['numericValue']:.3f}",
        "TBT": f"{audits['total-blocking-time']['numericValue']:.0f} ms",
    }


def shortfalls(report: dict) -> list[str]:
    """Audits below full marks in the categories other than performance."""
    found = []
    for category in CATEGORIES[1:]:
        for ref in report["categories"][category]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                found.append(f"{category}: {audit['id']}: {audit['title']}")
    return found


def print_table(rows: list[dict]) -> None:
    columns = ["page", "device", *CATEGORIES, "LCP", "CLS", "TBT"]
    widths = {column: max(len(column), *(len(str(row[column])) for row in rows)) for column in columns}
    for line in ([dict(zip(columns, columns, strict=True))], rows):
        for row in line:
            print(
                "  ".join(
                    str(row[column]).rjust(widths[column])
                    if column not in ("page", "device")
                    else str(row[column]).ljust(widths[column])
                    for column in columns
                )
            )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keep-running", action="store_true", help="leave the stack running afterwards")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit("Thiếu Lighthouse: chạy `npm ci` (make bench-frontend chạy nó) rồi thử lại.")
    if not shutil.which(CHROMIUM):
        sys.exit(f"Thiếu Chromium ({CHROMIUM}): chạy `make system-deps` (quyền root) rồi thử lại.")
    port = free_port()
    stack.ENV.update(
        {
            "CONGTIN_VAR_DIR": str(VAR),
            "SERVE_PORT": str(port),
            "APP_PORT": str(free_port()),
            "STATIC_ROOT": str(VAR / "static"),
            "SERVE_LIVE": "off",
            "SITE_URL": f"http://127.0.0.1:{port}",
        }
    )
    stack.serve("start")
    try:
        run(port)
    finally:
        if not args.keep_running:
            stack.serve("stop")


def run(port: int):
    article = stack.manage_shell(ARTICLE_PATH).split("ARTICLE ", 1)[1].strip()
    pages = {"home": f"http://127.0.0.1:{port}/", "article": f"http://127.0.0.1:{port}{article}"}
    for url in pages.values():  # renditions made, pages in nginx's cache: what readers usually get
        for _ in range(2):
            urllib.request.urlopen(url, timeout=120).read()
    REPORTS.mkdir(parents=True, exist_ok=True)
    rows, notes = [], []
    for name, url in pages.items():
        for form_factor in FORM_FACTORS:
            report = lighthouse(url, form_factor, name)
            rows.append({"page": name, "device": form_factor, **summary(report)})
            notes += [f"{name} ({form_factor}) {shortfall}" for shortfall in shortfalls(report)]
    chromium = report["environment"]["hostUserAgent"].split("Chrome/")[1].split()[0]
    print(f"\nLighthouse {report['lighthouseVersion']}, Chromium {chromium}: {pages['article']}\n")
    print_table(rows)
    print("\nBelow full marks:" if notes else "\nEvery audit of accessibility, best practices and SEO at full marks.")
    for note in notes:
        print("  " + note)
    print(f"\nReports: {REPORTS.relative_to(ROOT)}/")


if __name__ == "__main__":
    main()
