"""Create what the newsroom needs when it is missing (roles, a reporters' group per section,
the three-level workflow), and give a person a role."""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from congtin.newsroom import roles


class Command(BaseCommand):
    help = _(
        "Tạo các vai trò của tòa soạn, nhóm phóng viên từng chuyên mục và quy trình Duyệt ba cấp nếu còn thiếu; "
        "--user và --role để giao vai trò cho một người."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", help=_("Tên đăng nhập của người được giao vai trò"))
        parser.add_argument("--role", choices=roles.ROLE_NAMES, help=_("Vai trò giao cho người đó"))
        parser.add_argument(
            "--section",
            action="append",
            default=[],
            metavar="SLUG",
            help=_("Chuyên mục phóng viên được viết (địa chỉ của chuyên mục; lặp lại để giao nhiều chuyên mục)"),
        )

    def handle(self, *args: Any, user: str | None, role: str | None, section: list[str], **options: Any) -> None:
        roles.ensure_newsroom()
        self.stdout.write(_("Vai trò và quy trình duyệt: đã đủ."))
        if user is None and role is None:
            return
        if not (user and role):
            raise CommandError(_("Cần cả --user và --role."))
        try:
            person = get_user_model().objects.get(username=user)
        except get_user_model().DoesNotExist as error:
            raise CommandError(_("Không có tài khoản '%(user)s'.") % {"user": user}) from error
        try:
            given = roles.give_role(person, role, sections=section)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(_("%(user)s: %(groups)s") % {"user": user, "groups": ", ".join(g.name for g in given)})
        )
