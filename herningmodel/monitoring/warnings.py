"""Early warnings: named rules over the indicators that say what looks wrong, with the numbers.

Each rule reads the municipality row (and the district rows where it matters) of this period
and the period before. Rules read results *as the reader may see them*: for a role without
case access the results are already suppressed, so a warning never shows a hidden number
(a rule whose numbers are hidden stays silent rather than leak them).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.db.models import Avg
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from herningmodel.monitoring.indicators import Result
from herningmodel.organisation.models import AreaTeam

Results = Mapping[str, Result]

DEADLINE_FLOOR = 90.0  # per cent of deadlines met on time
UNMEASURED_CEILING = 20.0  # per cent of step-downs without a measurement
BOUNCE_CEILING = 20.0  # per cent of step-downs followed by a step-up within 6 months
RISE = 1.05  # a rise of more than 5 % counts as rising


@dataclass(frozen=True)
class EarlyWarning:
    code: str
    title: str
    explanation: str
    numbers: tuple[tuple[str, str], ...]


def _total(results: Results, indicator: str, series: str = "") -> float | None:
    result = results.get(indicator)
    if result is None or series not in [k for k, _l in result.columns]:
        return None
    return result.total(series).value


def _fmt(value: float | None, unit: str = "") -> str:
    return "–" if value is None else f"{value:,.1f}{unit}"


def _caseload(now: Results, before: Results) -> list[EarlyWarning]:
    result = now.get("open_cases_per_caseworker")
    if result is None:
        return []
    target = AreaTeam.objects.aggregate(t=Avg("caseload_target"))["t"] or 25
    over = [
        (r.label, r.cells[0].value)
        for r in result.rows
        if r.kind == "district" and r.cells[0].value is not None and r.cells[0].value > target
    ]
    total = result.total().value
    if not over and (total is None or total <= target):
        return []
    numbers = [(_("Target"), _fmt(target)), (_("All districts"), _fmt(total))]
    numbers += [(label, _fmt(v)) for label, v in over]
    return [
        EarlyWarning(
            "caseload_over_target",
            _("Caseload over target"),
            _(
                "Open cases per social worker exceed the caseload target. The model's effect "
                "rests on caseworkers having time for each family."
            ),
            tuple(numbers),
        )
    ]


def _deadlines(now: Results, before: Results) -> list[EarlyWarning]:
    result = now.get("deadlines_on_time")
    if result is None:
        return []
    found = []
    for key, label in result.columns:
        current = _total(now, "deadlines_on_time", key)
        previous = _total(before, "deadlines_on_time", key)
        slipping = previous is not None and current is not None and current < previous - 10
        if current is not None and (current < DEADLINE_FLOOR or slipping):
            found.append((label, current, previous))
    if not found:
        return []
    return [
        EarlyWarning(
            "deadlines_slipping",
            _("Deadlines slipping"),
            _(
                "Fewer than %(floor)s %% of the law's deadlines were met on time, or compliance "
                "fell by more than 10 points since the period before."
            )
            % {"floor": int(DEADLINE_FLOOR)},
            tuple((label, f"{_fmt(c, ' %')} ({_fmt(p, ' %')})") for label, c, p in found),
        )
    ]


def _threshold(indicator: str, ceiling: float, code: str, title: Promise, text: Promise) -> Rule:
    def rule(now: Results, before: Results) -> list[EarlyWarning]:
        value = _total(now, indicator)
        if value is None or value <= ceiling:
            return []
        numbers = ((now[indicator].indicator.name, _fmt(value, " %")),)
        return [EarlyWarning(code, str(title), str(text), numbers)]

    return rule


def _rising_after_downs(now: Results, before: Results) -> list[EarlyWarning]:
    back, back_before = (
        _total(now, "renotified_within_12_months"),
        _total(before, "renotified_within_12_months"),
    )
    downs, downs_before = _total(now, "step_moves", "down"), _total(before, "step_moves", "down")
    if None in (back, back_before, downs, downs_before):
        return []
    assert back is not None
    assert back_before is not None
    assert downs is not None
    if not (back > back_before * RISE and downs >= (downs_before or 0) and downs > 0):
        return []
    return [
        EarlyWarning(
            "renotifications_rising_after_step_downs",
            _("Re-notifications rising after step-downs"),
            _(
                "More children are notified again within 12 months of their case closing, while "
                "step-downs hold or rise: steps down may come too soon."
            ),
            (
                (
                    _("Re-notified (now / before)"),
                    f"{_fmt(back, ' %')} / {_fmt(back_before, ' %')}",
                ),
                (_("Step-downs (now / before)"), f"{_fmt(downs)} / {_fmt(downs_before)}"),
            ),
        )
    ]


def _institutions_vs_breakdowns(now: Results, before: Results) -> list[EarlyWarning]:
    inst, inst_before = (
        _total(now, "placement_type_shares", "6"),
        _total(before, "placement_type_shares", "6"),
    )
    broke, broke_before = (
        _total(now, "placement_breakdowns"),
        _total(before, "placement_breakdowns"),
    )
    if None in (inst, inst_before, broke, broke_before):
        return []
    assert inst is not None
    assert inst_before is not None
    assert broke is not None
    assert broke_before is not None
    if not (inst < inst_before and broke > broke_before):
        return []
    return [
        EarlyWarning(
            "institutions_down_breakdowns_up",
            _("Fewer institution placements, more breakdowns"),
            _(
                "The share placed in institutions fell while placement breakdowns rose: children "
                "who need treatment may be placed in foster care that cannot hold them."
            ),
            (
                (
                    _("In institutions (now / before)"),
                    f"{_fmt(inst, ' %')} / {_fmt(inst_before, ' %')}",
                ),
                (
                    _("Breakdowns (now / before)"),
                    f"{_fmt(broke, ' %')} / {_fmt(broke_before, ' %')}",
                ),
            ),
        )
    ]


def _unit_costs(now: Results, before: Results) -> list[EarlyWarning]:
    found = []
    for step in ("4", "5", "6"):
        cost, cost_before = (
            _total(now, "unit_cost_by_step", step),
            _total(before, "unit_cost_by_step", step),
        )
        kids, kids_before = (
            _total(now, "children_per_1000_by_step", step),
            _total(before, "children_per_1000_by_step", step),
        )
        if None in (cost, cost_before, kids, kids_before):
            continue
        assert cost is not None
        assert cost_before is not None
        assert kids is not None
        assert kids_before is not None
        if cost > cost_before * RISE and kids < kids_before:
            found.append((step, cost, cost_before, kids, kids_before))
    if not found:
        return []
    numbers = []
    for step, cost, cost_before, kids, kids_before in found:
        numbers.append(
            (
                _("Step %(step)s") % {"step": step},
                f"{_fmt(cost, ' kr.')} ← {_fmt(cost_before, ' kr.')}; "
                f"{_fmt(kids, ' ‰')} ← {_fmt(kids_before, ' ‰')}",
            )
        )
    return [
        EarlyWarning(
            "unit_costs_rising_counts_falling",
            _("Unit costs rising while counts fall"),
            _(
                "The monthly cost per child on a placement step rose by more than 5 % while "
                "fewer children were on the step: savings on numbers may be eaten by prices."
            ),
            tuple(numbers),
        )
    ]


def _savings_without_outcomes(now: Results, before: Results) -> list[EarlyWarning]:
    spend, spend_before = (
        _total(now, "cost_per_child", "total"),
        _total(before, "cost_per_child", "total"),
    )
    progression = now.get("progression_change_by_step")
    if spend is None or spend_before is None or progression is None:
        return []
    measured = any(c.value is not None or c.suppressed for r in progression.rows for c in r.cells)
    if spend >= spend_before or measured:
        return []
    return [
        EarlyWarning(
            "savings_without_outcome_data",
            _("Savings without outcome data"),
            _(
                "Spending per child fell, but there are no progression measurements in the "
                "period: the saving cannot be shown to be good for the children."
            ),
            ((_("Cost per child (now / before)"), f"{_fmt(spend)} / {_fmt(spend_before)}"),),
        )
    ]


Rule = Callable[[Results, Results], list[EarlyWarning]]

RULES: list[Rule] = [
    _caseload,
    _deadlines,
    _rising_after_downs,
    _threshold(
        "step_downs_without_measurement",
        UNMEASURED_CEILING,
        "step_downs_without_measurement",
        gettext_lazy("Step-downs without a progression measurement"),
        gettext_lazy(
            "Children were stepped down without a recent measurement of their progression."
        ),
    ),
    _threshold(
        "step_up_after_step_down",
        BOUNCE_CEILING,
        "step_ups_after_step_downs",
        gettext_lazy("Step-ups soon after step-downs"),
        gettext_lazy(
            "Many children stepped down were back on the same or a higher step within 6 months."
        ),
    ),
    _institutions_vs_breakdowns,
    _unit_costs,
    _savings_without_outcomes,
]


def early_warnings(now: Results, before: Results) -> list[EarlyWarning]:
    found: list[EarlyWarning] = []
    for rule in RULES:
        found.extend(rule(now, before))
    return found
