"""The workspace's item in the "Theo dõi sau hội nghị" menu, for whoever reports for a unit
or follows units up for the city."""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .. import access
from ..models import Unit

# wagtail_hooks.MENU_HOOK (imported from there, it would import this module back).
MENU_HOOK = "register_followup_menu_item"


class WorkspaceMenuItem(MenuItem):
    def is_shown(self, request):
        user = request.user
        return access.is_city_staff(user) or Unit.objects.filter(members=user).exists()


@hooks.register(MENU_HOOK)
def workspace_menu_item():
    return WorkspaceMenuItem(
        _("Việc của đơn vị"), reverse_lazy("followup:workspace"), icon_name="clipboard-list", order=200
    )
