"""The board's item in the follow-up menu ("Theo dõi sau hội nghị"): "Theo dõi thực hiện", the
directives being carried out (to their boards for the city's follow-up staff, to the unit's
workspace for anyone who reports for a unit). Set-up's "Văn bản chỉ đạo" is where they are made."""

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
        gettext_lazy("Theo dõi thực hiện"), reverse("followup:directives"), icon_name="tasks", order=100
    )
