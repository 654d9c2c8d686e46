"""Deadline compliance: were the law's deadlines met on time?

Uses the same pure rules as the case pages (``herningmodel.cases.deadlines``) on the same facts
(``cases.queries.case_facts``), read as flat rows by the same function as the caseworker's case
list (``cases.queries.read_flat_facts``), so the indicator and the caseworker's own deadline list
can never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from typing import NamedTuple

from django.db.models import Min, Q, QuerySet
from django.utils import timezone

from herningmodel.cases import deadlines
from herningmodel.cases.models import Case
from herningmodel.cases.queries import read_flat_facts
from herningmodel.monitoring.indicators import Good, Indicator, Key, Part, Theme, Unit, register
from herningmodel.monitoring.scope import Scope

SERIES = (
    (deadlines.Kind.ACUTE_24H.value, "24 timer / 24 hours"),
    (deadlines.Kind.RECEIPT.value, "Kvittering / Receipt"),
    (deadlines.Kind.ASSESSMENT.value, "§ 20, 4 mdr. / 4 months"),
    (deadlines.Kind.PLAN.value, "Plan"),
    (deadlines.Kind.FOLLOW_UP.value, "Opfølgning / Follow-up"),
)
_SETTLED = {deadlines.State.MET, deadlines.State.MET_LATE, deadlines.State.OVERDUE}


def _active(scope: Scope) -> QuerySet[Case]:
    p = scope.period
    return (
        Case.objects.filter(opened_on__lte=p.end)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=p.start))
        .filter(scope.place_q(), scope.age_q())
    )


class CaseRef(NamedTuple):
    """What the indicator needs of a case besides its deadline facts."""

    pk: int
    district_id: int
    child_id: int


def all_facts(
    cases: QuerySet[Case], *, due_from: dt.date | None = None
) -> list[tuple[CaseRef, deadlines.CaseFacts]]:
    """Deadline facts for many cases in six queries, read as the case list reads them
    (``cases.queries.read_flat_facts``); with ``due_from``, only what can fall due from then."""
    flat = read_flat_facts(cases.values("pk"), due_from=due_from)
    return [
        (
            CaseRef(pk, district_id, child_id),
            flat.of(
                pk,
                follow_up_interval_months=interval,
                closed_on=closed_on,
                # From the case, not from ``flat``: its decisions may be only the recent ones.
                first_intervention_start=first_start,
            ),
        )
        for pk, district_id, child_id, interval, closed_on, first_start in (
            cases.annotate(first_start=Min("decisions__episodes__start"))
            .values_list(
                "pk",
                "district_id",
                "child_id",
                "follow_up_interval_months",
                "closed_on",
                "first_start",
            )
            .order_by()
        )
    ]


def counted_deadlines(scope: Scope) -> Iterator[tuple[CaseRef, deadlines.Deadline]]:
    """The deadlines the indicator counts, with their case: those of the five kinds that fell
    due in the period and are settled (met, met late or overdue)."""
    p = scope.period
    today = min(timezone.localdate(), p.end + dt.timedelta(days=1))
    wanted = {k for k, _label in SERIES}
    for case, facts in all_facts(_active(scope), due_from=p.start):
        for d in deadlines.case_deadlines(facts, today=today, due_from=p.start, due_until=p.end):
            if d.kind in wanted and d.state in _SETTLED:
                yield case, d


def _on_time(scope: Scope) -> dict[Key, Part]:
    met: dict[Key, int] = defaultdict(int)
    due: dict[Key, int] = defaultdict(int)
    kids: dict[Key, set[int]] = defaultdict(set)
    for case, d in counted_deadlines(scope):
        key = (case.district_id, d.kind.value)
        due[key] += 1
        met[key] += d.state is deadlines.State.MET
        kids[key].add(case.child_id)
    return {k: Part(met[k], due[k], len(kids[k])) for k in due}


register(
    Indicator(
        id="deadlines_on_time",
        theme=Theme.DEADLINES,
        name_da="Frister overholdt",
        name_en="Deadlines met on time",
        definition_da="Andel af lovens frister med forfald i perioden (24-timers vurdering, "
        "kvittering til fagpersoner, børnefaglig undersøgelse inden 4 måneder, barnets plan, "
        "opfølgning), der blev overholdt. Frister, der endnu ikke er forfaldne, tæller ikke; "
        "forfaldne, ikke udførte frister tæller som ikke overholdt. Reglerne er de samme som "
        "på sagssiden (docs/deadlines.md).",
        definition_en="Share of the law's deadlines falling due in the period (24-hour "
        "assessment, receipt to professional notifiers, child assessment within 4 months, the "
        "child's plan, follow-up) that were met on time. Deadlines not yet due are left out; "
        "overdue ones count as missed. The rules are those of the case pages "
        "(docs/deadlines.md).",
        unit=Unit.PERCENT,
        good=Good.UP,
        compute=_on_time,
        series=SERIES,
    )
)
