"""The forms of the live pages: a bridge point's headcount and questions, the organiser's
moderation and current topic."""

import secrets

from django import forms
from django.core.validators import RegexValidator
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ..models import AgendaItem, HeadcountReport, Question

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
        label=_("Số người dự"),
        min_value=0,
        max_value=HeadcountReport.MAX_COUNT,
        error_messages={
            "required": _("Hãy nhập số người dự."),
            "invalid": format_lazy(
                _("Số người dự phải là một số nguyên từ 0 đến {maximum}."), maximum=HeadcountReport.MAX_COUNT
            ),
            "min_value": _("Số người dự không thể nhỏ hơn 0."),
            "max_value": format_lazy(
                _("Số người dự tối đa là {maximum}; hãy kiểm tra lại số đã nhập."), maximum=HeadcountReport.MAX_COUNT
            ),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


CLIENT_KEY = RegexValidator(r"^[A-Za-z0-9_-]{8,64}$", _("Mã gửi không hợp lệ; hãy tải lại trang."))


def new_client_key() -> str:
    """A question's key as the page's script makes one (Live.newKey), for the form posted
    without JavaScript."""
    return secrets.token_hex(16)


class QuestionForm(BrowserMessagesMixin, forms.Form):
    text = forms.CharField(
        label=_("Câu hỏi"),
        max_length=Question.MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Hãy nhập nội dung câu hỏi."),
            "max_length": _("Câu hỏi dài tối đa %(limit_value)d ký tự (đang có %(show_value)d ký tự)."),
        },
    )
    asked_by = forms.CharField(
        label=_("Người hỏi (không bắt buộc)"),
        max_length=255,
        required=False,
        error_messages={"max_length": _("Tên người hỏi dài tối đa %(limit_value)d ký tự.")},
    )
    client_key = forms.CharField(required=False, validators=[CLIENT_KEY], widget=forms.HiddenInput)


class ModerationForm(forms.Form):
    action = forms.ChoiceField(
        choices=Question.Action.choices,
        error_messages={"required": _("Thiếu thao tác."), "invalid_choice": _("Thao tác không hợp lệ.")},
    )
    answer = forms.CharField(label=_("Nội dung trả lời"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class AgendaItemForm(forms.Form):
    """The topic being presented now; empty for none."""

    def __init__(self, *args, conference, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"] = forms.ModelChoiceField(
            label=_("Chuyên đề đang trình bày"),
            required=False,
            empty_label=_("— Chưa trình bày chuyên đề nào —"),
            queryset=AgendaItem.objects.filter(conference=conference),
            error_messages={"invalid_choice": _("Chuyên đề này không thuộc hội nghị.")},
        )
