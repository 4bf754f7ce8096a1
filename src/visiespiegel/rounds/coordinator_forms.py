from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from visiespiegel.forms import TextField
from visiespiegel.frameworks.models import FrameworkVersion
from visiespiegel.organisations.forms import tree_choices
from visiespiegel.rounds.enums import (
    DEFAULT_THRESHOLD,
    MAX_INVITATIONS,
    MIN_THRESHOLD,
    Access,
    Role,
)
from visiespiegel.rounds.models import default_roles


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class RoundForm(forms.Form):
    title = TextField(label=_("Titel"), max_length=200)
    framework = forms.ModelChoiceField(
        label=_("Kader"), queryset=FrameworkVersion.objects.none(), empty_label=None
    )
    threshold = forms.IntegerField(
        label=_("Anonimiteitsdrempel"),
        min_value=MIN_THRESHOLD,
        max_value=100,
        initial=DEFAULT_THRESHOLD,
        help_text=_(
            "Uitkomsten alleen voor groepen van minstens dit aantal antwoorden; minimaal 3."
        ),
    )
    roles = forms.MultipleChoiceField(
        label=_("Rollen"),
        choices=Role.choices,
        initial=default_roles,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Ouders en leerlingen lezen de uitspraken in eenvoudige taal; leerlingen doen alleen "
            "mee als je ze aanvinkt."
        ),
        error_messages={"required": _("Kies minstens één rol.")},
    )
    access = forms.ChoiceField(
        label=_("Wie mag meedoen?"),
        required=False,
        choices=Access.choices,
        initial=Access.OPEN,
        widget=forms.RadioSelect,
        help_text=_(
            "Met persoonlijke codes kan niemand een groep opvullen met extra antwoorden: elke "
            "code werkt één keer. De codes zeggen niets over wie ze gebruikte."
        ),
    )
    units = forms.MultipleChoiceField(
        label=_("Eenheden"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Niets aangevinkt: alle eenheden van de organisatie."),
    )
    opens_at = forms.DateTimeField(
        label=_("Open vanaf"),
        required=False,
        widget=DateTimeLocalInput(),
        help_text=_("Leeg: meteen open."),
    )
    closes_at = forms.DateTimeField(
        label=_("Sluit op"),
        required=False,
        widget=DateTimeLocalInput(),
        help_text=_("Leeg: open tot je de peiling sluit."),
    )
    remarks_level = forms.ChoiceField(
        label=_("Opmerkingen tonen per"),
        required=False,
        help_text=_(
            "Opmerkingen verschijnen nooit per rol. Per soort eenheid alleen bij eenheden met "
            "genoeg antwoorden. Dit ligt vast zodra er uitkomsten zijn gepubliceerd."
        ),
    )
    welcome_text = TextField(
        label=_("Welkomsttekst"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Verschijnt op de eerste pagina voor deelnemers."),
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        latest = {}
        for version in FrameworkVersion.objects.order_by("key", "number"):
            latest[version.key] = version.pk
        self.fields["framework"].queryset = FrameworkVersion.objects.filter(pk__in=latest.values())
        self.units_by_pk = {u.pk: u for u in organisation.units.all()}
        self.fields["units"].choices = [
            (str(pk), label) for pk, label in tree_choices(self.units_by_pk.values())
        ]
        kinds = sorted({u.kind for u in self.units_by_pk.values()})
        self.fields["remarks_level"].choices = [("", _("de hele peiling"))] + [
            (kind, kind) for kind in kinds
        ]

    def clean_access(self):
        return self.cleaned_data["access"] or Access.OPEN

    def clean_units(self):
        return [self.units_by_pk[int(pk)] for pk in self.cleaned_data["units"]]


class InvitationForm(forms.Form):
    count = forms.IntegerField(
        label=_("Aantal codes"), min_value=1, max_value=MAX_INVITATIONS, initial=25
    )
    unit = forms.TypedChoiceField(
        label=_("Voor eenheid"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Met een eenheid ligt de school vast voor wie de code gebruikt."),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {u.pk: u for u in units}
        self.fields["unit"].choices = [
            ("", _("(geen: deelnemer kiest zelf)")),
            *tree_choices(units),
        ]

    def clean_unit(self):
        value = self.cleaned_data["unit"]
        return None if value is None else self.units[value]


class ExpectedSizesForm(forms.Form):
    """One optional number per unit: how many people are expected to answer."""

    def __init__(self, *args, units, initial_sizes: dict[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        for unit in units:
            self.fields[f"eenheid_{unit.pk}"] = forms.IntegerField(
                label=unit.name,
                required=False,
                min_value=0,
                max_value=100000,
                initial=initial_sizes.get(unit.pk),
            )

    def sizes(self) -> dict[int, int | None]:
        return {int(name.split("_")[1]): value for name, value in self.cleaned_data.items()}
