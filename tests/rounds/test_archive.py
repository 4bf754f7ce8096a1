"""A round archived as JSON and restored elsewhere gives identical results; a bad archive
stores nothing and says where it is wrong."""

import io
import json

import pytest
from django.core.management import call_command

from tests.conftest import add_responses
from visiespiegel.insights import selectors
from visiespiegel.organisations.models import Unit
from visiespiegel.organisations.services import create_organisation
from visiespiegel.rounds.archive import ArchiveInvalid, archive, restore
from visiespiegel.rounds.models import Remark, Response, Round
from visiespiegel.rounds.services import close_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(round_):
    add_responses(round_, 7, remark="Meer tijd samen")
    add_responses(round_, 6, unit="Het Kompas", role="ouder", now="maatwerk", wanted="gemeenschap")
    add_responses(round_, 2, unit="Het Kompas", role="schoolleider")
    first = Remark.objects.filter(response__round=round_).first()
    Remark.objects.filter(pk=first.pk).update(hidden=True)  # a coordinator hid one
    close_round(round_=round_)
    return round_


def by_name(round_):
    names = dict(Unit.objects.values_list("id", "name"))
    return {  # the figures; when they were published differs, of course
        (names.get(unit), role): {k: v for k, v in published.figures.items() if k != "published_at"}
        for unit, role, published in selectors.every_group(round_)
    }


def test_archive_round_trips_into_another_organisation_with_identical_results(closed):
    data = json.loads(json.dumps(archive(closed)))  # through JSON, as a file would be
    assert data["format"] == "visiespiegel-round" and data["version"] == 1
    text = json.dumps(data)
    assert "idempotency" not in text and "edit_token" not in text and closed.code not in text
    elsewhere = create_organisation(slug="elders", name="Elders")
    copy = restore(elsewhere, data)
    assert copy.organisation == elsewhere and copy.code != closed.code
    assert Response.objects.filter(round=copy).count() == 15
    assert copy.closed_at == closed.closed_at and not copy.is_open()
    assert by_name(copy) == by_name(closed)
    assert Remark.objects.filter(response__round=copy, hidden=True).count() == 1
    assert sorted(elsewhere.units.values_list("name", flat=True)) == sorted(
        closed.organisation.units.values_list("name", flat=True)
    )


def test_restoring_twice_reuses_the_units(closed):
    data = archive(closed)
    restore(closed.organisation, data)
    units = closed.organisation.units.count()
    restore(closed.organisation, data)
    assert closed.organisation.units.count() == units


def test_a_bad_archive_stores_nothing_and_says_where(closed):
    data = archive(closed)
    data["responses"][3]["answers"][2]["now"] = "onbekend-model"
    data["responses"][5]["role"] = "astronaut"
    data["responses"][6]["answers"].append(7)  # not an answer at all: an error, not a crash
    rounds, units = Round.objects.count(), Unit.objects.count()
    elsewhere = create_organisation(slug="elders", name="Elders")
    with pytest.raises(ArchiveInvalid) as raised:
        restore(elsewhere, data)
    locations = [loc for loc, _msg in raised.value.errors]
    assert "responses[3].answers.2.now" in locations and "responses[5].role" in locations
    assert "responses[6].answers[6]" in locations
    assert (Round.objects.count(), Unit.objects.count()) == (rounds, units)
    with pytest.raises(ArchiveInvalid) as raised:
        restore(elsewhere, {**data, "framework": {"key": "ander-kader", "version": 1}})
    assert raised.value.errors[0][0] == "framework"
    with pytest.raises(ArchiveInvalid):
        restore(elsewhere, {"format": "iets anders"})


def test_cli_archive_and_restore(closed, tmp_path):
    path = tmp_path / "peiling.json"
    call_command("round", "archive", str(closed.pk), "--output", str(path), stderr=io.StringIO())
    create_organisation(slug="elders", name="Elders")
    out = io.StringIO()
    call_command("round", "restore", "elders", str(path), "--json", stdout=out)
    copy = Round.objects.get(pk=json.loads(out.getvalue())["id"])
    assert by_name(copy) == by_name(closed)


def test_api_archive_and_restore_with_roles_as_elsewhere(client, closed, alice, rita, bob):
    from visiespiegel.organisations.services import create_token

    writer, reader = create_token(user=alice), create_token(user=rita)
    outsider = create_token(user=bob)
    url = f"/api/v1/rounds/{closed.pk}/archive"
    assert client.get(url).status_code == 401
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {reader}").status_code == 403
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {outsider}").status_code == 404
    data = client.get(url, HTTP_AUTHORIZATION=f"Bearer {writer}").json()
    slug = closed.organisation.slug
    post = "/api/v1/archives?organisation="
    created = client.post(
        post + slug, data, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {writer}"
    )
    assert created.status_code == 201, created.content
    assert by_name(Round.objects.get(pk=created.json()["id"])) == by_name(closed)
    refused = client.post(
        post + slug, data, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {reader}"
    )
    assert refused.status_code == 403
    elsewhere = client.post(
        post + "swv-b", data, content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {writer}",
    )  # fmt: skip
    assert elsewhere.status_code == 404
    data["responses"][0]["answers"][0]["wanted"] = "nergens"
    invalid = client.post(
        post + slug, data, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {writer}"
    )
    assert invalid.status_code == 422
    assert invalid.json()["detail"][0]["loc"] == ["body", "responses", 0, "answers", 0, "wanted"]
