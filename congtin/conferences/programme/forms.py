"""The "Nhập điểm cầu" form: a pasted list or an uploaded file of bridge points."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .bridge_import import parse_text, parse_upload

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
COLUMN_HELP = _(
    "Các cột theo thứ tự: mã điểm cầu, tên đơn vị, quận/huyện, địa chỉ, cán bộ đầu mối, điện thoại, "
    "số người dự kiến. Có thể có dòng tiêu đề (tiếng Việt hoặc tiếng Anh: code, name, district, address, "
    "coordinator, phone, expected); khi đó thứ tự cột tùy ý."
)


class BridgePointImportForm(forms.Form):
    """A pasted list or an uploaded file, checked whole: any bad row and nothing is imported."""

    text = forms.CharField(
        label=_("Dán danh sách"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=format_lazy(
            "{} {}", _("Chép các dòng từ bảng tính rồi dán vào đây, mỗi dòng một điểm cầu."), COLUMN_HELP
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
            raise ValidationError(_("Tệp lớn quá 5 MB: danh sách điểm cầu thường chỉ vài chục KB."))
        parsed = parse_upload(upload.name, upload.read()) if upload else parse_text(text)
        if not parsed.ok:
            raise ValidationError(parsed.error_messages())
        cleaned["rows"] = parsed.rows
        return cleaned
