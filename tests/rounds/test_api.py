"""The participant JSON API: the contract, every bad input, and concurrent duplicate submits."""

import threading
import uuid

import pytest
from django.db import connection

from tests import factories
from tests.conftest import school
from visiespiegel.rounds.lifecycle import close_round
from visiespiegel.rounds.models import Answer, Response

pytestmark = pytest.mark.django_db

THEMES = factories.theme_keys()


def body(round_, **overrides):
    data = {
        "idempotency_key": str(uuid.uuid4()),
        "role": "leraar",
        "unit": school(round_.organisation).pk,
        "answers": [{"theme": t, "now": "maatwerk", "wanted": "gemeenschap"} for t in THEMES],
    }
    return {**data, **overrides}


def post(client, round_, data):
    return client.post(
        f"/api/v1/join/{round_.code}/responses", data, content_type="application/json"
    )


def test_join_describes_the_round(client, round_):
    response = client.get(f"/api/v1/join/{round_.code.lower()}")
    assert response.status_code == 200
    data = response.json()
    assert list(data) == ["round", "roles", "units", "themes"]
    assert data["round"] == {
        "id": round_.pk,
        "title": "Studiedag",
        "open": True,
        "threshold": 5,
        "access": "open",
        "synthetic": False,
    }
    roles = {role["key"]: role for role in data["roles"]}
    assert roles["leraar"] == {
        "key": "leraar", "label": "Leraar", "audience": None, "unit_required": True,
    }  # fmt: skip
    assert roles["ouder"]["audience"] == "ouders" and roles["ouder"]["unit_required"]
    assert roles["gemeente"] == {
        "key": "gemeente", "label": "Gemeente", "audience": "partners", "unit_required": False,
    }  # fmt: skip
    assert "leerling" not in roles  # pupils only when the round asks them
    assert {u["name"] for u in data["units"]} == {"Bestuur Noord", "De Regenboog", "Het Kompas"}
    assert [t["key"] for t in data["themes"]] == THEMES
    option = data["themes"][0]["options"][0]
    assert list(option) == ["model", "stance", "belief", "teacher", "school", "audiences"]
    assert option["stance"] == "Ik zorg voor leerlingen met extra ondersteuningsbehoeften."
    assert option["audiences"]["ouders"]["stance"].startswith("Heeft mijn kind extra hulp")
    assert data["themes"][0]["audiences"]["partners"]["note"]


def test_unknown_code_is_404(client, db):
    assert client.get("/api/v1/join/ZZZZZZZZ").status_code == 404
    assert client.get("/api/v1/join/0").status_code == 404


def test_submit_then_replay(client, round_):
    data = body(round_)
    first = post(client, round_, data)
    assert first.status_code == 201
    assert list(first.json()) == ["id", "edit_token"]
    again = post(client, round_, data)
    assert again.status_code == 200
    assert again.json() == first.json()
    assert Response.objects.count() == 1
    assert Answer.objects.count() == 12


@pytest.mark.parametrize(
    ("change", "loc"),
    [
        ({"role": "directeur"}, ["body", "payload", "role"]),
        ({"unit": 999999}, ["body", "payload", "unit"]),
        ({"idempotency_key": "niet-een-uuid"}, ["body", "payload", "idempotency_key"]),
        (
            {"answers": [{"theme": "x", "now": "maatwerk", "wanted": "maatwerk"}]},
            ["body", "payload", "answers", 0, "theme"],
        ),
        (
            {"answers": [{"theme": t, "now": "maatwerk", "wanted": "onbekend"} for t in THEMES]},
            ["body", "payload", "answers", 0, "wanted"],
        ),
        (
            {
                "answers": [
                    {"theme": t, "now": "maatwerk", "wanted": "maatwerk"} for t in THEMES[:5]
                ]
            },
            ["body", "payload", "answers"],
        ),
        (
            {
                "answers": [
                    {"theme": t, "now": "maatwerk", "wanted": "maatwerk"}
                    for t in [*THEMES[:5], THEMES[0]]
                ]
            },
            ["body", "payload", "answers", 5, "theme"],
        ),
        ({"answers": "geen lijst"}, ["body", "payload", "answers"]),
        ({"role": None}, ["body", "payload", "role"]),
    ],
)
def test_every_bad_part_is_422_with_field_errors_and_nothing_stored(client, round_, change, loc):
    response = post(client, round_, body(round_, **change))
    assert response.status_code == 422
    assert loc in [error["loc"] for error in response.json()["detail"]]
    assert Response.objects.count() == 0


def test_unit_of_another_organisation_is_refused(client, round_, other_org):
    response = post(client, round_, body(round_, unit=other_org.units.first().pk))
    assert response.status_code == 422
    assert Response.objects.count() == 0


def test_missing_fields(client, round_):
    response = post(client, round_, {"role": "leraar"})
    assert response.status_code == 422
    locs = [e["loc"] for e in response.json()["detail"]]
    assert ["body", "payload", "idempotency_key"] in locs
    assert ["body", "payload", "answers"] in locs


def test_malformed_json_is_400(client, round_):
    response = client.post(
        f"/api/v1/join/{round_.code}/responses", "{niet: json", content_type="application/json"
    )
    assert response.status_code == 400
    assert Response.objects.count() == 0


def test_closed_round_is_409_with_a_message(client, round_):
    close_round(round_=round_)
    response = post(client, round_, body(round_))
    assert response.status_code == 409
    assert response.json() == {
        "detail": "Deze peiling is gesloten; er kunnen geen antwoorden meer bij."
    }
    assert client.get(f"/api/v1/join/{round_.code}").json()["round"]["open"] is False


@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicate_submits_leave_exactly_one_response(round_, framework):
    """Eight clients send the same idempotency key at once, on SQLite and PostgreSQL alike."""
    from django.test import Client

    data = body(round_)
    barrier = threading.Barrier(8)
    results = []

    def send():
        try:
            barrier.wait()
            response = post(Client(), round_, data)
            results.append((response.status_code, response.json()))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(code for code, _ in results) == [200] * 7 + [201]
    assert len({body["id"] for _, body in results}) == 1
    assert len({body["edit_token"] for _, body in results}) == 1
    assert Response.objects.count() == 1
    assert Answer.objects.count() == 12


def test_openapi_documents_the_participant_endpoints(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "post" in paths["/api/v1/join/{code}/responses"]
    assert "get" in paths["/api/v1/join/{code}"]


def test_the_rounds_list_takes_the_same_queries_for_one_round_or_many(
    client, alice, org, framework
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from visiespiegel.organisations.services import create_token
    from visiespiegel.rounds.lifecycle import create_round

    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(user=alice)}"}

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/rounds", **headers).status_code == 200
        return len(queries)

    create_round(organisation=org, title="Een", framework=framework)
    one = count()
    for number in range(5):
        create_round(organisation=org, title=f"Ronde {number}", framework=framework)
    assert count() == one
