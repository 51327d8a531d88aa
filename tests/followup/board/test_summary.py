"""The summary report ("Báo cáo kết quả học tập, quán triệt") adds up what the units entered, and
its draft portal article carries exactly those figures, made once whatever the clicks."""

from datetime import UTC, date, datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from congtin import vietnamese
from congtin.followup.models import Directive, Result
from congtin.news.models import ArticlePage
from congtin.newsroom.roles import EDITOR, give_role

from ..support import make_city_staff, make_directive, make_tree, make_unit_member
from .support import SENT, add_followup, add_session, add_tasks, programme_of, report

PAST = date(2026, 8, 15)


@pytest.fixture
def entered(db, home):
    """Four wards asked; three held sessions (1.456 people in all), two sent programmes (one
    accepted) with four tasks (on time, late, within, overdue), two of three follow-ups done."""
    city, d1, g11, g12, d2, g21, g22 = make_tree(districts=2, grassroots=2)
    directive = make_directive([g11, g12, g21, g22], reference="125-HD/TĐTN")
    member, staff = make_unit_member(g11), make_city_staff()
    add_session(directive, g11, secretaries=3, branch=12, cadres=2, members=150)
    add_session(directive, g12, branch=5, members=1200)
    add_session(directive, g21, cadres=4, members=80)
    accepted = programme_of(directive, g11)
    accepted.submit(member, now=SENT)
    accepted.accept(staff)
    on_time, late, overdue = add_tasks(accepted, 3, due_on=PAST)
    report(on_time, 100, datetime(2026, 8, 10, tzinfo=UTC))
    report(late, 60, datetime(2026, 8, 10, tzinfo=UTC))
    report(late, 100, datetime(2026, 8, 20, tzinfo=UTC))
    report(overdue, 30, datetime(2026, 8, 10, tzinfo=UTC))
    sent = programme_of(directive, g12)
    sent.submit(member, now=SENT)
    add_tasks(sent, 1, due_on=timezone.localdate() + timedelta(days=30))
    add_followup(directive, g21, completed_at=SENT)
    add_followup(directive, g22, completed_at=SENT)
    add_followup(directive, g22)
    return {"directive": directive, "staff": staff}


def test_the_summary_report_adds_up_what_the_units_entered(client, entered):
    client.force_login(entered["staff"])
    response = client.get(reverse("followup:summary", args=[entered["directive"].pk]))
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    figures = {tr.th.get_text(strip=True): tr.td.get_text(strip=True) for tr in page.select("table.listing tr")}
    assert figures == {
        "Đơn vị đã báo cáo / được yêu cầu": "3/4",
        "Số buổi học tập, quán triệt": "3",
        "Số người tham gia: Bí thư, Phó Bí thư Đoàn cơ sở": "3",
        "Số người tham gia: Bí thư chi đoàn": "17",
        "Số người tham gia: Cán bộ chuyên trách": "6",
        "Số người tham gia: Đoàn viên, thanh niên": "1.430",  # as Vietnamese writes it
        "Tổng số lượt người tham gia": "1.456",
        "Chương trình hành động đã gửi / được yêu cầu": "2/4",
        "Chương trình hành động đã tiếp nhận": "1",
        "Nhiệm vụ của chương trình: Đúng hạn": "1",
        "Nhiệm vụ của chương trình: Trễ hạn": "1",
        "Nhiệm vụ của chương trình: Trong hạn": "1",
        "Nhiệm vụ của chương trình: Quá hạn": "1",
        "Việc sau hội nghị đã hoàn thành / được giao": "2/3",
    }
    assert page.find("button", string="Tạo bài viết nháp")


def test_the_draft_article_carries_exactly_those_figures_and_is_made_once(client, entered):
    directive = entered["directive"]
    give_role(entered["staff"], EDITOR)  # follow-up staff who also edit for the portal
    client.force_login(entered["staff"])
    url = reverse("followup:summary_article", args=[directive.pk])
    response = client.post(url)
    article = ArticlePage.objects.get()
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[article.pk])
    assert not article.live
    today = vietnamese.format_date(timezone.localdate())
    assert article.title == (
        "Thực hiện Hướng dẫn học tập, quán triệt kết quả hội nghị (125-HD/TĐTN): "
        "3 buổi học tập, 1.456 lượt người tham gia"
    )
    assert article.lead == (
        "Thực hiện Hướng dẫn học tập, quán triệt kết quả hội nghị (125-HD/TĐTN), "
        f"đến ngày {today} đã có 3 trên 4 đơn vị báo cáo kết quả; các đơn vị đã tổ chức 3 buổi học tập, "
        "quán triệt với 1.456 lượt cán bộ, đoàn viên, thanh niên tham gia."
    )
    body = BeautifulSoup(article.body.raw_data[0]["value"], "html.parser")
    assert [li.get_text() for li in body.find_all("li")] == [
        "Bí thư, Phó Bí thư Đoàn cơ sở: 3",
        "Bí thư chi đoàn: 17",
        "Cán bộ chuyên trách: 6",
        "Đoàn viên, thanh niên: 1.430",
    ]
    paragraphs = [p.get_text() for p in body.find_all("p")]
    assert paragraphs[1:] == [
        "Về xây dựng chương trình hành động, 2 đơn vị đã gửi chương trình hành động của mình, "
        "trong đó 1 chương trình đã được tiếp nhận.",
        "Trong 4 nhiệm vụ của các chương trình hành động: 1 nhiệm vụ hoàn thành đúng hạn, "
        "1 nhiệm vụ hoàn thành trễ hạn, 1 nhiệm vụ đang thực hiện trong hạn và 1 nhiệm vụ quá hạn chưa hoàn thành.",
        "Đối với các câu hỏi, khó khăn, vướng mắc nêu tại hội nghị, các đơn vị đã giải quyết xong "
        "2 trên 3 việc được giao.",
    ]
    assert Directive.objects.get(pk=directive.pk).report_page_id == article.pk
    # One tag, as the editor's tag field reads it back (a comma there splits a tag in two).
    assert [tag.name for tag in article.tags.all()] == ["Học tập quán triệt"]
    field = BeautifulSoup(client.get(response["Location"]).content, "html.parser").select_one('input[name="tags"]')
    assert field["value"] == '"Học tập quán triệt"' or field["value"] == "Học tập quán triệt", field["value"]

    # A second click (after more sessions were entered) opens the same draft, it makes no other.
    add_session(directive, Result.objects.filter(requirement__directive=directive).first().unit, members=5)
    again = client.post(url)
    assert again["Location"] == response["Location"]
    assert ArticlePage.objects.count() == 1
    summary = BeautifulSoup(client.get(reverse("followup:summary", args=[directive.pk])).content, "html.parser")
    assert summary.find("button", string="Mở bài viết nháp")


def test_staff_who_do_not_edit_the_portal_are_told_where_the_draft_waits(client, entered):
    client.force_login(entered["staff"])
    summary_url = reverse("followup:summary", args=[entered["directive"].pk])
    response = client.post(reverse("followup:summary_article", args=[entered["directive"].pk]), follow=True)
    article = ArticlePage.objects.get()
    assert response.redirect_chain == [(summary_url, 302)]  # not to an editor they may not open
    text = BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)
    assert f"Bài viết nháp “{article.title}” đã có trong chuyên mục “{article.get_parent().title}”" in text


def test_the_draft_article_is_asked_for_by_post_only(client, entered):
    client.force_login(entered["staff"])
    assert client.get(reverse("followup:summary_article", args=[entered["directive"].pk])).status_code == 405
    assert not ArticlePage.objects.exists()
