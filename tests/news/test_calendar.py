"""The editorial calendar ("Lịch xuất bản", congtin.news.calendar): scheduled, recently published
and expiring articles by day in Vietnam's time, who acted and the section, linked to their edit
views; only for people who may edit pages; a fixed number of queries."""

import json
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from congtin import vietnamese
from congtin.news.calendar import calendar_days
from congtin.news.models import ArticlePage
from tests.factories import make_article, make_section
from tests.news.test_import_modes import member

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
URL = "/admin/lich-xuat-ban/"


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser(
        "bientap", "bientap@example.vn", "mat-khau-dai", first_name="Thu", last_name="Hà"
    )


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def published_by(editor, article, **fields):
    """The article as `editor` publishes it from the back office (a future time schedules it),
    read afresh as the edit view does."""
    article = ArticlePage.objects.get(pk=article.pk)
    for name, value in fields.items():
        setattr(article, name, value)
    article.save_revision(user=editor).publish(user=editor)
    return article


def day_sections(response) -> dict[str, str]:
    """{day heading: the text of that day's table}."""
    page = BeautifulSoup(response.content, "html.parser")
    return {
        section.h2.get_text(" ", strip=True): section.table.get_text(" ", strip=True)
        for section in page.select("main section")
    }


def heading(day) -> str:
    return f"{vietnamese.weekday_name(day)}, {vietnamese.format_date(day)}"


def test_the_calendar_lists_scheduled_and_published_articles_by_day_in_vietnam(editor, editor_client, home):
    economy = make_section(home, "Kinh tế")
    today = timezone.localtime().date()
    # 06:30 in Vietnam the day after tomorrow is 23:30 UTC the day before: it belongs to Vietnam's day.
    dawn = datetime.combine(today + timedelta(days=2), time(6, 30), tzinfo=VIETNAM)
    scheduled = published_by(editor, make_article(economy, "Giá lúa sẽ tăng", live=False), published_at=dawn)
    yesterday = timezone.now() - timedelta(days=1)
    published = published_by(editor, make_article(economy, "Chợ nổi mở cửa", live=False), published_at=yesterday)
    published_by(
        editor, make_article(economy, "Tin quá cũ", live=False), published_at=timezone.now() - timedelta(days=9)
    )
    published_by(editor, make_article(economy, "Tin quá xa", live=False), published_at=dawn + timedelta(days=20))
    expiring = published_by(
        editor, make_article(economy, "Thông báo tạm", live=False), expire_at=timezone.now() + timedelta(days=3)
    )

    response = editor_client.get(URL)
    assert response.status_code == 200
    words = BeautifulSoup(response.content, "html.parser").select_one("main").get_text(" ", strip=True).split()
    assert "Lịch" in words and not {"Home", "Dashboard", "Scheduled", "Published", "Section"} & set(words)
    days = day_sections(response)
    ahead = days[heading(dawn.date())]
    assert "06:30" in ahead and "Giá lúa sẽ tăng" in ahead and "Đã lên lịch" in ahead
    assert "Kinh tế" in ahead and "Thu Hà" in ahead
    before = days[heading(timezone.localtime(yesterday).date())]
    assert "Chợ nổi mở cửa" in before and "Đã đăng" in before and "Thu Hà" in before
    assert "Thông báo tạm" in days[heading(timezone.localtime(expiring.expire_at).date())]
    text = " ".join(days.values())
    assert "Tin quá cũ" not in text and "Tin quá xa" not in text
    assert any("Hôm nay" in day for day in days)  # "Thông báo tạm" was published today
    links = {a.get_text(strip=True): a["href"] for a in BeautifulSoup(response.content, "html.parser").select("main a")}
    assert links["Giá lúa sẽ tăng"] == f"/admin/pages/{scheduled.pk}/edit/"
    assert links["Chợ nổi mở cửa"] == f"/admin/pages/{published.pk}/edit/"


def test_a_rescheduled_change_to_a_live_article_says_so(editor, editor_client, home):
    article = published_by(editor, make_article(make_section(home, "Văn hóa"), "Lễ hội đèn lồng", live=False))
    published_by(editor, article, title="Lễ hội đèn lồng (dời lịch)", published_at=timezone.now() + timedelta(days=1))
    text = " ".join(day_sections(editor_client.get(URL)).values())
    assert "Lễ hội đèn lồng (dời lịch) Văn hóa Bản sửa đã lên lịch" in text


def test_an_empty_calendar_says_so_in_vietnamese(editor_client, home):
    response = editor_client.get(URL)
    assert "Không có bài nào đã lên lịch, mới đăng hay sắp gỡ trong khoảng này." in response.content.decode()
    header = BeautifulSoup(response.content, "html.parser").select(".w-breadcrumbs li")
    assert [item.get_text(strip=True) for item in header] == ["Trang chủ", "Lịch xuất bản"]  # not the dashboard's name


def test_editors_find_the_calendar_in_the_menu(editor_client, home):
    page = editor_client.get("/admin/").content.decode()
    # The sidebar's items are JSON for its script (non-ASCII letters as \u escapes).
    props = json.loads(BeautifulSoup(page, "html.parser").select_one("#wagtail-sidebar-props").string)
    assert {"label": "Lịch xuất bản", "url": URL} in list(menu_items(props))


def menu_items(node):
    """Every {label, url} in the sidebar's JSON, however deep."""
    if isinstance(node, dict):
        if "label" in node and "url" in node:
            yield {"label": node["label"], "url": node["url"]}
        node = list(node.values())
    if isinstance(node, list):
        for child in node:
            yield from menu_items(child)


def test_people_who_may_not_edit_pages_neither_see_nor_open_it(client, home):
    assert client.get(URL).status_code == 302  # to the sign-in page
    reader = get_user_model().objects.create_user("nguoidoc", "nguoidoc@example.vn", "mat-khau-dai")
    reader.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(reader)
    refused = client.get(URL, follow=True)  # Wagtail's answer: back to the dashboard, with a message
    assert refused.redirect_chain[0][0] == "/admin/"
    assert "bạn không có quyền" in refused.content.decode().lower()
    assert "/admin/lich-xuat-ban/" not in client.get("/admin/").content.decode()


def queries_of_the_calendar(client) -> int:
    client.get(URL)  # warm-up: content types, site settings
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL).status_code == 200
    return len(captured)


def test_the_calendar_costs_the_same_queries_for_2_or_12_articles(editor, editor_client, home):
    section = make_section(home, "Thời sự")

    def add(count, start):
        for n in range(count):
            published_by(editor, make_article(section, f"Bài {start + n}", live=False), published_at=timezone.now())
            published_by(
                editor,
                make_article(section, f"Bài hẹn {start + n}", live=False),
                published_at=timezone.now() + timedelta(days=1, hours=n),
            )

    add(1, 0)
    few = queries_of_the_calendar(editor_client)
    add(5, 1)
    assert queries_of_the_calendar(editor_client) == few
    with CaptureQueriesContext(connection) as own:
        assert len([entry for day in calendar_days() for entry in day.entries]) == 12
    assert len(own) <= 5  # scheduled revisions, their articles, published, expiring, who acted
    print(f"calendar: {few} queries for the page, {len(own)} of them the calendar's own")


# Each person's sections, and a filter by section.


@pytest.fixture
def two_sections(editor, home):
    """An economy and a sports section, each with an article published yesterday and one
    scheduled for tomorrow."""
    sections = {}
    for title, slug in (("Kinh tế", "kt"), ("Thể thao", "tt")):
        section = make_section(home, title)
        published_by(editor, make_article(section, f"Tin đã đăng {slug}", live=False), published_at=timezone.now())
        published_by(
            editor,
            make_article(section, f"Tin hẹn giờ {slug}", live=False),
            published_at=timezone.now() + timedelta(days=1),
        )
        sections[slug] = section
    return sections


@pytest.fixture
def economy_client(client, two_sections):
    """A section editor who may edit and publish in the economy section only."""
    client.force_login(member("bientapkt", two_sections["kt"], "change", "publish"))
    return client


def calendar_text(response) -> str:
    return " ".join(day_sections(response).values())


def filter_options(response) -> list[tuple[str, bool]]:
    select = BeautifulSoup(response.content, "html.parser").select_one("main select[name=section]")
    assert select.find_previous("label").get_text(strip=True) == "Chuyên mục"
    return [(option.get_text(strip=True), option.has_attr("selected")) for option in select.select("option")]


def test_a_section_editor_sees_only_the_articles_of_their_sections(economy_client):
    response = economy_client.get(URL)
    assert response.status_code == 200
    text = calendar_text(response)
    assert "Tin đã đăng kt" in text and "Tin hẹn giờ kt" in text
    assert "Tin đã đăng tt" not in text and "Tin hẹn giờ tt" not in text
    assert filter_options(response) == [("Tất cả chuyên mục của bạn", False), ("Kinh tế", False)]


def test_choosing_a_section_keeps_it_in_the_address_and_shows_only_it(editor_client, two_sections):
    everything = calendar_text(editor_client.get(URL))
    assert "Tin hẹn giờ kt" in everything and "Tin hẹn giờ tt" in everything
    response = editor_client.get(URL, {"section": two_sections["tt"].pk})
    assert response.status_code == 200
    text = calendar_text(response)
    assert "Tin hẹn giờ tt" in text and "Tin đã đăng tt" in text and "kt" not in text.split()
    assert "Tin hẹn giờ kt" not in text
    assert ("Thể thao", True) in filter_options(response)
    form = BeautifulSoup(response.content, "html.parser").select_one("main form")
    assert form["method"] == "get" and form.get("action") is None  # the choice goes in this page's URL


@pytest.mark.parametrize("value", ["tt", "abc", "-1", "0", "1.5", "99999999999", "١٢", "%00", " "])
def test_a_section_one_may_not_see_or_a_bad_value_is_a_vietnamese_400(economy_client, two_sections, value):
    value = str(two_sections["tt"].pk) if value == "tt" else value
    response = economy_client.get(URL, {"section": value})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Không có chuyên mục này trong các chuyên mục bạn được xem." in page
    assert "Tin hẹn giờ tt" not in page and "Tin đã đăng tt" not in page
    assert ("Kinh tế", False) in filter_options(response)  # to choose again


def test_a_section_editors_calendar_costs_the_same_queries_for_few_or_many_articles(
    editor, economy_client, two_sections, django_assert_max_num_queries
):
    economy_client.get(URL)  # warm-up: content types, site settings
    with CaptureQueriesContext(connection) as few:
        assert economy_client.get(URL).status_code == 200
    for n in range(8):
        for section in two_sections.values():
            published_by(editor, make_article(section, f"Thêm {n}", live=False), published_at=timezone.now())
            published_by(
                editor,
                make_article(section, f"Hẹn thêm {n}", live=False),
                published_at=timezone.now() + timedelta(days=2, hours=n),
            )
    with django_assert_max_num_queries(len(few)):
        response = economy_client.get(URL, {"section": two_sections["kt"].pk})
    text = calendar_text(response)
    assert text.count("Thêm ") == 8 and text.count("Hẹn thêm ") == 8 and "tt" not in text.split()
    with django_assert_max_num_queries(len(few)):
        assert calendar_text(economy_client.get(URL)).count("Hẹn thêm") == 8
    print(f"calendar of one section's editor: {len(few)} queries")
