from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from visiespiegel.organisations.forms import tree_choices
from visiespiegel.rounds.selectors import offered_units, role_choices


class GroupFilter(forms.Form):
    """Which group to show: a unit (with everything below it) and/or a role."""

    eenheid = forms.TypedChoiceField(
        label=_("Eenheid"), required=False, coerce=int, empty_value=None
    )
    rol = forms.ChoiceField(label=_("Rol"), required=False)

    def __init__(self, data, *, round_):
        super().__init__(data)
        everything = ("", _("Alle eenheden"))
        self.fields["eenheid"].choices = [
            everything,
            *tree_choices(offered_units(round_)),
        ]
        self.fields["rol"].choices = [("", _("Alle rollen")), *role_choices(round_)]

    def group(self) -> tuple[int | None, str | None]:
        if not self.is_valid():
            return None, None
        return self.cleaned_data["eenheid"], self.cleaned_data["rol"] or None
