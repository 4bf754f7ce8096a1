"""Shared helpers for the scriptable set-up commands: JSON out, readable errors."""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError


def print_json(command, data) -> None:
    command.stdout.write(json.dumps(data, ensure_ascii=False))


def fail(error: ValidationError | str) -> CommandError:
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            text = "; ".join(f"{field}: {' '.join(m)}" for field, m in error.message_dict.items())
        else:
            text = " ".join(error.messages)
    else:
        text = error
    return CommandError(text, returncode=1)


def organisation_or_fail(slug: str):
    from visiespiegel.organisations.models import Organisation

    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise fail(f"no organisation with slug {slug!r}")
    return organisation
