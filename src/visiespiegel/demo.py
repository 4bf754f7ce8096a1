"""Demo data for `visiespiegel setup --demo`: only ever loaded into an empty database."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from visiespiegel.frameworks.selectors import get_framework
from visiespiegel.organisations.enums import MemberRole
from visiespiegel.organisations.models import Organisation
from visiespiegel.organisations.services import add_unit, create_organisation, create_user
from visiespiegel.rounds.models import Round
from visiespiegel.rounds.services import create_round

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "demo-visiespiegel"  # noqa: S105 - a published demo login, printed by setup

TREE = {
    "Stichting Primair Samen": [
        ("De Regenboog", "12AB00"),
        ("Het Kompas", "13CD00"),
        ("De Wilgen", "14EF00"),
    ],
    "Scholengroep Rivierenland": [("Sint Jozef", "15GH00"), ("De Notenkraker", "16JK00")],
}


def is_empty() -> bool:
    return not Organisation.objects.exists()


@transaction.atomic
def load_demo() -> Round:
    organisation = create_organisation(slug="swv-demo", name="Samenwerkingsverband Demo")
    for board, schools in TREE.items():
        parent = add_unit(organisation=organisation, name=board, kind="bestuur")
        for name, brin in schools:
            add_unit(organisation=organisation, name=name, kind="school", parent=parent, brin=brin)
    create_user(
        username=DEMO_USERNAME,
        email="demo@example.org",
        organisation=organisation,
        role=MemberRole.BEHEERDER,
        password=DEMO_PASSWORD,
    )
    return create_round(
        organisation=organisation,
        title="Studiedag passend onderwijs",
        framework=get_framework(settings.DEFAULT_FRAMEWORK),
        welcome_text="Welkom op de studiedag! Geef in vijf minuten je beeld van passend "
        "onderwijs in onze regio. Je antwoorden zijn anoniem.",
    )
