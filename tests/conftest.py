from pathlib import Path

import pytest
from django.conf import settings

from visiespiegel.frameworks.loader import load_framework_file
from visiespiegel.frameworks.services import import_framework

SHIPPED = settings.SHIPPED_FRAMEWORKS[0]
# WhiteNoise serves the collected files from STATIC_ROOT and warns when it is missing; the tests
# find static files through the finders, so an empty directory is all they need.
Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


@pytest.fixture(autouse=True)
def _fresh_throttles(request):
    """Each test starts with no failed tries: the process's blocked networks are forgotten
    and, for tests with a database, the shared caches are emptied (a flush after a
    transactional test leaves the cache tables as they were)."""
    from visiespiegel.rounds import entry

    entry._blocked.clear()
    uses_db = request.node.get_closest_marker("django_db") or "db" in request.fixturenames
    if uses_db or "transactional_db" in request.fixturenames:
        from django.core.cache import caches

        request.getfixturevalue("db")  # the test's own database, set up as the test asks
        caches["default"].clear()
        caches["counters"].clear()


@pytest.fixture
def shipped_spec():
    return load_framework_file(SHIPPED)


@pytest.fixture
def framework(db, shipped_spec):
    """The shipped framework, imported as version 1."""
    version, _ = import_framework(spec=shipped_spec)
    return version


# Organisations, people and rounds, built through the same services the app uses
# (tests/factories.py). alice manages org A, rita only reads org A, bob coordinates org B.

from tests import factories  # noqa: E402
from tests.factories import PASSWORD, school  # noqa: E402, F401

all_answers = factories.answers


@pytest.fixture
def org(db):
    return factories.organisation()


@pytest.fixture
def other_org(db):
    from visiespiegel.organisations.services import add_unit, create_organisation

    organisation = create_organisation(slug="swv-b", name="Samenwerkingsverband B")
    add_unit(organisation=organisation, name="School B", brin="99ZZ00")
    return organisation


@pytest.fixture
def alice(org):
    return factories.user("alice", org, role="beheerder")


@pytest.fixture
def rita(org):
    return factories.user("rita", org, role="lezer")


@pytest.fixture
def bob(other_org):
    return factories.user("bob", other_org, role="coordinator")


@pytest.fixture
def wide(db):
    """Another framework: five models, seven themes."""
    return factories.wide_framework()


@pytest.fixture
def round_(org, framework):
    from visiespiegel.rounds.lifecycle import create_round

    return create_round(organisation=org, title="Studiedag", framework=framework)


def add_responses(round_, n, **kwargs):
    """Submit n identical responses through the real service."""
    factories.responses(round_, n, **kwargs)
