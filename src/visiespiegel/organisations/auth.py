"""Coordinator accounts: log-in by username or e-mail address, throttled per account; password
reset mails, also for accounts that never had a password, rate-limited per account.

Throttling counts failed attempts in the "counters" cache per account, whichever name was
typed for it (an unknown name counts under its hash), never per IP address: participants and
coordinators are not tracked by address. A successful password reset lifts the pause.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def account_for(name: str):
    """The active account a typed name (username or e-mail address) means, or None."""
    name = (name or "").strip()
    if not name:
        return None
    found = get_user_model().objects.filter(Q(username__iexact=name) | Q(email__iexact=name))
    return found.order_by("pk").first()


class EmailOrUsernameBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username and "@" in username:
            user = get_user_model().objects.filter(email__iexact=username.strip()).first()
            if user is None:
                get_user_model()().set_password(password)  # same work as a real check
                return None
            username = user.get_username()
        return super().authenticate(request, username=username, password=password, **kwargs)


def _failures_key(name: str) -> str:
    account = account_for(name)
    if account is not None:
        return f"login-failures:account:{account.pk}"
    digest = hashlib.sha256((name or "").strip().lower().encode()).hexdigest()
    return f"login-failures:name:{digest}"


def clear_failures(user) -> None:
    caches["counters"].delete(f"login-failures:account:{user.pk}")


def _count(key: str, window: int) -> int:
    counters = caches["counters"]
    if counters.add(key, 1, window):
        return 1
    try:
        count = counters.incr(key)
    except ValueError:  # expired between add and incr
        counters.add(key, 1, window)
        return 1
    # Django's database cache gives an incremented key its default timeout (five minutes):
    # the window runs again from this failure, on every backend.
    counters.touch(key, window)
    return count


class ThrottledLogin:
    """Refuses a log-in for an account that failed too often, before checking the password."""

    throttle_message = _(
        "Te veel mislukte pogingen voor dit account. Probeer het over %(minutes)s minuten "
        "opnieuw, of vraag een nieuw wachtwoord aan."
    )

    def clean(self):
        key = _failures_key(self.cleaned_data.get("username") or "")
        if caches["counters"].get(key, 0) >= settings.LOGIN_FAILURE_LIMIT:
            raise ValidationError(
                self.throttle_message,
                code="throttled",
                params={"minutes": settings.LOGIN_FAILURE_WINDOW // 60},
            )
        try:
            return super().clean()
        except ValidationError:
            _count(key, settings.LOGIN_FAILURE_WINDOW)
            raise


class ThrottledAuthenticationForm(ThrottledLogin, AuthenticationForm):
    pass


class ThrottledAdminAuthenticationForm(ThrottledLogin, AdminAuthenticationForm):
    pass


class AccountResetForm(PasswordResetForm):
    """Django's reset mail, also for accounts without a password yet (made on the command
    line), at most RESET_MAILS_PER_HOUR per account. The page says the same either way."""

    def get_users(self, email):
        for user in get_user_model()._default_manager.filter(email__iexact=email, is_active=True):
            if _count(f"reset-mails:{user.pk}", 3600) <= settings.RESET_MAILS_PER_HOUR:
                yield user


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    """A password chosen through a reset link also lifts a log-in pause."""

    def form_valid(self, form):
        response = super().form_valid(form)
        clear_failures(form.user)
        return response
