"""The newsroom on the production stack (`make bench-newsroom`): what each admin page of the
approval workflow costs in queries, and how long a reader waits, through nginx, between the
leader's last approval and the story on the section page, the home page and its own address.

Starts `scripts/serve.sh` as bench/faults.py does (nginx page cache, the gunicorn pools, the task
worker that purges nginx, the scheduler; a PostgreSQL and a Redis of its own), with the demo
content and its newsroom accounts. Then:

  query counts   each page a role opens in the workflow, in the served settings (PostgreSQL,
                 Redis), through Django's test client in a `manage.py shell`: the reporter's
                 new-article form and submit, each reviewer's dashboard, section listing, edit
                 page and approval, the leader's approval that publishes
  delay          --stories (5) stories taken to the leader's step; once the task worker is
                 idle (the demo's photo renditions, queued at start, made), for each the
                 section and home pages are warmed in nginx (HIT), then the leader approves in
                 a process of its own while this one polls nginx every 20 ms; the delay is from
                 the moment the approval starts to the first response that shows the story
  reference      the same delay for as many stories the leader publishes directly ("Xuất
                 bản", no workflow step), taken in turn with the approvals, measured the same
                 way in the same run, and a cached page's own time through nginx
  --scheduled    also one story scheduled 15 s ahead: seconds from its go-live time to the
                 section page through nginx (the scheduler runs each minute's first second)

Usage: bench/newsroom.py [--stories 5] [--scheduled] [--keep]
"""

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.faults import Stack, get  # noqa: E402

POLL_SECONDS = 0.02
GIVE_UP_SECONDS = 120.0

# Run in `manage.py shell` of the served stack: the test client with the served settings, except
# what a client in the same process cannot do (the TLS redirect, the second factor).
CLIENT = r"""
import json, time
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield
from django.contrib.auth import get_user_model
from congtin import vietnamese
from congtin.news.models import ArticlePage, HomePage

overrides = override_settings(ALLOWED_HOSTS=["*"], SECURE_SSL_REDIRECT=False, CONGTIN_REQUIRE_2FA=False,
                              SESSION_COOKIE_SECURE=False, CSRF_COOKIE_SECURE=False)
overrides.enable()
section = HomePage.default().section_titled("Thanh niên")

def client_of(username):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client

def form(title, action="action-submit", when=None):
    data = {"title": title, "slug": vietnamese.slugify(title), "lead": "Sa-pô của bài đo.", "body": streamfield([]),
            "author": "", "source_name": "", "source_url": "", "image": "", "tags": "",
            "published_at": (when or timezone.localtime()).strftime("%Y-%m-%d %H:%M"),
            "comments": inline_formset([]), "corrections": inline_formset([])}
    if action:
        data[action] = action
    return nested_form_data(data)

def counted(call):
    with CaptureQueriesContext(connection) as queries:
        response = call()
    assert response.status_code in (200, 302), (response.status_code, response.content[:300])
    return len(queries.captured_queries)

def approve(username, article, comment=""):
    state = ArticlePage.objects.get(pk=article.pk).current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(article.pk, "approve", state.pk))
    return client_of(username).post(url, {"comment": comment}, headers={"x-requested-with": "XMLHttpRequest"})

def submit(title, when=None):
    add_url = reverse("wagtailadmin_pages:add", args=("news", "articlepage", section.pk))
    client_of("phongvien").post(add_url, form(title, when=when))
    return ArticlePage.objects.get(title=title)
"""

COUNTS = (
    CLIENT
    + r"""
counts = []
add_url = reverse("wagtailadmin_pages:add", args=("news", "articlepage", section.pk))
title = "Bài đo số truy vấn %d" % time.time_ns()
reporter = client_of("phongvien")
counts.append(("Phóng viên", "new article form", counted(lambda: reporter.get(add_url))))
counts.append(("Phóng viên", "submit (Gửi vào quy trình)", counted(lambda: reporter.post(add_url, form(title)))))
article = ArticlePage.objects.get(title=title)
for role, username in (("Biên tập viên", "bientap"), ("Thư ký tòa soạn", "thuky"), ("Lãnh đạo duyệt", "lanhdao")):
    reviewer = client_of(username)
    for what, url in (
        ("dashboard (Chờ tôi duyệt, Hạn duyệt)", reverse("wagtailadmin_home")),
        ("section listing", reverse("wagtailadmin_explore", args=(section.pk,))),
        ("edit page", reverse("wagtailadmin_pages:edit", args=(article.pk,))),
    ):
        counts.append((role, what, counted(lambda: reviewer.get(url))))
    last = username == "lanhdao"
    counts.append((role, "approve and publish" if last else "approve", counted(lambda: approve(username, article))))
assert ArticlePage.objects.get(pk=article.pk).live
listed = ArticlePage.objects.child_of(section).count()
print("BENCH " + json.dumps({"counts": counts, "articles_in_section": listed}))
"""
)

PREPARE = r"""  # after CLIENT, formatted
# Dated in the order they go live (approval, direct publish, in turn; in the past, so none is
# scheduled): each is the section's newest when it goes live, so the home page shows it too.
from datetime import timedelta
base = timezone.localtime() - timedelta(minutes=30)
stories = []
for number in range({stories}):
    article = submit("Bài đo độ trễ số %d lúc %d" % (number, time.time_ns()), when=base + timedelta(minutes=2 * number))
    approve("bientap", article)
    approve("thuky", article)
    stories.append({{"pk": article.pk, "title": article.title, "url": article.url}})
directs = []
for number in range({stories}):
    direct = submit("Bài xuất bản thẳng số %d lúc %d" % (number, time.time_ns()),
                    when=base + timedelta(minutes=2 * number + 1))
    direct.current_workflow_state.cancel(user=get_user_model().objects.get(username="lanhdao"))
    direct = ArticlePage.objects.get(pk=direct.pk)
    directs.append({{"pk": direct.pk, "title": direct.title, "url": direct.url}})
print("BENCH " + json.dumps({{"stories": stories, "directs": directs, "section": section.url}}))
"""

APPROVE = r"""  # after CLIENT, formatted
article = ArticlePage.objects.get(pk={pk})
started = time.time()
approve("lanhdao", article)
print("BENCH " + json.dumps({{"started": started, "done": time.time()}}))
"""

PUBLISH = r"""  # after CLIENT, formatted
from wagtail.models import Page
article = ArticlePage.objects.get(pk={pk})
started = time.time()
article.get_latest_revision().publish(user=get_user_model().objects.get(username="lanhdao"))
print("BENCH " + json.dumps({{"started": started, "done": time.time()}}))
"""

SCHEDULE = (
    CLIENT
    + r"""
from datetime import timedelta
article = submit("Bài hẹn giờ lúc %d" % time.time_ns())
article.current_workflow_state.cancel(user=get_user_model().objects.get(username="lanhdao"))
article = ArticlePage.objects.get(pk=article.pk)
article.published_at = timezone.now() + timedelta(seconds=15)
article.save_revision(user=get_user_model().objects.get(username="lanhdao")).publish(
    user=get_user_model().objects.get(username="lanhdao"))
article.refresh_from_db()
print("BENCH " + json.dumps({"title": article.title, "go_live": article.go_live_at.timestamp(), "live": article.live}))
"""
)


def bench_json(output: str) -> dict:
    return json.loads(output.split("BENCH ", 1)[1].splitlines()[0])


def shows(port: int, path: str, title: str) -> bool:
    status, _headers, body = get(port, path)
    return status == 200 and title.encode() in body


def warm(port: int, *paths: str) -> None:
    for path in paths:
        for _ in range(3):
            status, headers, _body = get(port, path)
            if headers.get("x-cache") == "HIT":
                break
        else:
            print(f"  (warning: {path} not HIT in nginx: {status} {headers.get('x-cache')})")


def time_to_readers(stack: Stack, script: str, title: str, url: str, section: str) -> dict[str, float]:
    """Seconds from the start of `script` (as it prints it) until nginx serves the story on each page."""
    pages = {"section": section, "home": "/", "article": url}
    warm(stack.port, section, "/")
    for where, path in pages.items():
        if shows(stack.port, path, title):
            sys.exit(f"the story is on the {where} page ({path}) before its publication")
    runner = subprocess.Popen(
        ["bash", str(stack.root / "scripts" / "serve.sh"), "manage", "shell", "-c", script],
        env=stack.env,
        cwd=stack.root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen: dict[str, float] = {}
    give_up = time.time() + GIVE_UP_SECONDS
    while len(seen) < len(pages) and time.time() < give_up:
        for where, path in pages.items():
            if where not in seen and shows(stack.port, path, title):
                seen[where] = time.time()
        time.sleep(POLL_SECONDS)
    out, err = runner.communicate(timeout=60)
    if runner.returncode:
        sys.exit(f"manage.py shell failed:\n{err[-3000:]}")
    started = bench_json(out)["started"]
    return {where: seen[where] - started if where in seen else float("inf") for where in pages}


QUEUED = r"""
from django_tasks_db.models import DBTaskResult
print("BENCH", DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).count())
"""


def wait_for_idle_worker(stack: Stack, give_up: float = 600.0) -> float:
    """Seconds until the task worker has nothing queued or running: the demo's photos queue
    their renditions at start, and a purge waits for the task in hand. Measured on an idle
    worker, the approval and the direct publish are compared on equal terms."""
    begun = time.time()
    while time.time() - begun < give_up:
        if bench_json(stack.manage_shell(QUEUED)) == 0:
            return time.time() - begun
        time.sleep(1)
    sys.exit(f"the task worker still had work after {give_up:.0f} s")


def nginx_floor_ms(port: int, path: str, rounds: int = 50) -> float:
    warm(port, path)
    times = []
    for _ in range(rounds):
        begun = time.perf_counter()
        get(port, path)
        times.append((time.perf_counter() - begun) * 1000)
    return statistics.median(times)


def summary(samples: list[float]) -> str:
    finite = sorted(s for s in samples if s != float("inf"))
    missed = len(samples) - len(finite)
    if not finite:
        return "never seen"
    text = f"median {statistics.median(finite):.2f} s (min {finite[0]:.2f}, max {finite[-1]:.2f})"
    return text + (f", {missed} never seen in {GIVE_UP_SECONDS:g} s" if missed else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stories", type=int, default=5)
    parser.add_argument("--scheduled", action="store_true", help="also a story scheduled 15 s ahead (waits ≤ 75 s)")
    parser.add_argument("--keep", action="store_true", help="keep the folder (logs) afterwards")
    args = parser.parse_args()
    missing = [name for name in ("nginx", "redis-server") if not shutil.which(name)]
    if missing:
        sys.exit(f"Thiếu {', '.join(missing)}: chạy `make system-deps` (quyền root) rồi thử lại.")
    folder = Path(tempfile.mkdtemp(prefix="congtin-bench-newsroom-"))
    stack = Stack(ROOT, folder)
    try:
        stack.redis.start()
        stack.postgres.create()
        stack.serve("start")
        counted = bench_json(stack.manage_shell(COUNTS))
        prepared = bench_json(stack.manage_shell(CLIENT + PREPARE.format(stories=args.stories)))
        section = prepared["section"]
        floor = nginx_floor_ms(stack.port, section)
        idle_after = wait_for_idle_worker(stack)
        approvals, published = [], []
        for story, direct in zip(prepared["stories"], prepared["directs"], strict=True):  # taken in turn
            for script, article, samples in ((APPROVE, story, approvals), (PUBLISH, direct, published)):
                samples.append(
                    time_to_readers(
                        stack, CLIENT + script.format(pk=article["pk"]), article["title"], article["url"], section
                    )
                )
        scheduled = None
        if args.scheduled:
            plan = bench_json(stack.manage_shell(SCHEDULE))
            assert not plan["live"], "a story scheduled ahead went live at once"
            give_up = plan["go_live"] + 75
            while time.time() < give_up and not shows(stack.port, section, plan["title"]):
                time.sleep(0.2)
            scheduled = time.time() - plan["go_live"] if time.time() < give_up else float("inf")
    finally:
        stack.serve("stop")
        stack.postgres.close()
        stack.redis.close()
        if args.keep:
            print(f"kept: {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)

    print(f"\nQueries per admin page (PostgreSQL + Redis; {counted['articles_in_section']} articles in the section):")
    for role, what, count in counted["counts"]:
        print(f"  {role:<16} {what:<40} {count:>4}")
    print(f"\nThe task worker idle (the demo's photo renditions made) {idle_after:.0f} s after the content was ready")
    print("Leader's last approval → readers through nginx (the page cache purged by the task worker):")
    for where in ("section", "home", "article"):
        print(f"  {where:<8} {summary([sample[where] for sample in approvals])}")
    print("Reference, same run: as many direct publishes (no workflow step) → readers through nginx:")
    for where in ("section", "home", "article"):
        print(f"  {where:<8} {summary([sample[where] for sample in published])}")
    print(f"Reference, same run: the cached section page through nginx: {floor:.2f} ms (median of 50)")
    ratio = statistics.median(s["section"] for s in approvals) / statistics.median(s["section"] for s in published)
    print(f"approval / direct publish, section page (medians): {ratio:.2f} x")
    if scheduled is not None:
        print(f"Scheduled 15 s ahead → section page through nginx: {scheduled:.1f} s after its time")


if __name__ == "__main__":
    main()
