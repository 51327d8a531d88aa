"""What a unit types: a study session, a programme task, the programme sent with its document,
a progress round; and the city's comment when it returns a result.

Numbers and dates are read as people type them with ASCII digits only (congtin.core.params):
"١٢" or "²" is an error in Vietnamese, never a number nobody meant."""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congtin import vietnamese
from congtin.core.params import iso_date

from ..models import ProgrammeTask, ProgressReport, StudySession
from ..status import VIETNAM
from . import documents

EARLIEST = date(2000, 1, 1)
MAX_COUNT_DIGITS = 7  # ten million people reached by one session is past any real one
# Caps on what one unit can add, far above any real report (a runaway script, not a secretary).
MAX_SESSIONS = 200  # study sessions per unit and directive
MAX_TASKS = 200  # tasks in one action programme


def today() -> date:
    return timezone.now().astimezone(VIETNAM).date()


class DateField(forms.CharField):
    """A date as <input type=date> sends it (YYYY-MM-DD), from 2000 on."""

    widget = forms.DateInput(attrs={"type": "date"})
    default_error_messages = {
        "invalid": _(
            "Ngày không hợp lệ: hãy chọn ngày trên lịch hoặc nhập theo dạng năm-tháng-ngày, ví dụ 2026-07-31."
        ),
        "too_early": _("Ngày phải từ năm 2000 trở đi."),
    }

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        day = iso_date(text)
        if day is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if day < EARLIEST:
            raise ValidationError(self.error_messages["too_early"], code="too_early")
        return day

    def prepare_value(self, value):
        return value.isoformat() if isinstance(value, date) else value


class CountField(forms.IntegerField):
    """A whole number written with the digits 0–9, at least 0."""

    default_error_messages = {
        "invalid": _("Hãy nhập một số nguyên không âm, bằng các chữ số 0–9."),
        "max_value": _("Giá trị lớn nhất là %(limit_value)s."),
        "min_value": _("Giá trị nhỏ nhất là %(limit_value)s."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "numeric")

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip()
        if not text.isascii() or not text.isdigit():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if len(text) > MAX_COUNT_DIGITS:  # its digits are right, its size is not: say the limit
            largest = vietnamese.format_integer(10**MAX_COUNT_DIGITS - 1)
            raise ValidationError(self.error_messages["max_value"], code="max_value", params={"limit_value": largest})
        return int(text)


class StudySessionForm(forms.ModelForm):
    held_on = DateField(label=_("Ngày tổ chức"))
    reached_secretaries = CountField(label=_("Bí thư, Phó Bí thư Đoàn cơ sở"), initial=0)
    reached_branch_secretaries = CountField(label=_("Bí thư chi đoàn"), initial=0)
    reached_cadres = CountField(label=_("Cán bộ chuyên trách"), initial=0)
    reached_members = CountField(label=_("Đoàn viên, thanh niên"), initial=0)

    class Meta:
        model = StudySession
        fields = ["held_on", "form", "title", "documents", *StudySession.REACHED_FIELDS]
        widgets = {"title": forms.TextInput(), "documents": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"documents": _("Mỗi tài liệu một dòng.")}

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > today():
            raise ValidationError(_("Buổi học tập chưa diễn ra: ngày tổ chức không được sau hôm nay."))
        return held_on

    def clean(self):
        cleaned = super().clean()
        counts = [cleaned.get(name) for name in StudySession.REACHED_FIELDS]
        if all(count is not None for count in counts) and sum(counts) == 0:
            raise ValidationError(_("Hãy ghi số người tham dự của ít nhất một nhóm."))
        return cleaned


class ProgrammeTaskForm(forms.ModelForm):
    due_on = DateField(label=_("Thời hạn"))

    class Meta:
        model = ProgrammeTask
        fields = ["content", "lead", "due_on", "expected_result"]
        widgets = {
            "content": forms.Textarea(attrs={"rows": 3}),
            "expected_result": forms.Textarea(attrs={"rows": 2}),
        }


class ProgrammeSubmitForm(forms.Form):
    """The programme as the unit sends it: its adopted document, when it was adopted, a note.
    A resend may keep the document already sent (`previous_document`)."""

    document = forms.FileField(
        label=_("Văn bản chương trình đã thông qua"),
        required=False,
        help_text=_("Tệp PDF hoặc Word (.docx), tối đa 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"}),
        error_messages={
            "empty": _("Tệp tải lên không có nội dung (0 byte)."),
            "invalid": _("Không đọc được tệp tải lên; hãy chọn lại tệp."),
            "missing": _("Không nhận được tệp; hãy chọn lại tệp."),
        },
    )
    adopted_on = DateField(label=_("Ngày thông qua"))
    note = forms.CharField(label=_("Ghi chú gửi Thành đoàn"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, previous_document: str = "", has_tasks: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.previous_document, self.has_tasks = previous_document, has_tasks
        self.kind = None
        if previous_document:
            self.fields["document"].help_text = _(
                "Để trống thì gửi lại văn bản của lần gửi trước. Tệp PDF hoặc Word (.docx), tối đa 10 MB."
            )

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if upload:
            self.kind = documents.check_upload(upload)
            return upload
        if not self.previous_document:
            raise ValidationError(_("Hãy tải lên văn bản chương trình hành động đã được thông qua."))
        return None

    def clean_adopted_on(self):
        adopted_on = self.cleaned_data["adopted_on"]
        if adopted_on > today():
            raise ValidationError(_("Ngày thông qua không được sau hôm nay."))
        return adopted_on

    def clean(self):
        cleaned = super().clean()
        if not self.has_tasks:
            raise ValidationError(_("Chương trình cần ít nhất một nhiệm vụ trước khi gửi."))
        return cleaned


class ProgressRowForm(forms.Form):
    """Where one task stands in a progress round."""

    status = forms.ChoiceField(label=_("Tình trạng"), choices=ProgressReport.TaskStatus.choices)
    percent = CountField(label=_("Tiến độ (%)"), max_value=100)
    evidence = forms.CharField(label=_("Kết quả, minh chứng"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    difficulties = forms.CharField(
        label=_("Khó khăn, vướng mắc"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        cleaned = super().clean()
        status, percent = cleaned.get("status"), cleaned.get("percent")
        if status == ProgressReport.TaskStatus.DONE and percent is not None and percent < 100:
            self.add_error("percent", _("Nhiệm vụ đã hoàn thành thì tiến độ là 100%."))
        if status == ProgressReport.TaskStatus.NOT_STARTED and percent:
            self.add_error("percent", _("Nhiệm vụ chưa triển khai thì tiến độ là 0%."))
        return cleaned


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Ghi chú gửi Thành đoàn"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReturnForm(forms.Form):
    # Our Vietnamese message every time, not the browser's own (in its language) after the first.
    use_required_attribute = False

    comment = forms.CharField(
        label=_("Nội dung cần hoàn thiện"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Hãy ghi rõ nội dung cần hoàn thiện khi trả lại.")},
    )

    def clean_comment(self):
        comment = self.cleaned_data["comment"].strip()
        if not comment:
            raise ValidationError(_("Hãy ghi rõ nội dung cần hoàn thiện khi trả lại."))
        return comment
