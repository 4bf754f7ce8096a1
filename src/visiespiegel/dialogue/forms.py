from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from visiespiegel.dialogue.models import Measure, Status, VisionText
from visiespiegel.forms import TextField
from visiespiegel.frameworks.enums import Level
from visiespiegel.organisations.forms import tree_choices
from visiespiegel.rounds.selectors import offered_units


class UnitFilter(forms.Form):
    """Whose ambition and plan: the whole round or a unit."""

    eenheid = forms.TypedChoiceField(
        label=_("Eenheid"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, data, *, round_):
        super().__init__(data)
        self.fields["eenheid"].choices = [
            ("", _("Alle eenheden")),
            *tree_choices(offered_units(round_)),
        ]


class AmbitionForm(forms.Form):
    """Per theme: the chosen model, the rationale, and who decided it when. Each theme keeps
    its own body and date, so changing one theme never re-attributes another."""

    def __init__(self, data, *, themes, models, current):
        super().__init__(data)
        self.themes = themes
        choices = [("", _("(nog niet gekozen)")), *((m.key, m.label) for m in models)]
        for theme in themes:
            chosen = current.get(theme.key)
            self.fields[f"model-{theme.key}"] = forms.ChoiceField(
                label=_("Gekozen model"),
                choices=choices,
                required=False,
                initial=chosen.model.key if chosen else "",
            )
            self.fields[f"rationale-{theme.key}"] = TextField(
                label=_("Waarom"),
                max_length=2000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=chosen.rationale if chosen else "",
            )
            self.fields[f"decided_by-{theme.key}"] = TextField(
                label=_("Besloten door"),
                max_length=120,
                required=False,
                help_text=_("Een overleg of orgaan, zoals ‘MR’ of ‘directieoverleg’. Geen namen."),
                initial=chosen.decided_by if chosen else "",
            )
            self.fields[f"decided_at-{theme.key}"] = forms.DateField(
                label=_("Besloten op"),
                required=False,
                help_text=_("Leeg: vandaag."),
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                initial=chosen.decided_at if chosen else None,
            )

    def rows(self):
        """Per theme: the theme and its four fields."""
        return [(theme, *(self[f"{name}-{theme.key}"] for name in FIELDS)) for theme in self.themes]

    def chosen(self) -> list[tuple[str, str, str, str, date | None]]:
        """Per theme with a model: (theme key, model key, rationale, body, date)."""
        data = self.cleaned_data
        return [
            (theme.key, *(data[f"{name}-{theme.key}"] for name in FIELDS))
            for theme in self.themes
            if data[f"model-{theme.key}"]
        ]


FIELDS = ("model", "rationale", "decided_by", "decided_at")


class VisionTextForm(forms.ModelForm):
    class Meta:
        model = VisionText
        fields = ["introduction", "closing"]
        field_classes = {"introduction": TextField, "closing": TextField}
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 6}),
            "closing": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "introduction": _("Lege regel: nieuwe alinea."),
        }


class MeasureForm(forms.Form):
    """A measure against a risk (a plain form: services.update_measure compares before and
    after)."""

    what = TextField(
        label=_("Wat gebeurt er"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    who = TextField(
        label=_("Wie (rol of team)"),
        max_length=120,
        required=False,
        help_text=_("Bijvoorbeeld ‘IB-netwerk’ of ‘directie’. Geen namen nodig."),
    )
    due = forms.DateField(
        label=_("Klaar op"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices, initial=Status.OPEN)
    evidence = TextField(
        label=_("Bewijs of toelichting"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    @classmethod
    def of(cls, measure: Measure, data=None) -> MeasureForm:
        fields = ("what", "who", "due", "status", "evidence")
        return cls(data, initial={name: getattr(measure, name) for name in fields})


class PlanFilter(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Alle")), *Status.choices]
    )
    niveau = forms.ChoiceField(
        label=_("Niveau"), required=False, choices=[("", _("Alle")), *Level.choices]
    )
