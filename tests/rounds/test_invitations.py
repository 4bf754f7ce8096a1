"""Personal single-use codes against padding, and expected group sizes with a flag."""

import csv
import io
import uuid

import pytest
from django.core.cache import cache

from tests.conftest import add_responses, all_answers, school
from visiespiegel.rounds.lifecycle import create_invitations, set_expected_sizes, update_round
from visiespiegel.rounds.models import Invitation, Response
from visiespiegel.rounds.selectors import participation
from visiespiegel.rounds.submission import SubmissionInvalid, submit_response

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture
def personal(round_):
    update_round(
        round_=round_, title=round_.title, threshold=5, roles=round_.roles, units=[],
        access="persoonlijk",
    )  # fmt: skip
    return round_


def submit(round_, code, unit="De Regenboog", key=None):
    return submit_response(
        round_=round_,
        role="leraar",
        unit_id=school(round_.organisation, unit).pk,
        answers=all_answers(),
        idempotency_key=key or uuid.uuid4(),
        invitation=code,
    )


def test_codes_are_kept_only_as_hashes_and_used_once(personal):
    made = create_invitations(round_=personal, count=3)
    assert len(set(made)) == 3 and all(len(code) == 10 for code in made)
    stored = list(Invitation.objects.values_list("digest", flat=True))
    assert not any(code in digest for code in made for digest in stored)
    key = uuid.uuid4()
    typed = made[0].lower()[:5] + "-" + made[0][5:]
    _response, _token, created = submit(personal, typed, key=key)
    assert created
    # A retry with the same key returns the same response and uses no second code.
    assert submit(personal, made[0], key=key)[2] is False
    assert Invitation.objects.filter(used=True).count() == 1
    with pytest.raises(SubmissionInvalid, match="al gebruikt"):
        submit(personal, made[0])
    with pytest.raises(SubmissionInvalid, match="onbekend"):
        submit(personal, "")
    assert Response.objects.count() == 1
    # Nothing ties the code to the response: no link, no moment.
    fields = {f.name for f in Invitation._meta.get_fields()}
    assert fields == {"id", "round", "unit", "digest", "used"}


def test_a_code_for_one_school_fixes_that_school(personal):
    (code,) = create_invitations(round_=personal, count=1, unit=school(personal.organisation))
    with pytest.raises(SubmissionInvalid):
        submit(personal, code, unit="Het Kompas")
    assert submit(personal, code)[2] is True


def test_the_participant_flow_with_a_personal_code(client, personal):
    (code,) = create_invitations(
        round_=personal, count=1, unit=school(personal.organisation, "Het Kompas")
    )
    page = client.get(f"/d/{personal.code}/c/{code}/").content.decode()
    assert "Je persoonlijke code" in page and code in page
    wrong = client.post(f"/d/{personal.code}/begin/", {"persoonlijke_code": "ABCDEFGHJK"})
    assert wrong.status_code == 422
    assert "Deze code kennen we niet" in wrong.content.decode()
    assert client.post(f"/d/{personal.code}/begin/", {"persoonlijke_code": code}).status_code == 302
    # The school comes with the code: the role page asks only the role.
    assert "Bij welke school" not in client.get(f"/d/{personal.code}/rol/").content.decode()
    client.post(f"/d/{personal.code}/rol/", {"role": "ouder"})
    for number in range(1, 7):
        client.post(
            f"/d/{personal.code}/thema/{number}/", {"now": "maatwerk", "wanted": "maatwerk"}
        )
    other = client.__class__()
    other.post(f"/d/{personal.code}/begin/", {"persoonlijke_code": code})  # a second device
    done = client.post(f"/d/{personal.code}/versturen/")
    assert done.status_code == 302 and "verstuurd=1" in done["Location"]
    response = Response.objects.get()
    assert (response.role, response.unit.name) == ("ouder", "Het Kompas")
    other.post(f"/d/{personal.code}/rol/", {"role": "leraar"})
    for number in range(1, 7):
        other.post(f"/d/{personal.code}/thema/{number}/", {"now": "maatwerk", "wanted": "maatwerk"})
    refused = other.post(f"/d/{personal.code}/versturen/")
    assert refused["Location"].endswith("?fout=code")
    assert "al gebruikt" in other.get(refused["Location"]).content.decode()
    assert Response.objects.count() == 1


def test_coordinators_make_codes_and_print_or_download_them(client, alice, rita, bob, personal):
    url = f"/peilingen/{personal.pk}/codes/maken/"
    client.force_login(bob)
    assert client.post(url, {"count": 2}).status_code == 404
    client.force_login(rita)
    assert client.post(url, {"count": 2}).status_code == 403
    client.force_login(alice)
    unit = school(personal.organisation)
    response = client.post(url, {"count": 3, "unit": unit.pk})
    assert response["Location"] == f"/peilingen/{personal.pk}/codes/"
    slips = client.get(response["Location"]).content.decode()
    assert slips.count('class="slip"') == 3 and "<svg" in slips
    download = client.get(response["Location"] + "?formaat=csv")
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["code", "link", "eenheid"] and len(rows) == 4
    assert rows[1][2] == "De Regenboog" and f"/d/{personal.code}/c/" in rows[1][1]
    assert Invitation.objects.filter(unit=unit).count() == 3
    detail = client.get(f"/peilingen/{personal.pk}/").content.decode()
    assert "3 codes gemaakt, 0 gebruikt" in detail


def test_expected_sizes_give_a_rate_and_flag_padding(client, alice, round_):
    add_responses(round_, 6)
    regenboog = school(round_.organisation)
    set_expected_sizes(round_=round_, sizes={regenboog.pk: 5})
    rows = {row.unit.name: row for row in participation(round_).by_unit}
    assert (rows["De Regenboog"].rate, rows["De Regenboog"].over) == (120, True)
    assert rows["Het Kompas"].expected is None
    client.force_login(alice)
    html = client.get(f"/peilingen/{round_.pk}/").content.decode()
    assert "Meer antwoorden dan verwacht" in html
    response = client.post(f"/peilingen/{round_.pk}/verwacht/", {f"eenheid_{regenboog.pk}": "30"})
    assert response.status_code == 302
    assert participation(round_).flagged == []


def test_the_api_takes_a_personal_code(client, personal):
    (code,) = create_invitations(round_=personal, count=1)
    assert client.get(f"/api/v1/join/{personal.code}").json()["round"]["access"] == "persoonlijk"
    body = {
        "idempotency_key": str(uuid.uuid4()),
        "role": "leraar",
        "unit": school(personal.organisation).pk,
        "answers": [{"theme": a.theme, "now": a.now, "wanted": a.wanted} for a in all_answers()],
    }
    url = f"/api/v1/join/{personal.code}/responses"
    refused = client.post(url, body, content_type="application/json")
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"][-1] == "invitation"
    body["invitation"] = code
    assert client.post(url, body, content_type="application/json").status_code == 201
