import pytest
from django.conf import settings

from visiespiegel.frameworks.loader import load_framework_file
from visiespiegel.frameworks.services import import_framework

SHIPPED = settings.SHIPPED_FRAMEWORKS[0]


@pytest.fixture
def shipped_spec():
    return load_framework_file(SHIPPED)


@pytest.fixture
def framework(db, shipped_spec):
    """The shipped framework, imported as version 1."""
    version, _ = import_framework(spec=shipped_spec)
    return version


# Organisations, people and rounds, built through the same services the app uses.
# alice manages org A, rita only reads org A, bob coordinates org B (an outsider to A).

PASSWORD = "een lang en sterk wachtwoord"


@pytest.fixture
def org(db):
    from visiespiegel.organisations.services import add_unit, create_organisation

    organisation = create_organisation(slug="swv-a", name="Samenwerkingsverband A")
    board = add_unit(organisation=organisation, name="Bestuur Noord", kind="bestuur")
    add_unit(organisation=organisation, name="De Regenboog", parent=board, brin="12AB00")
    add_unit(organisation=organisation, name="Het Kompas", parent=board, brin="13CD00")
    return organisation


@pytest.fixture
def other_org(db):
    from visiespiegel.organisations.services import add_unit, create_organisation

    organisation = create_organisation(slug="swv-b", name="Samenwerkingsverband B")
    add_unit(organisation=organisation, name="School B", brin="99ZZ00")
    return organisation


@pytest.fixture
def alice(org):
    from visiespiegel.organisations.services import create_user

    return create_user(
        username="alice",
        email="alice@swv-a.example",
        organisation=org,
        role="beheerder",
        password=PASSWORD,
    )


@pytest.fixture
def rita(org):
    from visiespiegel.organisations.services import create_user

    return create_user(
        username="rita",
        email="rita@swv-a.example",
        organisation=org,
        role="lezer",
        password=PASSWORD,
    )


@pytest.fixture
def bob(other_org):
    from visiespiegel.organisations.services import create_user

    return create_user(
        username="bob",
        email="bob@swv-b.example",
        organisation=other_org,
        role="coordinator",
        password=PASSWORD,
    )


@pytest.fixture
def round_(org, framework):
    from visiespiegel.rounds.services import create_round

    return create_round(organisation=org, title="Studiedag", framework=framework)


def school(organisation, name="De Regenboog"):
    return organisation.units.get(name=name)


def all_answers(now="specialisme", wanted="gemeenschap", remark=""):
    from visiespiegel.rounds.services import AnswerIn

    themes = ["ondersteuning", "kinderen-ouders", "professionals", "samenspel", "swv", "kwaliteit"]
    return [AnswerIn(theme=t, now=now, wanted=wanted, remark=remark) for t in themes]


def add_responses(
    round_,
    n,
    *,
    unit="De Regenboog",
    role="leraar",
    now="specialisme",
    wanted="gemeenschap",
    remark="",
):
    """Submit n identical responses through the real service."""
    import uuid

    from visiespiegel.rounds.services import submit_response

    unit_id = school(round_.organisation, unit).pk
    for _ in range(n):
        submit_response(
            round_=round_,
            role=role,
            unit_id=unit_id,
            answers=all_answers(now=now, wanted=wanted, remark=remark),
            idempotency_key=uuid.uuid4(),
        )
