"""Setting a follow-up up in the back office (city staff): the unit tree and the directives,
their viewsets and their items in the follow-up menu ("Theo dõi sau hội nghị").
wagtail_hooks.py imports this module."""

from django.urls import reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from ..units.admin import unit_viewset
from .admin import directive_viewset

# wagtail_hooks.MENU_HOOK, written out: wagtail_hooks imports this module before it defines it.
MENU_HOOK = "register_followup_menu_item"


class CityStaffMenuItem(MenuItem):
    def __init__(self, *args, permission: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return [unit_viewset, directive_viewset]


@hooks.register(MENU_HOOK)
def units_menu_item() -> MenuItem:
    return CityStaffMenuItem(
        gettext_lazy("Đơn vị"),
        reverse("followup_unit:index"),
        icon_name="group",
        order=300,
        permission="followup.change_unit",
    )


@hooks.register(MENU_HOOK)
def directives_menu_item() -> MenuItem:
    return CityStaffMenuItem(
        gettext_lazy("Văn bản chỉ đạo"),
        reverse("followup_directive:index"),
        icon_name="doc-full",
        order=310,
        permission="followup.change_directive",
    )
