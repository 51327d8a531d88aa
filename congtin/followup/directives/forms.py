"""The directive's form in the back office: its required results inline, the units it names
(ticked one by one, every unit but the top, or a conference's), a monthly progress schedule,
and the results made after every save. The follow-up task form for a conference question."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from modelcluster.forms import BaseChildFormSet
from wagtail.admin.forms import WagtailAdminModelForm

from ..models import FollowUpTask, Result, Unit
from .building import ProgressSchedule, add_progress_schedule, default_units, parse_month, schedule_errors
from .building import units_for_conference as conference_units

UNITS_CHOSEN, UNITS_ALL, UNITS_CONFERENCE = "chosen", "all", "conference"


class UnitChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, unit):
        return f"{unit.name} ({unit.code})"


class RequirementFormSet(BaseChildFormSet):
    """A required result some unit has already sent work for cannot be deleted: its results
    and their versions would go with it."""

    def clean(self):
        super().clean()
        deleted = [form.instance.pk for form in self.deleted_forms if form.instance.pk]
        sent = (
            Result.objects.filter(requirement__in=deleted, versions__gt=0)
            .values_list("requirement__title", flat=True)
            .distinct()
        )
        if deleted and (titles := sorted(sent)):
            raise ValidationError(
                _("Không xóa được “%(titles)s”: đã có đơn vị gửi kết quả. Hãy sửa tên hay hạn thay vì xóa.")
                % {"titles": "”, “".join(titles)}
            )


class DirectiveForm(WagtailAdminModelForm):
    units_from = forms.ChoiceField(
        label=_("Đơn vị thực hiện"),
        choices=[
            (UNITS_CHOSEN, _("Các đơn vị đánh dấu trong danh sách dưới đây")),
            (UNITS_ALL, _("Tất cả đơn vị (trừ đơn vị cấp cao nhất)")),
            (UNITS_CONFERENCE, _("Các đơn vị có điểm cầu trong hội nghị đã chọn")),
        ],
        initial=UNITS_CHOSEN,
        widget=forms.RadioSelect,
    )
    progress_from = forms.CharField(
        label=_("Báo cáo tiến độ hằng tháng: từ tháng"),
        required=False,
        max_length=16,
        widget=forms.TextInput(attrs={"placeholder": "8/2026", "inputmode": "numeric"}),
        help_text=_("Để trống nếu không cần. Mỗi tháng một kết quả “Báo cáo tiến độ tháng …”."),
    )
    progress_to = forms.CharField(
        label=_("đến tháng"),
        required=False,
        max_length=16,
        widget=forms.TextInput(attrs={"placeholder": "12/2026", "inputmode": "numeric"}),
    )
    progress_day = forms.IntegerField(
        label=_("hạn vào ngày"),
        required=False,
        min_value=1,
        max_value=31,
        help_text=_("Tháng ngắn hơn thì hạn là ngày cuối tháng."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "units" in self.fields:
            self.fields["units"] = UnitChoiceField(
                queryset=Unit.objects.order_by("code"),
                required=False,
                label=_("Danh sách đơn vị"),
                widget=forms.CheckboxSelectMultiple,
                initial=self.fields["units"].initial,
            )
        if self.instance.pk is None and not self.initial.get("units"):
            self.initial["units"] = list(default_units().values_list("pk", flat=True))
        self.schedule = None

    def clean(self):
        cleaned = super().clean()
        source = cleaned.get("units_from")
        if source == UNITS_ALL:
            cleaned["units"] = default_units()
        elif source == UNITS_CONFERENCE:
            if cleaned.get("conference") is None:
                self.add_error("conference", _("Hãy chọn hội nghị để lấy các đơn vị có điểm cầu."))
            else:
                cleaned["units"] = conference_units(cleaned["conference"])
        raw = [cleaned.get("progress_from"), cleaned.get("progress_to"), cleaned.get("progress_day")]
        if any(value not in (None, "") for value in raw):
            start, end = parse_month(raw[0]), parse_month(raw[1])
            errors = schedule_errors(start, end, raw[2])
            for error in errors:
                self.add_error("progress_from", error)
            if not errors:
                self.schedule = ProgressSchedule(start=start, end=end, day=raw[2])
        return cleaned

    def save(self, commit=True):
        directive = super().save(commit=commit)
        if commit:
            if self.schedule is not None:
                add_progress_schedule(directive, self.schedule)
            directive.sync_results()
        return directive


class FollowUpTaskForm(forms.ModelForm):
    """A follow-up task from a conference question: the unit among `units` (the directive's,
    read once for a page of many questions' forms)."""

    class Meta:
        model = FollowUpTask
        fields = ["unit", "title", "detail", "due_on"]
        widgets = {
            "due_on": forms.DateInput(attrs={"type": "date"}),
            "detail": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, units: list[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        self.units_by_id = {str(unit.pk): unit for unit in units}
        self.fields["unit"] = forms.ChoiceField(
            label=_("Đơn vị thực hiện"),
            choices=[("", "---------")] + [(str(unit.pk), f"{unit.name} ({unit.code})") for unit in units],
            error_messages={"invalid_choice": _("Hãy chọn một đơn vị thực hiện văn bản này.")},
        )

    def clean_unit(self):
        return self.units_by_id[self.cleaned_data["unit"]]

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise ValidationError(_("Hãy ghi việc cần làm."))
        return title
