import pytest
from hypothesis import given
from hypothesis import strategies as st

from visiespiegel.insights.stats import consensus, mean_position, profile_mean, shift


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
