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

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

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


def _rows(hidden: Sequence[int], equations: Iterable[Equation]) -> list[dict[int, int]]:
    """The equations restricted to the hidden cells, as sparse integer rows (column → factor)."""
    column = {cell: j for j, cell in enumerate(hidden)}
    rows = []
    for eq in equations:
        row: dict[int, int] = {}
        if eq.total in column:
            row[column[eq.total]] = 1
        for part in eq.parts:
            if part in column:
                j = column[part]
                row[j] = row.get(j, 0) - 1
        row = {j: v for j, v in row.items() if v}
        if row:
            rows.append(row)
    return rows


def _combine(row: dict[int, int], lead: int, factor: int, pivot: dict[int, int]) -> dict[int, int]:
    """``lead × row − factor × pivot``, divided by the gcd of its entries.

    Fraction-free Gauss–Jordan: every row stays an integer multiple of the row rational
    elimination would give, so pivots and zero patterns (all that decides recoverability) are
    the same, with small integers and sparse rows instead of dense ``Fraction`` lists (the
    dense version took 0.6 s on a 13 × 7 cost table)."""
    out = {j: lead * v for j, v in row.items()}
    for j, v in pivot.items():
        out[j] = out.get(j, 0) - factor * v
    out = {j: v for j, v in out.items() if v}
    divisor = math.gcd(*out.values()) if out else 1
    return {j: v // divisor for j, v in out.items()} if divisor > 1 else out


def recoverable(hidden: Iterable[int], equations: Sequence[Equation]) -> set[int]:
    """The hidden cells that the shown cells and the equations determine exactly."""
    cells = sorted(set(hidden))
    matrix = _rows(cells, equations)
    pivots: list[int] = []
    r = 0
    for c in range(len(cells)):
        pivot = next((i for i in range(r, len(matrix)) if c in matrix[i]), None)
        if pivot is None:
            continue
        matrix[r], matrix[pivot] = matrix[pivot], matrix[r]
        lead = matrix[r][c]
        for i in range(len(matrix)):
            if i != r and c in matrix[i]:
                matrix[i] = _combine(matrix[i], lead, matrix[i][c], matrix[r])
        pivots.append(c)
        r += 1
    pivot_set = set(pivots)
    # In reduced row-echelon form a pivot variable is determined exactly when its row has no
    # entry in a free column; a free variable is never determined.
    found = set()
    for row_index, c in enumerate(pivots):
        if all(j in pivot_set for j in matrix[row_index]):
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
