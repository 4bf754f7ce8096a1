"""The participant's way through takes few queries: at most three per page (the round and the
framework come from the process's caches), five for the submit itself, a few for the profile."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from visiespiegel.insights.services import publish

pytestmark = pytest.mark.django_db


def statements(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries.captured_queries
        if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "BEGIN"))
    ]


def test_every_step_of_the_html_flow(client, round_, settings):
    settings.ROUND_CACHE_SECONDS = settings.FRAMEWORK_CACHE_SECONDS = 60
    code = round_.code
    unit = factories.school(round_.organisation).pk
    factories.responses(round_, 5)
    earlier = client.__class__()  # warms the caches the way earlier participants would
    earlier.post(f"/d/{code}/begin/")
    factories.choose_role(earlier, round_)
    publish(round_=round_)
    steps = [
        ("get", f"/d/{code}/", None, 3),
        ("post", f"/d/{code}/begin/", {}, 3),
        ("get", f"/d/{code}/rol/", None, 3),
        ("post", f"/d/{code}/rol/", {"role": "leraar"}, 3),
        ("get", f"/d/{code}/school/", None, 3),
        ("post", f"/d/{code}/school/", {"unit": unit}, 3),
    ]
    for number in range(1, len(factories.theme_keys()) + 1):
        steps += [
            ("get", f"/d/{code}/thema/{number}/", None, 3),
            ("post", f"/d/{code}/thema/{number}/", {"now": "maatwerk", "wanted": "maatwerk"}, 3),
        ]
    steps += [
        ("get", f"/d/{code}/overzicht/", None, 3),
        ("post", f"/d/{code}/versturen/", {}, 5),
        ("get", f"/d/{code}/profiel/", None, 4),
    ]
    client.get(f"/d/{code}/")
    for method, url, data, most in steps:
        with CaptureQueriesContext(connection) as queries:
            response = getattr(client, method)(url, data or {})
        assert response.status_code in (200, 302), url
        found = statements(queries)
        assert len(found) <= most, (url, [q[:90] for q in found])
