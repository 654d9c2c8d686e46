"""What an attacker can work out about a hidden count: the feasible interval, by linear programming.

Pure (no Django). The attacker of ``docs/disclosure.md`` knows every published number, how the
tables add up (districts to pilot/control to the municipality, series to a row total), which
counts are the same in two tables, that an age band's count is part of the unfiltered one,
that counts are never negative and that a share's numerator is at most its denominator. That is
a system of linear equations and inequalities over the true counts; the published numbers fix
some of them. For a hidden count (or a linear expression of counts, e.g. a share's complement)
the smallest and largest values the system allows are two linear programmes, solved with the
HiGHS solver that ships with SciPy (``linprog(method="highs")``, or the same solver called
directly, fifty times faster on these small programmes; see ``_Programme``).

The LP relaxation allows fractional counts, so its interval can be wider than the one an
integer-programming attacker finds, but only by less than 1 at each end; ``PROTECTION`` is set
with that in mind (``docs/disclosure.md``). To stay fast the system is split into its connected
components over the unknown counts: a published number is a constant, so two hidden counts are
only linked through a constraint that involves both, and each target is solved on its own
(small) component only.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np
from scipy.optimize import linprog

Var = Hashable
K = TypeVar("K", bound=Hashable)
Expression = Mapping[Var, float]  # Σ coefficient × variable

# The narrowest interval a sensitive hidden count may have (max − min). With fractional LP
# bounds an integer attacker gains less than 1 at each end, so a width of 5 still leaves at least
# four whole values possible for a count of 1–4 (e.g. 0–4 or 1–5): never a single child singled
# out, never "at most 1".
PROTECTION = 5.0
_TOLERANCE = 1e-7


@dataclass
class System:
    """Linear constraints over true counts (all ≥ 0): ``Σ a·x = b`` and ``Σ a·x ≤ b``."""

    equalities: list[tuple[dict[Var, float], float]] = field(default_factory=list)
    inequalities: list[tuple[dict[Var, float], float]] = field(default_factory=list)

    def equal(self, expression: Mapping[Var, float], value: float = 0.0) -> None:
        self.equalities.append((dict(expression), value))

    def at_most(self, expression: Mapping[Var, float], value: float = 0.0) -> None:
        self.inequalities.append((dict(expression), value))

    def sum_is(self, total: Var, parts: Iterable[Var]) -> None:
        expression: dict[Var, float] = {total: 1.0}
        for part in parts:
            expression[part] = expression.get(part, 0.0) - 1.0
        self.equal(expression)

    def sum_at_most(self, total: Var, parts: Iterable[Var]) -> None:
        """``Σ parts ≤ total`` (e.g. the age bands of a count, or a numerator ≤ denominator)."""
        expression: dict[Var, float] = {total: -1.0}
        for part in parts:
            expression[part] = expression.get(part, 0.0) + 1.0
        self.at_most(expression)


@dataclass(frozen=True)
class Interval:
    low: float
    high: float

    @property
    def width(self) -> float:
        return self.high - self.low

    @property
    def safe(self) -> bool:
        return self.width >= PROTECTION - _TOLERANCE


class Infeasible(RuntimeError):
    """The published numbers contradict the constraints: a modelling error, never published."""


def _substitute(
    rows: list[tuple[dict[Var, float], float]], known: Mapping[Var, float]
) -> list[tuple[dict[Var, float], float]]:
    out = []
    for expression, value in rows:
        rest: dict[Var, float] = {}
        for var, a in expression.items():
            if var in known:
                value -= a * known[var]
            elif a:
                rest[var] = rest.get(var, 0.0) + a
        out.append((rest, value))
    return out


class _Components:
    def __init__(self) -> None:
        self.parent: dict[Var, Var] = {}

    def find(self, v: Var) -> Var:
        self.parent.setdefault(v, v)
        while self.parent[v] != v:
            self.parent[v] = self.parent[self.parent[v]]
            v = self.parent[v]
        return v

    def join(self, vs: Iterable[Var]) -> None:
        vs = list(vs)
        for v in vs[1:]:
            a, b = self.find(vs[0]), self.find(v)
            if a != b:
                self.parent[b] = a


def intervals(
    system: System,
    known: Mapping[Var, float],
    targets: Mapping[K, Expression],
    *,
    truth: Mapping[Var, float] | None = None,
    memo: dict[Hashable, Interval] | None = None,
    solver: str = "highs",
) -> dict[K, Interval]:
    """The feasible interval of every target expression, given the known (published) counts.

    With ``truth`` (the true counts, a feasible point) the minimum is skipped when the maximum
    alone shows the interval is wide enough: the interval then reported runs from the true value
    to the maximum, a lower bound of its width. ``memo`` keeps intervals between calls, keyed by
    the target's whole component, so a repeated audit re-solves only what changed.

    Raises :class:`Infeasible` when the known counts contradict the system."""
    eqs = _substitute(system.equalities, known)
    ubs = _substitute(system.inequalities, known)
    for expression, value in eqs:
        if not expression and abs(value) > 1e-6:
            raise Infeasible(f"published counts break an equation (off by {value})")
    for expression, value in ubs:
        if not expression and value < -1e-6:
            raise Infeasible(f"published counts break an inequality (off by {-value})")
    components = _Components()
    for row, _value in (*eqs, *ubs):
        if row:
            components.join(row)
    for target in targets.values():
        unknown = [v for v in target if v not in known]
        if unknown:
            components.join(unknown)
    rows: dict[Var, tuple[list[int], list[int]]] = {}
    for i, (row, _value) in enumerate(eqs):
        if row:
            rows.setdefault(components.find(next(iter(row))), ([], []))[0].append(i)
    for i, (row, _value) in enumerate(ubs):
        if row:
            rows.setdefault(components.find(next(iter(row))), ([], []))[1].append(i)
    out: dict[K, Interval] = {}
    solved: dict[Var, _Programme] = {}
    signatures: dict[Var, Hashable] = {}
    for key, wanted in targets.items():
        constant = sum(a * known[v] for v, a in wanted.items() if v in known)
        free = {v: a for v, a in wanted.items() if v not in known and a}
        if not free:
            out[key] = Interval(constant, constant)
            continue
        root = components.find(next(iter(free)))
        in_eq, in_ub = rows.get(root, ([], []))
        if root not in signatures:
            signatures[root] = (
                frozenset(_frozen(eqs[i]) for i in in_eq),
                frozenset(_frozen(ubs[i]) for i in in_ub),
            )
        memo_key = (signatures[root], tuple(sorted(free.items(), key=repr)))
        if memo is not None and memo_key in memo:
            found = memo[memo_key]
        else:
            if root not in solved:
                solved[root] = _Programme(
                    [eqs[i] for i in in_eq], [ubs[i] for i in in_ub], free, solver
                )
            true = None
            if truth is not None and all(v in truth for v in free):
                true = sum(a * truth[v] for v, a in free.items())
            found = solved[root].range(free, true)
            if memo is not None:
                memo[memo_key] = found
        out[key] = Interval(constant + found.low, constant + found.high)
    return out


def _frozen(row: tuple[dict[Var, float], float]) -> Hashable:
    return (frozenset(row[0].items()), row[1])


def components(system: System, known: Mapping[Var, float]) -> dict[Var, frozenset[Var]]:
    """Each unknown count → the unknown counts linked to it through some constraint (what
    withholding must cover if hiding fails)."""
    joined = _Components()
    for expression, _value in (
        *_substitute(system.equalities, known),
        *_substitute(system.inequalities, known),
    ):
        if expression:
            joined.join(expression)
    groups: dict[Var, set[Var]] = {}
    for v in list(joined.parent):
        groups.setdefault(joined.find(v), set()).add(v)
    frozen = {root: frozenset(members) for root, members in groups.items()}
    return {v: frozen[joined.find(v)] for v in joined.parent}


try:  # the HiGHS solver that linprog(method="highs") runs, called without linprog's wrapper
    from scipy.optimize._highspy import _core as _highs
except ImportError:  # pragma: no cover - another SciPy: linprog alone still works
    _highs = None


class _Programme:
    """One connected component as a HiGHS model, reused for every target in it.

    ``linprog(method="highs")`` re-checks its inputs and options on every call, ~3 ms for a
    model solved in 0.05 ms; here the model is passed to HiGHS once and only the objective
    changes between targets (the solver warm-starts from the last basis). ``solver="linprog"``
    solves with ``scipy.optimize.linprog`` instead; a test checks the two agree."""

    def __init__(
        self,
        eqs: list[tuple[dict[Var, float], float]],
        ubs: list[tuple[dict[Var, float], float]],
        extra: Iterable[Var],
        solver: str = "highs",
    ) -> None:
        names: dict[Var, int] = {}
        for expression, _value in (*eqs, *ubs):
            for v in expression:
                names.setdefault(v, len(names))
        for v in extra:
            names.setdefault(v, len(names))
        self.names = names
        self.eqs, self.ubs = eqs, ubs
        self.model = None
        if solver == "highs" and _highs is not None:
            self.model = self._highs_model()

    def _highs_model(self) -> Any:
        assert _highs is not None
        n = len(self.names)
        inf = _highs.kHighsInf
        rows = [*self.eqs, *self.ubs]
        lp = _highs.HighsLp()
        lp.num_col_, lp.num_row_ = n, len(rows)
        lp.col_cost_ = np.zeros(n)
        lp.col_lower_ = np.zeros(n)
        lp.col_upper_ = np.full(n, inf)
        lp.row_lower_ = np.array([b for _e, b in self.eqs] + [-inf] * len(self.ubs))
        lp.row_upper_ = np.array([b for _e, b in rows])
        starts, index, value = [0], [], []
        for expression, _b in rows:
            for v, a in expression.items():
                index.append(self.names[v])
                value.append(a)
            starts.append(len(index))
        matrix = lp.a_matrix_
        matrix.format_ = _highs.MatrixFormat.kRowwise
        matrix.start_ = np.array(starts, dtype=np.int32)
        matrix.index_ = np.array(index, dtype=np.int32)
        matrix.value_ = np.array(value, dtype=float)
        matrix.num_col_, matrix.num_row_ = n, len(rows)
        model = _highs._Highs()
        model.setOptionValue("output_flag", False)
        model.passModel(lp)
        return model

    def _minimum(self, c: np.ndarray) -> float:
        """min c·x over the component (−∞ when unbounded)."""
        if self.model is not None:
            model = self.model
            model.changeColsCost(len(c), np.arange(len(c), dtype=np.int32), c)
            model.run()
            status = model.getModelStatus()
            if status == _highs.HighsModelStatus.kOptimal:
                return float(model.getInfo().objective_function_value)
            if status == _highs.HighsModelStatus.kUnbounded:
                return -math.inf
            if status == _highs.HighsModelStatus.kInfeasible:
                raise Infeasible("the published counts admit no true counts")
            # Anything else (e.g. "unbounded or infeasible"): ask linprog, which decides.
        a_eq, b_eq = self._matrix(self.eqs)
        a_ub, b_ub = self._matrix(self.ubs)
        found = linprog(
            c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs"
        )
        if found.status == 3:
            return -math.inf
        if found.status == 2:
            raise Infeasible("the published counts admit no true counts")
        if found.status != 0:
            raise Infeasible(f"the solver stopped: {found.message}")
        return float(found.fun)

    def _matrix(
        self, rows: list[tuple[dict[Var, float], float]]
    ) -> tuple[np.ndarray | None, np.ndarray | None]:
        if not rows:
            return None, None
        matrix = np.zeros((len(rows), len(self.names)))
        for r, (expression, _value) in enumerate(rows):
            for v, a in expression.items():
                matrix[r, self.names[v]] += a
        return matrix, np.array([value for _e, value in rows])

    def range(self, expression: Mapping[Var, float], true: float | None = None) -> Interval:
        c = np.zeros(len(self.names))
        for v, a in expression.items():
            c[self.names[v]] = a
        high = -self._minimum(-c)  # the maximum first: it may settle the question alone
        if true is not None and high - true >= PROTECTION:
            return Interval(true, high)
        return Interval(self._minimum(c), high)
