"""Disclosure control: no published cell may describe fewer than five children.

Pure functions, no ORM. A table is a flat list of cells and the linear equations that tie its
totals to their parts (``total = part + part + …``): district rows add up to the pilot and
control rows and those to the municipality; additive columns add up to a row total.

* **Primary suppression**: a cell describing 1–4 children is hidden ("<5"). A true zero is
  shown: it reveals nothing about any child.
* **Secondary suppression**: a hidden cell must not be recoverable from what is shown. A
  hidden cell is recoverable exactly when the published cells and the equations determine it,
  i.e. when the cell's unit vector lies in the row space of the equations restricted to hidden
  cells. While any hidden cell is recoverable, the cheapest complement (a neighbour or a
  rectangle of interior cells; totals last, the grand total only if nothing else works) is
  hidden too, and complements made unnecessary by later ones are shown again (``protect``).
  Because recoverability depends only on *which* cells are hidden and on the equations, never
  on the values, the same pattern protects every additive quantity of the table (children,
  cases, kroner) at once.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

THRESHOLD = 5
SUPPRESSED = "<5"
# How many of the cheapest complements ``protect`` checks for one exposed cell before it takes a
# single step instead: each check is a small elimination, and the cheapest few almost always
# include one that works.
_TRIES = 12


@dataclass(frozen=True)
class Equation:
    """``cells[total] == sum(cells[p] for p in parts)``."""

    total: int
    parts: tuple[int, ...]


def is_small(children: int | None) -> bool:
    """A cell about 1–4 children is sensitive; an unknown count is treated as sensitive."""
    return children is None or 0 < children < THRESHOLD


def is_small_count(number: object) -> bool:
    """A published count of 1–4 (children, cases, deadlines, episodes…); ``None`` (nothing
    published) is not. Unlike :func:`is_small` an unknown number is not judged here: the
    cell's distinct children are."""
    return number is not None and 0 < number < THRESHOLD  # type: ignore[operator]


def primary(children: Sequence[int | None]) -> set[int]:
    return {i for i, n in enumerate(children) if is_small(n)}


class Echelon:
    """The hidden cells' columns of the equations in row-echelon form, grown cell by cell.

    A hidden cell is *not* recoverable exactly when some assignment of the hidden cells that
    satisfies every equation with all shown cells at zero (a vector of the null space of the
    equations restricted to the hidden cells) moves it. Adding a cell adds its column: reduced
    against the pivots so far, it either becomes a new pivot or reduces to zero, and then the
    combination of cells that reduced it is a new null-space vector. Null vectors found this way
    span the null space, so the cells that can move are the union of their supports, and adding
    cells never takes a null vector away. Each addition costs one sparse reduction, instead of
    the elimination over every hidden cell that ``protect`` used to repeat ~500 times per table.

    Fraction-free integer arithmetic (rows are divided by their gcd), so it is exact; pivots are
    never changed once made, so :meth:`with_cells` can try cells on a copy that shares them.
    """

    __slots__ = ("_columns", "_pivots", "cells", "movable")

    def __init__(self, equations: Sequence[Equation]) -> None:
        columns: dict[int, dict[int, int]] = {}
        for row, eq in enumerate(equations):
            column = columns.setdefault(eq.total, {})
            column[row] = column.get(row, 0) + 1
            for part in eq.parts:
                column = columns.setdefault(part, {})
                column[row] = column.get(row, 0) - 1
        self._columns = {c: {r: v for r, v in col.items() if v} for c, col in columns.items()}
        # Leading row → (the reduced column, the cells combining to it with their factors).
        self._pivots: dict[int, tuple[dict[int, int], dict[int, int]]] = {}
        self.cells: set[int] = set()
        self.movable: set[int] = set()  # hidden cells some null vector moves: unrecoverable

    def copy(self) -> Echelon:
        other = Echelon.__new__(Echelon)
        other._columns = self._columns
        other._pivots = dict(self._pivots)
        other.cells = set(self.cells)
        other.movable = set(self.movable)
        return other

    def add(self, cells: Iterable[int]) -> Echelon:
        for cell in sorted(set(cells) - self.cells):
            self.cells.add(cell)
            vector = dict(self._columns.get(cell, {}))
            combination = {cell: 1}
            while vector:
                lead = min(vector)
                pivot = self._pivots.get(lead)
                if pivot is None:
                    self._pivots[lead] = (vector, combination)
                    break
                p_vector, p_combination = pivot
                a, b = p_vector[lead], vector[lead]
                vector = _combine(vector, a, b, p_vector)
                combination = _combine(combination, a, b, p_combination)
                # Keep ``vector`` the same multiple of the columns ``combination`` adds up.
                divisor = math.gcd(*vector.values(), *combination.values())
                if divisor > 1:
                    vector = {j: v // divisor for j, v in vector.items()}
                    combination = {j: v // divisor for j, v in combination.items()}
            else:
                self.movable.update(combination)
        return self

    def with_cells(self, cells: Iterable[int]) -> Echelon:
        return self.copy().add(cells)

    @property
    def recoverable(self) -> set[int]:
        return self.cells - self.movable


def _combine(row: dict[int, int], lead: int, factor: int, pivot: dict[int, int]) -> dict[int, int]:
    """``lead × row − factor × pivot``, zeros dropped."""
    out = {j: lead * v for j, v in row.items()}
    for j, v in pivot.items():
        out[j] = out.get(j, 0) - factor * v
    return {j: v for j, v in out.items() if v}


def recoverable(hidden: Iterable[int], equations: Sequence[Equation]) -> set[int]:
    """The hidden cells that the shown cells and the equations determine exactly."""
    return Echelon(equations).add(hidden).recoverable


def protect(
    children: Sequence[int | None], equations: Sequence[Equation], *, always: Iterable[int] = ()
) -> frozenset[int]:
    """The cells to hide: primary cells, ``always`` cells, and few secondary cells.

    A hypercube heuristic in the manner of tau-argus, re-checked for recoverability at every
    step so that the guarantee never rests on the heuristic (an :class:`Echelon` grown with the
    hidden cells; each candidate is tried on a copy):

    1. **Grow.** While a hidden cell is recoverable, the candidate complements are a single
       shown cell sharing an equation with it, or a "rectangle": one cell in each of two of its
       equations plus the cell where their other equations cross (in a two-way table the three
       other corners of a rectangle). Candidates are tried cheapest first (at most ``_TRIES``),
       and the first that makes the cell unrecoverable is hidden. Cost is lexicographic: grand
       totals (headline figures) only when nothing else works, then subtotals, then the fewest
       children (the information lost), then the fewest cells, then position (deterministic).
       If no candidate works alone, the cheapest neighbour is hidden and the loop goes on.
    2. **Trim.** Each secondary cell, dearest first, is shown again if no hidden cell becomes
       recoverable without it.
    """
    must = primary(children) | set(always)
    hidden = set(must)
    members: dict[int, list[Equation]] = {}
    for eq in equations:
        for cell in (eq.total, *eq.parts):
            members.setdefault(cell, []).append(eq)
    grand = _grand_totals(equations)
    totals = {eq.total for eq in equations}

    def tier(cell: int) -> int:
        return 2 if cell in grand else 1 if cell in totals else 0

    def cost(cells: Iterable[int]) -> tuple[int, int, int, int, tuple[int, ...]]:
        new = sorted(set(cells) - hidden)
        tiers = [tier(c) for c in new]
        return (
            tiers.count(2),
            tiers.count(1),
            sum(children[c] or 0 for c in new),
            len(new),
            tuple(new),
        )

    def neighbours(cell: int, eq: Equation | None = None) -> set[int]:
        eqs = [eq] if eq is not None else members.get(cell, [])
        return {o for e in eqs for o in (e.total, *e.parts) if o != cell}

    empty = Echelon(equations)
    state = empty.with_cells(hidden)
    exposed = state.recoverable
    while exposed:
        target = min(exposed)
        eqs = members.get(target, [])
        candidates: set[frozenset[int]] = {
            frozenset({c}) for c in neighbours(target) if c not in hidden
        }
        for i, first in enumerate(eqs):
            for second in eqs[i + 1 :]:
                for y in neighbours(target, first):
                    beyond_y = {o for e in members[y] if e is not first for o in neighbours(y, e)}
                    for z in neighbours(target, second):
                        for w in beyond_y & neighbours(z) - {target, y, z}:
                            candidates.add(frozenset({y, z, w}))
        ranked = sorted((c for c in candidates if c - hidden), key=cost)
        chosen: set[int] | None = None
        for candidate in ranked[:_TRIES]:
            if target not in state.with_cells(candidate).recoverable:
                chosen = set(candidate)
                break
        if chosen is None:  # no candidate is enough alone: take the cheapest step and go on
            near = [c for c in neighbours(target) if c not in hidden]
            shown = near or [c for c in members if c not in hidden]
            if not shown:
                break
            chosen = {min(shown, key=lambda c: cost({c}))}
        hidden |= chosen
        exposed = state.add(chosen).recoverable
    if exposed:  # only if every cell is hidden already; nothing more to do
        return frozenset(hidden)
    for cell in sorted(hidden - must, key=lambda c: (tier(c), children[c] or 0, c), reverse=True):
        if not empty.with_cells(hidden - {cell}).recoverable:
            hidden.discard(cell)
    return frozenset(hidden)


def _grand_totals(equations: Sequence[Equation]) -> set[int]:
    """Cells that are a total but never a part: the headline figures of the table."""
    parts = {p for eq in equations for p in eq.parts}
    return {eq.total for eq in equations} - parts


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
