from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Mã xác thực"),
        max_length=32,
        help_text=_("6 chữ số trong ứng dụng xác thực, hoặc một mã khôi phục."),
        error_messages={"required": _("Vui lòng nhập mã.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}),
    )


class FirstCodeForm(CodeForm):
    code = forms.CharField(
        label=_("Mã 6 chữ số trong ứng dụng"),
        max_length=32,
        error_messages={"required": _("Vui lòng nhập mã.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}),
    )
