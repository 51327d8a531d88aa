"""After the event, one click drafts a portal article about the conference: unpublished,
in its section, with the date, the bridge points connected, the participants and the
topics, for an editor to finish and publish."""

from datetime import timedelta

import pytest
from wagtail.models import Page

from congtin.conferences.after.article import report_article_content
from congtin.conferences.models import AgendaItem, Conference, HeadcountReport, Presence, Question
from congtin.news.drafts import create_draft_article
from congtin.news.models import ArticlePage, SectionPage
from congtin.search.models import SearchDocument
from tests.conferences.support import START, add_bridge_points
from tests.factories import make_section

TOPICS = [
    ("Triển khai chương trình công tác Đoàn sáu tháng cuối năm", "Phó Bí thư Thường trực Thành đoàn"),
    ("Chuyển đổi số trong sinh hoạt chi đoàn", ""),
]


@pytest.fixture
def held_conference(home, conference):
    """A conference that took place: 3 of 4 bridge points connected, 61 people reported."""
    conference.organiser = "Thành đoàn Hoa Phượng"
    conference.save()
    for number, (title, presenter) in enumerate(TOPICS):
        AgendaItem.objects.create(conference=conference, sort_order=number, title=title, presenter=presenter)
    points = add_bridge_points(conference, 4)
    for point, people in zip(points[:3], (25, 18, 18), strict=True):
        Presence.record_heartbeat(point, at=START)
        HeadcountReport.report(point, people, at=START)
    Question.objects.create(bridge_point=points[0], text="Hỏi một?", status=Question.Status.ANSWERED)
    Question.objects.create(bridge_point=points[1], text="Hỏi hai?")
    return conference


def body_text(article) -> str:
    return "".join(str(block.value) for block in article.body)


def test_create_draft_article_makes_an_unpublished_article_in_a_new_section(home):
    article = create_draft_article(
        section_title="Hoạt động Đoàn",
        title="Tiêu đề bài nháp",
        lead="Sa-pô.",
        paragraphs=["Đoạn một <b>không</b> phải HTML.", ["Mục một", "Mục hai"]],
        published_at=START,
        tags=("Hội nghị trực tuyến",),
    )
    article = ArticlePage.objects.get(pk=article.pk)
    section = article.get_parent().specific
    assert isinstance(section, SectionPage) and section.title == "Hoạt động Đoàn" and section.live
    assert article.section_id == section.pk
    assert (article.live, article.has_unpublished_changes, article.first_published_at) == (False, True, None)
    assert article.latest_revision is not None and article.live_revision is None
    assert (article.slug, article.lead, article.published_at) == ("tieu-de-bai-nhap", "Sa-pô.", START)
    assert body_text(article) == (
        "<p>Đoạn một &lt;b&gt;không&lt;/b&gt; phải HTML.</p><ul><li>Mục một</li><li>Mục hai</li></ul>"
    )
    assert [tag.name for tag in article.tags.all()] == ["Hội nghị trực tuyến"]
    assert not SearchDocument.objects.filter(page_id=article.pk).exists(), "readers never find a draft"


def test_create_draft_article_uses_the_existing_section_and_a_free_slug(home):
    section = make_section(home, "Tin tức - Sự kiện")
    fields = dict(section_title="Tin tức - Sự kiện", title="Cùng tiêu đề", lead="", paragraphs=[], published_at=START)
    first, second = create_draft_article(**fields), create_draft_article(**fields)
    assert first.get_parent().pk == second.get_parent().pk == section.pk
    assert SectionPage.objects.filter(title="Tin tức - Sự kiện").count() == 1
    assert (first.slug, second.slug) == ("cung-tieu-de", "cung-tieu-de-2")


def test_report_article_content_has_the_numbers_date_and_topics(held_conference):
    content = report_article_content(held_conference)
    assert content.title == "Hội nghị thử: 3 điểm cầu, 61 đại biểu"
    assert content.lead == (
        "Sáng Thứ Tư, 25/06/2025, Thành đoàn Hoa Phượng tổ chức Hội nghị thử. Hội nghị được truyền trực tiếp "
        "từ hội trường chính tới 3 điểm cầu với 61 đại biểu tham dự."
    )
    assert content.paragraphs == [
        "Theo số liệu điểm danh của hệ thống, 3 trên tổng số 4 điểm cầu đã kết nối vào hội nghị; "
        "các điểm cầu báo cáo tổng cộng 61 đại biểu tham dự.",
        "Hội nghị đã nghe trình bày 2 chuyên đề:",
        [f"{TOPICS[0][0]} ({TOPICS[0][1]})", TOPICS[1][0]],
        "Các điểm cầu đã gửi 2 câu hỏi, ý kiến; 1 câu hỏi đã được giải đáp trực tiếp tại hội nghị.",
    ]
    assert content.tags == ("Hội nghị trực tuyến", "Thành đoàn Hoa Phượng")


def test_report_article_numbers_use_vietnamese_thousands_and_long_titles_fit(home, conference):
    conference.title = "Hội nghị " + "rất dài " * 40
    points = add_bridge_points(conference, 3)
    for point in points:
        Presence.record_heartbeat(point, at=START)
        HeadcountReport.report(point, 400, at=START + timedelta(minutes=1))
    content = report_article_content(conference)
    assert content.title.endswith("…: 3 điểm cầu, 1.200 đại biểu")
    assert len(content.title) <= 255


def test_dashboard_button_drafts_the_article_and_opens_the_page_editor(organiser_client, held_conference):
    response = organiser_client.post(f"/hoi-nghi/{held_conference.slug}/dieu-hanh/bai-viet-nhap/")
    article = ArticlePage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{article.pk}/edit/"
    assert not article.live
    assert article.get_parent().title == "Tin tức - Sự kiện"
    assert article.title == "Hội nghị thử: 3 điểm cầu, 61 đại biểu"
    text = body_text(article)
    assert "3 trên tổng số 4 điểm cầu" in text and "61 đại biểu" in text
    assert all(title in text for title, _ in TOPICS)
    assert article.latest_revision.user.username == "tochuc"
    assert Conference.objects.get(pk=held_conference.pk).report_page_id == article.pk

    editor = organiser_client.get(response["Location"])
    assert editor.status_code == 200
    assert article.title in editor.content.decode()


def test_a_second_click_opens_the_same_draft(organiser_client, held_conference):
    url = f"/hoi-nghi/{held_conference.slug}/dieu-hanh/bai-viet-nhap/"
    first, second = organiser_client.post(url), organiser_client.post(url)
    assert first["Location"] == second["Location"]
    assert ArticlePage.objects.count() == 1


def test_a_deleted_draft_is_made_again(organiser_client, held_conference):
    url = f"/hoi-nghi/{held_conference.slug}/dieu-hanh/bai-viet-nhap/"
    organiser_client.post(url)
    Page.objects.get(pk=ArticlePage.objects.get().pk).delete()
    organiser_client.post(url)
    assert ArticlePage.objects.count() == 1


def test_drafting_needs_a_post(organiser_client, held_conference):
    assert organiser_client.get(f"/hoi-nghi/{held_conference.slug}/dieu-hanh/bai-viet-nhap/").status_code == 405
    assert not ArticlePage.objects.exists()
