from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_editor_js")
def vietnamese_slugs_js() -> str:
    """Slugs filled in as the editor types, as congtin.vietnamese makes them (admin-slug.js)."""
    return format_html('<script src="{}"></script>', static("js/admin-slug.js"))
