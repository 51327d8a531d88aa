"""Everything the production stack needs before its processes start (scripts/serve.sh, and
through it `make serve`, bench/serve.py, bench/frontend.py and tests/deploy/): the database
migrated, the Site following SITE_URL, demo content in a database without articles, static
files collected with a .gz beside each text file (nginx's gzip_static), and both nginx
configurations (`render_nginx_config --role web`, and `--role rtmp` unless RTMP is off).

Run it with CONGTIN_PURGE_URL empty: nginx is not running yet, and its cache starts empty."""

import gzip
import io
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from congtin.news.models import ArticlePage

# Text files worth compressing once for every reader: nginx sends the .gz to clients that accept it.
GZIP_SUFFIXES = frozenset({".css", ".js", ".mjs", ".svg", ".json", ".map", ".txt", ".xml"})
GZIP_MIN_BYTES = 256


def gzip_static_files(root: Path) -> int:
    """Write NAME.gz beside each text file under `root` that lacks an up-to-date one; how many were written."""
    written = 0
    for path in Path(root).rglob("*"):
        if path.suffix not in GZIP_SUFFIXES or path.stat().st_size < GZIP_MIN_BYTES:
            continue
        packed = path.with_name(path.name + ".gz")
        if not packed.exists() or packed.stat().st_mtime < path.stat().st_mtime:
            packed.write_bytes(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))
            written += 1
    return written


class Command(BaseCommand):
    @property
    def help(self) -> str:
        """Translated when shown: argparse, which formats it, takes no lazy string."""
        return _(
            "Chuẩn bị trước khi chạy thật (scripts/serve.sh): migrate, trang web mặc định theo SITE_URL, dữ liệu "
            "mẫu khi cơ sở dữ liệu chưa có bài viết, collectstatic kèm tệp .gz, cấu hình nginx trang web và RTMP."
        )

    # What the checks would say (congtin.W001: the Site does not follow SITE_URL yet) is what this puts right.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        add = parser.add_argument
        add(
            "--web-dir",
            type=Path,
            default=None,
            help=_("thư mục của nginx trang web (mặc định var/serve/nginx-web)"),
        )
        add(
            "--live-dir",
            type=Path,
            default=None,
            help=_("thư mục của nginx RTMP, nơi nó ghi hls/ (mặc định var/serve/nginx-rtmp)"),
        )
        add("--http-port", type=int, default=8080, help=_("cổng HTTP của nginx trang web (mặc định 8080)"))
        add("--app-port", type=int, default=8001, help=_("cổng của ứng dụng (gunicorn) sau nginx (mặc định 8001)"))
        add(
            "--live-app-port",
            type=int,
            default=None,
            help=_("cổng của nhóm tiến trình cho hội nghị trực tuyến (gunicorn thứ hai; mặc định như --app-port)"),
        )
        add("--rtmp-port", type=int, default=1935, help=_("cổng RTMP của nginx RTMP (mặc định 1935)"))
        add(
            "--rtmp-module",
            default="auto",
            help=_(
                "đường dẫn ngx_rtmp_module.so; 'auto': tự tìm; 'none': nginx đã có sẵn; "
                "'off': không có nginx RTMP (không phát trực tiếp)"
            ),
        )
        add(
            "--purge-module",
            default="auto",
            help=_(
                "đường dẫn ngx_http_cache_purge_module.so; 'auto': tự tìm; 'none': nginx đã có sẵn; "
                "'off': không nhận PURGE"
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        serve_dir = Path(settings.VAR_DIR) / "serve"
        web_dir = options["web_dir"] or serve_dir / "nginx-web"
        live_dir = options["live_dir"] or serve_dir / "nginx-rtmp"
        call_command("migrate", interactive=False, verbosity=0)
        # The Site follows SITE_URL; align_site records it for manage.py in other terminals.
        call_command("align_site", stdout=self.stdout, stderr=self.stderr)
        if not ArticlePage.objects.exists():
            self.stdout.write(_("[serve] Cơ sở dữ liệu chưa có bài viết: nạp dữ liệu mẫu (manage.py load_demo)."))
            call_command("load_demo", stdout=self.stdout, stderr=self.stderr)
        call_command("collectstatic", interactive=False, verbosity=0)
        gzip_static_files(Path(settings.STATIC_ROOT))
        # The site's nginx, and the one-worker RTMP nginx beside it unless RTMP is off.
        roles: dict[str, dict[str, Any]] = {
            "web": {
                "http_port": options["http_port"],
                "run_dir": web_dir,
                "live_dir": live_dir,
                "purge_module": options["purge_module"],
            }
        }
        if options["rtmp_module"] != "off":
            roles["rtmp"] = {
                "rtmp_port": options["rtmp_port"],
                "run_dir": live_dir,
                "rtmp_module": options["rtmp_module"],
            }
        for role, role_options in roles.items():
            written_path = io.StringIO()  # render_nginx_config prints the file it wrote: not wanted here
            call_command(
                "render_nginx_config",
                role=role,
                app_port=options["app_port"],
                live_app_port=options["live_app_port"],
                stdout=written_path,
                **role_options,
            )
