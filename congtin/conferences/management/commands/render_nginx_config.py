"""Write the nginx configuration of the live broadcast (deploy/nginx/congtin-live.conf.template)
with this installation's paths and ports: the demo (scripts/nginx-live.sh), the tests and a
real server (docs/operators.md) all run the same file."""

import getpass
import os
import re
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.template import Context, Engine
from django.urls import reverse

from congtin.conferences import broadcast

TEMPLATE = Path(settings.BASE_DIR) / "deploy" / "nginx" / "congtin-live.conf.template"
# Where Debian's libnginx-mod-rtmp (and other builds) put the dynamic module.
RTMP_MODULE_PATHS = (
    "/usr/lib/nginx/modules/ngx_rtmp_module.so",
    "/usr/lib64/nginx/modules/ngx_rtmp_module.so",
    "/usr/local/nginx/modules/ngx_rtmp_module.so",
)
INSTALL_HINT = "Cài: apt-get install nginx libnginx-mod-rtmp — hoặc --rtmp-module none nếu nginx đã có sẵn mô-đun này."


def find_rtmp_module() -> str | None:
    return next((path for path in RTMP_MODULE_PATHS if Path(path).is_file()), None)


class Command(BaseCommand):
    help = (
        "Viết cấu hình nginx cho phát sóng trực tiếp (RTMP vào, HLS ra; nginx hỏi ứng dụng khi phát "
        "và khi xem) từ deploy/nginx/congtin-live.conf.template, rồi in đường dẫn tệp đã viết."
    )

    def add_arguments(self, parser):
        add = parser.add_argument
        add("--app-port", type=int, default=8000, help="cổng của ứng dụng (mặc định 8000)")
        add("--app-host", default="127.0.0.1", help="địa chỉ của ứng dụng (mặc định 127.0.0.1)")
        add("--http-port", type=int, default=8080, help="cổng HTTP của nginx: HLS và ứng dụng (mặc định 8080)")
        add("--rtmp-port", type=int, default=1935, help="cổng RTMP nhận tín hiệu hội trường (mặc định 1935)")
        add("--bind", default="127.0.0.1",
            help="địa chỉ nginx lắng nghe (mặc định 127.0.0.1; máy chủ thật: 0.0.0.0 hoặc một địa chỉ)")
        add("--run-dir", type=Path, default=None,
            help="thư mục của nginx này: pid, nhật ký, tệp tạm, HLS (mặc định var/nginx)")
        add("--output", type=Path, default=None, help="tệp cấu hình (mặc định RUN_DIR/congtin-live.conf)")
        add("--rtmp-module", default="auto",
            help="đường dẫn ngx_rtmp_module.so; 'auto': tự tìm; 'none': nginx đã có sẵn mô-đun RTMP")
        add("--user", default=None,
            help="người dùng của các tiến trình worker khi nginx chạy bằng root (máy chủ thật: www-data)")
        add("--error-log-level", default="warn", help="mức nhật ký lỗi của nginx (mặc định warn)")

    def handle(self, *args, **options):
        run_dir = (options["run_dir"] or Path(settings.VAR_DIR) / "nginx").resolve()
        output = (options["output"] or run_dir / "congtin-live.conf").resolve()
        bind, rtmp_port = options["bind"], options["rtmp_port"]
        # nginx pushes each accepted stream to its own `hls` application (see the template):
        # through loopback, unless it listens on one address only.
        relay_host = "127.0.0.1" if bind in ("0.0.0.0", "*", "[::]") else bind
        on_publish = reverse("conferences:broadcast:on_publish")
        context = {
            "run_dir": run_dir,
            "output": output,
            "hls_root": run_dir,  # nginx serves /hls/NAME from RUN_DIR/hls/NAME
            "hls_dir": run_dir / "hls",
            "rtmp_module": self.rtmp_module(options["rtmp_module"]),
            "user": self.worker_user(options["user"]),
            "rtmp_port": rtmp_port,
            "rtmp_listen": f"{bind}:{rtmp_port}",
            "http_listen": f"{bind}:{options['http_port']}",
            "relay_host": relay_host,
            "relay_address": f"{relay_host}:{rtmp_port}",
            "app_url": f"http://{options['app_host']}:{options['app_port']}",
            "hooks_prefix": on_publish[: on_publish.rstrip("/").rfind("/") + 1],
            "on_publish_path": on_publish,
            "on_publish_done_path": reverse("conferences:broadcast:on_publish_done"),
            "on_update_path": reverse("conferences:broadcast:on_update"),
            "hls_auth_path": reverse("conferences:broadcast:hls_auth"),
            "hook_secret": self.hook_secret(),
            "error_log_level": options["error_log_level"],
        }
        for folder in ("logs", "tmp", "hls", "cache"):
            (run_dir / folder).mkdir(parents=True, exist_ok=True)
        output.parent.mkdir(parents=True, exist_ok=True)
        template = Engine(autoescape=False).from_string(TEMPLATE.read_text(encoding="utf-8"))
        output.write_text(template.render(Context(context)).rstrip("\n") + "\n", encoding="utf-8")
        self.stdout.write(str(output))

    def hook_secret(self) -> str:
        """BROADCAST_HOOK_SECRET goes into hook URLs and a header: it must not break either."""
        secret = broadcast.hook_secret()
        if secret and not re.fullmatch(r"[A-Za-z0-9_-]+", secret):
            raise CommandError(
                "BROADCAST_HOOK_SECRET chỉ được gồm chữ, số, - và _ "
                "(tạo một khóa: python -c 'import secrets; print(secrets.token_urlsafe(32))')."
            )
        return secret

    def rtmp_module(self, choice: str) -> str | None:
        if choice == "none":
            return None
        if choice == "auto":
            found = find_rtmp_module()
            if found is None:
                raise CommandError(f"Không thấy mô-đun RTMP của nginx (ngx_rtmp_module.so). {INSTALL_HINT}")
            return found
        if not Path(choice).is_file():
            raise CommandError(f"Không thấy mô-đun RTMP của nginx: {choice}. {INSTALL_HINT}")
        return choice

    def worker_user(self, user: str | None) -> str | None:
        """nginx reads `user` only when started as root; without it workers run as nobody and
        could not write HLS files into a folder the current user owns."""
        if user:
            return user
        return getpass.getuser() if os.geteuid() == 0 else None
