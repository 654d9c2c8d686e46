"""The side-by-side view: per indicator, municipality by period, from the imported totals.

Each cell is exactly one imported figure (the municipality's total, headline series). Nothing
is summed or derived across cells or municipalities, so a cell the exporter suppressed stays
hidden here ("<5", or for money a dash with a footnote: ``monitoring.hidden``), in the chart
(a gap) and in the Excel file; no arithmetic could bring it back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from herningmodel.comparison.models import ImportedAggregates, ImportedFigure
from herningmodel.monitoring import disclosure
from herningmodel.monitoring import indicators as ind
from herningmodel.monitoring.charts import PALETTE


@dataclass(frozen=True)
class Figure:
    value: float | None
    suppressed: bool

    @property
    def shown(self) -> str:
        if self.suppressed:
            return disclosure.SUPPRESSED
        if self.value is None:
            return "–"
        return f"{self.value:,.1f}" if abs(self.value) < 1000 else f"{self.value:,.0f}"


MISSING = Figure(None, False)


@dataclass(frozen=True)
class Comparison:
    indicator_id: str
    name: str
    definition: str
    unit: str
    periods: tuple[str, ...]
    rows: tuple[tuple[str, tuple[Figure, ...]], ...]  # (municipality, one figure per period)

    @property
    def money(self) -> bool:
        """Figures of money: hidden ones read as a dash with a footnote, never "<5"."""
        return ind.is_money(self.indicator_id, self.unit)

    @property
    def hidden_money(self) -> bool:
        return self.money and any(f.suppressed for _m, figures in self.rows for f in figures)

    @property
    def symbol(self) -> str:
        try:
            return ind.Unit(self.unit).symbol
        except ValueError:
            return ""

    def figure(self) -> dict[str, Any]:
        """Plotly data: periods on the x axis, one bar series per municipality; gaps stay gaps."""
        traces = [
            {
                "type": "bar",
                "name": municipality,
                "x": list(self.periods),
                "y": [f.value if not f.suppressed else None for f in figures],
                "marker": {"color": PALETTE[i % len(PALETTE)]},
            }
            for i, (municipality, figures) in enumerate(self.rows)
        ]
        return {
            "data": traces,
            "layout": {
                "barmode": "group",
                "margin": {"l": 60, "r": 10, "t": 10, "b": 40},
                "height": 300,
                "showlegend": True,
                "xaxis": {"type": "category"},
                "yaxis": {"title": {"text": self.symbol}},
            },
        }


def _known(costs: bool) -> dict[str, ind.Indicator]:
    return {i.id: i for i in ind.all_indicators() if costs or not i.costs}


def sources() -> list[ImportedAggregates]:
    return list(ImportedAggregates.objects.order_by("municipality_name", "start", "end"))


def comparisons(*, costs: bool) -> list[Comparison]:
    """One comparison per indicator found in the imports, in the product's indicator order.

    ``costs`` False leaves out indicators of money (as the monitoring board does for roles that
    may not see costs), also unknown ones measured in kroner.
    """
    known = _known(costs)
    order = {key: n for n, key in enumerate(i.id for i in ind.all_indicators())}
    files = sources()
    periods = sorted({(s.start, s.end, s.period) for s in files})
    period_labels = tuple(dict.fromkeys(p[2] for p in periods))
    municipalities = sorted(
        {(s.municipality_name, s.municipality_code) for s in files}, key=lambda m: m[0]
    )
    figures = ImportedFigure.objects.filter(kind="total", headline=True).values_list(
        "indicator",
        "unit",
        "source__municipality_code",
        "source__period",
        "value",
        "suppressed",
    )
    cells: dict[str, dict[tuple[str, str], Figure]] = {}
    units: dict[str, str] = {}
    for indicator, unit, code, period, value, suppressed in figures:
        if indicator not in known and (indicator in order or unit == ind.Unit.KR):
            continue
        units[indicator] = unit
        cells.setdefault(indicator, {})[(code, period)] = Figure(value, suppressed)
    out = []
    for indicator_id in sorted(cells, key=lambda i: (order.get(i, len(order)), i)):
        definition = known.get(indicator_id)
        rows = tuple(
            (
                f"{name} ({code})",
                tuple(cells[indicator_id].get((code, p), MISSING) for p in period_labels),
            )
            for name, code in municipalities
        )
        out.append(
            Comparison(
                indicator_id=indicator_id,
                name=definition.name if definition else indicator_id,
                definition=definition.definition if definition else "",
                unit=units[indicator_id],
                periods=period_labels,
                rows=rows,
            )
        )
    return out
