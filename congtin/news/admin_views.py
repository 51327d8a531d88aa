"""The back office's own pages for news (registered in wagtail_hooks): the editorial calendar."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.auth import user_has_any_page_permission
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from .calendar import DAYS_AHEAD, DAYS_BACK, calendar_days


def may_see_calendar(user) -> bool:
    """Whoever may add, edit or publish some page: the calendar links to their edit views."""
    return user_has_any_page_permission(user)


class CalendarView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "news/admin/calendar.html"
    page_title = gettext_lazy("Lịch xuất bản")
    header_icon = "date"

    def dispatch(self, request, *args, **kwargs):
        if not may_see_calendar(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        """Trang chủ › Lịch xuất bản: the header names the page (with "Trang chủ" alone it named
        only the dashboard)."""
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(days=calendar_days(), days_ahead=DAYS_AHEAD, days_back=DAYS_BACK)
        return context
