"""Every back-office page an editor uses reads in Vietnamese.

The demo content is loaded (organisation, sections, articles with photos), an article is
edited, submitted to the newsroom's workflow and locked, a document is uploaded; then a
reporter of the "Biên tập viên" group, a "Lãnh đạo duyệt" reviewer and the demo's superuser
walk the admin pages (and every page their sidebar menu links to). Each page's readable
text (tests/admin/english.py) must hold no English word; a failure lists every English
phrase with the address it was read on.
"""

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Site, Task, Workflow

from congtin.demo.images import placeholder_photo
from congtin.demo.management.commands.load_demo import DEMO_ARTICLES, photo_sources
from congtin.demo.management.commands.load_demo import Command as LoadDemo
from congtin.news.importer import import_file
from congtin.news.models import ArticlePage, SectionPage
from congtin.newsroom import roles
from tests.admin.english import english_phrases, english_words, readable_texts
from tests.factories import make_article, make_section

EDITORS = "Biên tập viên"
MODERATORS = roles.LEADER
PASSWORD = "Phuong-hoang-2025!"
DEMO_SAMPLE = 4  # demo articles loaded, all of one section (the 24 take a minute)


def load_demo_articles(folder, count):
    """The first `count` demo articles, with their photos, as load_demo imports them."""
    jsonl = folder / "demo.jsonl"
    jsonl.write_text("".join(DEMO_ARTICLES.read_text(encoding="utf-8").splitlines(keepends=True)[:count]))
    for src in photo_sources(jsonl):
        placeholder_photo(folder / src, f"Ảnh minh họa · {Path(src).stem}")
    assert import_file(jsonl, media_dir=folder).errors == []


@pytest.fixture
def demo(db, home, tmp_path):
    """The demo's content, with an edit history, a page in moderation and a locked page."""
    loader = LoadDemo()
    loader.configure_site()
    loader.ensure_logo()
    load_demo_articles(tmp_path, DEMO_SAMPLE)
    User = get_user_model()
    admin = User.objects.create_superuser("admin", "admin@hoaphuong.example.vn", PASSWORD)
    editor = User.objects.create_user("bientap", "bientap@hoaphuong.example.vn", PASSWORD, first_name="Thu Hà")
    editor.groups.add(Group.objects.get(name=EDITORS))
    moderator = User.objects.create_user("kiemduyet", "kiemduyet@hoaphuong.example.vn", PASSWORD)
    moderator.groups.add(Group.objects.get(name=MODERATORS))

    section = SectionPage.objects.live().first()
    article, submitted, locked = ArticlePage.objects.child_of(section).live()[:3]
    revision = article.save_revision(user=editor, log_action=True)
    revision.publish(user=moderator)
    article.title += " (đã sửa)"
    article.save_revision(user=editor, log_action=True)
    # A revision seven minutes old: "7 phút trước" in the listings, never "7 minutes".
    type(revision).objects.filter(pk=revision.pk).update(created_at=timezone.now() - timedelta(minutes=7))
    workflow = Workflow.objects.get(name=roles.WORKFLOW)
    workflow.start(submitted, editor)
    locked.locked, locked.locked_by, locked.locked_at = True, admin, timezone.now()
    locked.save(update_fields=["locked", "locked_by", "locked_at"])
    document = get_document_model().objects.create(title="Kế hoạch tổ chức hội nghị", uploaded_by_user=editor)
    document.file.save("ke-hoach.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    return {
        "users": {"editor": editor, "moderator": moderator, "admin": admin},
        "section": section,
        "article": article,
        "submitted": submitted,
        "revision": revision,
        "image": get_image_model().objects.first(),
        "document": document,
        "task": Task.objects.get(name=roles.STEPS[0][0]),
        "workflow": workflow,
        "site": Site.objects.get(is_default_site=True),
    }


def editor_pages(demo) -> list[str]:
    """The admin pages an editor goes through in a day's work."""
    article, section, home = demo["article"], demo["section"], demo["section"].get_parent()
    submitted = demo["submitted"]
    state = submitted.current_workflow_task_state
    return [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore_root"),
        reverse("wagtailadmin_explore", args=[home.pk]),
        reverse("wagtailadmin_explore", args=[section.pk]),
        reverse("wagtailadmin_explore", args=[section.pk]) + "?ordering=-latest_revision_created_at",
        reverse("wagtailadmin_pages:add_subpage", args=[section.pk]),
        reverse("wagtailadmin_pages:add", args=["news", "articlepage", section.pk]),
        reverse("wagtailadmin_pages:edit", args=[article.pk]),
        reverse("wagtailadmin_pages:edit", args=[submitted.pk]),
        reverse("wagtailadmin_pages:history", args=[article.pk]),
        reverse("wagtailadmin_pages:revisions_index", args=[article.pk]),
        reverse("wagtailadmin_pages:revisions_view", args=[article.pk, demo["revision"].pk]),
        reverse("wagtailadmin_pages:revisions_compare", args=[article.pk, demo["revision"].pk, "latest"]),
        reverse("wagtailadmin_pages:workflow_history", args=[submitted.pk]),
        reverse("wagtailadmin_pages:workflow_history_detail", args=[submitted.pk, state.workflow_state_id]),
        reverse("wagtailadmin_pages:usage", args=[article.pk]),
        reverse("wagtailadmin_pages:copy", args=[article.pk]),
        reverse("wagtailadmin_pages:move", args=[article.pk]),
        reverse("wagtailadmin_pages:delete", args=[article.pk]),
        reverse("wagtailadmin_pages:unpublish", args=[article.pk]),
        reverse("wagtailadmin_pages:confirm_workflow_cancellation", args=[submitted.pk]),
        reverse("wagtailadmin_pages:collect_workflow_action_data", args=[submitted.pk, "reject", state.pk]),
        reverse("wagtailadmin_pages:collect_workflow_action_data", args=[submitted.pk, "approve", state.pk]),
        reverse("wagtailadmin_pages:set_privacy", args=[article.pk]),
        reverse("wagtailadmin_pages:search") + "?q=hội nghị",
        reverse("wagtailadmin_pages:search") + "?q=không-có-bài-nào",
        reverse("wagtailadmin_pages:type_use", args=["news", "articlepage"]),
        reverse("wagtailimages:index"),
        reverse("wagtailimages:add_multiple"),
        reverse("wagtailimages:edit", args=[demo["image"].pk]),
        reverse("wagtailimages:delete", args=[demo["image"].pk]),
        reverse("wagtaildocs:index"),
        reverse("wagtaildocs:add_multiple"),
        reverse("wagtaildocs:edit", args=[demo["document"].pk]),
        reverse("wagtailsnippets:index"),
        reverse("wagtailadmin_account"),
        reverse("wagtailadmin_reports:locked_pages"),
        reverse("wagtailadmin_reports:workflow"),
        reverse("wagtailadmin_reports:workflow_tasks"),
        reverse("wagtailadmin_reports:site_history"),
        reverse("wagtailadmin_reports:aging_pages"),
        reverse("wagtailadmin_reports:page_types_usage"),
        reverse("wagtailsettings:edit", args=["core", "organisationsettings", demo["site"].pk]),
        reverse("wagtailsites:index"),
        reverse("wagtailsites:edit", args=[demo["site"].pk]),
        reverse("wagtailsites:add"),
        reverse("wagtailusers_users:index"),
        reverse("wagtailusers_users:edit", args=[demo["users"]["editor"].pk]),
        reverse("wagtailusers_groups:index"),
        reverse("wagtailusers_groups:edit", args=[Group.objects.get(name=EDITORS).pk]),
        reverse("wagtailadmin_workflows:index"),
        reverse("wagtailadmin_workflows:edit", args=[demo["workflow"].pk]),
        reverse("wagtailadmin_workflows:task_index"),
        reverse("wagtailadmin_workflows:edit_task", args=[demo["task"].pk]),
        reverse("wagtailadmin_collections:index"),
        reverse("wagtailadmin_choose_page"),
        reverse("wagtailadmin_choose_page_child", args=[demo["section"].pk]),
        reverse("wagtailadmin_choose_page_search") + "?q=hội nghị",
        reverse("wagtailimages_chooser:choose"),
        reverse("wagtaildocs_chooser:choose"),
    ]


def menu_links(html: str) -> list[str]:
    """The admin addresses the sidebar menu links to (its JSON props), submenus included."""
    start = html.find('id="wagtail-sidebar-props"')
    if start < 0:
        return []
    props = json.loads(html[html.index(">", start) + 1 : html.index("</script>", start)])
    links = []

    def walk(value):
        if isinstance(value, dict):
            url = value.get("url")
            if isinstance(url, str) and url.startswith("/admin/") and "logout" not in url:
                links.append(url)
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(props)
    return links


def page_html(response) -> str:
    """A page's HTML; a modal or a listing's results come as JSON holding it."""
    if response["Content-Type"].startswith("application/json"):
        return json.loads(response.content).get("html", "")
    return response.content.decode()


def walk(client, addresses) -> tuple[dict[str, list[str]], int]:
    """English phrases per address, and how many pages were read."""
    leaks, seen, read, queue = {}, set(), 0, list(addresses)
    while queue:
        address = queue.pop(0)
        if address in seen:
            continue
        seen.add(address)
        response = client.get(address, follow=True)
        if response.status_code in (403, 404) or response.redirect_chain:
            continue  # a page this user may not open; what they get instead is walked on its own
        assert response.status_code == 200, (address, response.status_code)
        read += 1
        html = page_html(response)
        queue.extend(link for link in menu_links(html) if link not in seen)
        phrases = english_phrases(readable_texts(html))
        if phrases:
            leaks[address] = phrases
    return leaks, read


def test_the_article_form_with_errors_is_vietnamese(client, home):
    """What an editor reads after saving a new article with nothing filled in."""
    section = make_section(home, "Kinh tế")
    client.force_login(get_user_model().objects.create_superuser("admin", "admin@hoaphuong.example.vn", PASSWORD))
    address = reverse("wagtailadmin_pages:add", args=["news", "articlepage", section.pk])
    corrections = {f"corrections-{field}": "0" for field in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS")}
    form = {"title": "", "slug": "", "body-count": "0", "published_at": "ngày mai", **corrections}
    response = client.post(address, form)
    assert response.status_code == 200
    texts = readable_texts(response.content.decode())
    assert any("Trường này là bắt buộc" in text for text in texts), texts
    assert english_phrases(texts) == []


def test_english_is_found_in_what_the_issue_saw_and_not_in_names_or_data():
    leaks = ["7 minutes trước", "A comma-separated list of tags.", "Root", "Gửi tới Moderators approval", "Port"]
    assert all(english_words(leak) for leak in leaks)
    assert english_words("Site name") == ["Site", "name"]
    for allowed in ("Ctrl + Alt + m", "bientap@hoaphuong.example.vn", "ke-hoach.pdf", "%(num)s phút", "password123"):
        assert english_words(allowed) == [], allowed
    assert english_phrases(["Lưu bản nháp", "Save Selected"]) == ["'Save Selected' [Save, Selected]"]


def test_readable_text_holds_attributes_and_menu_labels_not_scripts():
    html = """<script>var label = "Save";</script><style>.Page {}</style>
    <button aria-label="Delete" title="Xóa">Xóa</button><input type="submit" value="Search">
    <script id="wagtail-sidebar-props" type="application/json">
    {"modules": [{"label": "Pages", "url": "/admin/pages/"}]}</script>"""
    assert sorted(readable_texts(html)) == ["Delete", "Pages", "Search", "Xóa", "Xóa"]


def test_an_editor_submits_to_the_workflow_under_its_vietnamese_name(client, home):
    article = make_article(make_section(home, "Kinh tế"), "Giá lúa tăng")
    editor = get_user_model().objects.create_user("bientap", "bientap@hoaphuong.example.vn", PASSWORD)
    editor.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])).content.decode()
    assert f"Gửi vào quy trình {roles.WORKFLOW}" in html


def test_the_default_roles_and_workflow_have_vietnamese_names(db):
    assert set(Group.objects.values_list("name", flat=True)) >= {EDITORS, MODERATORS}
    assert list(Workflow.objects.filter(active=True).values_list("name", flat=True)) == [roles.WORKFLOW]
    assert list(Task.objects.filter(workflow_tasks__workflow__active=True).values_list("name", flat=True)) == [
        step for step, _group, _hours in roles.STEPS
    ]
    assert Page.objects.get(depth=1).title != "Root"
    assert Collection.objects.get(depth=1).name != "Root"


def test_every_admin_page_an_editor_uses_is_vietnamese(client, demo):
    """One demo for the three roles (it takes most of the time); every leak of each is listed."""
    report = []
    for role, user in demo["users"].items():
        client.force_login(user)
        leaks, pages = walk(client, editor_pages(demo))
        assert pages > 30, (role, pages)
        for address, phrases in leaks.items():
            report.append(f"{role} {address}\n    " + "\n    ".join(phrases))
    assert not report, f"English on {len(report)} admin pages:\n" + "\n".join(report)
