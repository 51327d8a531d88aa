"""The "Nhập danh sách đơn vị" form (a pasted list or an uploaded file) and the form that
adds a person who reports for a unit."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from congtin.core.table_import_form import TableImportForm

from ..models import Unit
from . import unit_import

COLUMN_HELP = _(
    "Các cột theo thứ tự: mã đơn vị, tên đơn vị, mã đơn vị cấp trên, cấp (Thành đoàn, Quận đoàn, Huyện đoàn, "
    "Đoàn trực thuộc, Đoàn cơ sở, Chi đoàn), quận/huyện, họ tên Bí thư, thư điện tử, điện thoại, mã điểm cầu, "
    "trọng số. Có thể có dòng tiêu đề (tiếng Việt hoặc tiếng Anh: code, name, parent, level, district, "
    "secretary, email, phone, bridge point, weight); khi đó thứ tự cột tùy ý và cột vắng mặt giữ nguyên giá trị cũ."
)


class UnitImportForm(TableImportForm):
    """A pasted list or an uploaded file, checked whole (with the units already saved, for
    parents and cycles): any bad row and nothing is imported."""

    too_big = _("Tệp lớn quá 5 MB: danh sách đơn vị thường chỉ vài chục KB.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].help_text = format_lazy(
            "{} {}", _("Chép các dòng từ bảng tính rồi dán vào đây, mỗi dòng một đơn vị."), COLUMN_HELP
        )

    def parse_text(self, text):
        return unit_import.parse_text(text)

    def parse_upload(self, filename, data):
        return unit_import.parse_upload(filename, data)

    def check(self, parsed):
        return unit_import.check_tree(parsed)


class MemberForm(forms.Form):
    """An existing account, by its user name or e-mail address."""

    account = forms.CharField(
        label=_("Tên đăng nhập hoặc thư điện tử"),
        max_length=254,
        help_text=_("Tài khoản phải có sẵn; người này sẽ báo cáo cho đơn vị và các đơn vị trực thuộc."),
    )

    def clean_account(self):
        account = self.cleaned_data["account"].strip()
        active = get_user_model().objects.filter(is_active=True)
        users = list(active.filter(username__iexact=account)[:2]) or list(active.filter(email__iexact=account)[:2])
        if not users:
            raise ValidationError(_("Không có tài khoản “%(account)s”.") % {"account": account})
        if len(users) > 1:
            raise ValidationError(
                _("Có nhiều tài khoản dùng “%(account)s”: hãy nhập tên đăng nhập.") % {"account": account}
            )
        return users[0]


class UnitForm(WagtailAdminModelForm):
    """The unit's own form: a unit cannot sit below itself or below a unit under it."""

    def clean_parent(self):
        parent = self.cleaned_data.get("parent")
        if parent is not None and self.instance.pk and parent.pk in Unit.objects.subtree_ids(self.instance):
            raise ValidationError(_("Đơn vị cấp trên không thể là chính đơn vị này hay một đơn vị trực thuộc nó."))
        return parent
