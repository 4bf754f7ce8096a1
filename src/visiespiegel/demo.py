"""Demo data for `visiespiegel setup --demo`: only ever loaded into an empty database."""

from __future__ import annotations

from datetime import UTC, datetime

from django.conf import settings
from django.db import transaction

from visiespiegel.frameworks.selectors import get_framework
from visiespiegel.insights.models import Snapshot
from visiespiegel.insights.services import publish
from visiespiegel.organisations.enums import MemberRole
from visiespiegel.organisations.models import Organisation
from visiespiegel.organisations.services import add_unit, create_organisation, create_user
from visiespiegel.rounds import synthetic
from visiespiegel.rounds.models import Round
from visiespiegel.rounds.services import close_round, create_round

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
        role=MemberRole.MANAGER,
        password=DEMO_PASSWORD,
    )
    framework = get_framework(settings.DEFAULT_FRAMEWORK)
    # Two earlier rounds with made-up answers, marked as test data; the first one leans
    # further towards the individual-medical end.
    earlier = create_round(
        organisation=organisation, title="Peiling najaar 2025", framework=framework, synthetic=True
    )
    synthetic.fill(earlier, 180, seed=2025, lean=1)
    spring = create_round(
        organisation=organisation,
        title="Peiling voorjaar 2026",
        framework=framework,
        synthetic=True,
    )
    synthetic.fill(spring, 320, seed=2026)
    for round_, moment in (
        (earlier, datetime(2025, 10, 15, 15, tzinfo=UTC)),
        (spring, datetime(2026, 4, 8, 15, tzinfo=UTC)),
    ):
        close_round(round_=round_)
        Round.objects.filter(pk=round_.pk).update(created_at=moment, closed_at=moment)
        round_.refresh_from_db()
        snapshot = publish(round_=round_, final=True)
        Snapshot.objects.filter(pk=snapshot.pk).update(created_at=moment)
        Round.objects.filter(pk=round_.pk).update(published_at=moment)
    return create_round(
        organisation=organisation,
        title="Studiedag passend onderwijs",
        framework=framework,
        welcome_text="Welkom op de studiedag! Geef in vijf minuten je beeld van passend "
        "onderwijs in onze regio. Je antwoorden zijn anoniem.",
    )
