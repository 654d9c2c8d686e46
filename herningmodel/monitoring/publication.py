"""The one place that decides which cells anyone without case access may see, for every channel.

Whatever a role without case access can obtain for one period (every indicator, the pilot,
control and municipality rows, the age-band filters, the district filter) is protected as one
linked set (``docs/disclosure.md``):

1. **Every table of the period** is computed for all ages and for each age band
   (``linked_set``); a district or group filter only shows rows of these tables.
2. **Primary rule after aggregation and per-table secondary suppression**
   (``indicators.protect_table``): no published count, numerator or complement is 1–4, and no
   hidden cell can be worked out exactly from its own table.
3. **Self-audit** (``attacker.intervals`` over ``linking.build``): for every hidden count of
   1–4 the smallest and largest value the attacker's linear programme allows. While a count's
   interval is narrower than ``attacker.PROTECTION``, more is hidden: first the other cells that
   publish the same count, then a cell of its table that shares an equation with it, and after
   ``_TRIES`` attempts the whole table (and then every table linked to it) is withheld. If no
   safe pattern is found within ``_ROUNDS`` rounds or ``BUDGET_SECONDS``, every table of the
   period is withheld: never published unsafe.

``publish`` is what ``board.compute`` calls for every suppressed channel (pages, API, reports,
the aggregate export, the command line). The pattern of a period is cached per data version
by the figures of its tables for all ages (``_fingerprint``); a published table whose figures
differ from the pattern's (an age band or district changed alone) makes it be recomputed.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass, field, replace
from typing import Any

from django.utils.translation import gettext as _

from herningmodel.monitoring import attacker, linking, shared
from herningmodel.monitoring import indicators as ind
from herningmodel.monitoring.indicators import Indicator, Result
from herningmodel.monitoring.scope import AgeGroup, Period, Scope

logger = logging.getLogger(__name__)
BANDS: tuple[str, ...] = ("", *(a.value for a in AgeGroup))
BUDGET_SECONDS = 60.0
_ROUNDS = 60
_TRIES = 4  # complements tried for one sensitive cell before its table is withheld


@dataclass
class Audit:
    """What the self-audit checked, for the command line and the benchmark."""

    period: str
    tables: int = 0
    cells: int = 0
    hidden: int = 0
    sensitive: int = 0  # hidden numbers of 1–4 whose interval was computed
    narrowest: float | None = None  # the narrowest interval of a sensitive hidden number
    narrowest_at: str = ""
    breaches: list[str] = field(default_factory=list)
    withheld: list[str] = field(default_factory=list)
    rounds: int = 0
    seconds: float = 0.0  # protection and audit (not computing the tables)
    compute_seconds: float = 0.0

    @property
    def passed(self) -> bool:
        return not self.breaches


@dataclass
class Pattern:
    period: Period
    tables: dict[linking.TableKey, Result]  # unsuppressed
    hidden: dict[linking.TableKey, frozenset[int]]
    withheld: set[linking.TableKey]
    audit: Audit


def linked_set(
    period: Period, base: dict[str, Result] | None = None
) -> dict[linking.TableKey, Result]:
    """Every indicator for all ages and each age band: what the filters offer for a period
    (``base``: the tables for all ages, when computed already)."""
    tables: dict[linking.TableKey, Result] = {(k, ""): r for k, r in (base or {}).items()}
    with shared.computing():
        for band in BANDS:
            if band == "" and base is not None:
                continue
            scope = Scope(period, age_group=AgeGroup(band) if band else None)
            for indicator in ind.all_indicators():
                tables[(indicator.id, band)] = ind.evaluate(indicator, scope)
    return tables


def protect(tables: dict[linking.TableKey, Result], period_label: str = "") -> Pattern:
    """The hidden cells of every table, audited together; see the module's docstring."""
    began = time.perf_counter()
    hidden = {key: set(ind.protect_table(result)) for key, result in tables.items()}
    withheld: set[linking.TableKey] = set()
    tries: dict[linking.CellKey, int] = {}
    audit = Audit(period_label)
    found: dict[Any, attacker.Interval] = {}
    memo: dict[Hashable, attacker.Interval] = {}
    for round_ in range(1, _ROUNDS + 1):
        audit.rounds = round_
        linked = linking.build(tables, hidden)
        try:
            found = attacker.intervals(
                linked.system, linked.known, linked.targets, truth=linked.truth, memo=memo
            )
        except attacker.Infeasible:
            logger.exception("the published counts of %s contradict the constraints", period_label)
            withheld |= set(tables)
            break
        wrong = [
            t
            for t, interval in found.items()
            if not interval.low - 1e-6 <= _true(linked, t) <= interval.high + 1e-6
        ]
        if wrong:  # the model excludes the true counts: a modelling error, never publish
            logger.error("the disclosure model excludes the true counts of %s", wrong[:3])
            withheld |= set(tables)
            break
        breaches = [t for t, interval in found.items() if not interval.safe]
        if not breaches:
            break
        if time.perf_counter() - began > BUDGET_SECONDS:
            withheld |= set(tables)
            break
        for target in breaches:
            _repair(target, tables, hidden, withheld, linked, tries)
        for key in withheld:
            hidden[key] = set(range(_size(tables[key])))
    else:
        withheld |= set(tables)
    if withheld == set(tables):
        hidden = {key: set(range(_size(result))) for key, result in tables.items()}
        linked = linking.build(tables, hidden)
        try:
            found = attacker.intervals(linked.system, linked.known, linked.targets)
        except attacker.Infeasible:
            found = {}
    # Hiding more never narrows an interval, so the audit still holds after this: no hidden
    # cell may be worked out exactly from its own table either (money and means, which the
    # audit does not model, rely on it).
    hidden = {key: ind.protect_table(tables[key], hidden[key]) for key in hidden}
    audit.seconds = time.perf_counter() - began
    _summarise(audit, tables, hidden, withheld, found)
    return Pattern(
        period=next(iter(tables.values())).scope.period,
        tables=tables,
        hidden={k: frozenset(v) for k, v in hidden.items()},
        withheld=withheld,
        audit=audit,
    )


def _true(linked: linking.Linked, target: linking.Target) -> float:
    return sum(a * linked.truth.get(v, 0.0) for v, a in linked.targets[target].items())


def _size(result: Result) -> int:
    return len(result.rows) * len(result.columns)


def _repair(
    target: linking.Target,
    tables: dict[linking.TableKey, Result],
    hidden: dict[linking.TableKey, set[int]],
    withheld: set[linking.TableKey],
    linked: linking.Linked,
    tries: dict[linking.CellKey, int],
) -> None:
    """Hide more so that ``target`` gets a wider interval (it will be audited again)."""
    table, flat, number = target
    expression = linked.targets[target]

    def shown(cells: list[linking.CellKey]) -> list[linking.CellKey]:
        return [c for c in cells if c[1] not in hidden[c[0]]]

    # 1. The count is published by another, shown cell: hide that cell too.
    pinned = [v for v in expression if v in linked.known and not linking.is_population(v)]
    if number == "complement":  # a shown denominator alone leaves the numerator's freedom
        pinned = [v for v, a in expression.items() if a < 0 and v in linked.known]
    exposed = [c for v in pinned for c in shown(linked.publishers.get(v, []))]
    if exposed:
        for key, cell in exposed:
            hidden[key].add(cell)
        return
    if pinned:  # its publishers were hidden for another target this round: audit again first
        return
    # 2. A shown count sharing a constraint with it (same table or linked): the cheapest.
    attempts = tries.get((table, flat), 0)
    tries[(table, flat)] = attempts + 1
    near = {
        (cell, v)
        for var in expression
        if var not in linked.known
        for v in linked.neighbours(var)
        for cell in shown(linked.publishers.get(v, []))
    }
    if not near and any(linked.neighbours(v) for v in expression if v not in linked.known):
        return  # what pins it was hidden for another target this round: audit again first
    if not near:  # pinned through hidden counts: what pins those
        reach = set().union(
            *(linked.component(var) for var in expression if var not in linked.known)
        )
        near = {
            (cell, v)
            for var in reach
            for v in linked.neighbours(var)
            for cell in shown(linked.publishers.get(v, []))
        }
    if near and attempts < _TRIES:
        chosen, _v = min(near, key=lambda cv: _cost(tables, cv[0], linked.truth.get(cv[1], 0.0)))
        hidden[chosen[0]].add(chosen[1])
        return
    if near and attempts < 2 * _TRIES:  # 3. every shown count that constrains it
        for (key, c), _v in near:
            hidden[key].add(c)
        return
    # 4. Withhold the table, and every table publishing a count linked to this one.
    withheld.add(table)
    for var in expression:
        if var not in linked.known:
            for v in linked.component(var) | linked.neighbours(var):
                withheld.update(key for key, _c in linked.publishers.get(v, []))


# Grand totals and totals per table shape (they depend on the rows and columns only).
_TIERS: dict[Hashable, tuple[set[int], set[int]]] = {}


def _cost(
    tables: dict[linking.TableKey, Result], cell: linking.CellKey, count: float
) -> tuple[int, int, float, str, int]:
    """Interior cells before subtotals before grand totals; a count of at least the protection
    level first (it widens the interval most), then the smallest (the least information lost)."""
    result = tables[cell[0]]
    shape = (
        result.indicator.additive,
        tuple(k for k, _label in result.columns),
        tuple((r.kind, r.group) for r in result.rows),
    )
    if shape not in _TIERS:
        equations = ind.table_equations(result)
        totals = {e.total for e in equations}
        _TIERS[shape] = (totals - {p for e in equations for p in e.parts}, totals)
    grand, totals = _TIERS[shape]
    tier = 2 if cell[1] in grand else 1 if cell[1] in totals else 0
    return (tier, 0 if count >= attacker.PROTECTION else 1, count, cell[0][0] + cell[0][1], cell[1])


def _summarise(
    audit: Audit,
    tables: dict[linking.TableKey, Result],
    hidden: dict[linking.TableKey, set[int]],
    withheld: set[linking.TableKey],
    found: dict[Any, attacker.Interval],
) -> None:
    audit.tables = len(tables)
    audit.cells = sum(_size(r) for r in tables.values())
    audit.hidden = sum(len(h) for h in hidden.values())
    audit.sensitive = len(found)
    audit.withheld = sorted(f"{i}{'/' + b if b else ''}" for i, b in withheld)
    audit.breaches = []
    for (table, flat, number), interval in sorted(found.items(), key=lambda x: x[1].width):
        where = _where(tables[table], table, flat, number)
        if audit.narrowest is None:
            audit.narrowest, audit.narrowest_at = interval.width, where
        if not interval.safe:
            audit.breaches.append(f"{where}: {interval.low:g}–{interval.high:g}")


def _where(result: Result, table: linking.TableKey, flat: int, number: str) -> str:
    n = len(result.columns)
    row = result.rows[flat // n]
    column = result.columns[flat % n][0]
    band = f" ({table[1]})" if table[1] else ""
    return f"{table[0]}{band} {row.label}{' · ' + column if column else ''} {number}"


# --- the cache: one pattern per period and data version -------------------------------------

_CACHE: OrderedDict[tuple[str, str], Pattern] = OrderedDict()
_CACHE_SIZE = 16


def _fingerprint(base: dict[str, Result]) -> str:
    """The figures of every table for all ages: the pattern is reused while they are the same
    (a change in an age band alone is caught when that band is published: ``Stale``)."""
    digest = hashlib.sha256()
    for key in sorted(base):
        result = base[key]
        digest.update(key.encode())
        for row in result.rows:
            digest.update(repr((row.kind, row.district_id, row.group)).encode())
            for c in row.cells:
                digest.update(repr((c.numerator, c.denominator, c.children)).encode())
    return digest.hexdigest()


@shared.once
def _base(scope: Scope) -> dict[str, Result]:
    """Every indicator for all ages, computed once per board (a board asks for the previous
    period's indicators one at a time, each through ``pattern_for``)."""
    return {i.id: ind.evaluate(i, scope) for i in ind.all_indicators()}


def pattern_for(period: Period, *, fresh: bool = False) -> Pattern:
    """The period's pattern, computed or reused: the tables for all ages are computed every
    time (their figures are the cache key), the age bands and the audit only when they changed."""
    began = time.perf_counter()
    with shared.computing():
        base = _base(Scope(period))
    key = (period.label, _fingerprint(base))
    if not fresh and key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    tables = linked_set(period, base)
    computed = time.perf_counter() - began
    found = protect(tables, period.label)
    found.audit.compute_seconds = computed
    _CACHE[key] = found
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return found


def clear_cache() -> None:
    _CACHE.clear()


# --- what a scope publishes -------------------------------------------------------------------


class Stale(RuntimeError):
    """The scope's figures differ from the pattern's: the data changed since it was made."""


def publish(scope: Scope, chosen: list[Indicator]) -> dict[str, Result]:
    """The chosen indicators for the scope as anyone without case access may see them."""
    pattern = pattern_for(scope.period)
    try:
        return _publish(scope, chosen, pattern)
    except Stale:
        pass
    try:
        return _publish(scope, chosen, pattern_for(scope.period, fresh=True))
    except Stale:  # still not the pattern's figures: a modelling error; publish nothing
        logger.error("disclosure pattern does not match the figures of %s", scope)
        return _withhold_all(scope, chosen)


def _withhold_all(scope: Scope, chosen: list[Indicator]) -> dict[str, Result]:
    reason = _("Withheld: the figures could not be checked against the disclosure pattern.")
    out = {}
    for indicator in chosen:
        result = ind.evaluate(indicator, scope)
        out[indicator.id] = replace(ind.hide(result, set(range(_size(result)))), withheld=reason)
    return out


def _publish(scope: Scope, chosen: list[Indicator], pattern: Pattern) -> dict[str, Result]:
    band = scope.age_group.value if scope.age_group else ""
    out = {}
    with shared.computing():
        for indicator in chosen:
            key = (indicator.id, band)
            master = pattern.tables.get(key)
            unfiltered = (scope.district_ids, scope.team_ids, scope.group) == (None, None, None)
            # For all ages the pattern's tables are this very computation (same figures).
            if unfiltered and not band and master is not None:
                result = master
            else:
                result = ind.evaluate(indicator, scope)
            if master is None:
                raise Stale(key)
            hidden, reason = _project(result, master, pattern.hidden[key], scope)
            if key in pattern.withheld:
                reason = _(
                    "Withheld: no pattern of hidden cells could be shown to protect every "
                    "count of 1–4 children in time."
                )
            out[indicator.id] = replace(ind.hide(result, hidden), withheld=reason)
    return out


def _same(a: ind.Cell, b: ind.Cell) -> bool:
    return a.numerator == b.numerator and a.denominator == b.denominator


def _project(
    result: Result, master: Result, hidden: frozenset[int], scope: Scope
) -> tuple[set[int], str]:
    """The cells of a (possibly filtered) result to hide, taken from the period's pattern: a
    row that is a row of the pattern's table takes its cells' state; a sum the pattern does not
    publish (several districts) is shown only where every district in it is shown."""
    n = len(result.columns)
    everything = set(range(_size(result)))
    if scope.team_ids is not None:
        return everything, _("Figures for a team are not published without case access.")
    filtered = scope.district_ids is not None or scope.group is not None
    if filtered and not result.indicator.by_district:
        return everything, _(
            "This indicator is published for the whole municipality only, not for a filter "
            "on districts."
        )
    by_key = {linking.row_key(master, i): i for i in range(len(master.rows))}
    districts = [r for r in result.rows if r.kind == "district"]
    out: set[int] = set()
    for r, row in enumerate(result.rows):
        if row.kind == "district":
            members = [row]
        elif row.kind == "group":
            members = [d for d in districts if d.group == row.group]
        else:
            members = districts
        ids = {d.district_id for d in members}
        source = _master_row(master, by_key, row, ids)
        for c in range(n):
            if source is not None:
                if not _same(result.rows[r].cells[c], master.rows[source].cells[c]):
                    raise Stale(result.indicator.id)
                if source * n + c in hidden:
                    out.add(r * n + c)
                continue
            parts = [by_key.get(("district", i)) for i in ids]
            if any(p is None or p * n + c in hidden for p in parts) or ind.is_sensitive(
                result.indicator, result.rows[r].cells[c]
            ):
                out.add(r * n + c)
    return out, ""


def _master_row(
    master: Result, by_key: dict[tuple[str, object], int], row: ind.Row, ids: set[int | None]
) -> int | None:
    """The row of the pattern's table with the same figures as ``row`` (a district, a whole
    group or the municipality, or a single district standing for its group or total)."""
    if not master.indicator.by_district:
        return by_key.get(("total", ""))
    if row.kind == "district":
        return by_key.get(("district", row.district_id))
    if len(ids) == 1:
        return by_key.get(("district", next(iter(ids))))
    every = {d.district_id for d in master.rows if d.kind == "district"}
    if ids == every:
        return by_key.get(("total", ""))
    for group in {d.group for d in master.rows if d.kind == "group"}:
        if ids == {d.district_id for d in master.rows if d.kind == "district" and d.group == group}:
            return by_key.get(("group", group))
    return None
