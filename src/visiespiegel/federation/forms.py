from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class LoginPolicyForm(forms.Form):
    password_login = forms.BooleanField(
        label=_("Leden mogen ook inloggen met een wachtwoord"), required=False
    )
