"""Deadline compliance: were the law's deadlines met on time?

Uses the same pure rules as the case pages (``herningmodel.cases.deadlines``) on the same facts
(``cases.queries.case_facts``), loaded with six flat queries for all cases active in the period,
so the indicator and the caseworker's own deadline list can never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from typing import Any, NamedTuple

from django.db.models import Min, Q, QuerySet
from django.utils import timezone

from herningmodel.cases import deadlines
from herningmodel.cases.models import Assessment, Case, Decision, FollowUp, Notification, Plan
from herningmodel.cases.models.intake import PROFESSIONAL_SOURCES
from herningmodel.monitoring.indicators import Good, Indicator, Key, Part, Theme, Unit, register
from herningmodel.monitoring.population import CPH
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


def _grouped(qs: QuerySet[Any], cases: QuerySet[Case], fields: list[str]) -> dict[int, list[Any]]:
    """One flat query per kind of fact, grouped by case: Django's prefetch_related built a
    queryset per case and cost 1.5 s for 2,000 cases; this costs a few milliseconds."""
    out: dict[int, list[Any]] = defaultdict(list)
    for row in qs.filter(case_id__in=cases.values("pk")).values_list("case_id", *fields):
        out[row[0]].append(row[1:])
    return out


# How long after its start a deadline can fall due, with a margin: the 24-hour assessment
# within 2 days, the receipt 6 working days (at most 16 calendar days around Easter) after the
# notification; a plan at most 4 months after its decision. Notifications and decisions
# started earlier cannot have a deadline due in the period, and each yields deadlines of its
# own only, so leaving them out changes no deadline that counts.
NOTIFICATION_REACH = dt.timedelta(days=31)
DECISION_REACH = dt.timedelta(days=130)


class CaseRef(NamedTuple):
    """What the indicator needs of a case besides its deadline facts."""

    pk: int
    district_id: int
    child_id: int


def all_facts(
    cases: QuerySet[Case], *, due_from: dt.date | None = None
) -> list[tuple[CaseRef, deadlines.CaseFacts]]:
    """Deadline facts for many cases in six queries (the same facts as ``case_facts``).

    With ``due_from``, notifications and decisions whose deadlines all fall due before that day
    are not loaded (most of a case's history): the caller wants only deadlines due from then on.
    """
    notifications = Notification.objects.all()
    decision_rows = Decision.objects.all()
    if due_from is not None:
        since = dt.datetime.combine(due_from - NOTIFICATION_REACH, dt.time(), tzinfo=CPH)
        notifications = notifications.filter(received_at__gte=since)
        decision_rows = decision_rows.filter(decided_on__gte=due_from - DECISION_REACH)
    notes = _grouped(
        notifications, cases, ["pk", "received_at", "assessed_at", "source", "receipt_sent_on"]
    )
    assessments = _grouped(
        Assessment.objects.all(), cases, ["pk", "need_known_on", "finished_on", "preliminary_on"]
    )
    decisions = _grouped(
        decision_rows,
        cases,
        ["pk", "legal_basis", "decided_on", "acute", "plan_choice", "plan_choice_on"],
    )
    plans = _grouped(Plan.objects.all(), cases, ["pk", "approved_on"])
    follow_ups = _grouped(FollowUp.objects.all(), cases, ["pk", "held_on"])
    out: list[tuple[CaseRef, deadlines.CaseFacts]] = []
    # Plain rows, not model instances: building 20,000 Case objects cost more than the rules;
    # the facts are named tuples made from the rows in C (``_make``), not field by field.
    for pk, district_id, child_id, interval, closed_on, first_start in (
        cases.annotate(first_start=Min("decisions__episodes__start"))
        .values_list(
            "pk", "district_id", "child_id", "follow_up_interval_months", "closed_on", "first_start"
        )
        .order_by()
    ):
        facts = deadlines.CaseFacts(
            notifications=[
                deadlines.NotificationFacts(i, r, a, s in PROFESSIONAL_SOURCES, sent)
                for i, r, a, s, sent in notes.get(pk, ())
            ],
            assessments=list(map(deadlines.AssessmentFacts._make, assessments.get(pk, ()))),
            decisions=list(map(deadlines.DecisionFacts._make, decisions.get(pk, ()))),
            plans=list(map(deadlines.PlanFacts._make, plans.get(pk, ()))),
            follow_ups=list(map(deadlines.FollowUpFacts._make, follow_ups.get(pk, ()))),
            first_intervention_start=first_start,
            follow_up_interval_months=interval,
            closed_on=closed_on,
        )
        out.append((CaseRef(pk, district_id, child_id), facts))
    return out


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
