"""Read-side questions about cases, shared by the pages, the API and the services."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, Min, Prefetch, QuerySet, prefetch_related_objects

from herningmodel.cases import deadlines
from herningmodel.cases.models import (
    Assessment,
    Case,
    CaseStatus,
    Decision,
    FollowUp,
    Notification,
    Plan,
)
from herningmodel.cases.models.intake import PROFESSIONAL_SOURCES
from herningmodel.staircase.models import Episode


def open_episodes(case: Case) -> QuerySet[Episode]:
    """The child's interventions still running; any of them blocks closing the case."""
    return Episode.objects.filter(child_id=case.child_id, end__isnull=True)


def first_intervention_start(case: Case) -> dt.date | None:
    start: dt.date | None = Episode.objects.filter(decisions__case=case).aggregate(
        first=Min("start")
    )["first"]
    return start


def case_facts(case: Case) -> deadlines.CaseFacts:
    """Everything the deadline rules need, in a fixed number of queries."""
    return deadlines.CaseFacts(
        notifications=[
            deadlines.NotificationFacts(
                id=n.pk,
                received_at=n.received_at,
                assessed_at=n.assessed_at,
                professional_notifier=n.is_professional,
                receipt_sent_on=n.receipt_sent_on,
            )
            for n in case.notifications.all()
        ],
        assessments=[
            deadlines.AssessmentFacts(
                id=a.pk,
                need_known_on=a.need_known_on,
                finished_on=a.finished_on,
                preliminary_on=a.preliminary_on,
            )
            for a in case.assessments.all()
        ],
        decisions=[
            deadlines.DecisionFacts(
                id=d.pk,
                legal_basis=d.legal_basis,
                decided_on=d.decided_on,
                acute=d.acute,
                plan_choice=d.plan_choice,
                plan_choice_on=d.plan_choice_on,
            )
            for d in case.decisions.all()
        ],
        plans=[deadlines.PlanFacts(id=p.pk, approved_on=p.approved_on) for p in case.plans.all()],
        follow_ups=[
            deadlines.FollowUpFacts(id=f.pk, held_on=f.held_on) for f in case.follow_ups.all()
        ],
        first_intervention_start=(
            case.first_start if hasattr(case, "first_start") else first_intervention_start(case)
        ),
        follow_up_interval_months=case.follow_up_interval_months,
        closed_on=case.closed_on,
    )


def with_deadline_facts(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Prefetch what ``case_facts`` reads, so a list of cases costs a fixed number of queries."""
    return (
        cases.select_related("child", "area_team")
        .prefetch_related("notifications", "assessments", "decisions", "plans", "follow_ups")
        .annotate(first_start=Min("decisions__episodes__start"))
    )


def load_case_history(case: Case) -> None:
    """Prefetch onto one case what its page shows and ``case_facts`` reads, each once.

    The decisions come with their interventions (type, provider, step) and the plans with
    their goals and tasks, so the page and the deadline rules share one read of each; the
    first intervention start is taken from the prefetched interventions.
    """
    prefetch_related_objects(
        [case],
        "notifications",
        "assessments",
        Prefetch(
            "decisions",
            queryset=Decision.objects.select_related("child_talk").prefetch_related(
                "episodes__intervention_type", "episodes__provider", "episodes__step"
            ),
        ),
        Prefetch("plans", queryset=Plan.objects.prefetch_related("goals", "tasks")),
        "follow_ups",
    )
    starts = [e.start for d in case.decisions.all() for e in d.episodes.all()]
    # The attribute ``with_deadline_facts`` annotates, read by ``case_facts``.
    setattr(case, "first_start", min(starts, default=None))  # noqa: B010


# How long after its start a deadline can fall due, with a margin: the 24-hour assessment
# within 2 days, the receipt 6 working days (at most 16 calendar days around Easter) after the
# notification; a plan at most 4 months after its decision. Notifications and decisions
# started earlier cannot have a deadline due from a given day on, and each yields deadlines of
# its own only, so leaving them out changes no deadline due from that day.
NOTIFICATION_REACH = dt.timedelta(days=31)
DECISION_REACH = dt.timedelta(days=130)
_COPENHAGEN = ZoneInfo("Europe/Copenhagen")

Rows = dict[int, list[tuple[Any, ...]]]


@dataclass(frozen=True)
class FlatFacts:
    """The deadline facts of many cases as plain rows grouped by case id.

    Plain rows, not model instances: ``prefetch_related`` built five querysets and a dozen
    model instances per case (most of the CPU time of the caseworker's case list, and 1.5 s
    for the 2,000 cases of a monitoring period); named tuples made from rows cost little.
    """

    notifications: Rows
    assessments: Rows
    decisions: Rows  # the last column is the first start of the decision's interventions
    plans: Rows
    follow_ups: Rows

    def first_start(self, case_id: int) -> dt.date | None:
        """The case's first intervention start, from the decisions read (so only when they
        were all read, i.e. without ``due_from``)."""
        starts = [row[-1] for row in self.decisions.get(case_id, ()) if row[-1] is not None]
        return min(starts, default=None)

    def of(
        self,
        case_id: int,
        *,
        follow_up_interval_months: int,
        closed_on: dt.date | None,
        first_intervention_start: dt.date | None,
    ) -> deadlines.CaseFacts:
        return deadlines.CaseFacts(
            notifications=[
                deadlines.NotificationFacts(
                    pk, received, assessed, source in PROFESSIONAL_SOURCES, sent
                )
                for pk, received, assessed, source, sent in self.notifications.get(case_id, ())
            ],
            assessments=list(
                map(deadlines.AssessmentFacts._make, self.assessments.get(case_id, ()))
            ),
            decisions=[
                deadlines.DecisionFacts(*row[:-1]) for row in self.decisions.get(case_id, ())
            ],
            plans=list(map(deadlines.PlanFacts._make, self.plans.get(case_id, ()))),
            follow_ups=list(map(deadlines.FollowUpFacts._make, self.follow_ups.get(case_id, ()))),
            first_intervention_start=first_intervention_start,
            follow_up_interval_months=follow_up_interval_months,
            closed_on=closed_on,
        )


def read_flat_facts(
    case_ids: Sequence[int] | QuerySet[Any],
    *,
    due_from: dt.date | None = None,
    notifications: bool = True,
) -> FlatFacts:
    """The facts ``case_facts`` reads, for many cases in five flat queries: the case list, the
    team overview and the API list (ids) and the compliance indicator (a subquery) share them.

    With ``due_from``, notifications and decisions whose deadlines all fall due before that day
    are not read (most of a case's history): for a caller that wants only deadlines due from
    then on. ``FlatFacts.first_start`` is then incomplete; such a caller reads it itself.
    """

    def rows(qs: QuerySet[Any], *fields: str) -> Rows:
        out: Rows = defaultdict(list)
        for row in qs.filter(case_id__in=case_ids).order_by("pk").values_list("case_id", *fields):
            out[row[0]].append(row[1:])
        return out

    notices = Notification.objects.all() if notifications else Notification.objects.none()
    decisions = Decision.objects.all()
    if due_from is not None:
        since = dt.datetime.combine(due_from - NOTIFICATION_REACH, dt.time(), tzinfo=_COPENHAGEN)
        notices = notices.filter(received_at__gte=since)
        decisions = decisions.filter(decided_on__gte=due_from - DECISION_REACH)
    return FlatFacts(
        notifications=rows(
            notices, "pk", "received_at", "assessed_at", "source", "receipt_sent_on"
        ),
        assessments=rows(
            Assessment.objects.all(), "pk", "need_known_on", "finished_on", "preliminary_on"
        ),
        # Each decision with the first start of its interventions: the case's first start is
        # the earliest of them, without a query of its own.
        decisions=rows(
            decisions.annotate(first_start=Min("episodes__start")),
            "pk",
            "legal_basis",
            "decided_on",
            "acute",
            "plan_choice",
            "plan_choice_on",
            "first_start",
        ),
        plans=rows(Plan.objects.all(), "pk", "approved_on"),
        follow_ups=rows(FollowUp.objects.all(), "pk", "held_on"),
    )


def facts_by_case(cases: Sequence[Case]) -> dict[int, deadlines.CaseFacts]:
    """The deadline facts of many loaded cases, by case id: the same facts as ``case_facts``,
    in five flat queries however many cases there are (none for no cases). The cases' own
    fields (interval, closing day) are read from the instances given."""
    if not cases:
        return {}
    flat = read_flat_facts([case.pk for case in cases])
    return {
        case.pk: flat.of(
            case.pk,
            follow_up_interval_months=case.follow_up_interval_months,
            closed_on=case.closed_on,
            first_intervention_start=flat.first_start(case.pk),
        )
        for case in cases
    }


def case_deadlines(case: Case, today: dt.date) -> list[deadlines.Deadline]:
    return deadlines.case_deadlines(case_facts(case), today=today)


def caseloads(team_ids: set[int] | None) -> QuerySet[Case, dict[str, Any]]:
    """Open cases per responsible caseworker, optionally restricted to teams."""
    cases = Case.objects.filter(status=CaseStatus.OPEN)
    if team_ids is not None:
        cases = cases.filter(area_team_id__in=team_ids)
    return (
        cases.values("caseworker_id", "caseworker__first_name", "caseworker__last_name")
        .annotate(open_cases=Count("pk"))
        .order_by("-open_cases")
    )


def notifications_of(child_id: int, *, pending: bool = False) -> QuerySet[Notification]:
    """The child's notifications, the newest first; ``pending``: those awaiting an outcome.

    Pending means no outcome yet, whether or not the notification joined an open case on
    arrival: a new notification on an open case still needs its own assessment.
    """
    qs = Notification.objects.filter(child_id=child_id).order_by("-received_at", "-pk")
    return qs.filter(outcome="") if pending else qs
