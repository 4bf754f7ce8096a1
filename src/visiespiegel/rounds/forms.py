from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from visiespiegel.forms import TextField
from visiespiegel.organisations.models import Unit
from visiespiegel.rounds.enums import REMARK_MAX_LENGTH, Role
from visiespiegel.text import problem


class JoinForm(forms.Form):
    code = TextField(
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

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles


WHOLE_REGION = "heel"  # the unit choice "het hele samenwerkingsverband": no unit


def unit_question(role: str) -> str:
    """The unit question in the words of the role."""
    if role == Role.PARENT:
        return _("Op welke school zit je kind?")
    if role == Role.PUPIL:
        return _("Op welke school zit je?")
    if not Role(role).at_school:
        return _("Voor welk deel van het samenwerkingsverband antwoord je?")
    return _("Op welke school werk je?")


class UnitForm(forms.Form):
    """Which unit someone answers for: a school, or for roles beyond one school the whole
    samenwerkingsverband or a board."""

    unit = forms.ChoiceField(
        error_messages={"required": _("Kies je school."), "invalid_choice": _("Kies je school.")}
    )

    def __init__(self, *args, role: str, units: list[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        field.label = unit_question(role)
        choices = unit_choices(units)
        self.whole_region = not Role(role).at_school
        if self.whole_region:
            choices[0] = (WHOLE_REGION, _("Het hele samenwerkingsverband"))
            field.help_text = _(
                "Werk je voor de hele regio, zoals bij de gemeente, de jeugdhulp of het "
                "samenwerkingsverband? Kies dan het hele samenwerkingsverband."
            )
        field.choices = choices
        self.units = {str(u.pk): u for u in units}

    def clean_unit(self) -> Unit | None:
        value = self.cleaned_data["unit"]
        if value == WHOLE_REGION and self.whole_region:
            return None
        if value not in self.units:
            raise forms.ValidationError(_("Kies je school."))
        return self.units[value]


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
    remark = TextField(
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
        self.model_keys = model_keys

    def partial(self) -> dict[str, str]:
        """What was chosen so far, valid or not yet complete (for going back)."""
        data = self.data
        remark = data.get("remark", "")
        return {
            "now": data.get("now", "") if data.get("now") in self.model_keys else "",
            "wanted": data.get("wanted", "") if data.get("wanted") in self.model_keys else "",
            "remark": "" if problem(remark) else remark[:REMARK_MAX_LENGTH],
        }
