"""Production settings come from the environment; nothing secret has a default there."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRINT_SETTINGS = (
    "import json, django; from django.conf import settings; django.setup();"
    "print(json.dumps({'db': settings.DATABASES['default']['ENGINE'], 'name': settings.DATABASES['default']['NAME'],"
    "'cache': settings.CACHES['default']['BACKEND'], 'hosts': settings.ALLOWED_HOSTS, 'site': settings.SITE_URL,"
    "'lang': settings.LANGUAGE_CODE, 'tz': settings.TIME_ZONE, 'debug': settings.DEBUG}))"
)


def run_with(env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL")
    }
    clean.update(env, DJANGO_SETTINGS_MODULE="congtin.settings.production")
    return subprocess.run([sys.executable, "-c", PRINT_SETTINGS], cwd=ROOT, env=clean, capture_output=True, text=True)


def test_production_reads_database_cache_hosts_and_site_from_environment():
    result = run_with(
        {
            "SECRET_KEY": "s3cret",
            "ALLOWED_HOSTS": "tin.example.vn,www.tin.example.vn",
            "DATABASE_URL": "postgres://u:p@db.internal:5432/congtin",
            "REDIS_URL": "redis://127.0.0.1:6379/1",
            "SITE_URL": "https://tin.example.vn/",
        }
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values == {
        "db": "django.db.backends.postgresql",
        "name": "congtin",
        "cache": "congtin.core.outage.RedisCache",
        "hosts": ["tin.example.vn", "www.tin.example.vn"],
        "site": "https://tin.example.vn",
        "lang": "vi",
        "tz": "Asia/Ho_Chi_Minh",
        "debug": False,
    }


def test_production_refuses_to_start_without_a_secret_key():
    result = run_with({"ALLOWED_HOSTS": "tin.example.vn"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
