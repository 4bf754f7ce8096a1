"""Ordinary bad input never gives a 500 or an HTML page from the API; text that cannot be
stored (NUL, lone surrogates) gets a clear 422 or 404, on SQLite and PostgreSQL alike."""

import json
import uuid

import pytest

from tests.conftest import all_answers, school
from visiespiegel.organisations.services import create_token

pytestmark = pytest.mark.django_db


def body(round_, remark="", **changes):
    data = {
        "idempotency_key": str(uuid.uuid4()),
        "role": "leraar",
        "unit": school(round_.organisation).pk,
        "answers": [
            {"theme": a.theme, "now": a.now, "wanted": a.wanted, "remark": remark}
            for a in all_answers()
        ],
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("text", ["nul\x00teken", "losse \ud800 surrogaat"])
def test_unstorable_text_is_a_clear_422(client, round_, text):
    payload = json.dumps(body(round_, remark=text), ensure_ascii=True)
    response = client.post(
        f"/api/v1/join/{round_.code}/responses", payload, content_type="application/json"
    )
    assert response.status_code == 422
    messages = " ".join(e["msg"] for e in response.json()["detail"])
    assert "kan niet worden opgeslagen" in messages
    assert not round_.responses.exists()


@pytest.mark.parametrize("key", ["visie\x00", "\ud800", "NIET-GELDIG"])
def test_odd_framework_keys_are_404(client, framework, key):
    from urllib.parse import quote

    response = client.get("/api/v1/frameworks/" + quote(key, errors="surrogatepass"))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json; charset=utf-8"


def test_a_nul_in_a_remark_address_is_404(client, alice, round_):
    client.force_login(alice)
    assert client.post(f"/peilingen/{round_.pk}/opmerkingen/%00/verbergen/").status_code == 404


def test_every_error_is_json(client, alice, rita, round_, settings):
    url = f"/api/v1/join/{round_.code}/responses"
    plain = client.post(url, json.dumps(body(round_)), content_type="text/plain")
    assert (plain.status_code, plain.json()["detail"][:12]) == (415, "Stuur de inh")
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    big = client.post(
        url, json.dumps(body(round_, remark="x" * 5000)), content_type="application/json"
    )
    assert big.status_code == 413 and "te groot" in big.json()["detail"]
    broken = client.post(url, "{niet: json", content_type="application/json")
    assert broken.status_code == 400 and broken["Content-Type"].startswith("application/json")
    reader = {"HTTP_AUTHORIZATION": f"Bearer {create_token(user=rita)}"}
    refused = client.post(
        f"/api/v1/rounds/{round_.pk}/snapshots", content_type="application/json", **reader
    )
    assert refused.status_code == 403 and refused.json() == {"detail": "Je rol mag dit niet."}


def test_the_openapi_lists_every_status(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    submit = paths["/api/v1/join/{code}/responses"]["post"]["responses"]
    assert set(submit) >= {"200", "201", "400", "404", "409", "413", "415", "422", "429"}
    results = paths["/api/v1/rounds/{round_id}/results"]["get"]["responses"]
    assert set(results) >= {"200", "401", "404", "422"}
