"""Indicators, each defined once: what it means, its unit, which way is good, how it is computed.

An indicator's computation takes a ``Scope`` and returns, per district and series (e.g. per
staircase step), the numerator, the denominator and the number of children the cell describes.
Everything else is derived here, the same way for every indicator: the value
(numerator / denominator × the unit's factor), the pilot, control and municipality rows (sums of
the district rows' numerators and denominators), and the disclosure-control pattern. The web
pages, the API, the reports and ``docs/indicators.md`` all read the same definitions.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from herningmodel.monitoring import disclosure, hidden, shared
from herningmodel.monitoring.scope import Scope, ScopeError
from herningmodel.organisation.models import District, ModelStatus

Number = int | float | Decimal


class Unit(enum.StrEnum):
    COUNT = "count"
    PERCENT = "percent"
    PER_1000 = "per_1000"
    RATIO = "ratio"
    YEARS = "years"
    DAYS = "days"
    KR = "kr"

    @property
    def factor(self) -> int:
        return {Unit.PERCENT: 100, Unit.PER_1000: 1000}.get(self, 1)

    @property
    def symbol(self) -> str:
        return {
            Unit.PERCENT: "%",
            Unit.PER_1000: "‰",
            Unit.YEARS: _("years"),
            Unit.DAYS: _("days"),
            Unit.KR: "kr.",
        }.get(self, "")


class Good(enum.StrEnum):
    UP = "up"
    DOWN = "down"
    NEITHER = "neither"


class Theme(enum.StrEnum):
    CASELOAD = "caseload"
    DEADLINES = "deadlines"
    INTAKE = "intake"
    STAIRCASE = "staircase"
    PLACEMENTS = "placements"
    COSTS = "costs"
    OUTCOMES = "outcomes"


@dataclass(frozen=True)
class Part:
    """What a computation returns for one district and series."""

    numerator: Number = 0
    denominator: Number | None = None
    children: int = 0  # distinct children the cell describes: drives disclosure control


Key = tuple[int, str]  # (district id, series key); district 0 = the whole municipality
Computation = Callable[[Scope], dict[Key, Part]]
TOTAL = "total"


@dataclass(frozen=True)
class Indicator:
    id: str
    theme: Theme
    name_da: str
    name_en: str
    definition_da: str
    definition_en: str
    unit: Unit
    good: Good
    compute: Computation = field(repr=False)
    series: tuple[tuple[str, str], ...] = (("", ""),)  # (key, label); one unnamed by default
    # Series that are data (e.g. the intervention types of the catalogue), read when computed.
    series_from: Callable[[], tuple[tuple[str, str], ...]] | None = field(default=None, repr=False)
    additive: bool = False  # series add up to a row total
    by_district: bool = True
    costs: bool = False  # needs Perm.VIEW_COSTS
    small_cells: bool = True  # cells describe children, so disclosure control applies
    ratio: bool = True  # a ratio has no value where its denominator is empty; a count is 0
    common_denominator: bool = False  # every series shares one denominator (e.g. population)
    # Which of a cell's numbers count children or events about them (cases, deadlines,
    # episodes, notifications), so that the primary rule and the self-audit judge them; ``None``
    # takes the unit's default (see ``counted``). Sums of ages, days or kroner and counts of
    # social workers are not counts of children.
    counts: tuple[str, ...] | None = None
    share: bool | None = None  # numerator ⊆ denominator, so the complement is published too

    @property
    def counted(self) -> tuple[str, ...]:
        """``numerator``/``denominator``: the numbers that are counts about children."""
        if self.counts is not None:
            return self.counts
        if self.unit in (Unit.PERCENT, Unit.PER_1000):
            return ("numerator", "denominator")
        if self.unit is Unit.COUNT:
            return ("numerator",)
        return ("denominator",)  # a mean: a sum of values over a count of cases or episodes

    @property
    def is_share(self) -> bool:
        if self.share is not None:
            return self.share
        # Not a rate per 1,000: its population is counted apart (and may lag behind), so a
        # numerator above it is possible, and "population − count" describes no one.
        return self.unit is Unit.PERCENT and self.counted == ("numerator", "denominator")

    @property
    def all_series(self) -> tuple[tuple[str, str], ...]:
        return self.series_from() if self.series_from is not None else self.series

    @property
    def money(self) -> bool:
        """Cells about money (kroner, or spend as a share of the budget): a hidden one reads as
        a dash with a footnote, never "<5", which would read as "less than 5 kroner" (or %)."""
        return self.unit is Unit.KR or self.costs

    @property
    def name(self) -> str:
        return self.name_da if (get_language() or "da").startswith("da") else self.name_en

    @property
    def definition(self) -> str:
        return (
            self.definition_da if (get_language() or "da").startswith("da") else self.definition_en
        )


@dataclass(frozen=True)
class Cell:
    numerator: Number | None
    denominator: Number | None
    children: int | None
    value: float | None
    suppressed: bool = False

    @property
    def shown(self) -> str:
        if self.suppressed:
            return disclosure.SUPPRESSED
        if self.value is None:
            return "–"
        return f"{self.value:,.1f}" if abs(self.value) < 1000 else f"{self.value:,.0f}"


@dataclass(frozen=True)
class Row:
    label: str
    kind: str  # "district", "group" or "total"
    district_id: int | None
    group: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Result:
    indicator: Indicator
    scope: Scope
    columns: tuple[tuple[str, str], ...]
    rows: tuple[Row, ...]
    suppressed: bool = False  # whether disclosure control has been applied
    withheld: str = ""  # why every cell is hidden, when the whole table is withheld

    def total(self, series: str = "") -> Cell:
        keys = [k for k, _label in self.columns]
        return self.rows[-1].cells[keys.index(series)]

    def row(self, kind: str, group: str = "") -> Row | None:
        return next((r for r in self.rows if r.kind == kind and r.group == group), None)

    @property
    def children(self) -> int:
        return sum(c.children or 0 for r in self.rows if r.kind == "district" for c in r.cells)

    @property
    def hidden_money(self) -> bool:
        """Whether a hidden amount of money is shown, so the table needs its footnote."""
        return self.indicator.money and any(c.suppressed for r in self.rows for c in r.cells)


def _value(numerator: Number | None, denominator: Number | None, unit: Unit) -> float | None:
    if numerator is None:
        return None
    if denominator is None:
        return float(numerator)
    if not denominator:
        return None
    return float(numerator) / float(denominator) * unit.factor


def _add(parts: list[Part]) -> Part:
    dens = [p.denominator for p in parts if p.denominator is not None]
    return Part(
        numerator=sum((p.numerator for p in parts), start=0),
        denominator=sum(dens, start=0) if dens else None,
        children=sum(p.children for p in parts),
    )


@shared.once
def districts_in(scope: Scope) -> list[District]:
    """The scope's districts by name (read once per board: every indicator's rows; the
    list is shared, so callers must not change it)."""
    qs = District.objects.order_by("name")
    if scope.district_ids is not None:
        qs = qs.filter(pk__in=scope.district_ids)
    if scope.team_ids is not None:
        qs = qs.filter(teams__in=scope.team_ids).distinct()
    if scope.group is not None:
        qs = qs.filter(model_status=scope.group.value)
    return list(qs)


def evaluate(indicator: Indicator, scope: Scope) -> Result:
    parts = indicator.compute(scope)
    series = indicator.all_series
    columns = series
    if indicator.additive and len(columns) > 1:
        columns = (*columns, (TOTAL, _("Total")))
    keys = [k for k, _label in series]

    def line(found: dict[str, Part]) -> list[Part]:
        empty = Part(denominator=0 if indicator.ratio else None)
        cells = [found.get(k, empty) for k in keys]
        if indicator.additive and len(keys) > 1:
            total = _add(cells)
            if indicator.common_denominator:
                dens = [c.denominator or 0 for c in cells]
                total = replace(total, denominator=max(dens, default=0))
            cells.append(total)
        return cells

    raw: list[tuple[str, str, int | None, str, list[Part]]] = []
    if indicator.by_district:
        districts = districts_in(scope)
        by: dict[int, dict[str, Part]] = {}
        for (district_id, key), part in parts.items():
            by.setdefault(district_id, {})[key] = part
        for d in districts:
            raw.append((d.name, "district", d.pk, d.model_status, line(by.get(d.pk, {}))))
        for status in (ModelStatus.PILOT, ModelStatus.CONTROL):
            members = [r[4] for r in raw if r[1] == "district" and r[3] == status]
            if members:
                summed = [_add([m[i] for m in members]) for i in range(len(columns))]
                raw.append((str(status.label), "group", None, status.value, summed))
        district_rows = [r[4] for r in raw if r[1] == "district"]
        total = [_add([m[i] for m in district_rows]) for i in range(len(columns))]
    else:
        total = line({s: p for (_d, s), p in parts.items()})
    raw.append((_("All districts"), "total", None, "", total))
    rows = tuple(
        Row(
            label,
            kind,
            district_id,
            group,
            tuple(
                Cell(
                    p.numerator,
                    p.denominator,
                    p.children,
                    _value(p.numerator, p.denominator, indicator.unit),
                )
                for p in cells
            ),
        )
        for label, kind, district_id, group, cells in raw
    )
    return Result(indicator, scope, columns, rows)


def small_numbers(indicator: Indicator, cell: Cell) -> list[str]:
    """Which of the cell's published numbers are about 1–4 children or events about them: the
    counts, and for a share the complement (denominator − numerator) too. Judged on the cell as
    published, so a total summed from districts is judged on the sum, not on its parts."""
    found = []
    numbers = {"numerator": cell.numerator, "denominator": cell.denominator}
    for name in indicator.counted:
        if disclosure.is_small_count(numbers[name]):
            found.append(name)
    if indicator.is_share and cell.numerator is not None and cell.denominator is not None:
        if disclosure.is_small_count(float(cell.denominator) - float(cell.numerator)):
            found.append("complement")
    return found


def is_sensitive(indicator: Indicator, cell: Cell) -> bool:
    """The primary rule: a cell about 1–4 children (distinct children, or any count it
    publishes, or a share's complement) is hidden."""
    return disclosure.is_small(cell.children) or bool(small_numbers(indicator, cell))


def table_equations(result: Result) -> list[disclosure.Equation]:
    """How the result's rows and columns add up, as equations over its flat list of cells."""
    n_cols = len(result.columns)
    index = {id(r): i for i, r in enumerate(result.rows)}
    sums: list[tuple[int, list[int]]] = []
    districts = [r for r in result.rows if r.kind == "district"]
    groups = [r for r in result.rows if r.kind == "group"]
    for g in groups:
        sums.append((index[id(g)], [index[id(d)] for d in districts if d.group == g.group]))
    if districts:
        top = groups if len(groups) > 1 else districts
        sums.append((len(result.rows) - 1, [index[id(r)] for r in top]))
        if len(groups) > 1:  # the municipality is also the sum of all its districts
            sums.append((len(result.rows) - 1, [index[id(d)] for d in districts]))
    additive = result.indicator.additive and n_cols > 1
    return disclosure.grid_equations(len(result.rows), n_cols, sums, col_total=additive)


def primary_cells(result: Result) -> set[int]:
    """Flat indexes of the cells the primary rule hides (after aggregation)."""
    if not result.indicator.small_cells:
        return set()
    flat = [c for r in result.rows for c in r.cells]
    return {i for i, c in enumerate(flat) if is_sensitive(result.indicator, c)}


def protect_table(result: Result, always: set[int] | frozenset[int] = frozenset()) -> set[int]:
    """Primary cells, ``always``, and enough others that no hidden cell of this one table can
    be worked out exactly from its shown cells (``disclosure.protect``)."""
    if not result.indicator.small_cells and not always:
        return set()
    flat = [c for r in result.rows for c in r.cells]
    must = primary_cells(result) | set(always)
    return set(disclosure.protect([c.children for c in flat], table_equations(result), always=must))


def hide(result: Result, hidden: set[int] | frozenset[int]) -> Result:
    """The result with the cells at the flat indexes ``hidden`` replaced by hidden cells."""
    n = len(result.columns)
    rows = []
    for i, row in enumerate(result.rows):
        cells = tuple(
            Cell(None, None, None, None, suppressed=True) if i * n + j in hidden else cell
            for j, cell in enumerate(row.cells)
        )
        rows.append(replace(row, cells=cells))
    return replace(result, rows=tuple(rows), suppressed=True)


def suppress(result: Result) -> Result:
    """One table on its own as anyone without case access may see it: no cell about 1–4
    children (judged after aggregation), and no hidden cell recoverable from the totals. What
    is *published* goes through ``monitoring.publication``, which protects every table of a
    period together; this is for figures that stand alone (e.g. the evaluation's panels)."""
    if result.suppressed:
        return result
    return hide(result, protect_table(result))


_REGISTRY: dict[str, Indicator] = {}


def register(indicator: Indicator) -> Indicator:
    if indicator.id in _REGISTRY:
        raise ValueError(f"Indicator {indicator.id!r} is defined twice.")
    _REGISTRY[indicator.id] = indicator
    return indicator


def all_indicators() -> list[Indicator]:
    # The theme modules register their indicators on import.
    from herningmodel.monitoring import themes  # noqa: F401

    return list(_REGISTRY.values())


def get(indicator_id: str) -> Indicator:
    found = {i.id: i for i in all_indicators()}.get(indicator_id)
    if found is None:
        raise ScopeError("unknown_indicator", _("Unknown indicator: %(id)s") % {"id": indicator_id})
    return found


def is_money(indicator_id: str, unit: str) -> bool:
    """Whether an indicator named in a file (an aggregate export, perhaps another
    municipality's) is about money: as defined here, or, if unknown here, measured in kroner."""
    known = {i.id: i for i in all_indicators()}.get(indicator_id)
    return known.money if known is not None else unit == Unit.KR


def as_dict(result: Result) -> dict[str, Any]:
    """A JSON-ready form (used by the API, the JSON report and the command line)."""
    ind = result.indicator

    def num(v: Number | None) -> float | None:
        return None if v is None else float(v)

    return {
        "id": ind.id,
        "name": ind.name,
        "unit": ind.unit.value,
        "good": ind.good.value,
        "suppressed": result.suppressed,
        "columns": [{"key": k, "label": label} for k, label in result.columns],
        "rows": [
            {
                "label": r.label,
                "kind": r.kind,
                "district_id": r.district_id,
                "group": r.group,
                "cells": [
                    hidden.json_cell(money=ind.money)
                    if c.suppressed
                    else {
                        "value": c.value,
                        "numerator": num(c.numerator),
                        "denominator": num(c.denominator),
                        "shown": c.shown,
                        "suppressed": False,
                        "suppressed_reason": None,
                    }
                    for c in r.cells
                ],
            }
            for r in result.rows
        ],
    }
