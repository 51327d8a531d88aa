from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeployConfig(AppConfig):
    name = "congtin.deploy"
    label = "deploy"
    verbose_name = _("Triển khai")
