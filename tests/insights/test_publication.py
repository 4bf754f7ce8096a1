"""Publication as the product does it: random answers, revisions, interim snapshots and the
final one, then the whole published history audited by exact linear algebra."""

import uuid

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import factories
from tests.conftest import all_answers
from tests.insights.history import history_leaks
from visiespiegel.insights.models import GroupState, Snapshot
from visiespiegel.insights.services import publish
from visiespiegel.organisations.tree import Tree
from visiespiegel.rounds.lifecycle import close_round, create_round
from visiespiegel.rounds.models import Response
from visiespiegel.rounds.submission import revise_response, submit_response

ROLES = ["leraar", "ouder", "intern-begeleider"]
MODELS = factories.model_keys()
event = st.one_of(
    st.tuples(st.just("join"), st.integers(0, 99), st.sampled_from(ROLES), st.sampled_from(MODELS)),
    st.tuples(st.just("revise"), st.integers(0, 99), st.just(""), st.sampled_from(MODELS)),
    st.tuples(st.just("publish"), st.just(0), st.just(""), st.just("")),
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(events=st.lists(event, min_size=3, max_size=40), k=st.integers(3, 5))
def test_a_whole_history_reveals_nobody(org, framework, events, k):
    from visiespiegel.organisations.services import add_unit

    with transaction.atomic():
        team = add_unit(organisation=org, name="Team", parent=org.units.get(name="De Regenboog"))
        units = [*org.units.exclude(pk=team.pk), team]
        round_ = create_round(organisation=org, title="T", framework=framework, threshold=k)
        versions: dict[int, list[int]] = {}  # response id -> snapshot where each version showed
        pending: dict[int, int] = {}  # response id -> versions not yet published
        for kind, pick, role, model in events:
            if kind == "join":
                response, _token, _new = submit_response(
                    round_=round_,
                    role=role,
                    unit_id=units[pick % len(units)].pk,
                    answers=all_answers(now=model),
                    idempotency_key=uuid.uuid4(),
                )
                pending[response.pk] = 1
            elif kind == "revise" and (ids := sorted(set(versions) | set(pending))):
                response = Response.objects.get(pk=ids[pick % len(ids)])
                revise_response(response=response, answers=all_answers(now=model))
                pending[response.pk] = 1
            else:
                number = publish(round_=round_).number
                for id_ in pending:
                    versions.setdefault(id_, []).append(number)
                pending.clear()
        close_round(round_=round_)
        final = publish(round_=round_, final=True).number
        for id_ in pending:
            versions.setdefault(id_, []).append(final)

        snapshots = list(Snapshot.objects.filter(round=round_))
        tree = Tree(snapshots[-1].parent_map())
        published = [
            ((row.unit_id, row.role or None), row.source)
            for snapshot in snapshots
            for row in snapshot.groups.all()
            if GroupState(row.state).visible
        ]
        persons = {
            r.pk: (r.unit_id, r.role, versions[r.pk])
            for r in Response.objects.filter(round=round_)
            if r.pk in versions
        }
        assert history_leaks(persons, published, tree, k) == []
        transaction.set_rollback(True)
