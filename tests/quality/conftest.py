"""The pages the quality gate checks, each showing what a reader or organiser really gets there:
the home page, a section, an article with photos and a correction, a tag page, the corrections
archive, search results (and a search offered a did-you-mean suggestion), a bridge point page,
the organiser dashboard with a bridge point online, a headcount and questions, and the page a
mistyped address gets."""

from urllib.parse import urlencode

import pytest

from congtin.conferences.live import state as live
from congtin.conferences.models import BridgePoint, Conference, HeadcountReport, Question
from congtin.news.models import ArticleCorrection
from tests.factories import make_articles
from tests.support import conference_under_way, installed, sign_in_organiser


def conference_with_activity() -> tuple[Conference, BridgePoint]:
    conference, (topic,), (online, offline) = conference_under_way("hoi-nghi-so-ket")
    live.record_heartbeat(online)
    HeadcountReport.report(online, 27)
    Question.objects.create(
        bridge_point=online,
        agenda_item=topic,
        asked_by="Anh Hùng",
        client_key="q1",
        text="Khi nào phát động chiến dịch tình nguyện hè?",
    )
    Question.objects.create(
        bridge_point=offline,
        agenda_item=topic,
        asked_by="Chị Lan",
        client_key="q2",
        text="Kinh phí cho các điểm cầu lấy từ đâu?",
        status=Question.Status.ANSWERED,
        answer="Từ kinh phí hoạt động thường xuyên của Thành đoàn.",
    )
    return conference, online


@pytest.fixture
def quality_pages(seed_article, organisation) -> dict[str, str]:
    """Page name → path. The seed article has photos; its section lists it among others."""
    section = seed_article.get_parent().specific
    make_articles(section, 3, prefix="Tin hoạt động Đoàn")
    seed_article.corrections.add(ArticleCorrection(text="Bài viết đã ghi nhầm số điểm cầu là 65, nay sửa là 56."))
    seed_article.save_revision().publish()
    conference, point = conference_with_activity()
    return {
        "home": "/",
        "section": section.url,
        "article": seed_article.url,
        "tag page": "/chu-de/thanh-doan/",  # the seed article's tag "Thành đoàn", as its link prints it
        "corrections": "/dinh-chinh/",
        "search results": "/tim-kiem/?" + urlencode({"q": "hội nghị trực tuyến"}),
        "search with a suggestion": "/tim-kiem/?" + urlencode({"q": "hoi nghi truc tuyen", "sap-xep": "moi-nhat"}),
        "bridge point": f"/hoi-nghi/{conference.slug}/diem-cau/{point.token}/",
        "organiser dashboard": f"/hoi-nghi/{conference.slug}/dieu-hanh/",
        "not found": "/khong-co-trang-nay/",
    }


@pytest.fixture
def organiser_session(db) -> str:
    """The session cookie of an organiser (a superuser) who is signed in."""
    return sign_in_organiser()


@pytest.fixture
def java_path():
    return installed("java", "default-jre-headless", "the Nu HTML checker runs on it")
