"""A round's archive is sealed for the installation: nobody reads the answers in it, only a
manager of an installation with the same key restores it, once, never with a lower threshold;
every malformed field is a located 422 and stores nothing."""

import io
import json
import threading
import uuid
from collections import Counter

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests import factories
from tests.conftest import add_responses
from visiespiegel.organisations.models import Unit
from visiespiegel.organisations.services import create_organisation, create_token
from visiespiegel.rounds import archive
from visiespiegel.rounds.archive import ArchiveInvalid, ArchiveRefused, restore, seal
from visiespiegel.rounds.lifecycle import close_round, delete_round
from visiespiegel.rounds.models import Remark, Response, Round

pytestmark = pytest.mark.django_db
REMARK = "Meer tijd samen"
UNREADABLE = (
    "Dit bestand is geen archief van deze installatie, of het is veranderd: een archief opent "
    "alleen met de archiefsleutel van de installatie die het maakte."
)


@pytest.fixture
def closed(round_):
    add_responses(round_, 7, remark=REMARK)
    add_responses(round_, 6, unit="Het Kompas", role="ouder", now="maatwerk", wanted="gemeenschap")
    add_responses(round_, 2, unit="Het Kompas", role="intern-begeleider")
    first = Remark.objects.filter(response__round=round_).first()
    Remark.objects.filter(pk=first.pk).update(hidden=True)  # a coordinator hid one
    close_round(round_=round_)
    return round_


@pytest.fixture
def manager(alice):
    return f"Bearer {create_token(user=alice)}"


def answers_of(round_) -> Counter:
    """Every response as (unit, role, answers, remarks with whether hidden), counted."""
    responses = Response.objects.filter(round=round_).select_related("unit")
    return Counter(
        (
            r.unit.name if r.unit else None,
            r.role,
            tuple(sorted(r.answers.values_list("theme__key", "kind", "model__key"))),
            tuple(sorted(r.remarks.values_list("theme__key", "text", "hidden"))),
        )
        for r in responses
    )


def moved(round_) -> tuple[bytes, dict]:
    """The round sealed, its answers, and the round gone from this installation (a backup
    after a loss, or a move: the archive may come back here once)."""
    sealed, figures = seal(archive.archive(round_)), answers_of(round_)
    delete_round(round_=round_)
    return sealed, figures


def post(client, token, body: bytes, slug="swv-a", query=""):
    return client.post(
        f"/api/v1/archives?organisation={slug}{query}",
        body,
        content_type="application/octet-stream",
        HTTP_AUTHORIZATION=token,
    )


def test_the_download_is_sealed_and_restores_with_identical_results(client, closed, manager):
    download = client.get(f"/api/v1/rounds/{closed.pk}/archive", HTTP_AUTHORIZATION=manager)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/octet-stream"
    day = timezone.localdate().isoformat()
    assert download["Content-Disposition"] == (
        f'attachment; filename="peiling-{closed.code}-{day}.vsarchive"'
    )
    sealed = download.content
    for readable in (b"leraar", b"intern-begeleider", b"ouder", REMARK.encode(), b"Kompas", b"{"):
        assert readable not in sealed
    content = json.loads(archive.unseal(sealed))
    assert (content["format"], content["version"]) == ("visiespiegel-round", 2)
    assert content["source"] == {"code": closed.code}
    assert len({r["id"] for r in content["responses"]}) == 15
    text = json.dumps(content)
    assert "idempotency" not in text and "edit_token" not in text
    assert not any(str(r.idempotency_key) in text for r in Response.objects.filter(round=closed))
    figures = answers_of(closed)
    delete_round(round_=closed)
    created = post(client, manager, sealed)
    assert created.status_code == 201, created.content
    copy = Round.objects.get(pk=created.json()["id"])
    assert copy.code != closed.code and copy.threshold == closed.threshold == 5
    assert (copy.restored_from, str(copy.restored_archive)) == (
        closed.code,
        content["archive_id"],
    )
    assert Response.objects.filter(round=copy).count() == 15
    assert copy.closed_at == closed.closed_at and not copy.is_open()
    assert answers_of(copy) == figures
    assert Remark.objects.filter(response__round=copy, hidden=True).count() == 1


def test_a_restored_round_says_so_on_its_page(client, closed, alice):
    sealed, _figures = moved(closed)
    copy = restore(closed.organisation, sealed)
    client.force_login(alice)
    page = client.get(f"/peilingen/{copy.pk}/")
    assert page.status_code == 200
    assert f"van peiling {closed.code} (archief {copy.restored_archive})" in page.content.decode()


def test_an_archive_is_restored_once_and_never_beside_its_round(client, closed, manager):
    sealed = client.get(f"/api/v1/rounds/{closed.pk}/archive", HTTP_AUTHORIZATION=manager).content
    rounds = Round.objects.count()
    beside = post(client, manager, sealed)
    assert beside.status_code == 409
    assert beside.json() == {
        "detail": f"De peiling van dit archief (code {closed.code}) staat nog in deze "
        "installatie: terugzetten zou dezelfde antwoorden twee keer tellen."
    }
    later = seal(archive.archive(closed))  # another archive of the same round
    delete_round(round_=closed)
    assert post(client, manager, sealed).status_code == 201
    copy = Round.objects.get(restored_from=closed.code)
    for again in (sealed, later, seal(archive.archive(copy))):  # also the copy's own archive
        refused = post(client, manager, again)
        assert refused.status_code == 409
        assert refused.json() == {
            "detail": f"Een archief van deze peiling is al teruggezet als peiling {copy.pk} "
            "(Studiedag); verwijder die eerst om een ander archief ervan terug te zetten."
        }
    assert Round.objects.count() == rounds


def test_a_wrong_key_or_a_changed_byte_is_a_422_at_the_body(client, closed, manager, settings):
    sealed, _figures = moved(closed)
    elsewhere = Fernet(Fernet.generate_key()).encrypt(archive.unseal(sealed))
    changed = bytearray(sealed)
    changed[len(changed) // 2] ^= 1
    for body in (elsewhere, bytes(changed), b"", b"not an archive", json.dumps({}).encode()):
        refused = post(client, manager, body)
        assert refused.status_code == 422
        assert refused.json() == {
            "detail": [{"type": "value_error", "loc": ["body"], "msg": UNREADABLE}]
        }
    assert Round.objects.count() == 0


def test_an_old_key_still_opens_its_archives(closed, settings):
    sealed, _figures = moved(closed)
    settings.ARCHIVE_OLD_KEYS = [settings.ARCHIVE_KEY]
    settings.ARCHIVE_KEY = Fernet.generate_key().decode()
    assert restore(closed.organisation, sealed).restored_from == closed.code


def test_a_restore_raises_the_threshold_but_never_lowers_it(client, closed, manager):
    sealed, _figures = moved(closed)
    lower = post(client, manager, sealed, query="&threshold=4")
    assert lower.status_code == 422
    assert lower.json()["detail"] == [
        {
            "type": "value_error",
            "loc": ["query", "threshold"],
            "msg": "De drempel kan niet lager dan in het archief (5).",
        }
    ]
    assert post(client, manager, sealed, query="&threshold=2").status_code == 422
    assert Round.objects.count() == 0
    higher = post(client, manager, sealed, query="&threshold=8")
    assert higher.status_code == 201
    assert Round.objects.get(pk=higher.json()["id"]).threshold == 8


def _set(path, value):
    def change(data):
        *parents, last = path
        target = data
        for key in parents:
            target = target[key]
        target[last] = value

    return change


def _copy_id(data):
    data["responses"][2]["id"] = data["responses"][0]["id"]


def _extra(data):
    data["round"]["code"] = "ABCDEFGH"


MALFORMED = [
    (_set(["units"], 5), ["body", "units"]),
    (_set(["round", "created_at"], 12345), ["body", "round", "created_at"]),
    (_set(["round", "opens_at"], "12345"), ["body", "round", "opens_at"]),
    (_set(["round", "closed_at"], "2025-02-30T10:00:00+01:00"), ["body", "round", "closed_at"]),
    (_set(["round", "closes_at"], "2025-03-01T10:00:00"), ["body", "round", "closes_at"]),
    (_set(["round", "threshold"], "abc"), ["body", "round", "threshold"]),
    (_set(["round", "threshold"], 2), ["body", "round", "threshold"]),
    (_set(["round", "answer_mode"], "bogus"), ["body", "round", "answer_mode"]),
    (_set(["round", "roles"], ["leraar", "astronaut"]), ["body", "round", "roles", 1]),
    (_set(["round", "synthetic"], "yes"), ["body", "round", "synthetic"]),
    (_set(["round", "units"], [999999]), ["body", "round", "units", 0]),
    (_extra, ["body", "round", "code"]),
    (_set(["units", 0, "name"], "Het\x00Kompas"), ["body", "units", 0, "name"]),
    (_set(["units", 0, "name"], "Het \ud800 Kompas"), ["body", "units", 0, "name"]),
    (_set(["units", 0, "id"], [1]), ["body", "units", 0, "id"]),
    (_set(["units", 0, "parent"], 999999), ["body", "units", 0, "parent"]),
    (_set(["units", 0, "brin"], "ZZZ"), ["body", "units", 0, "brin"]),
    (_set(["responses", 0, "id"], [1]), ["body", "responses", 0, "id"]),
    (_copy_id, ["body", "responses", 2, "id"]),
    (_set(["responses", 1, "role"], "astronaut"), ["body", "responses", 1, "role"]),
    (_set(["responses", 1, "unit"], 999999), ["body", "responses", 1, "unit"]),
    (
        _set(["responses", 3, "answers", 2, "now"], "nergens"),
        ["body", "responses", 3, "answers", 2, "now"],
    ),
    (_set(["responses", 3, "answers", 2], 7), ["body", "responses", 3, "answers", 2]),
    (
        _set(["responses", 3, "answers", 0, "remark"], "x" * 501),
        ["body", "responses", 3, "answers", 0, "remark"],
    ),
    (_set(["framework", "version"], "1"), ["body", "framework", "version"]),
    (_set(["framework", "key"], "ander-kader"), ["body", "framework"]),
    (_set(["version"], 1), ["body", "version"]),
    (_set(["format"], "iets anders"), ["body", "format"]),
]


@pytest.mark.parametrize(("change", "loc"), MALFORMED)
def test_every_malformed_field_is_a_located_422_and_nothing_is_saved(
    client, closed, manager, change, loc
):
    data = json.loads(json.dumps(archive.archive(closed)))
    data["units"].sort(key=lambda u: u["parent"] is not None)  # units[0]: the top, no parent
    change(data)
    delete_round(round_=closed)
    rounds, units = Round.objects.count(), Unit.objects.count()
    refused = post(client, manager, seal(data))
    assert refused.status_code == 422, refused.content
    assert loc in [error["loc"] for error in refused.json()["detail"]], refused.json()
    assert (Round.objects.count(), Unit.objects.count()) == (rounds, units)


def test_every_problem_at_once(closed):
    data = archive.archive(closed)
    data["responses"][3]["answers"][2]["now"] = "onbekend-model"
    data["responses"][5]["role"] = "astronaut"
    data["round"]["answer_mode"] = "bogus"
    delete_round(round_=closed)
    with pytest.raises(ArchiveInvalid) as raised:
        restore(closed.organisation, seal(data))
    assert [loc for loc, _msg in raised.value.errors] == [
        ("round", "answer_mode"),
        ("responses", 5, "role"),
    ]  # the fields first; what needs the database once they are right
    data["round"]["answer_mode"] = "single"
    data["responses"][5]["role"] = "leraar"
    with pytest.raises(ArchiveInvalid) as raised:
        restore(closed.organisation, seal(data))
    assert raised.value.errors == [(("responses", 3, "answers", 2, "now"), "Onbekend model.")]


def test_only_managers_download_and_restore(client, closed, alice, rita, bob):
    coordinator = factories.user("carla", closed.organisation, role="coordinator")
    tokens = {
        "carla": f"Bearer {create_token(user=coordinator)}",
        "rita": f"Bearer {create_token(user=rita)}",
        "bob": f"Bearer {create_token(user=bob)}",
    }
    url = f"/api/v1/rounds/{closed.pk}/archive"
    assert client.get(url).status_code == 401
    assert client.get(url, HTTP_AUTHORIZATION=tokens["carla"]).status_code == 403
    assert client.get(url, HTTP_AUTHORIZATION=tokens["rita"]).status_code == 403
    assert client.get(url, HTTP_AUTHORIZATION=tokens["bob"]).status_code == 404
    sealed, _figures = moved(closed)
    assert post(client, tokens["carla"], sealed).status_code == 403
    assert post(client, tokens["rita"], sealed).status_code == 403
    assert post(client, tokens["bob"], sealed).status_code == 404
    assert post(client, tokens["bob"], sealed, slug="swv-b").status_code == 403  # coordinator
    assert Round.objects.count() == 0


def test_cli_archive_and_restore(closed, tmp_path):
    path = tmp_path / "peiling.vsarchive"
    call_command("round", "archive", str(closed.pk), "--output", str(path), stderr=io.StringIO())
    assert REMARK.encode() not in path.read_bytes()
    figures = answers_of(closed)
    create_organisation(slug="elders", name="Elders")
    with pytest.raises(CommandError, match="staat nog in deze installatie"):
        call_command("round", "restore", "elders", str(path))
    delete_round(round_=closed)
    with pytest.raises(CommandError, match="threshold: De drempel kan niet lager"):
        call_command("round", "restore", "elders", str(path), "--threshold", "3")
    out = io.StringIO()
    call_command("round", "restore", "elders", str(path), "--json", stdout=out)
    copy = Round.objects.get(pk=json.loads(out.getvalue())["id"])
    assert answers_of(copy) == figures and copy.organisation.slug == "elders"
    path.write_bytes(path.read_bytes()[:-3])
    with pytest.raises(CommandError, match=r"^file: Dit bestand is geen archief"):
        call_command("round", "restore", "elders", str(path))


def test_two_restores_at_once_make_one_round(transactional_db, closed):
    sealed, _figures = moved(closed)
    outcomes = []

    def run():
        try:
            outcomes.append(restore(closed.organisation, sealed).pk)
        except ArchiveRefused:
            outcomes.append("refused")
        finally:
            from django.db import connection

            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes, key=str)[-1] == "refused" and len(outcomes) == 2
    assert Round.objects.filter(restored_from=closed.code).count() == 1


def test_ids_of_responses_are_not_their_keys(closed):
    data = archive.archive(closed)
    keys = {
        str(k)
        for k in Response.objects.filter(round=closed).values_list("idempotency_key", flat=True)
    }
    ids = {r["id"] for r in data["responses"]}
    assert len(ids) == 15 and not ids & keys
    assert all(uuid.UUID(i).version == 5 for i in ids)
