"""Management supervision as the leader sees it: whom they may sample, their samples and the
findings recorded so far. Shared by the supervision pages and ``/api/supervisions``; the caller
checks ``cases.supervise`` and records the reads. Drawing and recording findings are the
services in ``services/oversight.py``."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import Http404

from herningmodel.access.policy import team_ids
from herningmodel.cases.models import Case, ChecklistItem, Supervision


def eligible_workers(leader: Any) -> QuerySet[Any]:
    """The current members of the leader's teams, the leader excepted."""
    return (
        get_user_model()
        .objects.filter(
            staff__memberships__team_id__in=team_ids(leader),
            staff__memberships__end__isnull=True,
        )
        .exclude(pk=leader.pk or 0)
        .distinct()
        .order_by("first_name", "last_name")
    )


def supervisions_of(leader: Any) -> QuerySet[Supervision]:
    """The samples the leader has drawn, the newest first."""
    return (
        Supervision.objects.filter(leader_id=leader.pk)
        .select_related("worker")
        .order_by("-drawn_on", "-pk")
    )


def supervision_of(leader: Any, supervision_id: int) -> Supervision:
    """One of the leader's own samples; anyone else's is not found."""
    supervision = supervisions_of(leader).filter(pk=supervision_id).first()
    if supervision is None:
        raise Http404
    return supervision


def checklist() -> list[ChecklistItem]:
    return list(ChecklistItem.objects.filter(active=True))


def sampled_cases(supervision: Supervision) -> list[Case]:
    return list(supervision.cases.select_related("child").order_by("pk"))


def findings_by_case(supervision: Supervision) -> dict[int, dict[str, bool]]:
    """Per sampled case, the checklist item codes answered and whether each was fulfilled."""
    findings: dict[int, dict[str, bool]] = {}
    for finding in supervision.findings.select_related("item"):
        findings.setdefault(finding.case_id, {})[finding.item.code] = finding.fulfilled
    return findings
