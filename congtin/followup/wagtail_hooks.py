"""The follow-up in the back office: one menu "Theo dõi sau hội nghị" whose items each part
registers with the hook "register_followup_menu_item", and the parts' addresses under
/admin/theo-doi/ (namespace "followup")."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem

from . import reminders  # noqa: F401  (the reminder log's menu item and views)
from .board import menu as board_menu  # noqa: F401  (the board's menu item)
from .board import urls as board_urls
from .board.dashboard import FollowupPanel
from .directives import admin_hooks as setup_hooks  # noqa: F401  (units and directives: viewsets, menu items)
from .directives import urls as directives_urls
from .workspace import menu as workspace_menu  # noqa: F401  (the workspace's menu item)
from .workspace import urls as workspace_urls

MENU_HOOK = "register_followup_menu_item"


@hooks.register("register_admin_urls")
def followup_urls():
    patterns = board_urls.urlpatterns + workspace_urls.urlpatterns + directives_urls.urlpatterns
    return [path("theo-doi/", include((patterns, "followup"), namespace="followup"))]


@hooks.register("register_admin_menu_item")
def followup_menu():
    return SubmenuMenuItem(
        _("Theo dõi sau hội nghị"), Menu(register_hook_name=MENU_HOOK), icon_name="tasks", name="theo-doi", order=450
    )


@hooks.register("construct_homepage_panels")
def followup_panel(request, panels: list) -> None:
    panels.append(FollowupPanel())
