"""Back-office text that Wagtail and Django write in English where no catalog reaches it.

- The Sites listing names three columns after their fields ("Port", "Site name", "Root
  page") instead of the fields' translated verbose names.
- The page choosers of the workflow and group forms are labelled after their field ("Page").
- The date picker's "Save Selected" button is written by its script (js/admin-datetimepicker.js).
- Permission names are rows that Django writes in English when a model is migrated ("Can add
  page", "Publish any page"); the group form shows them. They are renamed in Vietnamese after
  every migrate, so a model added later gets Vietnamese names too.

tests/admin/test_admin_vietnamese.py walks the pages that show them.
"""

from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db.models import Model
from django.db.models.signals import post_migrate
from django.templatetags.static import static
from django.utils import translation
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

# Django's four default permissions, by the codename's first word.
DEFAULT_PERMISSIONS = {
    "add": _("Thêm %(model)s"),
    "change": _("Sửa %(model)s"),
    "delete": _("Xóa %(model)s"),
    "view": _("Xem %(model)s"),
}
# The permissions Wagtail's apps add, by codename.
WAGTAIL_PERMISSIONS = {
    "access_admin": _("Vào trang quản trị"),
    "bulk_delete_page": _("Xóa trang cùng các trang con"),
    "lock_page": _("Khóa và mở khóa trang do mình khóa"),
    "publish_page": _("Xuất bản mọi trang"),
    "unlock_page": _("Mở khóa mọi trang"),
    "choose_document": _("Chọn tài liệu"),
    "choose_image": _("Chọn ảnh"),
}


def translate_site_columns() -> None:
    from wagtail.models import Site
    from wagtail.sites.views import IndexView

    for column in IndexView.columns:
        if column.label == capfirst(column.name.replace("_", " ")):  # a label made from the field's name
            column.label = capfirst(Site._meta.get_field(column.name).verbose_name)


def label_page_fields() -> None:
    """The page choosers of the workflow and group forms, labelled "Page" after their name."""
    from wagtail.admin.forms.workflows import WorkflowPageForm
    from wagtail.users.forms import PagePermissionsForm

    for form in (WorkflowPageForm, PagePermissionsForm):
        form.base_fields["page"].label = _("Trang")


def datetimepicker_js() -> str:
    return format_html(
        '<script src="{}" data-label="{}"></script>', static("js/admin-datetimepicker.js"), _("Lưu lựa chọn")
    )


def permission_name(codename: str, model: type[Model] | None) -> str | None:
    """The Vietnamese name of a permission, or None for one we have no name for."""
    if codename in WAGTAIL_PERMISSIONS:
        return str(WAGTAIL_PERMISSIONS[codename])
    action, _separator, model_name = codename.partition("_")
    if action in DEFAULT_PERMISSIONS and model is not None and model._meta.model_name == model_name:
        return str(DEFAULT_PERMISSIONS[action] % {"model": model._meta.verbose_name})[:255]
    return None


def name_permissions_in_vietnamese(app_config: AppConfig, using: str, apps: Any = None, **kwargs: Any) -> None:
    """Rename the permissions of the app just migrated (after creating them: Django's own
    post_migrate receiver may run after this one)."""
    create_permissions(app_config, verbosity=0, using=using, **({"apps": apps} if apps else {}))
    from django.contrib.auth.models import Permission

    with translation.override(settings.LANGUAGE_CODE):
        permissions = Permission.objects.using(using).filter(content_type__app_label=app_config.label)
        for permission in permissions.select_related("content_type"):
            name = permission_name(permission.codename, permission.content_type.model_class())
            if name and name != permission.name:
                permission.name = name
                permission.save(update_fields=["name"])


def connect() -> None:
    translate_site_columns()
    label_page_fields()
    hooks.register("insert_global_admin_js", datetimepicker_js)
    post_migrate.connect(name_permissions_in_vietnamese, dispatch_uid="congtin.core.admin_text.permissions")
