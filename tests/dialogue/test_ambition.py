"""The ambition: a choice per theme with its history, through the service, the page and the
API (contract: PUT/GET /rounds/{id}/ambition)."""

from datetime import date

import pytest
from django.utils import timezone

from tests.conftest import add_responses
from visiespiegel.dialogue import selectors, services, vision
from visiespiegel.dialogue.models import Choice
from visiespiegel.frameworks import cache as framework_cache
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
            "decided_by-ondersteuning": "MR",
            "decided_at-ondersteuning": "2026-11-30",
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


# ---------------------------------------------------------------------------------------------
# Who decided: every theme keeps its own author (issue 19: filling themes 2-6 with "MR"
# re-attributed theme 1, decided in the live session, on the page, in the API and the vision).


def _keys(round_) -> list[str]:
    return [t.key for t in framework_cache.content(round_.framework).themes]


def _decided_live(round_) -> Choice:
    """Theme 1 decided in a live session, through the service the presenter's decide calls."""
    session = services.start_session(round_=round_, unit=None)
    (made,) = services.set_choices(
        round_=round_,
        unit=None,
        choices=[services.ChoiceIn(_keys(round_)[0], "maatwerk", "Na de stemming")],
        decided_by="Teamvergadering",
        decided_at=date(2027, 2, 1),
        session=session,
    )
    return made


def _authors(round_) -> list[tuple[str, str, str]]:
    return [
        (key, c.decided_by, c.decided_at.isoformat())
        for key, c in selectors.current_choices(round_, None).items()
    ]


def test_the_live_decide_path_keeps_the_author_of_a_repeated_decision(round_):
    first = _decided_live(round_)
    session = first.session
    repeat = services.ChoiceIn(_keys(round_)[0], "maatwerk", "Na de stemming")
    assert (
        services.set_choices(
            round_=round_, unit=None, choices=[repeat], decided_by="MR", session=session
        )
        == []
    )
    changed = services.ChoiceIn(_keys(round_)[0], "gemeenschap", "Na de stemming")
    (made,) = services.set_choices(
        round_=round_, unit=None, choices=[changed], decided_by="MR", session=session
    )
    assert (made.decided_by, made.decided_at, made.session_id) == (
        "MR",
        timezone.localdate(),
        session.pk,
    )
    assert Choice.objects.count() == 2


def test_the_service_attributes_only_the_themes_that_change(round_):
    _decided_live(round_)
    first, *others = _keys(round_)
    made = services.set_choices(
        round_=round_,
        unit=None,
        choices=[
            services.ChoiceIn(first, "maatwerk", "Na de stemming"),
            *(services.ChoiceIn(key, "sterke-basis", "") for key in others),
        ],
        decided_by="MR",
        decided_at=date(2027, 3, 3),
    )
    assert [c.theme.key for c in made] == others
    assert _authors(round_) == [
        (first, "Teamvergadering", "2027-02-01"),
        *((key, "MR", "2027-03-03") for key in others),
    ]
    # A theme's own author, when it differs, is a real change of that theme alone.
    (corrected,) = services.set_choices(
        round_=round_,
        unit=None,
        choices=[
            services.ChoiceIn(first, "maatwerk", "Na de stemming", decided_by="Studiedag"),
            services.ChoiceIn(others[0], "sterke-basis", "", decided_by="MR"),
            services.ChoiceIn(others[1], "sterke-basis", "", decided_at=date(2027, 3, 3)),
        ],
        decided_by="Iemand anders",
        decided_at=date(2027, 4, 4),
    )
    assert (corrected.theme.key, corrected.decided_by, corrected.decided_at) == (
        first,
        "Studiedag",
        date(2027, 4, 4),
    )
    assert [c.theme.key for c in selectors.history(round_, None)].count(first) == 2
    assert Choice.objects.count() == 1 + 5 + 1


def test_the_form_keeps_each_themes_author(client, round_, alice):
    _decided_live(round_)
    first, *others = _keys(round_)
    client.force_login(alice)
    url = f"/peilingen/{round_.pk}/ambitie/"
    page = client.get(url).content.decode()
    assert f'name="decided_by-{first}" value="Teamvergadering"' in page
    assert f'name="decided_at-{first}" value="2027-02-01"' in page
    # The browser sends theme 1 as it was shown, and themes 2-6 filled in by the MR.
    data = {
        f"model-{first}": "maatwerk",
        f"rationale-{first}": "Na de stemming",
        f"decided_by-{first}": "Teamvergadering",
        f"decided_at-{first}": "2027-02-01",
    }
    for key in others:
        data |= {
            f"model-{key}": "sterke-basis",
            f"rationale-{key}": "",
            f"decided_by-{key}": "MR",
            f"decided_at-{key}": "2027-03-03",
        }
    posted = client.post(url, data, follow=True).content.decode()
    assert "Ambitie opgeslagen: 5 thema&#x27;s gewijzigd." in posted
    assert _authors(round_) == [
        (first, "Teamvergadering", "2027-02-01"),
        *((key, "MR", "2027-03-03") for key in others),
    ]
    assert "Er was niets veranderd." in client.post(url, data, follow=True).content.decode()
    # A theme without a date is decided today.
    data[f"model-{others[0]}"], data[f"decided_at-{others[0]}"] = "gemeenschap", ""
    client.post(url, data)
    assert selectors.current_choices(round_, None)[others[0]].decided_at == timezone.localdate()
    # The vision text names each theme's own deciders.
    decided = [s.decided for s in vision.compose(round_, None).sections]
    assert (decided[0], decided[2]) == ("Teamvergadering, 1 februari 2027", "MR, 3 maart 2027")


def test_the_api_keeps_each_themes_author(api, round_):
    _decided_live(round_)
    first, *others = _keys(round_)
    body = {
        "choices": [
            {"theme": first, "model": "maatwerk", "rationale": "Na de stemming"},
            *({"theme": key, "model": "sterke-basis"} for key in others),
        ],
        "decided_by": "MR",
        "decided_at": "2027-03-03",
    }
    stored = api("put", f"/rounds/{round_.pk}/ambition", body).json()
    assert [(c["theme"], c["decided_by"], c["decided_at"]) for c in stored["choices"]] == [
        (first, "Teamvergadering", "2027-02-01"),
        *((key, "MR", "2027-03-03") for key in others),
    ]
    assert Choice.objects.count() == 6
    # Naming a theme's own body changes that theme only.
    body["choices"][0]["decided_by"] = "Studiedag"
    got = api("put", f"/rounds/{round_.pk}/ambition", body).json()
    changed = got["choices"][0]
    assert (changed["theme"], changed["decided_by"], changed["decided_at"]) == (
        first,
        "Studiedag",
        "2027-03-03",
    )
    assert Choice.objects.count() == 7
