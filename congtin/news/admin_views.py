"""The back office's own pages for news (registered in wagtail_hooks): the editorial calendar."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext, gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.auth import user_has_any_page_permission
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from congtin.core.params import positive_int

from .calendar import DAYS_AHEAD, DAYS_BACK, calendar_days, sections_for

SECTION_PARAM = "section"


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

    def get(self, request, *args, **kwargs):
        """The calendar of the sections the user works in, or of the one chosen (?section=):
        one they may not see, or no section at all, is a 400 saying so, never another's articles."""
        sections = sections_for(request.user)
        raw = request.GET.get(SECTION_PARAM, "")
        chosen = next((section for section in sections if section.pk == positive_int(raw)), None)
        context = self.get_context_data(sections=sections, chosen=chosen, days_ahead=DAYS_AHEAD, days_back=DAYS_BACK)
        if raw and chosen is None:
            context.update(days=[], filter_error=gettext("Không có chuyên mục này trong các chuyên mục bạn được xem."))
            return self.render_to_response(context, status=400)
        if chosen is not None:
            scope = [chosen.pk]
        else:  # a superuser's whole calendar is every article, with or without a section
            scope = None if request.user.is_superuser else [section.pk for section in sections]
        context["days"] = calendar_days(section_ids=scope)
        return self.render_to_response(context)
