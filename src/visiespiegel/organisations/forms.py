from __future__ import annotations

import re

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from visiespiegel.forms import TextField
from visiespiegel.organisations.enums import UNIT_TYPES, MemberRole
from visiespiegel.organisations.models import Unit
from visiespiegel.organisations.tree import Tree


class UnitForm(forms.Form):
    name = TextField(label=_("Naam"), max_length=200)
    kind = TextField(
        label=_("Soort"),
        max_length=40,
        initial="school",
        widget=forms.TextInput(attrs={"list": "soorten"}),
        help_text=_("Bijvoorbeeld swv, bestuur, school, locatie of team."),
    )
    parent = forms.TypedChoiceField(
        label=_("Valt onder"), required=False, coerce=int, empty_value=None
    )
    brin = TextField(
        label=_("BRIN/vestigingsnummer"),
        max_length=6,
        required=False,
        help_text=_("Alleen voor scholen, bijvoorbeeld 12AB of 12AB00."),
    )

    unit_types = UNIT_TYPES

    def __init__(self, *args, units: list[Unit], exclude: Unit | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {u.pk: u for u in units if u != exclude}
        top = ("", _("(bovenaan)"))
        self.fields["parent"].choices = [top, *tree_choices(self.units.values())]

    def clean_parent(self):
        value = self.cleaned_data["parent"]
        return self.units.get(value) if value is not None else None


def tree_choices(units) -> list[tuple[int, str]]:
    """Units for a <select>, in tree order, indented by depth (type a name to jump to it)."""
    by_pk = {u.pk: u for u in units}
    tree = Tree(
        {pk: (u.parent_id if u.parent_id in by_pk else None) for pk, u in by_pk.items()},
        order=lambda pk: (by_pk[pk].name.lower(), pk),
    )
    return [(pk, "\u2002" * tree.depth[pk] + by_pk[pk].name) for pk in tree]


class UnitImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV-bestand"),
        help_text=_(
            "Kolommen: naam, soort, bovenliggend, brin (de eerste regel noemt ze), gescheiden "
            "door puntkomma's of komma's."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("Het bestand is groter dan 2 MB."))
        raw = upload.read()
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise forms.ValidationError(_("Het bestand is geen tekstbestand (CSV)."))


class MemberForm(forms.Form):
    email = forms.EmailField(label=_("E-mailadres"), max_length=254)
    role = forms.ChoiceField(
        label=_("Rol"), choices=MemberRole.choices, initial=MemberRole.COORDINATOR
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class NewAccountForm(UserCreationForm):
    """The account an invitation was sent to: a user name and a password."""

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ["username"]

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.email = email
        self.fields["username"].help_text = _(
            "Hiermee log je in, of met je e-mailadres. Letters, cijfers en @ . + - _"
        )
        if not self.is_bound:
            self.initial["username"] = re.sub(r"[^\w.@+-]", "", email.split("@")[0])[:150]


class RoleChangeForm(forms.Form):
    role = forms.ChoiceField(label=_("Rol"), choices=MemberRole.choices)


class TokenForm(forms.Form):
    name = TextField(
        label=_("Waarvoor is deze sleutel?"),
        max_length=80,
        help_text=_("Bijvoorbeeld ‘Power BI kwaliteitszorg’. Zo weet je later welke je intrekt."),
        error_messages={"required": _("Geef de sleutel een naam.")},
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern): a list of uploads."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else [data]
        return [
            super(MultipleFileField, self).clean(upload, initial) for upload in uploads or [None]
        ]


DUO_FILE_LIMIT = 20 * 1024 * 1024  # DUO's national list of all locations is a few MB


class DuoImportForm(forms.Form):
    files = MultipleFileField(
        label=_("DUO-bestanden (CSV)"),
        widget=MultipleFileInput(attrs={"accept": ".csv,text/csv"}),
        help_text=_(
            "Kies ze samen: alle vestigingen, alle bevoegde gezagen en de vestigingen per "
            "samenwerkingsverband."
        ),
    )
    swv = TextField(
        label=_("Samenwerkingsverband"),
        max_length=20,
        required=False,
        help_text=_(
            "De code bij DUO, bijvoorbeeld PO 22-01. Leeg laten als de bestanden er maar één "
            "noemen."
        ),
    )

    def clean_files(self):
        uploads = self.cleaned_data["files"]
        if sum(upload.size for upload in uploads) > DUO_FILE_LIMIT:
            raise forms.ValidationError(_("De bestanden zijn samen groter dan 20 MB."))
        return [(upload.name, upload.read()) for upload in uploads]
