from django.urls import path, reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import CalendarView, may_see_calendar


class CalendarMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_calendar(request.user)


@hooks.register("register_admin_urls")
def register_calendar_url() -> list:
    return [path("lich-xuat-ban/", CalendarView.as_view(), name="news_calendar")]


@hooks.register("register_admin_menu_item")
def calendar_menu_item() -> MenuItem:
    return CalendarMenuItem(gettext_lazy("Lịch xuất bản"), reverse("news_calendar"), icon_name="date", order=250)
