"""Deadline compliance: were the law's deadlines met on time?

Uses the same pure rules as the case pages (``herningmodel.cases.deadlines``) on facts loaded
with a fixed number of queries for all cases active in the period, so the indicator and the
caseworker's own deadline list can never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Q
from django.utils import timezone

from herningmodel.cases import deadlines
from herningmodel.cases.models import Case
from herningmodel.cases.queries import case_facts, with_deadline_facts
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


def _on_time(scope: Scope) -> dict[Key, Part]:
    p = scope.period
    today = min(timezone.localdate(), p.end + dt.timedelta(days=1))
    cases = with_deadline_facts(
        Case.objects.filter(opened_on__lte=p.end)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=p.start))
        .filter(scope.place_q(), scope.age_q())
    )
    met: dict[Key, int] = defaultdict(int)
    due: dict[Key, int] = defaultdict(int)
    kids: dict[Key, set[int]] = defaultdict(set)
    wanted = {k for k, _label in SERIES}
    for case in cases:
        for d in deadlines.case_deadlines(case_facts(case), today=today):
            # Deadlines that fell due in the period and are settled: met, late or overdue.
            if d.kind not in wanted or not (p.start <= d.due <= p.end) or d.state not in _SETTLED:
                continue
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
