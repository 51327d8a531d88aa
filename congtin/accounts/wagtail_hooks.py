from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks

from . import urls


@hooks.register("register_admin_urls")
def register_admin_urls() -> list:
    return urls.urlpatterns


@hooks.register("register_account_menu_item")
def two_factor_menu_item(request: HttpRequest) -> dict:
    return {
        "url": reverse("accounts_enrol"),
        "label": _("Xác thực hai bước"),
        "help_text": _("Đăng nhập bằng mật khẩu và mã từ ứng dụng xác thực trên điện thoại; mã khôi phục."),
    }
