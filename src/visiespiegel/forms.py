"""What every HTML form shares."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError at the form's fields (or above the form)."""
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)
