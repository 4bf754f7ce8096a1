from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from visiespiegel.organisations.models import Unit
from visiespiegel.rounds.enums import REMARK_MAX_LENGTH


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "class": "code-input",
                "aria-describedby": "code-hulp",
            }
        ),
        error_messages={"required": _("Vul de code in die je hebt gekregen.")},
    )


def unit_choices(units: list[Unit]) -> list:
    """Units grouped under their parent's name, for a <select> with <optgroup>s."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for unit in units:
        groups.setdefault(unit.parent.name if unit.parent else "", []).append((unit.pk, unit.name))
    choices: list = [("", _("Kies…"))]
    for parent, options in sorted(groups.items()):
        if parent:
            choices.append((parent, options))
        else:
            choices += options
    return choices


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Wat is je rol?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies je rol.")},
    )
    unit = forms.TypedChoiceField(
        label=_("Bij welke school of eenheid hoor je?"),
        coerce=int,
        error_messages={"required": _("Kies je school of eenheid.")},
    )

    def __init__(self, *args, roles, units: list[Unit], unit_fixed: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles
        if unit_fixed or not units:
            del self.fields["unit"]
        else:
            self.fields["unit"].choices = unit_choices(units)


class ThemeForm(forms.Form):
    now = forms.ChoiceField(
        label=_("Welke uitspraak past het best bij hoe het nu gaat?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies de uitspraak die past bij hoe het nu gaat.")},
    )
    wanted = forms.ChoiceField(
        label=_("Welke uitspraak past bij hoe je het zou willen?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies de uitspraak die past bij hoe je het zou willen.")},
    )
    remark = forms.CharField(
        label=_("Opmerking (niet verplicht)"),
        required=False,
        max_length=REMARK_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "aria-describedby": "opmerking-hulp"}),
    )

    def __init__(self, *args, model_keys: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(key, key) for key in model_keys]
        self.fields["now"].choices = choices
        self.fields["wanted"].choices = choices
