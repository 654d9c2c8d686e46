"""Disclosure control: no cell about 1–4 children shown, and no hidden cell recoverable.

The oracle is independent of the implementation's linear algebra: in a two-way table with row
and column totals, each cell sits in exactly two equations (its row and its column), so the
hidden cells are the edges of a graph whose nodes are the lines. A hidden cell can be worked
out exactly when its edge lies on no cycle of hidden cells (a bridge): along any cycle the
hidden values can be shifted +1/−1 alternately without changing a single total.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from herningmodel.monitoring import disclosure
from herningmodel.monitoring.disclosure import Equation


def full_table(grid: list[list[int]]) -> list[list[int]]:
    """The grid with a total column and a total row."""
    rows = [[*r, sum(r)] for r in grid]
    return [*rows, [sum(col) for col in zip(*rows, strict=True)]]


def equations(n_rows: int, n_cols: int) -> list[Equation]:
    """For a full table of n_rows × n_cols (totals included, row-major)."""
    eqs = disclosure.grid_equations(
        n_rows, n_cols, [(n_rows - 1, list(range(n_rows - 1)))], col_total=True
    )
    return eqs


def bridges(hidden: set[tuple[int, int]]) -> set[tuple[int, int]]:
    def connected(a: str, b: str, edges: set[tuple[int, int]]) -> bool:
        seen, todo = {a}, [a]
        while todo:
            node = todo.pop()
            for r, c in edges:
                for x, y in ((f"r{r}", f"c{c}"), (f"c{c}", f"r{r}")):
                    if x == node and y not in seen:
                        seen.add(y)
                        todo.append(y)
        return b in seen

    return {e for e in hidden if not connected(f"r{e[0]}", f"c{e[1]}", hidden - {e})}


grids = st.integers(1, 5).flatmap(
    lambda rows: st.integers(1, 5).flatmap(
        lambda cols: st.lists(
            st.lists(st.integers(0, 30), min_size=cols, max_size=cols),
            min_size=rows,
            max_size=rows,
        )
    )
)


@settings(max_examples=150, deadline=None)
@given(grids)
def test_no_small_cell_shown_and_none_recoverable(grid: list[list[int]]) -> None:
    table = full_table(grid)
    n_rows, n_cols = len(table), len(table[0])
    flat = [v for row in table for v in row]
    hidden = disclosure.protect(flat, equations(n_rows, n_cols))
    # Primary: no shown cell describes 1–4 children.
    assert all(not (0 < v < 5) for i, v in enumerate(flat) if i not in hidden)
    cells = {(i // n_cols, i % n_cols) for i in hidden}
    # Secondary: every row and column has no hidden cell or at least two …
    for r in range(n_rows):
        assert sum(1 for c in range(n_cols) if (r, c) in cells) != 1
    for c in range(n_cols):
        assert sum(1 for r in range(n_rows) if (r, c) in cells) != 1
    # … and no hidden cell is pinned down by the totals (the graph oracle).
    assert not bridges(cells)
    # The implementation's own check agrees.
    assert not disclosure.recoverable(hidden, equations(n_rows, n_cols))


def test_a_single_small_cell_takes_a_partner_in_its_row_and_column() -> None:
    table = full_table([[3, 20, 30], [40, 50, 60]])
    flat = [v for row in table for v in row]
    hidden = disclosure.protect(flat, equations(3, 4))
    assert 0 in hidden  # the 3
    assert len(hidden) >= 4  # a rectangle at least
    assert not disclosure.recoverable(hidden, equations(3, 4))


def test_zero_is_shown_and_large_tables_untouched() -> None:
    table = full_table([[0, 20], [40, 50]])
    flat = [v for row in table for v in row]
    assert disclosure.protect(flat, equations(3, 3)) == frozenset()


def test_one_column_with_a_total() -> None:
    # Districts 2, 30, 40 and their total 72: hiding the 2 alone would be undone by 72 − 70.
    eqs = [Equation(3, (0, 1, 2))]
    hidden = disclosure.protect([2, 30, 40, 72], eqs)
    assert 0 in hidden
    assert len(hidden) >= 2
    assert not disclosure.recoverable(hidden, eqs)


def test_recoverable_finds_a_lone_hidden_cell() -> None:
    assert disclosure.recoverable({0}, [Equation(3, (0, 1, 2))]) == {0}
    assert disclosure.recoverable({0, 1}, [Equation(3, (0, 1, 2))]) == set()
