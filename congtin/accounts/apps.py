from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "congtin.accounts"
    label = "accounts"
    verbose_name = _("Tài khoản quản trị")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (failed sign-ins logged, sign-in time kept, database files private)
