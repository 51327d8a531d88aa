from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "congtin.backup"
    label = "congtin_backup"
    verbose_name = "Sao lưu và khôi phục"
