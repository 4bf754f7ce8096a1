import pytest
from hypothesis import given
from hypothesis import strategies as st

from visiespiegel.insights.stats import (
    consensus,
    mean_position,
    percentages,
    profile_mean,
    shift,
)


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ([0, 0, 10, 0], 1.0),
        ([5, 0, 0, 5], 0.0),
        ([5, 5, 5, 5], 0.3685),
        ([0, 5, 5, 0], 0.7370),
        ([2, 6, 2, 0], 0.7660),
        ([1, 2, 3, 4], 0.4905),
    ],
)
def test_consensus_known_values(counts, expected):
    assert round(consensus(counts), 4) == expected


def test_mean_shift_and_profile():
    assert mean_position([0, 0, 10, 0]) == 3.0
    assert mean_position([1, 2, 3, 4]) == 3.0
    assert mean_position([5, 0, 0, 5]) == 2.5
    assert shift([10, 0, 0, 0], [0, 0, 5, 5]) == 2.5
    assert shift([0, 0, 0, 4], [4, 0, 0, 0]) == -3.0
    assert profile_mean([1.0, 2.0, 3.0, 4.0, 2.5, 2.5]) == 2.5


def test_no_answers_is_an_error_not_a_number():
    with pytest.raises(ValueError, match="no answers"):
        consensus([0, 0, 0, 0])
    with pytest.raises(ValueError, match="no answers"):
        mean_position([0, 0, 0, 0])


counts = st.lists(st.integers(0, 1000), min_size=4, max_size=4).filter(lambda c: sum(c) > 0)


@given(counts)
def test_consensus_is_between_zero_and_one(c):
    assert 0.0 <= consensus(c) <= 1.0
    assert 1.0 <= mean_position(c) <= 4.0


@given(counts, st.integers(1, 50))
def test_scaling_the_counts_changes_nothing(c, factor):
    assert consensus([x * factor for x in c]) == pytest.approx(consensus(c), abs=1e-12)
    assert mean_position([x * factor for x in c]) == pytest.approx(mean_position(c))


@given(counts)
def test_mirroring_the_continuum(c):
    mirrored = list(reversed(c))
    assert consensus(mirrored) == pytest.approx(consensus(c), abs=1e-12)
    assert mean_position(mirrored) == pytest.approx(5 - mean_position(c))


@given(st.integers(0, 3), st.integers(1, 500))
def test_everyone_in_one_model_is_full_consensus(k, n):
    c = [0, 0, 0, 0]
    c[k] = n
    assert consensus(c) == 1.0


def test_percentages_known_values():
    # 4 of 12 is 33.3 %: the one point missing goes to the earlier of equal remainders.
    assert percentages({"a": 4, "b": 4, "c": 4, "d": 0}) == {"a": 34, "b": 33, "c": 33, "d": 0}
    assert percentages({"a": 7, "b": 3, "c": 5, "d": 6}) == {"a": 33, "b": 14, "c": 24, "d": 29}
    assert percentages({"a": 1, "b": 1, "c": 1, "d": 1, "e": 1, "f": 1}) == {
        "a": 17, "b": 17, "c": 17, "d": 17, "e": 16, "f": 16,
    }  # fmt: skip
    assert percentages({"a": 0, "b": 0}) == {"a": 0, "b": 0}
    assert percentages({}) == {}


@given(st.lists(st.integers(0, 10_000), min_size=1, max_size=8).filter(any))
def test_percentages_add_up_to_100_each_within_1_of_its_share(counts):
    shown = percentages(dict(enumerate(counts)))
    assert sum(shown.values()) == 100
    n = sum(counts)
    for key, count in enumerate(counts):
        assert abs(shown[key] - count * 100 / n) < 1
    # A larger count never shows a smaller share.
    for i, larger in enumerate(counts):
        assert all(shown[i] >= shown[j] for j, smaller in enumerate(counts) if larger > smaller)
