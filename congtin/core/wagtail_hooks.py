from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .editor_guide import EditorGuideView

# Help menu items of Wagtail's that link to wagtail.org (names as wagtail.admin.wagtail_hooks gives them).
WAGTAIL_GUIDES = ("editor-guide", "whats-new-in-wagtail-")


@hooks.register("insert_global_admin_css")
def admin_css() -> str:
    """What every back-office page needs of ours (css/admin.css: wide listings on a phone)."""
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


@hooks.register("insert_editor_js")
def vietnamese_slugs_js() -> str:
    """Slugs filled in as the editor types, as congtin.vietnamese makes them (admin-slug.js)."""
    return format_html('<script src="{}"></script>', static("js/admin-slug.js"))


@hooks.register("register_admin_urls")
def editor_guide_url() -> list:
    return [path("huong-dan-bien-tap/", EditorGuideView.as_view(), name="congtin_editor_guide")]


@hooks.register("register_help_menu_item")
def editor_guide_menu_item() -> MenuItem:
    return MenuItem(_("Hướng dẫn biên tập"), reverse("congtin_editor_guide"), icon_name="help", order=900)


@hooks.register("construct_help_menu")
def without_wagtails_own_guides(request: HttpRequest, menu_items: list) -> None:
    """Wagtail's editor guide and release notes are English pages on wagtail.org, out of reach
    on a closed network; the portal's own guide takes their place."""
    menu_items[:] = [item for item in menu_items if not item.name.startswith(WAGTAIL_GUIDES)]
