"""After the event: a draft portal article about the conference, for an editor to finish.

The content is composed here, in Vietnamese, from the attendance report (bridge points
connected, participants) and the agenda; `congtin.news.drafts.create_draft_article` is
the one door into the portal.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from congtin import vietnamese
from congtin.news.drafts import create_draft_article

from ..models import Conference
from .attendance import AttendanceTotals

DEFAULT_SECTION = "Tin tức - Sự kiện"
TITLE_MAX_LENGTH = 255


def report_section_title() -> str:
    """The portal section conference articles are drafted in (setting CONFERENCE_REPORT_SECTION)."""
    return getattr(settings, "CONFERENCE_REPORT_SECTION", DEFAULT_SECTION)


@dataclass(frozen=True)
class ArticleContent:
    title: str
    lead: str
    paragraphs: list  # str paragraphs, and a list of str for the topics
    tags: tuple[str, ...]


def report_article_content(conference: Conference) -> ArticleContent:
    """Title, lead, paragraphs and tags of the article, from attendance and agenda."""
    rows = conference.attendance_rows()
    totals = AttendanceTotals.of(rows)
    connected, participants = totals.connected, totals.headcount
    asked, answered = totals.questions_asked, totals.questions_answered
    topics = [
        f"{item.title} ({item.presenter})" if item.presenter else item.title for item in conference.agenda_items.all()
    ]
    n_points, n_people = vietnamese.format_integer(connected), vietnamese.format_integer(participants)

    suffix = f": {n_points} điểm cầu, {n_people} đại biểu"
    name = conference.title
    if len(name) + len(suffix) > TITLE_MAX_LENGTH:
        name = name[: TITLE_MAX_LENGTH - len(suffix) - 1].rstrip() + "…"

    starts = timezone.localtime(conference.starts_at)
    when = f"{vietnamese.part_of_day(starts)} {vietnamese.weekday_name(starts)}, {vietnamese.format_date(starts)}"
    host = conference.organiser or "Ban tổ chức"
    lead = (
        f"{when}, {host} tổ chức {conference.title}. Hội nghị được truyền trực tiếp từ hội trường chính "
        f"tới {n_points} điểm cầu với {n_people} đại biểu tham dự."
    )
    paragraphs = [
        f"Theo số liệu điểm danh của hệ thống, {n_points} trên tổng số {vietnamese.format_integer(len(rows))} "
        f"điểm cầu đã kết nối vào hội nghị; các điểm cầu báo cáo tổng cộng {n_people} đại biểu tham dự."
    ]
    if topics:
        paragraphs += [f"Hội nghị đã nghe trình bày {vietnamese.format_integer(len(topics))} chuyên đề:", topics]
    if asked:
        paragraphs.append(
            f"Các điểm cầu đã gửi {vietnamese.format_integer(asked)} câu hỏi, ý kiến; "
            f"{vietnamese.format_integer(answered)} câu hỏi đã được giải đáp trực tiếp tại hội nghị."
        )
    tags = ("Hội nghị trực tuyến", conference.organiser) if conference.organiser else ("Hội nghị trực tuyến",)
    return ArticleContent(title=f"{name}{suffix}", lead=lead, paragraphs=paragraphs, tags=tags)


def draft_report_article(conference: Conference, user=None):
    """The conference's draft article: the one made before if it still exists, else a new
    unpublished one in the report section. Returns the article page."""
    with transaction.atomic():
        conference = Conference.objects.select_for_update().get(pk=conference.pk)  # one draft, even on a double click
        if conference.report_page is not None:
            return conference.report_page.specific
        content = report_article_content(conference)
        article = create_draft_article(
            section_title=report_section_title(),
            title=content.title,
            lead=content.lead,
            paragraphs=content.paragraphs,
            published_at=timezone.now(),
            tags=content.tags,
            user=user,
        )
        conference.report_page = article
        conference.save(update_fields=["report_page", "updated_at"])
    return article
