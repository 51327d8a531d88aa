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
import ipaddress
import os
import re
import resource
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.template import Context, Engine, TemplateDoesNotExist
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from congtin.conferences import broadcast
from congtin.deploy import nginx
from congtin.pagecache import editor_pass

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
# How long nginx keeps an HLS token check it has not used: the time a bridge point's player
# may go on from a kept answer while the app cannot answer.
HLS_AUTH_INACTIVE = "10m"
# Rate limits of the site's nginx (docs/deploy.md says why these figures), per client address
# unless said otherwise; a burst beyond them is answered 429 at once (nodelay).
LIMITS = {
    # POSTs to the sign-in forms: 10 a minute after a burst of 5.
    "login_rate": "10r/m",
    "login_burst": 5,
    # Questions per bridge point (its token): 20 a minute after a burst of 10.
    "question_rate": "20r/m",
    "question_burst": 10,
    # Pages the cache did not have (misses, editors): 10 a second after a burst of 50.
    "miss_rate": "10r/s",
    "miss_burst": 50,
    # Searches and suggestions the cache did not have: 3 a second after a burst of 30.
    "search_rate": "3r/s",
    "search_burst": 30,
    # Requests of one address at the app at once.
    "app_connections": 16,
}
# When the project's own page (congtin/templates/429.html) is not there yet.
FALLBACK_429 = """<!doctype html>
<html lang="vi">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Quá nhiều yêu cầu</title></head>
<body>
<h1>Quá nhiều yêu cầu</h1>
<p>Bạn đã gửi quá nhiều yêu cầu trong một thời gian ngắn. Xin đợi một lát rồi thử lại.</p>
<p><a href="/">Về trang chủ</a></p>
</body>
</html>
"""


def page_429() -> str:
    """The Vietnamese "too many requests" page nginx sends with its 429s."""
    try:
        return render_to_string("429.html", {})
    except TemplateDoesNotExist:
        return FALLBACK_429


def trusted_proxies(text: str) -> list[str]:
    """TRUSTED_PROXIES: addresses or networks (comma or space separated) whose
    X-Forwarded-For nginx believes."""
    proxies = []
    for item in re.split(r"[\s,]+", text.strip()):
        if not item:
            continue
        try:
            proxies.append(str(ipaddress.ip_network(item, strict=False)))
        except ValueError as error:
            raise CommandError(
                _("TRUSTED_PROXIES: %(item)r không phải địa chỉ IP hay dải mạng (ví dụ 10.0.0.5, 10.0.0.0/24).")
                % {"item": item}
            ) from error
    return proxies


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
            "--live-app-port",
            type=int,
            default=None,
            help=_(
                "cổng của nhóm tiến trình riêng cho hội nghị trực tuyến (điểm cầu, điều hành, kiểm tra HLS, "
                "RTMP); mặc định: như --app-port"
            ),
        )
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
        web.add_argument(
            "--tls-cert",
            default=os.environ.get("TLS_CERT", ""),
            help=_("chứng chỉ TLS (PEM, cả chuỗi); có nó thì phục vụ HTTPS và chuyển HTTP sang (mặc định $TLS_CERT)"),
        )
        web.add_argument(
            "--tls-key", default=os.environ.get("TLS_KEY", ""), help=_("khóa của chứng chỉ (mặc định $TLS_KEY)")
        )
        web.add_argument(
            "--https-port",
            type=int,
            default=int(os.environ.get("HTTPS_PORT") or 443),
            help=_("cổng HTTPS (mặc định $HTTPS_PORT hoặc 443)"),
        )
        web.add_argument(
            "--trusted-proxies",
            default=os.environ.get("TRUSTED_PROXIES", ""),
            help=_(
                "các proxy phía trước (địa chỉ hoặc dải, cách nhau bởi dấu phẩy) mà nginx tin X-Forwarded-For "
                "của chúng (mặc định $TRUSTED_PROXIES, rỗng: không tin ai)"
            ),
        )

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
            "hls_auth_inactive": HLS_AUTH_INACTIVE,
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
        if role == "web":
            (run_dir / "429.html").write_text(page_429(), encoding="utf-8")
        engine = Engine(dirs=[str(nginx.NGINX_DIR)], autoescape=False)
        text = engine.get_template(TEMPLATES[role]).render(Context(context))
        # It holds the editor pass's secret (and the hook secret): readable by its owner only
        # (nginx's master process reads it as root).
        output.touch(mode=0o600, exist_ok=True)
        output.chmod(0o600)
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
            # The hooks and the token check go to the live pool.
            "app_url": f"http://{options['app_host']}:{options['live_app_port'] or options['app_port']}",
            "on_publish_path": reverse("conferences:broadcast:on_publish"),
            "on_relay_path": reverse("conferences:broadcast:on_relay"),
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
            "live_app_address": f"{options['app_host']}:{options['live_app_port'] or options['app_port']}",
            "app_url": "http://congtin_live",
            "upstream_keepalive": True,
            "hls_root": (options["live_dir"] or var_dir / DEFAULT_RUN_DIRS["rtmp"]).resolve(),
            "static_root": (options["static_root"] or Path(settings.STATIC_ROOT)).resolve(),
            "media_root": (options["media_root"] or Path(settings.MEDIA_ROOT)).resolve(),
            "editor_pass_cookie": editor_pass.COOKIE_NAME,
            "editor_pass_secret": editor_pass.secret(),
            "session_paths": "|".join(path.strip("/") for path in editor_pass.SESSION_PATHS),
            "limits": LIMITS,
            "trusted_proxies": trusted_proxies(options["trusted_proxies"]),
            "cache_size": options["cache_size"],
            **self.tls_context(options),
        }

    def tls_context(self, options: dict[str, Any]) -> dict[str, Any]:
        """HTTPS when a certificate and its key are given (both, and both readable)."""
        cert, key = options["tls_cert"], options["tls_key"]
        if not cert and not key:
            return {"tls": False}
        for what, path in (("TLS_CERT", cert), ("TLS_KEY", key)):
            if not path or not Path(path).is_file():
                raise CommandError(
                    _("%(what)s: không thấy tệp %(path)r (cần cả chứng chỉ TLS_CERT và khóa TLS_KEY).")
                    % {"what": what, "path": path}
                )
        port = options["https_port"]
        return {
            "tls": True,
            "tls_cert": Path(cert).resolve(),
            "tls_key": Path(key).resolve(),
            "https_listen": f"{options['bind']}:{port}",
            "https_port_suffix": "" if port == 443 else f":{port}",
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
