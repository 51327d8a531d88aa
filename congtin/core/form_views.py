"""What our form pages share."""

from django import forms
from django.http import HttpResponse


class InvalidFormIsBadRequest:
    """A form sent back with its errors answers 400, not 200: the page still shows the errors in
    Vietnamese, and logs, caches and scripts see the input was refused. Goes before FormView."""

    def form_invalid(self, form: forms.BaseForm) -> HttpResponse:
        response = super().form_invalid(form)  # type: ignore[misc]
        response.status_code = 400
        return response
