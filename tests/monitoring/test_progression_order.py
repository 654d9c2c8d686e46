"""The same score changes give the same progression numerator whatever order the database
returns them in — so a re-imported municipality (new row ids, new order) shows identical
indicators and its aggregate export the same content hash."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from herningmodel.monitoring.themes.outcomes import _progression_over

changes = st.dictionaries(
    st.integers(min_value=1, max_value=50),
    st.lists(st.floats(min_value=-100, max_value=100, allow_nan=False), min_size=1, max_size=6),
    min_size=1,
)


@given(changes, st.randoms(use_true_random=False))
def test_progression_does_not_depend_on_the_order_of_the_scores(change, random) -> None:  # type: ignore[no-untyped-def]
    keys = {child: {(1, "2"), (0, str(child % 3))} for child in change}
    shuffled = list(change.items())
    random.shuffle(shuffled)
    reordered = {child: random.sample(values, len(values)) for child, values in shuffled}

    assert _progression_over(keys, reordered) == _progression_over(keys, change)


def test_a_plain_float_sum_would_not_do() -> None:
    """The case that failed the default-demo round trip: the order changes the last bits."""
    values = [0.1, 0.2, 0.3, -0.6, 1e-16]
    assert sum(values) != sum(reversed(values))
    forward = _progression_over({1: {(1, "")}}, {1: values})
    backward = _progression_over({1: {(1, "")}}, {1: list(reversed(values))})
    assert forward == backward
