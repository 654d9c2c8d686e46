"""Disclosure control: no published cell may describe fewer than five children.

Pure functions, no ORM. A table is a flat list of cells and the linear equations that tie its
totals to their parts (``total = part + part + …``): district rows add up to the pilot and
control rows and those to the municipality; additive columns add up to a row total.

* **Primary suppression**: a cell describing 1–4 children is hidden ("<5"). A true zero is
  shown: it reveals nothing about any child.
* **Secondary suppression**: a hidden cell must not be recoverable from what is shown. A
  hidden cell is recoverable exactly when the published cells and the equations determine it,
  i.e. when the cell's unit vector lies in the row space of the equations restricted to hidden
  cells. While any hidden cell is recoverable, the smallest shown cell that shares an equation
  with it is hidden too (totals last). Because recoverability depends only on *which* cells are
  hidden and on the equations, never on the values, the same pattern protects every additive
  quantity of the table (children, cases, kroner) at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

THRESHOLD = 5
SUPPRESSED = "<5"


@dataclass(frozen=True)
class Equation:
    """``cells[total] == sum(cells[p] for p in parts)``."""

    total: int
    parts: tuple[int, ...]


def is_small(children: int | None) -> bool:
    """A cell about 1–4 children is sensitive; an unknown count is treated as sensitive."""
    return children is None or 0 < children < THRESHOLD


def primary(children: Sequence[int | None]) -> set[int]:
    return {i for i, n in enumerate(children) if is_small(n)}


def _rows(hidden: Sequence[int], equations: Iterable[Equation]) -> list[list[Fraction]]:
    column = {cell: j for j, cell in enumerate(hidden)}
    rows = []
    for eq in equations:
        row = [Fraction(0)] * len(hidden)
        if eq.total in column:
            row[column[eq.total]] += 1
        for part in eq.parts:
            if part in column:
                row[column[part]] -= 1
        if any(row):
            rows.append(row)
    return rows


def recoverable(hidden: Iterable[int], equations: Sequence[Equation]) -> set[int]:
    """The hidden cells that the shown cells and the equations determine exactly."""
    cells = sorted(set(hidden))
    matrix = _rows(cells, equations)
    pivots: list[int] = []
    r = 0
    for c in range(len(cells)):
        pivot = next((i for i in range(r, len(matrix)) if matrix[i][c] != 0), None)
        if pivot is None:
            continue
        matrix[r], matrix[pivot] = matrix[pivot], matrix[r]
        lead = matrix[r][c]
        matrix[r] = [v / lead for v in matrix[r]]
        for i in range(len(matrix)):
            if i != r and matrix[i][c] != 0:
                factor = matrix[i][c]
                matrix[i] = [a - factor * b for a, b in zip(matrix[i], matrix[r], strict=True)]
        pivots.append(c)
        r += 1
    pivot_set = set(pivots)
    # In reduced row-echelon form a pivot variable is determined exactly when its row has no
    # entry in a free column; a free variable is never determined.
    found = set()
    for row_index, c in enumerate(pivots):
        row = matrix[row_index]
        if all(row[j] == 0 for j in range(len(cells)) if j not in pivot_set):
            found.add(cells[c])
    return found


def protect(
    children: Sequence[int | None], equations: Sequence[Equation], *, always: Iterable[int] = ()
) -> frozenset[int]:
    """The cells to hide: primary cells, ``always`` cells, and enough secondary cells."""
    hidden = primary(children) | set(always)
    totals = {eq.total for eq in equations}
    members: dict[int, list[Equation]] = {}
    for eq in equations:
        for cell in (eq.total, *eq.parts):
            members.setdefault(cell, []).append(eq)

    def cost(cell: int) -> tuple[bool, int, int]:
        return (cell in totals, children[cell] or 0, cell)

    while True:
        exposed = recoverable(hidden, equations)
        if not exposed:
            return frozenset(hidden)
        cell = min(exposed)
        near = {
            other
            for eq in members.get(cell, [])
            for other in (eq.total, *eq.parts)
            if other not in hidden
        }
        if not near:
            near = {c for c in members if c not in hidden}
        if not near:
            return frozenset(hidden)
        hidden.add(min(near, key=cost))


def grid_equations(
    n_rows: int, n_cols: int, row_sums: Sequence[tuple[int, Sequence[int]]], *, col_total: bool
) -> list[Equation]:
    """Equations of a row-major grid: ``row_sums`` says which rows add up to which row (for
    every column); with ``col_total`` the last column is the sum of the others in every row."""
    eqs = []
    for total_row, parts in row_sums:
        for c in range(n_cols):
            eqs.append(Equation(total_row * n_cols + c, tuple(p * n_cols + c for p in parts)))
    if col_total and n_cols > 1:
        for r in range(n_rows):
            last = r * n_cols + n_cols - 1
            eqs.append(Equation(last, tuple(r * n_cols + c for c in range(n_cols - 1))))
    return eqs
