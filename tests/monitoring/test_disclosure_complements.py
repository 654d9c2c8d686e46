"""Secondary suppression hides few cells: interior complements before totals, and the grand
total only when nothing else can protect a small cell; the guarantee holds on any table."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from herningmodel.monitoring import disclosure
from tests.monitoring.test_disclosure import equations, full_table


def flat(grid: list[list[int]]) -> list[int]:
    return [v for row in full_table(grid) for v in row]


def test_one_small_cell_costs_one_rectangle_of_interior_cells() -> None:
    # The 3 at the top left: the cheapest protection is the rectangle 3, 10, 8, 11 (the old
    # neighbour-by-neighbour choice hid 13 of the 20 cells, totals included).
    cells = flat([[3, 20, 30, 10], [40, 50, 60, 7], [8, 9, 10, 11]])
    hidden = disclosure.protect(cells, equations(4, 5))
    assert hidden == {0, 3, 10, 13}
    assert not disclosure.recoverable(hidden, equations(4, 5))


def test_the_grand_total_stays_shown_when_an_interior_complement_exists() -> None:
    for grid in ([[2, 30], [40, 50]], [[3, 4, 30], [40, 50, 60]], [[1, 80, 90]]):
        cells = flat(grid)
        n_rows, n_cols = len(grid) + 1, len(grid[0]) + 1
        hidden = disclosure.protect(cells, equations(n_rows, n_cols))
        assert len(cells) - 1 not in hidden, grid
        assert disclosure.primary(cells) <= hidden
        assert not disclosure.recoverable(hidden, equations(n_rows, n_cols))


def test_a_hierarchical_column_keeps_its_totals() -> None:
    # Districts 0–3, pilot (4) = 0 + 1, control (5) = 2 + 3, municipality (6) = 4 + 5 = 0…3.
    eqs = [
        disclosure.Equation(4, (0, 1)),
        disclosure.Equation(5, (2, 3)),
        disclosure.Equation(6, (4, 5)),
        disclosure.Equation(6, (0, 1, 2, 3)),
    ]
    hidden = disclosure.protect([2, 30, 40, 50, 32, 90, 122], eqs)
    assert hidden == {0, 1}
    assert not disclosure.recoverable(hidden, eqs)


tables = st.integers(1, 5).flatmap(
    lambda rows: st.integers(1, 5).flatmap(
        lambda cols: st.lists(
            st.lists(
                st.one_of(st.integers(1, 4), st.integers(0, 60)), min_size=cols, max_size=cols
            ),
            min_size=rows,
            max_size=rows,
        )
    )
)


@settings(max_examples=150, deadline=None)
@given(tables)
def test_every_small_cell_hidden_and_no_hidden_cell_recoverable(grid: list[list[int]]) -> None:
    cells = flat(grid)
    eqs = equations(len(grid) + 1, len(grid[0]) + 1)
    hidden = disclosure.protect(cells, eqs)
    assert {i for i, v in enumerate(cells) if 0 < v < 5} <= hidden
    assert disclosure.recoverable(hidden, eqs) == set()
