"""Coordinator log-in: by username or e-mail address, throttled per account name.

Throttling counts failed attempts per (hashed) account name in the cache, never per IP address:
participants and coordinators are not tracked by address.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class EmailOrUsernameBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username and "@" in username:
            user = get_user_model().objects.filter(email__iexact=username.strip()).first()
            if user is None:
                get_user_model()().set_password(password)  # same work as a real check
                return None
            username = user.get_username()
        return super().authenticate(request, username=username, password=password, **kwargs)


def _throttle_key(username: str) -> str:
    digest = hashlib.sha256(username.strip().lower().encode()).hexdigest()
    return f"login-failures:{digest}"


class ThrottledAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": _(
            "Te veel mislukte pogingen voor dit account. Probeer het over %(minutes)s "
            "minuten opnieuw, of vraag een nieuw wachtwoord aan."
        ),
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        key = _throttle_key(username)
        if cache.get(key, 0) >= settings.LOGIN_FAILURE_LIMIT:
            raise ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"minutes": settings.LOGIN_FAILURE_WINDOW // 60},
            )
        try:
            return super().clean()
        except ValidationError:
            if cache.add(key, 1, settings.LOGIN_FAILURE_WINDOW) is False:
                try:
                    cache.incr(key)
                except ValueError:  # expired between add and incr
                    cache.add(key, 1, settings.LOGIN_FAILURE_WINDOW)
            raise
