"""What every HTML form shares."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from visiespiegel.text import problem


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError at the form's fields (or above the form)."""
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


class TextField(forms.CharField):  # noqa: TID251 (the one allowed use)
    """A CharField with the one text rule (`visiespiegel.text`): text with a NUL or a lone
    surrogate is refused at the field, in words, instead of failing in the database. Every
    text field of our forms is one (ruff's banned-api keeps forms.CharField out)."""

    def to_python(self, value):
        value = super().to_python(value)
        if (found := problem(value)) is not None:
            message = gettext("Deze tekst %(problem)s.") % {"problem": gettext(found)}
            raise ValidationError(message, code="unstorable")
        return value
