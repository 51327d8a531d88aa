"""The "Nhập điểm cầu" form: a pasted list or an uploaded file of bridge points."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from congtin.core.table_import_form import TableImportForm

from . import bridge_import

COLUMN_HELP = _(
    "Các cột theo thứ tự: mã điểm cầu, tên đơn vị, quận/huyện, địa chỉ, cán bộ đầu mối, điện thoại, "
    "số người dự kiến. Có thể có dòng tiêu đề (tiếng Việt hoặc tiếng Anh: code, name, district, address, "
    "coordinator, phone, expected); khi đó thứ tự cột tùy ý."
)


class BridgePointImportForm(TableImportForm):
    """A pasted list or an uploaded file, checked whole: any bad row and nothing is imported."""

    too_big = _("Tệp lớn quá 5 MB: danh sách điểm cầu thường chỉ vài chục KB.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].help_text = format_lazy(
            "{} {}", _("Chép các dòng từ bảng tính rồi dán vào đây, mỗi dòng một điểm cầu."), COLUMN_HELP
        )

    def parse_text(self, text):
        return bridge_import.parse_text(text)

    def parse_upload(self, filename, data):
        return bridge_import.parse_upload(filename, data)
