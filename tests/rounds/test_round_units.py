"""Rounds own their units (issue 19): the set is fixed when a round opens (the units chosen and
everything below them, with their names and kinds then), and filters, the reports ZIP and
participation show only those."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.conftest import add_responses, school
from visiespiegel.insights.forms import GroupFilter
from visiespiegel.insights.reports import planned
from visiespiegel.insights.services import publish
from visiespiegel.organisations.services import add_unit
from visiespiegel.rounds.lifecycle import create_round, update_round
from visiespiegel.rounds.models import Round, RoundUnit
from visiespiegel.rounds.selectors import offered_units, participation, round_unit

pytestmark = pytest.mark.django_db


def names(units) -> list[str]:
    return [u.name for u in units]


def fresh(round_: Round) -> Round:
    """The round as another request reads it (no set kept on the object)."""
    return Round.objects.get(pk=round_.pk)


def test_the_chosen_units_and_their_subtrees_are_fixed_when_the_round_opens(org, framework):
    board = org.units.get(name="Bestuur Noord")
    other = add_unit(organisation=org, name="Bestuur Zuid", kind="bestuur")
    add_unit(organisation=org, name="De Zon", parent=other)
    round_ = create_round(organisation=org, title="Noord", framework=framework, units=[board])
    assert round_.units_fixed_at is not None
    assert names(offered_units(round_)) == ["Bestuur Noord", "De Regenboog", "Het Kompas"]
    assert [(r.name, r.kind, r.parent_name) for r in RoundUnit.objects.order_by("name")] == [
        ("Bestuur Noord", "bestuur", ""),
        ("De Regenboog", "school", "Bestuur Noord"),
        ("Het Kompas", "school", "Bestuur Noord"),
    ]
    # Later changes to the tree leave the round as it was.
    add_unit(organisation=org, name="Nieuw", parent=board)
    renamed = school(org)
    renamed.name, renamed.kind = "IKC De Regenboog", "ikc"
    renamed.save()
    again = fresh(round_)
    assert names(offered_units(again)) == ["Bestuur Noord", "De Regenboog", "Het Kompas"]
    kept = round_unit(again, renamed.pk)
    assert (kept.name, kept.kind, kept.parent.name) == ("De Regenboog", "school", "Bestuur Noord")
    assert round_unit(again, other.pk) is None


def test_a_round_opening_on_its_clock_fixes_its_units_at_the_first_answer(org, framework):
    later = timezone.now() + timedelta(days=1)
    round_ = create_round(organisation=org, title="Later", framework=framework, opens_at=later)
    assert round_.units_fixed_at is None
    add_unit(organisation=org, name="Erbij voor de opening")
    assert "Erbij voor de opening" in names(offered_units(fresh(round_)))
    Round.objects.filter(pk=round_.pk).update(opens_at=timezone.now())
    add_responses(fresh(round_), 1)
    add_unit(organisation=org, name="Te laat")
    assert names(offered_units(fresh(round_))) == [
        "Bestuur Noord", "De Regenboog", "Erbij voor de opening", "Het Kompas",
    ]  # fmt: skip


def test_until_the_first_answer_a_changed_round_takes_its_units_again(org, framework):
    round_ = create_round(organisation=org, title="Studiedag", framework=framework)
    add_unit(organisation=org, name="Nieuw")
    kompas = org.units.get(name="Het Kompas")
    settings = {"title": "Studiedag", "threshold": 5, "roles": round_.roles}
    update_round(round_=round_, units=[kompas], **settings)
    assert names(offered_units(fresh(round_))) == ["Het Kompas"]
    update_round(round_=fresh(round_), units=[], **settings)
    assert "Nieuw" in names(offered_units(fresh(round_)))


def test_filters_reports_and_participation_show_only_the_rounds_units(org, framework):
    add_unit(organisation=org, name="Elders", kind="bestuur")
    regenboog = school(org)
    round_ = create_round(
        organisation=org, title="Een school", framework=framework, units=[regenboog]
    )
    add_unit(organisation=org, name="Later geimporteerd")
    add_responses(round_, 5)
    publish(round_=round_)
    round_ = fresh(round_)
    choices = GroupFilter(None, round_=round_).fields["eenheid"].choices
    assert [label for _pk, label in choices][1:] == ["De Regenboog"]
    assert [name for name, _unit in planned(round_)] == [
        "000-alle-eenheden.pdf",
        "001-de-regenboog.pdf",
    ]
    counted = participation(round_)
    assert [(row.unit.name, row.responses) for row in counted.by_unit] == [("De Regenboog", 5)]
    assert not GroupFilter({"eenheid": org.units.get(name="Elders").pk}, round_=round_).is_valid()
