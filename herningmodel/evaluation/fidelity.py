"""A fidelity index per district and period: how closely a district works by the model's core
components, read from the monitoring indicators (each defined once, there).

Components (each a percentage, higher = closer to the model):
  caseload within target   100 − share of caseworkers over their caseload target
  continuity               one caseworker through the case
  follow-ups on time       the follow-up series of `deadlines_on_time`
  steps 1–3                children on steps 1–3 among children on any step (children per 1,000)
  evidence-based           share of interventions that are evidence-based
The index is their unweighted mean over the components available (at least three). Network
meetings held and plans with the family's goals have no monitoring indicator yet and are left
out (docs/evaluation.md). Shown cells are read from *suppressed* results, so a component about
fewer than 5 children is missing, never shown. What the index moves with is an association, not an
effect.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
from django.utils.translation import gettext_lazy as _

from herningmodel.monitoring import indicators
from herningmodel.monitoring.indicators import Result
from herningmodel.monitoring.scope import Period, Scope

MIN_COMPONENTS = 3


@dataclass(frozen=True)
class Component:
    key: str
    label: object  # a lazy translation, resolved when shown
    indicator: str
    read: Callable[[list[float | None]], float | None]  # the row's cell values → 0–100


def _first(values: list[float | None]) -> float | None:
    return values[0]


def _complement(values: list[float | None]) -> float | None:
    return None if values[0] is None else 100.0 - values[0]


def _follow_up(values: list[float | None]) -> float | None:
    return values[
        4
    ]  # series order of deadlines_on_time: acute, receipt, assessment, plan, follow_up


def _low_steps(values: list[float | None]) -> float | None:
    steps = values[:6]
    if any(v is None for v in steps):
        return None
    total = sum(v for v in steps if v is not None)
    return None if not total else 100.0 * sum(v for v in steps[:3] if v is not None) / total


COMPONENTS = (
    Component("caseload", _("Caseload within target"), "caseworkers_over_target", _complement),
    Component("continuity", _("One caseworker per case"), "continuity", _first),
    Component("follow_ups", _("Follow-ups on time"), "deadlines_on_time", _follow_up),
    Component("low_steps", _("Children on steps 1–3"), "children_per_1000_by_step", _low_steps),
    Component("evidence", _("Evidence-based interventions"), "evidence_based_share", _first),
)


def _rows(result: Result) -> dict[int, list[float | None]]:
    return {
        r.district_id: [c.value for c in r.cells]
        for r in result.rows
        if r.kind == "district" and r.district_id is not None
    }


def fidelity_panel(chosen: list[Period], *, suppressed: bool = True) -> pd.DataFrame:
    """district, district_id, period, time, one column per component, and `index`.

    `suppressed=False` only for statistics that show no district cell (the associations)."""
    records = []
    for time, period in enumerate(chosen, start=1):
        scope = Scope(period)
        values: dict[str, dict[int, list[float | None]]] = {}
        names: dict[int, str] = {}
        for component in COMPONENTS:
            result = indicators.evaluate(indicators.get(component.indicator), scope)
            if suppressed:
                result = indicators.suppress(result)
            values[component.key] = _rows(result)
            names.update({r.district_id: r.label for r in result.rows if r.district_id is not None})
        for district_id, name in names.items():
            record: dict[str, object] = {
                "district": name,
                "district_id": district_id,
                "period": period.label,
                "time": time,
            }
            found = []
            for component in COMPONENTS:
                cells = values[component.key].get(district_id)
                value = component.read(cells) if cells else None
                record[component.key] = value
                if value is not None:
                    found.append(value)
            record["index"] = sum(found) / len(found) if len(found) >= MIN_COMPONENTS else None
            records.append(record)
    return pd.DataFrame(records)


def associations(fidelity: pd.DataFrame, outcomes: pd.DataFrame, outcome: str) -> pd.Series:
    """Within-district correlation of each component (and the index) with an outcome: which
    components move with better or worse results. An association, not an effect."""
    merged = fidelity.merge(
        outcomes[["district_id", "time", outcome]], on=["district_id", "time"], how="inner"
    )
    columns = [c.key for c in COMPONENTS] + ["index"]
    demeaned = merged[[*columns, outcome]].astype(float) - merged.groupby("district_id")[
        [*columns, outcome]
    ].transform("mean").astype(float)
    return demeaned[columns].corrwith(demeaned[outcome])
