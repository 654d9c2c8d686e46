"""A fidelity index per district and period: how closely a district works by the model's core
components, read from the monitoring indicators (each defined once, there).

Components (each a percentage, higher = closer to the model):
  caseload within target   100 − share of caseworkers over their caseload target
  continuity               one caseworker through the case
  follow-ups on time       the follow-up series of `deadlines_on_time`
  network meetings held    cases open in the period (and for at least 3 months by its end)
                           with a network meeting held between opening and the period's end
  plans with family goals  cases open in the period with an approved plan whose latest
                           approved plan has at least one goal and the family's own words
  steps 1–3                children on steps 1–3 among children on any step (children per 1,000)
  evidence-based           share of interventions that are evidence-based
The index is their unweighted mean over the components available (at least three). The two
case-work components (meetings, plans) are measured here, not in monitoring, because they
exist for fidelity only; they are computed like indicators (`FIDELITY_MEASURES`, not
registered) so the same disclosure control applies. Shown cells are read from *suppressed*
results, so a component about fewer than 5 children is missing, never shown. What the index
moves with is an association, not an effect.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from herningmodel.cases.models import Case, Goal, NetworkMeeting, Plan
from herningmodel.evaluation.panels import IndicatorResults
from herningmodel.monitoring import indicators
from herningmodel.monitoring.indicators import (
    Computation,
    Good,
    Indicator,
    Key,
    Part,
    Result,
    Theme,
    Unit,
)
from herningmodel.monitoring.population import share
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


#: A case counts for the network-meeting component once it has been open this long by the end
#: of the period: a case opened last week has not had time for a meeting yet.
MEETING_GRACE_DAYS = 92


def _cases_in(scope: Scope) -> QuerySet[Case]:
    p = scope.period
    return (
        Case.objects.filter(opened_on__lte=p.end)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=p.start))
        .filter(scope.place_q(), scope.age_q())
    )


def _network_meetings(scope: Scope) -> dict[Key, Part]:
    end = scope.period.end
    held = NetworkMeeting.objects.filter(
        case_id=OuterRef("pk"), held_on__gte=OuterRef("opened_on"), held_on__lte=end
    )
    rows = (
        _cases_in(scope)
        .filter(opened_on__lte=end - dt.timedelta(days=MEETING_GRACE_DAYS))
        .annotate(met=Exists(held))
        .values("district_id")
        .annotate(n=Count("pk"), met_n=Count("pk", filter=Q(met=True)))
        .order_by()
    )
    return {(r["district_id"], ""): share(r["met_n"], r["n"]) for r in rows}


def _family_goals(scope: Scope) -> dict[Key, Part]:
    end = scope.period.end
    latest = Plan.objects.filter(case_id=OuterRef("pk"), approved_on__lte=end).order_by(
        "-approved_on", "-pk"
    )
    with_goals = (
        Plan.objects.filter(pk=OuterRef("latest_plan"))
        .exclude(familys_words="")
        .filter(Exists(Goal.objects.filter(plan_id=OuterRef("pk"))))
    )
    rows = (
        _cases_in(scope)
        .annotate(latest_plan=Subquery(latest.values("pk")[:1]))
        .filter(latest_plan__isnull=False)
        .annotate(good=Exists(with_goals))
        .values("district_id")
        .annotate(n=Count("pk"), good_n=Count("pk", filter=Q(good=True)))
        .order_by()
    )
    return {(r["district_id"], ""): share(r["good_n"], r["n"]) for r in rows}


def _measure(
    key: str, name_da: str, name_en: str, da: str, en: str, compute: Computation
) -> Indicator:
    return Indicator(
        id=key,
        theme=Theme.CASELOAD,
        name_da=name_da,
        name_en=name_en,
        definition_da=da,
        definition_en=en,
        unit=Unit.PERCENT,
        good=Good.UP,
        compute=compute,
    )


#: Fidelity measures that are not monitoring indicators (not registered there).
FIDELITY_MEASURES = {
    m.id: m
    for m in (
        _measure(
            "fidelity_network_meetings",
            "Netværksmøder holdt",
            "Network meetings held",
            "Andel af sager åbne i perioden (og i mindst 3 måneder ved dens slutning) med mindst "
            "ét netværksmøde mellem åbning og periodens slutning.",
            "Share of cases open in the period (and for at least 3 months by its end) with at "
            "least one network meeting between opening and the end of the period.",
            _network_meetings,
        ),
        _measure(
            "fidelity_family_goals",
            "Planer med familiens mål",
            "Plans with the family's goals",
            "Andel af sager åbne i perioden med en godkendt plan, hvis seneste godkendte plan har "
            "mindst ét mål og familiens egne ord.",
            "Share of cases open in the period with an approved plan whose latest approved plan "
            "has at least one goal and the family's own words.",
            _family_goals,
        ),
    )
}


def _indicator(key: str) -> Indicator:
    return FIDELITY_MEASURES.get(key) or indicators.get(key)


COMPONENTS = (
    Component("caseload", _("Caseload within target"), "caseworkers_over_target", _complement),
    Component("continuity", _("One caseworker per case"), "continuity", _first),
    Component("follow_ups", _("Follow-ups on time"), "deadlines_on_time", _follow_up),
    Component("network_meetings", _("Network meetings held"), "fidelity_network_meetings", _first),
    Component("family_goals", _("Plans with the family's goals"), "fidelity_family_goals", _first),
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
    shown, full = fidelity_panels(chosen)
    return shown if suppressed else full


def fidelity_panels(
    chosen: list[Period], results: IndicatorResults | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The shown (suppressed) and the full panel from one evaluation of each indicator: the
    page needs both, and evaluating the indicators is the slow part (pass the report's
    `results` to share the evaluations the district panel already made)."""
    results = results or IndicatorResults()
    shown: list[dict[str, object]] = []
    full: list[dict[str, object]] = []
    for time, period in enumerate(chosen, start=1):
        values: dict[bool, dict[str, dict[int, list[float | None]]]] = {True: {}, False: {}}
        names: dict[int, str] = {}
        for component in COMPONENTS:
            result = results.get(_indicator(component.indicator), period)
            values[False][component.key] = _rows(result)
            values[True][component.key] = _rows(indicators.suppress(result))
            names.update({r.district_id: r.label for r in result.rows if r.district_id is not None})
        for hidden, records in ((True, shown), (False, full)):
            for district_id, name in names.items():
                record: dict[str, object] = {
                    "district": name,
                    "district_id": district_id,
                    "period": period.label,
                    "time": time,
                }
                found = []
                for component in COMPONENTS:
                    cells = values[hidden][component.key].get(district_id)
                    value = component.read(cells) if cells else None
                    record[component.key] = value
                    if value is not None:
                        found.append(value)
                enough = len(found) >= MIN_COMPONENTS
                record["index"] = sum(found) / len(found) if enough else None
                records.append(record)
    return pd.DataFrame(shown), pd.DataFrame(full)


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
