"""The board's item in the follow-up menu ("Theo dõi sau hội nghị"): the directives, shown to
the city's follow-up staff and to anyone who reports for a unit."""

from django.urls import reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .. import access
from ..models import Unit

# wagtail_hooks.MENU_HOOK, written out: wagtail_hooks imports this module before it defines it.
MENU_HOOK = "register_followup_menu_item"


class DirectivesMenuItem(MenuItem):
    def is_shown(self, request):
        user = request.user
        return access.is_city_staff(user) or Unit.objects.filter(members=user).exists()


@hooks.register(MENU_HOOK)
def directives_menu_item() -> MenuItem:
    return DirectivesMenuItem(
        gettext_lazy("Kết quả thực hiện"), reverse("followup:directives"), icon_name="tasks", order=100
    )
