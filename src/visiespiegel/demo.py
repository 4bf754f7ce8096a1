"""Demo data for `visiespiegel setup --demo`: only ever loaded into an empty database."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime

from django.conf import settings
from django.db import transaction

from visiespiegel.frameworks.selectors import get_framework
from visiespiegel.insights.models import Snapshot
from visiespiegel.insights.services import publish
from visiespiegel.organisations.enums import MemberRole
from visiespiegel.organisations.models import Organisation
from visiespiegel.organisations.services import add_unit, create_organisation, create_user
from visiespiegel.rounds.models import Round
from visiespiegel.rounds.services import AnswerIn, close_round, create_round, submit_response

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


# Where each role tends to place practice now and want it (weights per model 1..4).
TENDENCIES = {
    "leraar": ([4, 4, 2, 1], [1, 2, 4, 2]),
    "onderwijsassistent": ([3, 4, 2, 1], [1, 3, 3, 2]),
    "intern-begeleider": ([3, 5, 2, 0], [0, 2, 5, 2]),
    "schoolleider": ([1, 4, 3, 1], [0, 1, 4, 4]),
    "ouder": ([3, 3, 2, 1], [1, 4, 2, 2]),
    "zorgprofessional": ([4, 3, 2, 1], [1, 2, 3, 3]),
    "medewerker-swv": ([2, 4, 2, 1], [0, 1, 3, 5]),
}
MODELS = ["specialisme", "maatwerk", "sterke-basis", "gemeenschap"]


def _fill(round_: Round, responses: int, seed: int, lean: int = 0) -> None:
    """Anonymous demo answers, drawn per role from the tendencies above; `lean` adds weight
    to the first model (an earlier round, further from the community end)."""
    rng = random.Random(seed)  # noqa: S311 - demo data, not a secret
    schools = list(round_.organisation.units.filter(kind="school"))
    roles = list(TENDENCIES)
    themes = list(round_.framework.themes.order_by("position").values_list("key", flat=True))
    for _ in range(responses):
        role = rng.choices(roles, weights=[8, 2, 2, 1, 4, 2, 1])[0]
        now_w, wanted_w = TENDENCIES[role]
        now_w = [now_w[0] + lean, *now_w[1:]]
        answers = [
            AnswerIn(
                theme=theme,
                now=rng.choices(MODELS, weights=now_w)[0],
                wanted=rng.choices(MODELS, weights=wanted_w)[0],
            )
            for theme in themes
        ]
        submit_response(
            round_=round_,
            role=role,
            unit_id=rng.choice(schools).pk,
            answers=answers,
            idempotency_key=uuid.UUID(int=rng.getrandbits(128)),
        )


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
    earlier = create_round(
        organisation=organisation, title="Peiling najaar 2025", framework=framework
    )
    _fill(earlier, 180, seed=2025, lean=3)
    spring = create_round(
        organisation=organisation, title="Peiling voorjaar 2026", framework=framework
    )
    _fill(spring, 320, seed=2026)
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
