"""schemathesis over the whole OpenAPI description: every operation, generated requests (valid
and not), each response checked against the description (status, content type, schema) and
never a server error. Bounded to a few hundred cases: API_EXAMPLES per operation (default
40). Under CI the cases are the same every run (derandomized), so a landing is reproducible;
elsewhere each run explores new ones."""

import os

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.conftest import add_responses

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def in_process():
    """Keep the test's database connection open across requests, as Django's test client
    does: the WSGI handler would close it after every response."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(in_process, alice, round_):
    from visiespiegel.organisations.services import create_token

    add_responses(round_, 6)
    return create_token(user=alice)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=int(os.environ.get("API_EXAMPLES", "40")),
    derandomize=bool(os.environ.get("CI")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_keeps_its_description(case, token):
    # A request that fits the description may still be refused with 422 for what no schema
    # can say (a theme key this framework does not have, a NUL in a text): not a failure.
    case.call_and_validate(
        # Uncompressed: the WSGI test client does not undo the gzip that real clients get.
        # A made-up Host is refused by Django (400) before the API sees the request.
        headers={
            "Authorization": f"Bearer {token}",
            "Accept-Encoding": "identity",
            "Host": "localhost",
        },
        excluded_checks=[positive_data_acceptance],
    )


def test_the_description_has_no_duplicate_keys(client):
    """JSON parsers keep the last of two equal keys; Swagger UI's YAML parser refuses them."""
    import json

    duplicates = []

    def pairs(items):
        keys = [key for key, _value in items]
        duplicates.extend({key for key in keys if keys.count(key) > 1})
        return dict(items)

    json.loads(client.get("/api/v1/openapi.json").content, object_pairs_hook=pairs)
    assert duplicates == []
