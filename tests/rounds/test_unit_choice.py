"""Participants choose only units of the kinds the round asks of them: people at a school a
school or a unit in one (a location, a team), never a board; roles beyond one school the whole
samenwerkingsverband or a board."""

import pytest

from tests import factories
from visiespiegel.organisations.services import add_unit
from visiespiegel.rounds.lifecycle import create_round
from visiespiegel.rounds.models import Draft
from visiespiegel.rounds.selectors import unit_options

pytestmark = pytest.mark.django_db


def names(units) -> list[str]:
    return [u.name for u in units]


def test_a_parent_is_offered_schools_and_their_locations_never_a_board(client, org, framework):
    kompas = factories.school(org, "Het Kompas")
    oost = add_unit(organisation=org, name="Kompas Oost", kind="locatie", parent=kompas)
    round_ = create_round(organisation=org, title="Ouderpeiling", framework=framework)
    assert client.post(f"/d/{round_.code}/begin/").status_code == 302
    assert client.post(f"/d/{round_.code}/rol/", {"role": "ouder"}).status_code == 302
    page = client.get(f"/d/{round_.code}/school/").content.decode()
    board = org.units.get(name="Bestuur Noord")
    offered = [f'<option value="{u.pk}">{u.name}</option>' for u in org.units.order_by("name")]
    assert [option for option in offered if option in page] == [
        f'<option value="{factories.school(org).pk}">De Regenboog</option>',
        f'<option value="{kompas.pk}">Het Kompas</option>',
        f'<option value="{oost.pk}">Kompas Oost</option>',
    ]
    assert '<optgroup label="Bestuur Noord">' in page  # schools shown under their board
    refused = client.post(f"/d/{round_.code}/school/", {"unit": str(board.pk)})
    assert refused.status_code == 200 and "Kies je school." in refused.content.decode()
    assert Draft.objects.get().unit is None
    client.post(f"/d/{round_.code}/school/", {"unit": str(kompas.pk)})
    assert Draft.objects.get().unit == kompas


def test_each_role_gets_the_kinds_it_can_answer_for(org, framework):
    kompas = factories.school(org, "Het Kompas")
    add_unit(organisation=org, name="Kompas Oost", kind="locatie", parent=kompas)
    # A board imported under another kind is still a board: it has schools under it.
    stichting = add_unit(organisation=org, name="Stichting Zuid", kind="stichting")
    add_unit(organisation=org, name="De Linde", parent=stichting)
    add_unit(organisation=org, name="Regio", kind="swv")
    round_ = create_round(organisation=org, title="Studiedag", framework=framework)
    at_school = ["De Linde", "De Regenboog", "Het Kompas", "Kompas Oost"]
    for role in ("leraar", "ouder", "leerling", "schoolleider"):
        assert names(unit_options(round_, role)) == at_school
    assert names(unit_options(round_, "gemeente")) == [
        "Bestuur Noord",
        "Het Kompas",
        "Stichting Zuid",
    ]


def test_a_round_over_two_boards_without_schools_offers_its_boards(org, framework):
    # Nothing at school level to choose: staff still answer, for a board.
    boards = [add_unit(organisation=org, name=n, kind="bestuur") for n in ("Oost", "West")]
    round_ = create_round(
        organisation=org, title="Bestuurdersdag", framework=framework, units=boards
    )
    assert names(unit_options(round_, "leraar")) == ["Oost", "West"]
