"""The tally the write path keeps equals a plain count over the raw answers, after any mix of
submissions, revisions and deletions; `round recount` rebuilds it."""

import uuid
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import factories
from visiespiegel.frameworks import cache as framework_cache
from visiespiegel.insights.aggregation import atom_vectors, layout_of
from visiespiegel.rounds.models import Answer, Response, Tally
from visiespiegel.rounds.submission import (
    AnswerIn,
    delete_response,
    revise_response,
    submit_response,
)

pytestmark = pytest.mark.django_db
ROLES = ["leraar", "ouder"]


def counted_from_answers(round_):
    """The independent count: a loop over every answer, no GROUP BY."""
    found: Counter = Counter()
    pairs: dict = {}
    for response in Response.objects.filter(round=round_):
        found[response.unit_id or 0, response.role, "people", 0, 0, 0] += 1
    for answer in Answer.objects.filter(round=round_).select_related("response"):
        key = (answer.response.unit_id or 0, answer.response.role)
        pairs.setdefault((answer.response_id, answer.theme_id), [key, {}])[1][answer.kind] = (
            answer.model_id
        )
    for (_response, theme), (key, chosen) in pairs.items():
        found[(*key, "pair", theme, chosen["now"], chosen["wanted"])] += 1
    return +found


def answers_per_model(round_) -> Counter:
    """(unit, role, theme, kind, model) -> answers, counted one by one."""
    found: Counter = Counter()
    for answer in Answer.objects.filter(round=round_).select_related("response"):
        unit = answer.response.unit_id
        found[unit, answer.response.role, answer.theme_id, answer.kind, answer.model_id] += 1
    return found


def published_per_model(round_) -> Counter:
    """The same counts as publication reads them: from the tally's pairs."""
    keys = framework_cache.keys(round_.framework)
    layout = layout_of(round_)
    found: Counter = Counter()
    for (unit, role), vector in atom_vectors(round_, layout).items():
        for t, theme in enumerate(keys.themes.values()):
            for k, kind in enumerate(("now", "wanted")):
                for m, model in enumerate(keys.models.values()):
                    found[unit, role, theme, kind, model] += vector[layout.count_at(t, k, m)]
    return +found


def tallied(round_):
    rows = Tally.objects.filter(round=round_).values_list(
        "unit_key", "role", "kind", "theme", "first", "second", "count"
    )
    return +Counter({row[:-1]: row[-1] for row in rows})


def answers(rng_models):
    themes, models = factories.theme_keys(), factories.model_keys()
    return [
        AnswerIn(theme=t, now=models[a % len(models)], wanted=models[b % len(models)])
        for t, (a, b) in zip(themes, rng_models, strict=False)
    ]


choices = st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), min_size=6, max_size=6)
event = st.one_of(
    st.tuples(st.just("join"), st.integers(0, 9), choices),
    st.tuples(st.just("revise"), st.integers(0, 99), choices),
    st.tuples(st.just("delete"), st.integers(0, 99), choices),
)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(events=st.lists(event, max_size=25))
def test_the_tally_equals_the_answers(round_, events):
    with transaction.atomic():
        units = [None, *round_.organisation.units.values_list("id", flat=True)]
        round_.units.set(round_.organisation.units.all())
        for kind, pick, picked in events:
            existing = list(Response.objects.filter(round=round_).order_by("pk"))
            if kind == "join":
                submit_response(
                    round_=round_,
                    role=ROLES[pick % 2],
                    unit_id=units[1 + pick % (len(units) - 1)],
                    answers=answers(picked),
                    idempotency_key=uuid.uuid4(),
                )
            elif kind == "revise" and existing:
                revise_response(response=existing[pick % len(existing)], answers=answers(picked))
            elif kind == "delete" and existing:
                delete_response(response=existing[pick % len(existing)])
        assert tallied(round_) == counted_from_answers(round_)
        assert published_per_model(round_) == answers_per_model(round_)
        out = StringIO()
        call_command("round", "recount", str(round_.pk), stdout=out)
        assert tallied(round_) == counted_from_answers(round_)
        transaction.set_rollback(True)


def test_a_submission_is_four_statements_at_most(round_, settings):
    from django.core.cache import cache

    from visiespiegel.rounds.selectors import find_round

    settings.ROUND_CACHE_SECONDS = 60
    settings.FRAMEWORK_CACHE_SECONDS = 60
    cache.clear()
    unit = factories.school(round_.organisation).pk
    cached = find_round(round_.code)
    submit_response(  # the first one fills the caches
        round_=cached, role="leraar", unit_id=unit, answers=factories.answers(),
        idempotency_key=uuid.uuid4(),
    )  # fmt: skip
    with CaptureQueriesContext(connection) as plain:
        submit_response(
            round_=find_round(round_.code), role="leraar", unit_id=unit,
            answers=factories.answers(), idempotency_key=uuid.uuid4(),
        )  # fmt: skip
    with CaptureQueriesContext(connection) as with_remark:
        submit_response(
            round_=find_round(round_.code), role="leraar", unit_id=unit,
            answers=factories.answers(remark="Goed"), idempotency_key=uuid.uuid4(),
        )  # fmt: skip
    statements = [
        q["sql"]
        for q in plain.captured_queries
        if not q["sql"].startswith(("BEGIN", "SAVEPOINT", "RELEASE"))
    ]
    assert len(statements) <= 3, statements
    with_remarks = [
        q["sql"]
        for q in with_remark.captured_queries
        if not q["sql"].startswith(("BEGIN", "SAVEPOINT", "RELEASE"))
    ]
    assert len(with_remarks) <= 4, with_remarks
