from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import format_html
from wagtail import hooks
from wagtail.models import Page

from .dashboard import ReviewDeadlinesPanel
from .review import sent_back


@hooks.register("construct_explorer_page_queryset")
def with_the_reviewer(parent_page: Page, pages: QuerySet, request: HttpRequest) -> QuerySet:
    """The person who took a story for review, for "đang được duyệt bởi …" in each row."""
    return pages.select_related("locked_by")


@hooks.register("before_edit_page")
def say_why_it_was_sent_back(request: HttpRequest, page: Page) -> None:
    """The reviewer's reason at the top of the edit page, where the author fixes the story
    (Wagtail shows it only in the e-mail and the history)."""
    if request.method != "GET":
        return
    back = sent_back(page)
    if back is None:
        return
    when = timezone.localtime(back.at).strftime("%H:%M %d/%m/%Y") if back.at else ""
    messages.warning(
        request,
        format_html(
            "Bài được trả lại ở bước {} ({}, {}). Lý do: {}. Sửa xong, chọn “Gửi lại tới bước {}”.",
            back.step,
            back.by,
            when,
            back.reason or "—",
            back.step,
        ),
    )


@hooks.register("construct_homepage_panels")
def review_deadlines_panel(request: HttpRequest, panels: list) -> None:
    panels.append(ReviewDeadlinesPanel())


@hooks.register("insert_global_admin_css")
def newsroom_css() -> str:
    return format_html('<link rel="stylesheet" href="{}">', static("newsroom/admin.css"))
