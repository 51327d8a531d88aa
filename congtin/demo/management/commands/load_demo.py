"""Demo content for a first look: organisation settings, sections, articles, an admin account
and one account per newsroom role.

Running it again keeps what is there: articles already loaded are not touched, the accounts
keep their passwords.
"""

import json
import re
import secrets
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.models import Site

from congtin.accounts.private_files import make_private, write_private
from congtin.conferences.programme.demo import create_demo_conference
from congtin.core.models import OrganisationSettings
from congtin.demo.images import placeholder_photo
from congtin.followup import demo as followup_demo
from congtin.news.choices import choose_demo_featured
from congtin.news.importer import ImportReport, import_file
from congtin.news.models import ArticlePage, HomePage
from congtin.newsroom import roles
from congtin.readership.demo import seed_demo_counts

DEMO_ARTICLES = Path(__file__).resolve().parents[2] / "articles.jsonl"
SEED_ARTICLE = settings.BASE_DIR.parent / "shared" / "seed" / "seed-article.jsonl"
CREDENTIALS_FILE = settings.VAR_DIR / "demo-admin.txt"
NEWSROOM_FILE = settings.VAR_DIR / "demo-newsroom.txt"  # role, username, password: one account a line
FOLLOWUP_FILE = settings.VAR_DIR / "demo-followup.txt"  # the follow-up's accounts, the same way
# The demo newsroom: who plays each role (the reporter writes in two sections only).
NEWSROOM = (
    (roles.REPORTER, "phongvien", "Trần Minh Anh", ("Thanh niên", "Tin tức - Sự kiện")),
    (roles.EDITOR, "bientap", "Lê Thu Hà", ()),
    (roles.MANAGING_EDITOR, "thuky", "Phạm Quốc Bảo", ()),
    (roles.LEADER, "lanhdao", "Nguyễn Văn Hùng", ()),
    (roles.ADMINISTRATOR, "quantri", "Đỗ Thị Lan", ()),
)


class Command(BaseCommand):
    help = _("Nạp dữ liệu mẫu (chuyên mục, bài viết, ảnh, tài khoản quản trị); chạy lại không làm mất dữ liệu.")

    def handle(self, *args, **options) -> None:
        self.configure_site()
        self.ensure_logo()
        self.load_articles()
        self.load_seed_article()
        self.choose_featured()
        seed_demo_counts()  # a week of reads, so "Tin đọc nhiều" has something to rank
        self.load_demo_conference()
        self.ensure_admin()
        self.ensure_newsroom()
        self.ensure_followup()

    def configure_site(self) -> None:
        """Point the default site at SITE_URL (canonical links, QR codes) and fill in who we are."""
        call_command("align_site", stdout=self.stdout)
        site = Site.objects.get(is_default_site=True)
        organisation = OrganisationSettings.for_site(site)
        if not organisation.facebook_url:
            organisation.tagline = _("Thông tin chính thức của chính quyền thành phố")
            organisation.address = _("Số 1 Quảng trường Trung tâm, Thành phố Hoa Phượng")
            organisation.phone = "0225 3 800 800"
            organisation.email = "congthongtin@hoaphuong.example.vn"
            organisation.licence = _("Giấy phép mẫu số 00/GP-TTĐT (dữ liệu trình diễn)")
            organisation.facebook_url = "https://www.facebook.com/congthongtinhoaphuong"
            organisation.zalo_url = "https://zalo.me/congthongtinhoaphuong"
            organisation.youtube_url = "https://www.youtube.com/@congthongtinhoaphuong"
            organisation.save()

    def ensure_logo(self) -> None:
        """A generated logo when none is uploaded: shared pages and the articles' publisher show it."""
        organisation = OrganisationSettings.for_site(Site.objects.get(is_default_site=True))
        if organisation.logo_id:
            return
        with tempfile.TemporaryDirectory(prefix="congtin-demo-") as folder:
            path = placeholder_photo(Path(folder) / "bieu-trung.jpg", organisation.name)
            with path.open("rb") as handle:
                organisation.logo = get_image_model().objects.create(
                    title=_("Biểu trưng %(organisation)s") % {"organisation": organisation.name},
                    file=ImageFile(handle, name="bieu-trung.jpg"),
                )
        organisation.save(update_fields=["logo"])

    def load_articles(self) -> None:
        ids = [
            json.loads(line)["id"] for line in DEMO_ARTICLES.read_text(encoding="utf-8").splitlines() if line.strip()
        ]
        if ArticlePage.objects.filter(external_id__in=ids).exists():
            self.stdout.write(_("Bài viết mẫu đã có, giữ nguyên."))
            return
        with tempfile.TemporaryDirectory(prefix="congtin-demo-") as folder:
            for src in photo_sources(DEMO_ARTICLES):
                placeholder_photo(Path(folder) / src, _("Ảnh minh họa · %(name)s") % {"name": Path(src).stem})
            report = import_file(DEMO_ARTICLES, media_dir=folder)
        self.report(_("Bài viết mẫu"), report)

    def load_seed_article(self) -> None:
        if not SEED_ARTICLE.is_file():
            self.stdout.write(_("Không thấy bài tham chiếu %(path)s, bỏ qua.") % {"path": SEED_ARTICLE})
            return
        seed_id = json.loads(SEED_ARTICLE.read_text(encoding="utf-8").splitlines()[0])["id"]
        if ArticlePage.objects.filter(external_id=seed_id).exists():
            return
        self.report(_("Bài tham chiếu"), import_file(SEED_ARTICLE))

    def choose_featured(self) -> None:
        """The home page's "Tin chính" and "Tin nổi bật", as an editor would choose them (kept when chosen before)."""
        if choose_demo_featured(HomePage.default()):
            self.stdout.write(_("Đã chọn Tin chính và Tin nổi bật cho trang chủ."))

    def load_demo_conference(self) -> None:
        conference = create_demo_conference()
        self.stdout.write(_("Hội nghị mẫu: %(title)s") % {"title": conference.title})
        self.stdout.write(_("  Trang điều hành: %(url)s") % {"url": conference.dashboard_url})
        self.stdout.write(_("  Mã QR các điểm cầu (in ra): %(url)s") % {"url": conference.qr_sheet_url})

    def report(self, what: str, report: ImportReport) -> None:
        for line, reason in report.errors:
            self.stderr.write(_("%(what)s, dòng %(line)d: %(reason)s") % {"what": what, "line": line, "reason": reason})
        self.stdout.write(
            _("%(what)s: tạo mới %(created)d, cập nhật %(updated)d, lỗi %(failed)d")
            % {"what": what, "created": report.created, "updated": report.updated, "failed": report.failed}
        )
        if report.failed:
            sys.exit(1)

    def ensure_admin(self) -> None:
        """The demo's superuser, with a password the validators accept, written to a file only
        its owner can read (it is printed for whoever runs the demo)."""
        User = get_user_model()
        if not User.objects.filter(username="admin").exists():
            user = User(username="admin", email="admin@hoaphuong.example.vn", is_staff=True, is_superuser=True)
            password = strong_password(user)
            user.set_password(password)
            user.save()
            write_private(CREDENTIALS_FILE, f"admin\n{password}\n")
        make_private(CREDENTIALS_FILE)
        if CREDENTIALS_FILE.is_file():
            username, password = CREDENTIALS_FILE.read_text(encoding="utf-8").split()[:2]
            self.stdout.write(
                self.style.SUCCESS(
                    _("Trang quản trị: %(url)s  tài khoản: %(username)s  mật khẩu: %(password)s")
                    % {"url": f"{settings.SITE_URL}/admin/", "username": username, "password": password}
                )
            )
        else:
            self.stdout.write(_("Tài khoản 'admin' đã có sẵn (mật khẩu không đổi)."))

    def ensure_newsroom(self) -> None:
        """One account per newsroom role, so a story can go reporter → editor → managing editor →
        leader → readers; passwords in a file only its owner can read, printed like the admin's."""
        User = get_user_model()
        home = HomePage.default()
        known = {}
        if NEWSROOM_FILE.is_file():
            for line in NEWSROOM_FILE.read_text(encoding="utf-8").splitlines():
                role, username, password = line.split("\t")
                known[username] = password
        for role, username, full_name, section_titles in NEWSROOM:
            if User.objects.filter(username=username).exists():
                continue
            # Vietnamese names read family name first: the whole name in one field keeps its order.
            user = User(username=username, email=f"{username}@hoaphuong.example.vn", first_name=full_name)
            known[username] = strong_password(user)
            user.set_password(known[username])
            user.save()
            slugs = [home.section_titled(title, create=True).slug for title in section_titles]
            roles.give_role(user, role, sections=slugs)
        lines = [f"{role}\t{username}\t{known[username]}" for role, username, *_rest in NEWSROOM if username in known]
        write_private(NEWSROOM_FILE, "".join(line + "\n" for line in lines))
        self.stdout.write(_("Tòa soạn mẫu (đăng nhập tại %(url)s):") % {"url": f"{settings.SITE_URL}/admin/"})
        for line in lines:
            role, username, password = line.split("\t")
            self.stdout.write(
                _("  %(role)s: tài khoản %(username)s  mật khẩu: %(password)s")
                % {"role": role, "username": username, "password": password}
            )

    def ensure_followup(self) -> None:
        """The demo conference's follow-up: its bridge points as units, a unit secretary's and the
        city's follow-up accounts (kept and printed like the newsroom's), the directive and what
        the units did about it."""
        conference = create_demo_conference()
        followup_demo.create_demo_units(conference)
        User = get_user_model()
        known = {}
        if FOLLOWUP_FILE.is_file():
            for line in FOLLOWUP_FILE.read_text(encoding="utf-8").splitlines():
                role, username, password = line.split("\t")
                known[username] = password
        for _role, username, full_name, unit_code in followup_demo.DEMO_ACCOUNTS:
            if User.objects.filter(username=username).exists():
                continue
            user = User(username=username, email=f"{username}@hoaphuong.example.vn", first_name=full_name)
            known[username] = strong_password(user)
            user.set_password(known[username])
            user.save()
            followup_demo.give_demo_role(user, unit_code)
        directive = followup_demo.create_demo_directive(conference)
        lines = [
            f"{role}\t{username}\t{known[username]}"
            for role, username, *_rest in followup_demo.DEMO_ACCOUNTS
            if username in known
        ]
        write_private(FOLLOWUP_FILE, "".join(line + "\n" for line in lines))
        self.stdout.write(
            _("Theo dõi sau hội nghị: %(title)s, %(units)d đơn vị (đăng nhập tại %(url)s):")
            % {"title": directive.title, "units": directive.units.count(), "url": f"{settings.SITE_URL}/admin/"}
        )
        for line in lines:
            role, username, password = line.split("\t")
            self.stdout.write(
                _("  %(role)s: tài khoản %(username)s  mật khẩu: %(password)s")
                % {"role": role, "username": username, "password": password}
            )


def strong_password(user) -> str:
    """A random password (16 characters) that AUTH_PASSWORD_VALIDATORS accept for `user`."""
    while True:
        password = secrets.token_urlsafe(12)
        try:
            validate_password(password, user)
        except ValidationError:
            continue
        return password


def photo_sources(jsonl: Path) -> list[str]:
    """Every `<img src>` the demo articles refer to."""
    records = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines() if line.strip()]
    return sorted(
        {src for record in records for src in re.findall(r'<img[^>]+src="([^"]+)"', record.get("body_html", ""))}
    )
