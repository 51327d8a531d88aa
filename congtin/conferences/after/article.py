"""After the event: a draft portal article about the conference, for an editor to finish.

The content is composed here, in Vietnamese, from the attendance report (bridge points
connected, participants) and the agenda; `congtin.news.drafts.create_draft_article` is
the one door into the portal.
"""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from congtin import vietnamese
from congtin.news.drafts import DraftContent, draft_once

from ..models import Conference
from .attendance import AttendanceTotals

DEFAULT_SECTION = "Tin tức - Sự kiện"  # the title of a portal section, not a text to translate
TITLE_MAX_LENGTH = 255


def report_section_title() -> str:
    """The portal section conference articles are drafted in (setting CONFERENCE_REPORT_SECTION)."""
    return getattr(settings, "CONFERENCE_REPORT_SECTION", DEFAULT_SECTION)


def report_article_content(conference: Conference) -> DraftContent:
    """Title, lead, paragraphs and tags of the article, from attendance and agenda."""
    rows = conference.attendance_rows()
    totals = AttendanceTotals.of(rows)
    connected, participants = totals.connected, totals.headcount
    asked, answered = totals.questions_asked, totals.questions_answered
    topics = [
        _("%(title)s (%(presenter)s)") % {"title": item.title, "presenter": item.presenter}
        if item.presenter
        else item.title
        for item in conference.agenda_items.all()
    ]
    figures = {
        "points": vietnamese.format_integer(connected),
        "people": vietnamese.format_integer(participants),
        "all_points": vietnamese.format_integer(len(rows)),
        "topics": vietnamese.format_integer(len(topics)),
        "asked": vietnamese.format_integer(asked),
        "answered": vietnamese.format_integer(answered),
    }

    suffix = _(": %(points)s điểm cầu, %(people)s đại biểu") % figures
    name = conference.title
    if len(name) + len(suffix) > TITLE_MAX_LENGTH:
        name = name[: TITLE_MAX_LENGTH - len(suffix) - 1].rstrip() + "…"

    starts = timezone.localtime(conference.starts_at)
    when = _("%(part_of_day)s %(weekday)s, %(date)s") % {
        "part_of_day": vietnamese.part_of_day(starts),
        "weekday": vietnamese.weekday_name(starts),
        "date": vietnamese.format_date(starts),
    }
    host = conference.organiser or _("Ban tổ chức")
    lead = _(
        "%(when)s, %(host)s tổ chức %(conference)s. Hội nghị được truyền trực tiếp từ hội trường chính "
        "tới %(points)s điểm cầu với %(people)s đại biểu tham dự."
    ) % {"when": when, "host": host, "conference": conference.title, **figures}
    paragraphs = [
        _(
            "Theo số liệu điểm danh của hệ thống, %(points)s trên tổng số %(all_points)s "
            "điểm cầu đã kết nối vào hội nghị; các điểm cầu báo cáo tổng cộng %(people)s đại biểu tham dự."
        )
        % figures
    ]
    if topics:
        paragraphs += [_("Hội nghị đã nghe trình bày %(topics)s chuyên đề:") % figures, topics]
    if asked:
        paragraphs.append(
            _(
                "Các điểm cầu đã gửi %(asked)s câu hỏi, ý kiến; "
                "%(answered)s câu hỏi đã được giải đáp trực tiếp tại hội nghị."
            )
            % figures
        )
    topic_tag = _("Hội nghị trực tuyến")
    tags = (topic_tag, conference.organiser) if conference.organiser else (topic_tag,)
    return DraftContent(title=f"{name}{suffix}", lead=lead, paragraphs=paragraphs, tags=tags)


def draft_report_article(conference: Conference, user=None) -> Page:
    """The conference's draft article: the one made before if it still exists, else a new
    unpublished one in the report section. Returns the article page."""
    return draft_once(conference, report_article_content, section_title=report_section_title(), user=user)
