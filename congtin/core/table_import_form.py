"""The back office's "paste a list or upload a file" form, shared by the imports that read
a table through congtin.core.table_import (bridge points, units): checked whole, any bad
row and nothing is imported."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .table_import import ParsedTable

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class TableImportForm(forms.Form):
    """A subclass says how to read (`parse_text`, `parse_upload`), may check more
    (`check`, e.g. against saved rows), and words its help texts; `cleaned_data["rows"]`
    are the rows when valid."""

    too_big = _("Tệp lớn quá 5 MB: danh sách thường chỉ vài chục KB.")

    text = forms.CharField(label=_("Dán danh sách"), required=False, widget=forms.Textarea(attrs={"rows": 12}))
    file = forms.FileField(
        label=_("Hoặc tải lên tệp"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
        help_text=_("Tệp .xlsx hoặc .csv (mã UTF-8), cùng các cột như trên."),
    )

    def parse_text(self, text: str) -> ParsedTable:
        raise NotImplementedError

    def parse_upload(self, filename: str, data: bytes) -> ParsedTable:
        raise NotImplementedError

    def check(self, parsed: ParsedTable) -> ParsedTable:
        return parsed

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        text, upload = cleaned.get("text", "").strip(), cleaned.get("file")
        if bool(text) == bool(upload):
            raise ValidationError(_("Hãy dán danh sách hoặc chọn một tệp (chỉ một trong hai)."))
        if upload and upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(self.too_big)
        parsed = self.check(self.parse_upload(upload.name, upload.read()) if upload else self.parse_text(text))
        if not parsed.ok:
            raise ValidationError(parsed.error_messages())
        cleaned["rows"] = parsed.rows
        return cleaned
