from django.apps import AppConfig


class ConferencesConfig(AppConfig):
    name = "congtin.conferences"
    label = "conferences"
    verbose_name = "Hội nghị trực tuyến"
