from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator

from .bridge_import import parse_text, parse_upload
from .models import AgendaItem, HeadcountReport, Question

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
COLUMN_HELP = (
    "Các cột theo thứ tự: mã điểm cầu, tên đơn vị, quận/huyện, địa chỉ, cán bộ đầu mối, điện thoại, "
    "số người dự kiến. Có thể có dòng tiêu đề (tiếng Việt hoặc tiếng Anh: code, name, district, address, "
    "coordinator, phone, expected); khi đó thứ tự cột tùy ý."
)


class BridgePointImportForm(forms.Form):
    """A pasted list or an uploaded file, checked whole: any bad row and nothing is imported."""

    text = forms.CharField(
        label="Dán danh sách",
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Chép các dòng từ bảng tính rồi dán vào đây, mỗi dòng một điểm cầu. " + COLUMN_HELP,
    )
    file = forms.FileField(
        label="Hoặc tải lên tệp",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
        help_text="Tệp .xlsx hoặc .csv (mã UTF-8), cùng các cột như trên.",
    )

    def clean(self):
        cleaned = super().clean()
        text, upload = cleaned.get("text", "").strip(), cleaned.get("file")
        if bool(text) == bool(upload):
            raise ValidationError("Hãy dán danh sách hoặc chọn một tệp (chỉ một trong hai).")
        if upload and upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError("Tệp lớn quá 5 MB: danh sách điểm cầu thường chỉ vài chục KB.")
        parsed = parse_upload(upload.name, upload.read()) if upload else parse_text(text)
        if not parsed.ok:
            raise ValidationError(parsed.error_messages())
        cleaned["rows"] = parsed.rows
        return cleaned


# Django's error keys and the browser's constraint-validation states they match.
_BROWSER_STATES = {
    "required": "value-missing",
    "invalid": "bad-input",
    "min_value": "range-underflow",
    "max_value": "range-overflow",
    "max_length": "too-long",
}


class BrowserMessagesMixin:
    """Puts each field's Vietnamese error messages on its widget (`data-error-value-missing`...),
    so the page's script says what the server would say, before sending anything."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            for key, state in _BROWSER_STATES.items():
                message = str(field.error_messages.get(key, ""))
                if message and "%(" not in message:
                    field.widget.attrs[f"data-error-{state}"] = message


class HeadcountForm(BrowserMessagesMixin, forms.Form):
    """ "Số người dự": how many people are in the bridge point's room now."""

    count = forms.IntegerField(
        label="Số người dự",
        min_value=0,
        max_value=HeadcountReport.MAX_COUNT,
        error_messages={
            "required": "Hãy nhập số người dự.",
            "invalid": f"Số người dự phải là một số nguyên từ 0 đến {HeadcountReport.MAX_COUNT}.",
            "min_value": "Số người dự không thể nhỏ hơn 0.",
            "max_value": f"Số người dự tối đa là {HeadcountReport.MAX_COUNT}; hãy kiểm tra lại số đã nhập.",
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


CLIENT_KEY = RegexValidator(r"^[A-Za-z0-9_-]{8,64}$", "Mã gửi không hợp lệ; hãy tải lại trang.")


class QuestionForm(BrowserMessagesMixin, forms.Form):
    text = forms.CharField(
        label="Câu hỏi",
        max_length=Question.MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Hãy nhập nội dung câu hỏi.",
            "max_length": "Câu hỏi dài tối đa %(limit_value)d ký tự (đang có %(show_value)d ký tự).",
        },
    )
    asked_by = forms.CharField(
        label="Người hỏi (không bắt buộc)",
        max_length=255,
        required=False,
        error_messages={"max_length": "Tên người hỏi dài tối đa %(limit_value)d ký tự."},
    )
    client_key = forms.CharField(required=False, validators=[CLIENT_KEY], widget=forms.HiddenInput)


class ModerationForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("approve", "Duyệt"), ("answer", "Trả lời"), ("reject", "Không duyệt")],
        error_messages={"required": "Thiếu thao tác.", "invalid_choice": "Thao tác không hợp lệ."},
    )
    answer = forms.CharField(label="Nội dung trả lời", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class AgendaItemForm(forms.Form):
    """The topic being presented now; empty for none."""

    def __init__(self, *args, conference, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"] = forms.ModelChoiceField(
            label="Chuyên đề đang trình bày",
            required=False,
            empty_label="— Chưa trình bày chuyên đề nào —",
            queryset=AgendaItem.objects.filter(conference=conference),
            error_messages={"invalid_choice": "Chuyên đề này không thuộc hội nghị."},
        )
