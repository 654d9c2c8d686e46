"""District × period panels of the monitoring indicators, with treatment timing from the
districts' model start: the input of the estimators in `did.py` and `staggered.py`.

The indicators are defined once, in monitoring; this module only evaluates them period by
period and reads off the district rows. The values are used to estimate effects and are not
shown cell by cell, so no disclosure control is applied here; anything shown per district goes
through `monitoring.indicators.suppress` (see `fidelity.py` and the view).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from django.utils.translation import gettext_lazy as _

from herningmodel.monitoring import indicators
from herningmodel.monitoring.scope import Period, Scope, parse_period
from herningmodel.organisation.models import District

#: The series of an outcome that pools every series of its indicator: numerators and
#: denominators summed over the series (e.g. all five kinds of deadline together).
POOLED = "*"


@dataclass(frozen=True)
class Outcome:
    """An outcome for evaluation: a monitoring indicator and one of its series (or `POOLED`)."""

    key: str
    indicator: str
    series: str
    label: object  # a lazy translation, resolved when shown


#: The outcomes the evaluation page estimates by default. The first is the one the pilot was
#: expected to move (DOMAIN: fewer children in institutions).
OUTCOMES = (
    Outcome(
        "institution_share",
        "placement_type_shares",
        "6",
        _("Share of the placed children placed in an institution (%)"),
    ),
    Outcome(
        "institution_per_1000",
        "children_per_1000_by_step",
        "6",
        _("Children in institutions (step 6) per 1,000"),
    ),
    Outcome("placements_per_1000", "placements_per_1000", "", _("Children placed per 1,000")),
    Outcome("cost_per_child", "cost_per_child", indicators.TOTAL, _("Cost per child (kr)")),
    Outcome("renotified", "renotified_within_12_months", "", _("Re-notified within 12 months (%)")),
    Outcome(
        "deadlines_on_time",
        "deadlines_on_time",
        POOLED,
        _("The law's deadlines met on time, all kinds together (%)"),
    ),
)


#: The period lengths a district panel can be built on (page, PDF and API: `?by=`).
PERIOD_KINDS = ("year", "quarter", "month")


def periods(start: dt.date, end: dt.date, kind: str = "year") -> list[Period]:
    """Whole years, quarters or months, from the one containing `start` to the one containing
    `end`. Months give more periods per district, and noisier ones: fine for an event study
    with many leads and lags, costly to compute (every indicator once per period)."""
    out = []
    if kind == "year":
        for year in range(start.year, end.year + 1):
            out.append(parse_period(str(year)))
    elif kind == "quarter":
        year, quarter = start.year, (start.month - 1) // 3 + 1
        while (year, quarter) <= (end.year, (end.month - 1) // 3 + 1):
            out.append(parse_period(f"{year}Q{quarter}"))
            year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    elif kind == "month":
        year, month = start.year, start.month
        while (year, month) <= (end.year, end.month):
            out.append(parse_period(f"{year}-{month:02d}"))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    else:
        raise ValueError(kind)
    return out


class IndicatorResults:
    """Each indicator evaluated at most once per period for one report.

    The district panel and the fidelity table read some of the same indicators (deadlines met
    on time, children per 1,000 by step), and evaluating them is most of the page's time. Hold
    one instance for one request only: the results are not invalidated when data change."""

    def __init__(self) -> None:
        self._results: dict[tuple[indicators.Indicator, Period], indicators.Result] = {}

    def get(self, indicator: indicators.Indicator, period: Period) -> indicators.Result:
        key = (indicator, period)
        if key not in self._results:
            self._results[key] = indicators.evaluate(indicator, Scope(period))
        return self._results[key]


def district_panel(
    outcomes: tuple[Outcome, ...],
    chosen: list[Period],
    results: IndicatorResults | None = None,
) -> pd.DataFrame:
    """One row per district and period: district, period (label), time (1, 2, …), status,
    first_treated (the time index of the first period that starts on or after the district's
    model start, 0 if never), treated_now (0/1), and one column per outcome."""
    results = results or IndicatorResults()
    districts = list(District.objects.order_by("name"))
    rows: dict[tuple[int, int], dict[str, object]] = {}
    for index, period in enumerate(chosen, start=1):
        for d in districts:
            rows[(d.pk, index)] = {
                "district": d.name,
                "district_id": d.pk,
                "status": d.model_status,
                "period": period.label,
                "time": index,
                "first_treated": _first_treated(d.model_start, chosen),
            }
        for outcome in outcomes:
            result = results.get(indicators.get(outcome.indicator), period)
            for row in result.rows:
                if row.kind == "district" and row.district_id is not None:
                    rows[(row.district_id, index)][outcome.key] = outcome_value(
                        result, row, outcome.series
                    )
    frame = pd.DataFrame(list(rows.values()))
    frame["treated_now"] = (
        (frame["first_treated"] > 0) & (frame["time"] >= frame["first_treated"])
    ).astype(int)
    return frame


def outcome_value(result: indicators.Result, row: indicators.Row, series: str) -> float | None:
    """A row's value of one series, or with `POOLED` the sum of its numerators over the sum of
    its denominators (so each deadline weighs the same, whatever its kind); `None` where
    nothing was due."""
    if series != POOLED:
        keys = [k for k, _label in result.columns]
        return row.cells[keys.index(series)].value
    numerator = sum(c.numerator or 0 for c in row.cells)
    denominator = sum(c.denominator or 0 for c in row.cells)
    if not denominator:
        return None
    return float(numerator) / float(denominator) * result.indicator.unit.factor


def _first_treated(model_start: dt.date | None, chosen: list[Period]) -> int:
    """A period counts as treated from the first one that begins on or after the start; a
    period in which the district switched part-way is not yet treated (and not a clean
    pre-period either, but the universal base period g − 1 uses it; see docs/evaluation.md)."""
    if model_start is None:
        return 0
    for index, period in enumerate(chosen, start=1):
        if period.start >= model_start:
            return index
    return 0
