"""``disclosure.protect`` keeps an echelon form and grows it cell by cell instead of eliminating
from scratch for every candidate complement; it must hide exactly the cells the old algorithm hid.

The old algorithm is kept here, verbatim apart from names, as the reference.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Sequence

import pytest

from herningmodel.monitoring import disclosure
from herningmodel.monitoring.disclosure import Equation


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
    """Fraction-free step of the old elimination."""
    out = {j: lead * v for j, v in row.items()}
    for j, v in pivot.items():
        out[j] = out.get(j, 0) - factor * v
    out = {j: v for j, v in out.items() if v}
    divisor = math.gcd(*out.values()) if out else 1
    return {j: v // divisor for j, v in out.items()} if divisor > 1 else out


def old_recoverable(hidden: Iterable[int], equations: Sequence[Equation]) -> set[int]:
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


def old_protect(
    children: Sequence[int | None], equations: Sequence[Equation], *, always: Iterable[int] = ()
) -> frozenset[int]:
    """``disclosure.protect`` before it was made incremental (commit 6ad0d60)."""
    must = disclosure.primary(children) | set(always)
    hidden = set(must)
    members: dict[int, list[Equation]] = {}
    for eq in equations:
        for cell in (eq.total, *eq.parts):
            members.setdefault(cell, []).append(eq)
    grand = disclosure._grand_totals(equations)
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

    exposed = old_recoverable(hidden, equations)
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
        for candidate in ranked[: disclosure._TRIES]:
            if target not in old_recoverable(hidden | candidate, equations):
                chosen = set(candidate)
                break
        if chosen is None:  # no candidate is enough alone: take the cheapest step and go on
            near = [c for c in neighbours(target) if c not in hidden]
            shown = near or [c for c in members if c not in hidden]
            if not shown:
                break
            chosen = {min(shown, key=lambda c: cost({c}))}
        hidden |= chosen
        exposed = old_recoverable(hidden, equations)
    if exposed:  # only if every cell is hidden already; nothing more to do
        return frozenset(hidden)
    for cell in sorted(hidden - must, key=lambda c: (tier(c), children[c] or 0, c), reverse=True):
        if not old_recoverable(hidden - {cell}, equations):
            hidden.discard(cell)
    return frozenset(hidden)


def _table(rng: random.Random) -> tuple[list[int | None], list[Equation]]:
    """A random table shaped like the monitoring's: district rows, pilot and control rows and
    the municipality (or only districts and a total), optionally additive columns with a total
    column; counts mostly large, some 1–4, some zero, some unknown."""
    n_districts = rng.randint(1, 10)
    n_series = rng.randint(1, 7)
    additive = n_series > 1 and rng.random() < 0.6
    n_cols = n_series + (1 if additive else 0)
    groups = rng.random() < 0.7 and n_districts > 1
    status = [rng.random() < 0.5 for _ in range(n_districts)]
    if groups and (all(status) or not any(status)):
        status[0] = not status[0]
    sums: list[tuple[int, list[int]]] = []
    n_rows = n_districts
    top = list(range(n_districts))
    if groups:
        pilot = [d for d in range(n_districts) if status[d]]
        control = [d for d in range(n_districts) if not status[d]]
        sums += [(n_rows, pilot), (n_rows + 1, control)]
        top = [n_rows, n_rows + 1]
        n_rows += 2
    sums.append((n_rows, top))
    if groups:
        sums.append((n_rows, list(range(n_districts))))
    n_rows += 1
    eqs = disclosure.grid_equations(n_rows, n_cols, sums, col_total=additive)

    def count() -> int | None:
        roll = rng.random()
        if roll < 0.25:
            return rng.randint(1, 4)
        if roll < 0.35:
            return 0
        if roll < 0.38:
            return None
        return rng.randint(5, 400)

    children: list[int | None] = [count() for _ in range(n_rows * n_cols)]
    # Totals hold the sums (unknown counts as 0), as in the real tables.
    for eq in eqs:
        children[eq.total] = None
    for eq in sorted(eqs, key=lambda e: e.total):
        if children[eq.total] is None:
            children[eq.total] = sum(children[p] or 0 for p in eq.parts)
    return children, eqs


@pytest.mark.parametrize("seed", range(4))
def test_protect_hides_exactly_what_the_old_algorithm_hid(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(50):
        children, eqs = _table(rng)
        always = {rng.randrange(len(children))} if rng.random() < 0.1 else set()
        assert disclosure.protect(children, eqs, always=always) == old_protect(
            children, eqs, always=always
        )


def test_recoverable_agrees_with_the_old_elimination_on_random_hidden_sets() -> None:
    rng = random.Random(99)
    for _ in range(400):
        _children, eqs = _table(rng)
        cells = sorted({c for eq in eqs for c in (eq.total, *eq.parts)})
        hidden = set(rng.sample(cells, rng.randint(0, len(cells))))
        assert disclosure.recoverable(hidden, eqs) == old_recoverable(hidden, eqs)


def test_growing_the_echelon_equals_building_it_at_once() -> None:
    rng = random.Random(7)
    for _ in range(40):
        _children, eqs = _table(rng)
        cells = sorted({c for eq in eqs for c in (eq.total, *eq.parts)})
        rng.shuffle(cells)
        grown = disclosure.Echelon(eqs)
        for i, cell in enumerate(cells):
            tried = grown.with_cells(cells[i : i + 2])
            assert tried.recoverable == old_recoverable(cells[: i + 2], eqs)
            grown.add([cell])
            assert grown.recoverable == old_recoverable(cells[: i + 1], eqs)
