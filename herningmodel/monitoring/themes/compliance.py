"""Deadline compliance: were the law's deadlines met on time?

Uses the same pure rules as the case pages (``herningmodel.cases.deadlines``) on the same facts,
read as flat rows by the same function as the caseworker's case list
(``cases.queries.read_flat_facts``), so a deadline's due date and whether it was met are the
same on the case page and in the indicator. What is counted differs in one respect: the case
page drops a closed case's undone deadlines (nothing is left to do), while the indicator keeps
every deadline that fell due while the case was open, so closing a case never improves a past
period's figure.

A notification's deadlines (the 24-hour assessment and the receipt) are the notification's own,
not its case's: they count by their own due time in the child's district, whether or not the
notification joined a case, and whatever became of that case.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from typing import NamedTuple

from django.db.models import Min, Q, QuerySet
from django.utils import timezone

from herningmodel.cases import deadlines
from herningmodel.cases.models import Case, Notification
from herningmodel.cases.models.intake import PROFESSIONAL_SOURCES
from herningmodel.cases.queries import NOTIFICATION_REACH, read_flat_facts
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
_WANTED = frozenset(k for k, _label in SERIES)
_SETTLED = frozenset({deadlines.State.MET, deadlines.State.MET_LATE, deadlines.State.OVERDUE})


def _active(scope: Scope) -> QuerySet[Case]:
    p = scope.period
    return (
        Case.objects.filter(opened_on__lte=p.end)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=p.start))
        .filter(scope.place_q(), scope.age_q())
    )


class CaseRef(NamedTuple):
    """Where a counted deadline belongs: its case (``None`` for a notification that joined no
    case), district and child."""

    pk: int | None
    district_id: int
    child_id: int


def case_facts_while_open(
    cases: QuerySet[Case], *, due_from: dt.date | None = None
) -> list[tuple[CaseRef, dt.date | None, deadlines.CaseFacts]]:
    """Each case with its closing day and its case-based deadline facts (assessments,
    decisions, plans, follow-ups: no notifications), for many cases in five queries, read as
    the case list reads them (``cases.queries.read_flat_facts``); with ``due_from``, only what
    can fall due from then.

    The facts are those of a case never closed (``closed_on`` is left out), so a deadline
    missed before the closure is still there: :func:`while_open` then drops what fell due
    after it."""
    flat = read_flat_facts(cases.values("pk"), due_from=due_from, notifications=False)
    return [
        (
            CaseRef(pk, district_id, child_id),
            closed_on,
            flat.of(
                pk,
                follow_up_interval_months=interval,
                closed_on=None,
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


def while_open(
    found: list[deadlines.Deadline], closed_on: dt.date | None
) -> list[deadlines.Deadline]:
    """The deadlines that fell due while the case was open: on or before its closing day.

    A deadline missed while the case was open stays missed after it closes; one that would
    have fallen due after the closure was no longer owed, done or not."""
    if closed_on is None:
        return found
    return [d for d in found if d.due <= closed_on]


def _case_deadlines(scope: Scope, today: dt.date) -> Iterator[tuple[CaseRef, deadlines.Deadline]]:
    p = scope.period
    for case, closed_on, facts in case_facts_while_open(_active(scope), due_from=p.start):
        found = deadlines.case_deadlines(facts, today=today, due_from=p.start, due_until=p.end)
        for d in while_open(found, closed_on):
            if d.kind in _WANTED and d.state in _SETTLED:
                yield case, d


def _notification_deadlines(
    scope: Scope, today: dt.date
) -> Iterator[tuple[CaseRef, deadlines.Deadline]]:
    """The 24-hour and receipt deadlines of every notification that can fall due in the
    period, by the child's district, team and age: a notification's deadlines are owed whether
    or not it joined a case."""
    p = scope.period
    since = dt.datetime.combine(p.start - NOTIFICATION_REACH, dt.time(), tzinfo=CPH)
    until = dt.datetime.combine(p.end + dt.timedelta(days=1), dt.time(), tzinfo=CPH)
    rows = (
        Notification.objects.filter(received_at__gte=since, received_at__lt=until)
        .filter(scope.place_q("child__"), scope.age_q())
        .values_list(
            "pk",
            "received_at",
            "assessed_at",
            "source",
            "receipt_sent_on",
            "case_id",
            "child__district_id",
            "child_id",
        )
        .order_by()
    )
    for pk, received, assessed, source, sent, case_id, district_id, child_id in rows:
        facts = deadlines.CaseFacts(
            notifications=[
                deadlines.NotificationFacts(
                    pk, received, assessed, source in PROFESSIONAL_SOURCES, sent
                )
            ]
        )
        found = deadlines.case_deadlines(facts, today=today, due_from=p.start, due_until=p.end)
        for d in found:
            if d.state in _SETTLED:
                yield CaseRef(case_id, district_id, child_id), d


def counted_deadlines(scope: Scope) -> Iterator[tuple[CaseRef, deadlines.Deadline]]:
    """The deadlines the indicator counts, with where they belong: those of the five kinds
    that fell due in the period and are settled (met, met late or overdue): a notification's
    by its own due time, a case's when it fell due on or before the case's closing day."""
    today = min(timezone.localdate(), scope.period.end + dt.timedelta(days=1))
    yield from _notification_deadlines(scope, today)
    yield from _case_deadlines(scope, today)


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
        definition_da="Andel af lovens frister med forfald i perioden, der blev overholdt, pr. "
        "slags: 24-timers vurderingen af hver underretning og kvitteringen til en fagperson, der "
        "underretter (talt efter underretningens egen frist i barnets distrikt, uanset om "
        "underretningen indgik i en sag), og i sager, der var åbne i perioden, børnefaglig "
        "undersøgelse inden 4 måneder, barnets plan og opfølgning. En frist er overholdt, når "
        "det skete senest ved fristen (vurderingen af en underretning: senest 24 timer efter "
        "modtagelsen); gjort for sent eller ikke gjort tæller som ikke overholdt. En sags frist "
        "tæller, når den faldt senest på sagens lukkedag: en frist, der blev overskredet, mens "
        "sagen var åben, forbliver overskredet, efter at sagen er lukket, og en frist med forfald "
        "efter lukningen tæller ikke. Frister, der endnu ikke er forfaldne, tæller ikke, "
        "medmindre de allerede er overholdt. Forfaldsdatoerne følger reglerne på sagssiden "
        "(docs/deadlines.md).",
        definition_en="Share of the law's deadlines falling due in the period that were met, "
        "by kind: the 24-hour assessment of every notification and the receipt owed to a "
        "professional notifier (counted by the notification's own due time in the child's "
        "district, whether or not the notification joined a case), and, in cases open in the "
        "period, the child assessment within 4 months, the child's plan and the follow-up. A "
        "deadline is met when done by its due time (the assessment of a notification: within 24 "
        "hours of receipt); done late or not done counts as missed. A case's deadline counts "
        "when it fell due on or before the case's closing day: a deadline missed while the case "
        "was open stays missed after it closes, and one falling due after the closure is not "
        "counted. Deadlines not yet due are left out unless already met. Due dates follow the "
        "rules of the case pages (docs/deadlines.md).",
        unit=Unit.PERCENT,
        good=Good.UP,
        compute=_on_time,
        series=SERIES,
    )
)
