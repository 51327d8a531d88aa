from django.db.models import QuerySet
from django.http import HttpRequest
from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks
from wagtail.models import Page

from .dashboard import ReviewDeadlinesPanel


@hooks.register("construct_explorer_page_queryset")
def with_the_reviewer(parent_page: Page, pages: QuerySet, request: HttpRequest) -> QuerySet:
    """The person who took a story for review, for "đang được duyệt bởi …" in each row."""
    return pages.select_related("locked_by")


@hooks.register("construct_homepage_panels")
def review_deadlines_panel(request: HttpRequest, panels: list) -> None:
    panels.append(ReviewDeadlinesPanel())


@hooks.register("insert_global_admin_css")
def newsroom_css() -> str:
    return format_html('<link rel="stylesheet" href="{}">', static("newsroom/admin.css"))
