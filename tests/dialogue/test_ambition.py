"""The ambition: a choice per theme with its history, through the service, the page and the
API (contract: PUT/GET /rounds/{id}/ambition)."""

import pytest

from tests.conftest import add_responses
from visiespiegel.dialogue import selectors, services
from visiespiegel.dialogue.models import Choice
from visiespiegel.organisations.services import create_token

pytestmark = pytest.mark.django_db


def choose(round_, *pairs, unit=None, decided_by=""):
    return services.set_choices(
        round_=round_,
        unit=unit,
        choices=[services.ChoiceIn(theme, model, why) for theme, model, why in pairs],
        decided_by=decided_by,
    )


def test_history_keeps_every_decision_and_the_latest_counts(round_):
    choose(round_, ("ondersteuning", "maatwerk", "Eerst"), decided_by="MR")
    assert choose(round_, ("ondersteuning", "maatwerk", "Eerst"), decided_by="MR") == []
    choose(round_, ("ondersteuning", "sterke-basis", "Later beter"), decided_by="MR")
    current = selectors.current_choices(round_, None)
    assert current["ondersteuning"].model.key == "sterke-basis"
    assert [c.model.key for c in selectors.history(round_, None)] == ["sterke-basis", "maatwerk"]
    # A unit has an ambition of its own.
    school = round_.organisation.units.get(name="De Regenboog")
    choose(round_, ("swv", "gemeenschap", ""), unit=school)
    assert list(selectors.current_choices(round_, school)) == ["swv"]
    assert "swv" not in selectors.current_choices(round_, None)


def test_unknown_theme_or_model_stores_nothing(round_):
    with pytest.raises(services.Invalid) as refused:
        choose(round_, ("ondersteuning", "maatwerk", ""), ("kleur", "rood", ""))
    assert [loc for loc, _msg in refused.value.errors] == [
        ("choices", 1, "theme"),
        ("choices", 1, "model"),
    ]
    assert not Choice.objects.exists()


class TestApi:
    def test_put_and_get(self, api, round_):
        body = {
            "unit": None,
            "choices": [
                {"theme": "ondersteuning", "model": "sterke-basis", "rationale": "Samen"},
                {"theme": "swv", "model": "maatwerk", "rationale": ""},
            ],
        }
        stored = api("put", f"/rounds/{round_.pk}/ambition", body)
        assert stored.status_code == 200, stored.content
        got = api("get", f"/rounds/{round_.pk}/ambition").json()
        assert got == stored.json()
        assert got["unit"] is None
        assert [(c["theme"], c["model"], c["rationale"]) for c in got["choices"]] == [
            ("ondersteuning", "sterke-basis", "Samen"),
            ("swv", "maatwerk", ""),
        ]
        assert all("decided_at" in c for c in got["choices"])
        # Per unit.
        school = round_.organisation.units.get(name="Het Kompas")
        body["unit"] = school.pk
        api("put", f"/rounds/{round_.pk}/ambition", body)
        assert api("get", f"/rounds/{round_.pk}/ambition", unit=school.pk).json()["unit"] == (
            school.pk
        )

    def test_errors(self, api, round_, rita, other_org, bob):
        body = {"unit": None, "choices": [{"theme": "x", "model": "maatwerk"}]}
        wrong = api("put", f"/rounds/{round_.pk}/ambition", body)
        assert wrong.status_code == 422
        assert wrong.json()["detail"][0]["loc"] == ["body", "choices", 0, "theme"]
        good = {"unit": None, "choices": [{"theme": "swv", "model": "maatwerk"}]}
        assert api("put", f"/rounds/{round_.pk}/ambition", good, token=None).status_code == 401
        reader = create_token(user=rita)
        assert api("put", f"/rounds/{round_.pk}/ambition", good, token=reader).status_code == 403
        assert api("get", f"/rounds/{round_.pk}/ambition", token=reader).status_code == 200
        outsider = create_token(user=bob)
        assert api("get", f"/rounds/{round_.pk}/ambition", token=outsider).status_code == 404
        other_unit = {"unit": other_org.units.first().pk, "choices": []}
        assert api("put", f"/rounds/{round_.pk}/ambition", other_unit).status_code == 404


def test_the_page(client, round_, alice, rita):
    add_responses(round_, 5)
    client.force_login(alice)
    url = f"/peilingen/{round_.pk}/ambitie/"
    assert client.get(url).status_code == 200
    posted = client.post(
        url,
        {
            "model-ondersteuning": "gemeenschap",
            "rationale-ondersteuning": "Samen leren",
            "decided_by": "MR",
            "decided_at": "2026-11-30",
        },
        follow=True,
    )
    assert "Ambitie opgeslagen" in posted.content.decode()
    choice = selectors.current_choices(round_, None)["ondersteuning"]
    assert (choice.model.key, choice.rationale, choice.decided_by) == (
        "gemeenschap",
        "Samen leren",
        "MR",
    )
    assert "Samen leren" in client.get(url).content.decode()  # in the history
    client.force_login(rita)
    assert client.post(url, {"decided_at": "2026-11-30"}).status_code == 403
    assert client.get(url).status_code == 200
