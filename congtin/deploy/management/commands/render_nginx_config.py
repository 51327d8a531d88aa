"""Write an nginx configuration from deploy/nginx/ with this installation's paths and ports.

Three roles, one set of templates, so the demo, the tests and a real server run the same files:
- `live` (default): RTMP in, HLS out, everything else proxied to the app; the demo's public
  address in front of `runserver` (scripts/demo.sh through scripts/nginx-live.sh, the broadcast
  tests) or alone (docs/operators.md).
- `web`: the site in production and `make serve`: page cache with purge, static and media
  files, gzip, HLS from the RTMP nginx's folder (congtin-web.conf.template).
- `rtmp`: the live role without HTTP, beside `web` (nginx-rtmp wants one worker, the site
  every core).
"""

import getpass
import os
import re
import resource
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.template import Context, Engine
from django.urls import reverse
from django.utils.translation import gettext as _

from congtin.conferences import broadcast
from congtin.deploy import nginx

TEMPLATES = {
    "live": "congtin-live.conf.template",
    "rtmp": "congtin-live.conf.template",
    "web": "congtin-web.conf.template",
}
# Where each role's files go by default: the RTMP nginx keeps the live demo's folder and
# file name, so congtin-live.service runs either.
DEFAULT_RUN_DIRS = {"live": "nginx", "rtmp": "nginx", "web": "nginx-web"}
# The public HTTP port by default: make demo's (the live nginx is its address) and make serve's.
DEFAULT_HTTP_PORTS = {"live": 8000, "rtmp": 8000, "web": 8080}
DEFAULT_OUTPUTS = {"live": "congtin-live.conf", "rtmp": "congtin-live.conf", "web": "congtin-web.conf"}
# Connections per nginx worker for the site, and the descriptors they need (a proxied
# client holds two, a file hit one more).
WORKER_CONNECTIONS = 4096
OPEN_FILES = 4 * WORKER_CONNECTIONS


def open_files_allowed(wanted: int) -> int:
    """nginx raises its own limit only up to the hard limit unless it starts as root."""
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    if os.geteuid() == 0 or hard == resource.RLIM_INFINITY:
        return wanted
    return min(wanted, hard)


class Command(BaseCommand):
    @property
    def help(self) -> str:
        """Translated when shown: argparse, which formats it, takes no lazy string."""
        return _(
            "Viết cấu hình nginx từ deploy/nginx/ rồi in đường dẫn tệp đã viết. --role live (mặc định): "
            "phát sóng trực tiếp (RTMP vào, HLS ra) và chuyển mọi trang cho ứng dụng; --role web: trang web "
            "khi chạy thật (bộ nhớ đệm trang có PURGE, tệp tĩnh, media, gzip, HLS); --role rtmp: chỉ nhận RTMP, "
            "chạy cùng --role web."
        )

    def add_arguments(self, parser: CommandParser) -> None:
        add = parser.add_argument
        add(
            "--role",
            choices=sorted(TEMPLATES),
            default="live",
            help=_("live (mặc định): RTMP và HTTP trong một nginx; web: trang web; rtmp: chỉ RTMP"),
        )
        add("--app-port", type=int, default=8001, help=_("cổng của ứng dụng sau nginx (mặc định 8001)"))
        add("--app-host", default="127.0.0.1", help=_("địa chỉ của ứng dụng (mặc định 127.0.0.1)"))
        add(
            "--http-port",
            type=int,
            default=None,
            help=_(
                "cổng HTTP của nginx, địa chỉ công khai của trang: HLS và ứng dụng (mặc định 8000 như make demo; "
                "--role web: 8080 như make serve)"
            ),
        )
        add("--rtmp-port", type=int, default=1935, help=_("cổng RTMP nhận tín hiệu hội trường (mặc định 1935)"))
        add(
            "--bind",
            default="127.0.0.1",
            help=_("địa chỉ nginx lắng nghe (mặc định 127.0.0.1; máy chủ thật: 0.0.0.0 hoặc một địa chỉ)"),
        )
        add(
            "--run-dir",
            type=Path,
            default=None,
            help=_("thư mục của nginx này: pid, nhật ký, tệp tạm, HLS (mặc định var/nginx; --role web: var/nginx-web)"),
        )
        add(
            "--output",
            type=Path,
            default=None,
            help=_("tệp cấu hình (mặc định RUN_DIR/congtin-live.conf; --role web: RUN_DIR/congtin-web.conf)"),
        )
        add(
            "--rtmp-module",
            default="auto",
            help=_("đường dẫn ngx_rtmp_module.so; 'auto': tự tìm; 'none': nginx đã có sẵn mô-đun RTMP"),
        )
        add(
            "--user",
            default=None,
            help=_("người dùng của các tiến trình worker khi nginx chạy bằng root (máy chủ thật: www-data)"),
        )
        add("--error-log-level", default="warn", help=_("mức nhật ký lỗi của nginx (mặc định warn)"))
        web = parser.add_argument_group("--role web")
        web.add_argument(
            "--live-dir",
            type=Path,
            default=None,
            help=_("thư mục của nginx RTMP, nơi nó ghi hls/ (mặc định var/nginx)"),
        )
        web.add_argument(
            "--static-root",
            type=Path,
            default=None,
            help=_("thư mục tệp tĩnh đã collectstatic (mặc định STATIC_ROOT)"),
        )
        web.add_argument("--media-root", type=Path, default=None, help=_("thư mục media (mặc định MEDIA_ROOT)"))
        web.add_argument(
            "--purge-module",
            default="auto",
            help=_(
                "đường dẫn ngx_http_cache_purge_module.so; 'auto': tự tìm; 'none': nginx đã có sẵn; "
                "'off': không nhận PURGE"
            ),
        )
        web.add_argument("--workers", default="auto", help=_("số tiến trình worker (mặc định auto: một mỗi lõi)"))
        web.add_argument("--cache-size", default="1g", help=_("dung lượng tối đa của bộ nhớ đệm trang (mặc định 1g)"))

    def handle(self, *args: Any, **options: Any) -> None:
        role = options["role"]
        var_dir = Path(settings.VAR_DIR)
        run_dir = (options["run_dir"] or var_dir / DEFAULT_RUN_DIRS[role]).resolve()
        output = (options["output"] or run_dir / DEFAULT_OUTPUTS[role]).resolve()
        context = {
            "run_dir": run_dir,
            "output": output,
            "user": self.worker_user(options["user"]),
            "http_listen": f"{options['bind']}:{options['http_port'] or DEFAULT_HTTP_PORTS[role]}",
            "hooks_prefix": self.hooks_prefix(),
            "hls_auth_path": reverse("conferences:broadcast:hls_auth"),
            "hook_secret": self.hook_secret(),
            "error_log_level": options["error_log_level"],
        }
        if role == "web":
            context.update(self.web_context(options, var_dir))
            folders: tuple[str, ...] = ("logs", "tmp", "cache")
        else:
            context.update(self.live_context(options, run_dir, http=role == "live"))
            folders = ("logs", "tmp", "hls", "cache")
        for folder in folders:
            (run_dir / folder).mkdir(parents=True, exist_ok=True)
        output.parent.mkdir(parents=True, exist_ok=True)
        engine = Engine(dirs=[str(nginx.NGINX_DIR)], autoescape=False)
        text = engine.get_template(TEMPLATES[role]).render(Context(context))
        output.write_text(text.rstrip("\n") + "\n", encoding="utf-8")
        self.stdout.write(str(output))

    def live_context(self, options: dict[str, Any], run_dir: Path, http: bool) -> dict[str, Any]:
        bind, rtmp_port = options["bind"], options["rtmp_port"]
        # nginx pushes each accepted stream to its own `hls` application (see the template):
        # through loopback, unless it listens on one address only.
        relay_host = "127.0.0.1" if bind in ("0.0.0.0", "*", "[::]") else bind
        return {
            "http": http,
            "hls_root": run_dir,  # nginx serves /hls/NAME from RUN_DIR/hls/NAME
            "hls_dir": run_dir / "hls",
            "rtmp_module": self.module(
                options["rtmp_module"],
                nginx.find_rtmp_module,
                _("mô-đun RTMP của nginx"),
                nginx.RTMP_MODULE,
                _(
                    "Cài: apt-get install nginx libnginx-mod-rtmp — hoặc --rtmp-module none nếu nginx đã có sẵn "
                    "mô-đun này."
                ),
            ),
            "rtmp_port": rtmp_port,
            "rtmp_listen": f"{bind}:{rtmp_port}",
            "relay_host": relay_host,
            "relay_address": f"{relay_host}:{rtmp_port}",
            "app_url": f"http://{options['app_host']}:{options['app_port']}",
            "on_publish_path": reverse("conferences:broadcast:on_publish"),
            "on_publish_done_path": reverse("conferences:broadcast:on_publish_done"),
            "on_update_path": reverse("conferences:broadcast:on_update"),
        }

    def web_context(self, options: dict[str, Any], var_dir: Path) -> dict[str, Any]:
        purge_choice = options["purge_module"]
        purge_module = (
            None
            if purge_choice == "off"
            else self.module(
                purge_choice,
                nginx.find_purge_module,
                _("mô-đun PURGE của nginx"),
                nginx.PURGE_MODULE,
                _(
                    "Cài: apt-get install libnginx-mod-http-cache-purge — hoặc --purge-module none nếu nginx đã "
                    "có sẵn mô-đun này, off để chạy không có PURGE (trang cũ còn tới khi hết hạn)."
                ),
            )
        )
        open_files = open_files_allowed(OPEN_FILES)
        return {
            "purge": purge_choice != "off",
            "purge_module": purge_module,
            "workers": options["workers"],
            "open_files": open_files,
            "worker_connections": min(WORKER_CONNECTIONS, open_files // 2),
            "app_address": f"{options['app_host']}:{options['app_port']}",
            "app_url": "http://congtin_app",
            "upstream_keepalive": True,
            "hls_root": (options["live_dir"] or var_dir / DEFAULT_RUN_DIRS["rtmp"]).resolve(),
            "static_root": (options["static_root"] or Path(settings.STATIC_ROOT)).resolve(),
            "media_root": (options["media_root"] or Path(settings.MEDIA_ROOT)).resolve(),
            "session_cookie": self.session_cookie(),
            "cache_size": options["cache_size"],
        }

    def hooks_prefix(self) -> str:
        on_publish = reverse("conferences:broadcast:on_publish")
        return on_publish[: on_publish.rstrip("/").rfind("/") + 1]

    def hook_secret(self) -> str:
        """BROADCAST_HOOK_SECRET goes into hook URLs and a header: it must not break either."""
        secret = broadcast.hook_secret()
        if secret and not re.fullmatch(r"[A-Za-z0-9_-]+", secret):
            raise CommandError(
                _(
                    "BROADCAST_HOOK_SECRET chỉ được gồm chữ, số, - và _ "
                    "(tạo một khóa: python -c 'import secrets; print(secrets.token_urlsafe(32))')."
                )
            )
        return secret

    def session_cookie(self) -> str:
        """nginx reads the cookie as the variable $cookie_NAME: the name must be a variable name."""
        name = settings.SESSION_COOKIE_NAME
        if not re.fullmatch(r"[A-Za-z0-9_]+", name):
            raise CommandError(
                _("SESSION_COOKIE_NAME (%(name)r) chỉ được gồm chữ, số và _ để nginx đọc được.") % {"name": name}
            )
        return name

    def module(self, choice: str, find: Callable[[], str | None], what: str, file_name: str, hint: str) -> str | None:
        """The dynamic module to load: found, given, or (`none`) built into nginx."""
        if choice == "none":
            return None
        if choice == "auto":
            found = find()
            if found is None:
                raise CommandError(
                    _("Không thấy %(what)s (%(file)s). %(hint)s") % {"what": what, "file": file_name, "hint": hint}
                )
            return found
        if not Path(choice).is_file():
            raise CommandError(
                _("Không thấy %(what)s: %(path)s. %(hint)s") % {"what": what, "path": choice, "hint": hint}
            )
        return choice

    def worker_user(self, user: str | None) -> str | None:
        """nginx reads `user` only when started as root; without it workers run as nobody and
        could not write HLS files into a folder the current user owns."""
        if user:
            return user
        return getpass.getuser() if os.geteuid() == 0 else None
