"""nginx's dynamic modules on this machine: where they are looked for (deploy/nginx/module-dirs,
read by the scripts too) and which one `--rtmp-module auto` / `--purge-module auto` load."""

from pathlib import Path

from django.conf import settings

NGINX_DIR = Path(settings.BASE_DIR) / "deploy" / "nginx"
MODULE_DIRS_FILE = NGINX_DIR / "module-dirs"
RTMP_MODULE = "ngx_rtmp_module.so"
PURGE_MODULE = "ngx_http_cache_purge_module.so"


def module_dirs() -> tuple[str, ...]:
    """The folders of deploy/nginx/module-dirs, in order (comments and blank lines left out)."""
    lines = (line.strip() for line in MODULE_DIRS_FILE.read_text(encoding="utf-8").splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


MODULE_DIRS = module_dirs()
RTMP_MODULE_PATHS = tuple(f"{folder}/{RTMP_MODULE}" for folder in MODULE_DIRS)
PURGE_MODULE_PATHS = tuple(f"{folder}/{PURGE_MODULE}" for folder in MODULE_DIRS)


def first_file(paths: tuple[str, ...]) -> str | None:
    return next((path for path in paths if Path(path).is_file()), None)


def find_rtmp_module() -> str | None:
    """nginx-rtmp (the broadcast's RTMP in, HLS out), when installed."""
    return first_file(RTMP_MODULE_PATHS)


def find_purge_module() -> str | None:
    """ngx_cache_purge (PURGE of a page nginx keeps), when installed."""
    return first_file(PURGE_MODULE_PATHS)
