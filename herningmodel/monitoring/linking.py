"""Everything published for one period as one system of linear constraints over true counts.

The tables of a period (every indicator, for all ages and for each age band) are linked in
three ways, and the attacker of ``docs/disclosure.md`` knows all three:

* **Additivity inside a table**: districts add up to the pilot and control rows and to the
  municipality, an additive indicator's series add up to its total column (and every series of
  a common-denominator indicator shares one denominator).
* **The same count in two tables** is one variable (``FACTS``): the step-downs of
  ``step_moves`` are the denominators of ``step_up_after_step_down`` and
  ``step_downs_without_measurement``; the children on steps 4–6 of
  ``children_per_1000_by_step`` are the numerators of ``placement_type_shares``, whose
  denominator is the numerator of ``placements_per_1000``; the cases opened are the
  denominators of both opening indicators, the placements ended of both placement-ending ones.
  The children on steps 4–6 together are at least the children placed.
* **Age bands**: an age band's count is part of the count for all ages (≤, not =: a young
  person of 18 at the end of the period is in no band); the population is split exactly.

Plus non-negativity and, for a share, numerator ≤ denominator. The population of a district is
public (Statistics Denmark publishes it), so it is always a known constant.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

from herningmodel.monitoring.attacker import Expression, System, components
from herningmodel.monitoring.indicators import TOTAL, Result

TableKey = tuple[str, str]  # (indicator id, age band or "" for all ages)
CellKey = tuple[TableKey, int]  # a table and a flat cell index (row × columns + column)
Target = tuple[TableKey, int, str]  # a cell and the number judged: numerator/denominator/complement

_STEPS = [str(n) for n in range(1, 7)]
_PLACED = ["4", "5", "6"]
_POPULATION = "population"


def _facts() -> dict[tuple[str, str, str], tuple[str, str]]:
    """(indicator, number, series) → (fact, series): the same count published twice."""
    facts = {
        ("step_moves", "numerator", "down"): ("step_downs", ""),
        ("step_up_after_step_down", "denominator", ""): ("step_downs", ""),
        ("step_downs_without_measurement", "denominator", ""): ("step_downs", ""),
        ("placements_per_1000", "numerator", ""): ("children_placed", ""),
        ("age_at_opening", "denominator", ""): ("cases_opened", ""),
        ("opened_before_birth_or_age_0", "denominator", ""): ("cases_opened", ""),
        ("placement_duration", "denominator", ""): ("placements_ended", ""),
        ("placement_breakdowns", "denominator", ""): ("placements_ended", ""),
        ("notifications_per_1000", "denominator", ""): (_POPULATION, ""),
        ("placements_per_1000", "denominator", ""): (_POPULATION, ""),
    }
    for s in _STEPS:
        facts[("children_per_1000_by_step", "numerator", s)] = ("children_on_step", s)
        facts[("children_per_1000_by_step", "denominator", s)] = (_POPULATION, "")
        facts[("cost_per_child", "denominator", s)] = (_POPULATION, "")
    facts[("cost_per_child", "denominator", TOTAL)] = (_POPULATION, "")
    for s in _PLACED:
        facts[("placement_type_shares", "numerator", s)] = ("children_on_step", s)
        facts[("placement_type_shares", "denominator", s)] = ("children_placed", "")
    return facts


FACTS = _facts()


def row_key(result: Result, index: int) -> tuple[str, object]:
    row = result.rows[index]
    if row.kind == "district":
        return ("district", row.district_id)
    if row.kind == "group":
        return ("group", row.group)
    return ("total", "")


def variable(table: TableKey, result: Result, flat: int, number: str) -> Hashable:
    """The true count behind one number of one cell, the same for every table publishing it."""
    indicator, band = table
    n = len(result.columns)
    r, c = divmod(flat, n)
    series = result.columns[c][0]
    fact = FACTS.get((indicator, number, series))
    if fact is not None:
        return (band, row_key(result, r), *fact)
    return (band, row_key(result, r), indicator, series, number)


def is_population(var: Hashable) -> bool:
    return isinstance(var, tuple) and len(var) == 4 and var[2] == _POPULATION


def _number(result: Result, flat: int, number: str) -> float | None:
    n = len(result.columns)
    cell = result.rows[flat // n].cells[flat % n]
    value = cell.numerator if number == "numerator" else cell.denominator
    return None if value is None else float(value)


@dataclass
class Linked:
    system: System
    known: dict[Hashable, float]
    targets: dict[Target, Expression]
    publishers: dict[Hashable, list[CellKey]]  # variable → the cells publishing it
    truth: dict[Hashable, float]  # the true counts (to pick cheap complements; never published)

    def component(self, var: Hashable) -> frozenset[Hashable]:
        """The unknown counts linked to ``var`` (computed once per system)."""
        if not hasattr(self, "_components"):
            self._components = components(self.system, self.known)
        return self._components.get(var, frozenset({var}))

    def neighbours(self, var: Hashable) -> set[Hashable]:
        """The published counts sharing a constraint with ``var``: what pins it down."""
        if not hasattr(self, "_index"):
            index: dict[Hashable, list[dict[Hashable, float]]] = {}
            for expression, _value in (*self.system.equalities, *self.system.inequalities):
                for v in expression:
                    index.setdefault(v, []).append(expression)
            self._index = index
        return {
            v
            for expression in self._index.get(var, [])
            for v in expression
            if v != var and v in self.known and not is_population(v)
        }


def _row_sums(result: Result) -> list[tuple[int, list[int]]]:
    """(total row, its part rows) as ``indicators.table_equations`` adds rows up."""
    index = {id(r): i for i, r in enumerate(result.rows)}
    districts = [r for r in result.rows if r.kind == "district"]
    groups = [r for r in result.rows if r.kind == "group"]
    sums = [(index[id(g)], [index[id(d)] for d in districts if d.group == g.group]) for g in groups]
    if districts:
        sums.append((len(result.rows) - 1, [index[id(d)] for d in districts]))
    return sums


def _table_constraints(system: System, table: TableKey, result: Result) -> None:
    ind = result.indicator
    n = len(result.columns)

    def var(flat: int, number: str) -> Hashable:
        return variable(table, result, flat, number)

    for number in ind.counted:
        for total, parts in _row_sums(result):
            for c in range(n):
                system.sum_is(var(total * n + c, number), [var(p * n + c, number) for p in parts])
        if ind.additive and n > 1:
            for r in range(len(result.rows)):
                last = r * n + n - 1
                if number == "denominator" and ind.common_denominator:
                    for c in range(n - 1):
                        system.sum_is(var(last, number), [var(r * n + c, number)])
                else:
                    system.sum_is(var(last, number), [var(r * n + c, number) for c in range(n - 1)])
    if ind.is_share:
        for flat in range(len(result.rows) * n):
            system.sum_at_most(var(flat, "denominator"), [var(flat, "numerator")])


def build(tables: Mapping[TableKey, Result], hidden: Mapping[TableKey, Iterable[int]]) -> Linked:
    """The attacker's system for the tables as published with ``hidden`` cells, and the targets
    to audit: every number of 1–4 (and every share complement of 1–4) in a hidden cell."""
    system = System()
    known: dict[Hashable, float] = {}
    truth: dict[Hashable, float] = {}
    targets: dict[Target, Expression] = {}
    publishers: dict[Hashable, list[CellKey]] = {}
    rows_of: dict[str, set[tuple[str, object]]] = {}
    for table, result in tables.items():
        ind = result.indicator
        if not ind.small_cells or not ind.counted:
            continue
        _table_constraints(system, table, result)
        secret = set(hidden.get(table, ()))
        n = len(result.columns)
        for flat in range(len(result.rows) * n):
            values = {}
            for number in ind.counted:
                var = variable(table, result, flat, number)
                value = _number(result, flat, number)
                if value is None:
                    continue
                values[number] = value
                truth[var] = value
                publishers.setdefault(var, []).append((table, flat))
                if flat not in secret or is_population(var):
                    known[var] = value
                elif 0 < value < 5:
                    targets[(table, flat, number)] = {var: 1.0}
            if flat in secret and ind.is_share and len(values) == 2:
                rest = values["denominator"] - values["numerator"]
                if 0 < rest < 5:
                    targets[(table, flat, "complement")] = {
                        variable(table, result, flat, "denominator"): 1.0,
                        variable(table, result, flat, "numerator"): -1.0,
                    }
        for r in range(len(result.rows)):
            rows_of.setdefault(table[1], set()).add(row_key(result, r))
    _cross_constraints(system, truth, rows_of)
    return Linked(system, known, targets, publishers, truth)


def _cross_constraints(
    system: System, truth: Mapping[Hashable, float], rows_of: Mapping[str, set[tuple[str, object]]]
) -> None:
    variables = set(truth)
    bands = sorted(b for b in rows_of if b)
    # The children on steps 4–6 together are at least the children placed.
    for band, rows in rows_of.items():
        for row in rows:
            placed = (band, row, "children_placed", "")
            steps = [(band, row, "children_on_step", s) for s in _PLACED]
            if placed in variables and all(s in variables for s in steps):
                system.at_most({placed: 1.0, **{s: -1.0 for s in steps}})
    # An age band's count is part of the count for all ages; the population is split exactly.
    if not bands:
        return
    for var in variables:
        if not (isinstance(var, tuple) and var[0] == ""):
            continue
        parts = [(b, *var[1:]) for b in bands]
        if not all(p in variables for p in parts):
            continue
        if is_population(var):
            system.sum_is(var, parts)
        else:
            system.sum_at_most(var, parts)
