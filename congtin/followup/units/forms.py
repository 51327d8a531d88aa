"""The "Nhập danh sách đơn vị" form (a pasted list or an uploaded file) and the form that
adds a person who reports for a unit."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from ..models import Unit
from .unit_import import check_tree, parse_text, parse_upload

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
COLUMN_HELP = _(
    "Các cột theo thứ tự: mã đơn vị, tên đơn vị, mã đơn vị cấp trên, cấp (Thành đoàn, Quận đoàn, Huyện đoàn, "
    "Đoàn trực thuộc, Đoàn cơ sở, Chi đoàn), quận/huyện, họ tên Bí thư, thư điện tử, điện thoại, mã điểm cầu, "
    "trọng số. Có thể có dòng tiêu đề (tiếng Việt hoặc tiếng Anh: code, name, parent, level, district, "
    "secretary, email, phone, bridge point, weight); khi đó thứ tự cột tùy ý và cột vắng mặt giữ nguyên giá trị cũ."
)


class UnitImportForm(forms.Form):
    """A pasted list or an uploaded file, checked whole: any bad row and nothing is imported."""

    text = forms.CharField(
        label=_("Dán danh sách"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=format_lazy(
            "{} {}", _("Chép các dòng từ bảng tính rồi dán vào đây, mỗi dòng một đơn vị."), COLUMN_HELP
        ),
    )
    file = forms.FileField(
        label=_("Hoặc tải lên tệp"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
        help_text=_("Tệp .xlsx hoặc .csv (mã UTF-8), cùng các cột như trên."),
    )

    def clean(self):
        cleaned = super().clean()
        text, upload = cleaned.get("text", "").strip(), cleaned.get("file")
        if bool(text) == bool(upload):
            raise ValidationError(_("Hãy dán danh sách hoặc chọn một tệp (chỉ một trong hai)."))
        if upload and upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("Tệp lớn quá 5 MB: danh sách đơn vị thường chỉ vài chục KB."))
        parsed = parse_upload(upload.name, upload.read()) if upload else parse_text(text)
        check_tree(parsed)
        if not parsed.ok:
            raise ValidationError(parsed.error_messages())
        cleaned["rows"] = parsed.rows
        return cleaned


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
