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
from visiespiegel.rounds.lifecycle import close_round, create_round
from visiespiegel.rounds.models import Round

DEMO_SLUG = "swv-demo"
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


# The demo's story: one school close to the community model, one that leans on specialists,
# parents and school leaders who see the partnership with parents differently, teachers and
# intern begeleiders who disagree about professionals, and remarks on every theme.
STORY = synthetic.Story(
    culture={"De Regenboog": 1.8, "Sint Jozef": -1.8, "Het Kompas": 0.5, "De Wilgen": -0.5},
    views={
        ("ouder", "kinderen-ouders"): -2.0,
        ("schoolleider", "kinderen-ouders"): 1.5,
        ("leraar", "professionals"): -1.5,
        ("intern-begeleider", "professionals"): 1.5,
        ("zorgprofessional", "samenspel"): -1.5,
    },
    remarks={
        "ondersteuning": [
            "Extra hulp komt vaak pas als het al misgaat.",
            "De wachtlijst voor onderzoek is lang; ondertussen doen we wat we kunnen.",
            "Bij ons zit de ondersteuning in de klas, dat werkt goed.",
        ],
        "kinderen-ouders": [
            "Als ouder hoor ik pas iets als er een probleem is.",
            "Ouders denken mee in het groeidocument, dat voelt als samen.",
            "Ik weet niet bij wie ik terechtkan met mijn vragen.",
        ],
        "professionals": [
            "Collega's leren veel van elkaar in de intervisie.",
            "Er is te weinig tijd om samen lessen voor te bereiden.",
            "De specialist komt langs, maar daarna sta ik er weer alleen voor.",
        ],
        "samenspel": [
            "Jeugdhulp en school werken langs elkaar heen.",
            "Het schoolmaatschappelijk werk is een grote winst.",
            "Korte lijnen met de gemeente zouden veel schelen.",
        ],
        "swv": [
            "Het samenwerkingsverband voelt ver weg.",
            "De consulent van het swv denkt echt mee.",
            "Veel formulieren voordat er iets gebeurt.",
        ],
        "kwaliteit": [
            "We praten over cijfers, niet over wat kinderen nodig hebben.",
            "De dialoog tussen scholen is waardevol, meer graag.",
        ],
    },
)


def is_empty() -> bool:
    return not Organisation.objects.exists()


def describe() -> str | None:
    """How to use the demo (login, the open round's code), or None when there is no demo."""
    round_ = (
        Round.objects.filter(organisation__slug=DEMO_SLUG, closed_at__isnull=True)
        .order_by("-created_at")
        .first()
    )
    if round_ is None:
        return None
    return (
        f"Coördinator: inloggen als {DEMO_USERNAME} / {DEMO_PASSWORD}. "
        f"Meedoen: code {round_.display_code}."
    )


@transaction.atomic
def load_demo() -> Round:
    organisation = create_organisation(slug=DEMO_SLUG, name="Samenwerkingsverband Demo")
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
    synthetic.fill(earlier, 180, seed=2025, lean=1, story=STORY)
    spring = create_round(
        organisation=organisation,
        title="Peiling voorjaar 2026",
        framework=framework,
        synthetic=True,
    )
    synthetic.fill(spring, 320, seed=2026, story=STORY)
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
    _plan(earlier, spring)
    return create_round(
        organisation=organisation,
        title="Studiedag passend onderwijs",
        framework=framework,
        welcome_text="Welkom op de studiedag! Geef in vijf minuten je beeld van passend "
        "onderwijs in onze regio. Je antwoorden zijn anoniem.",
    )


# What the demo swv chose after each round, and what it does about the risks: the spring
# round shows the follow-up of the autumn plan.
AMBITIONS = {
    "ondersteuning": ("sterke-basis", "Eerst een sterke basis in elke groep, dan maatwerk."),
    "kinderen-ouders": ("sterke-basis", "Ouders zijn partner vanaf het eerste gesprek."),
    "professionals": ("maatwerk", "Leraren krijgen tijd voor collegiale consultatie."),
    "samenspel": ("sterke-basis", "Jeugdhulp werkt in de school, niet ernaast."),
    "swv": ("maatwerk", "Het swv faciliteert, de scholen dragen."),
    "kwaliteit": ("sterke-basis", "We leren van elkaar in plaats van te verantwoorden."),
}
MEASURES = [
    # (round: "earlier" or "spring", model, level, which risk of that level, what, who, status)
    ("earlier", "specialisme", "leraar", 0, "Casusoverleg per school elke zes weken",
     "IB-netwerk", "gedaan"),
    ("earlier", "specialisme", "leerling", 0, "Thuiszitters wekelijks in beeld bij het swv",
     "Loket swv", "bezig"),
    ("spring", "sterke-basis", "leraar", 0, "Scholing handelingsgericht werken voor alle teams",
     "Directieoverleg", "bezig"),
    ("spring", "sterke-basis", "school", 0, "Ondersteuningsprofielen samen herschrijven",
     "Werkgroep profielen", "open"),
    ("spring", "maatwerk", "regio", 0, "Afspraken met gemeenten over jeugdhulp in de school",
     "Bestuurder swv", "open"),
]  # fmt: skip


def _plan(earlier: Round, spring: Round) -> None:
    from visiespiegel.dialogue import services as dialogue
    from visiespiegel.frameworks.models import RiskItem

    for round_, decided_by, moment in (
        (earlier, "Algemene vergadering swv", datetime(2025, 11, 20, tzinfo=UTC).date()),
        (spring, "Algemene vergadering swv", datetime(2026, 5, 14, tzinfo=UTC).date()),
    ):
        dialogue.set_choices(
            round_=round_,
            unit=None,
            choices=[dialogue.ChoiceIn(t, m, why) for t, (m, why) in AMBITIONS.items()],
            decided_by=decided_by,
            decided_at=moment,
        )
    rounds = {"earlier": earlier, "spring": spring}
    for which, model, level, index, what, who, status in MEASURES:
        round_ = rounds[which]
        risk = RiskItem.objects.filter(
            model__framework=round_.framework, model__key=model, level=level
        ).order_by("position")[index]
        dialogue.add_measure(
            round_=round_,
            unit=None,
            risk=(model, level, risk.text),
            data=dialogue.MeasureIn(what=what, who=who, status=status),
        )
