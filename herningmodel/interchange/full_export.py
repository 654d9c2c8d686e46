"""The full export: every kind the importer reads, written in the very format it reads.

For migration and archiving: one CSV file per kind (semicolon separated, decimal comma, UTF-8
with byte-order mark, ISO dates, Danish-time date-times with their offset, ``ja``/``nej``),
plus the catalogue workbook (``catalogue.xlsx``, as ``herningmodel catalogue export`` writes
it), into a folder or one zip file. Importing the files in ``importing.ORDER`` (with
``full_import``) into an empty database gives the same monitoring indicators.

Rows made in Herningmodel itself have no external id; the export gives each one the id
``HM-<KIND>-<pk>`` and stores it, so that re-importing an export into the same instance
updates those rows instead of duplicating them. Text that a spreadsheet would run as a formula
is written with a leading ``'`` (``cells.protect``), which the importer removes again
(``cells.unprotect``) — exactly, also for text that really begins with ``'=``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import models, transaction
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from herningmodel.access.policy import User
from herningmodel.audit import services as audit
from herningmodel.audit.models import EventType
from herningmodel.cases.models import (
    Assessment,
    Case,
    ChecklistItem,
    ChildTalk,
    Decision,
    FollowUp,
    Goal,
    HandbookEntry,
    Handover,
    MeetingAttendee,
    NetworkMeeting,
    Notification,
    Plan,
    Supervision,
    SupervisionFinding,
    Task,
)
from herningmodel.coordination import models as coordination
from herningmodel.economics.models import Adoption, Scenario
from herningmodel.interchange.cells import protect
from herningmodel.monitoring.models import ChildPopulation
from herningmodel.organisation.models import (
    AreaTeam,
    District,
    StaffMember,
    TeamMembership,
    TrainingRecord,
)
from herningmodel.people.models import Child, Household, Person, Relation
from herningmodel.progress.models import Measurement, Score
from herningmodel.staircase import catalogue_io
from herningmodel.staircase.models import Budget, Episode, LedgerEntry

CATALOGUE = "catalogue.xlsx"
BATCH = 5000


def cell(value: Any) -> str:
    """A value as the importer reads it back."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, Decimal):
        return f"{value:f}".replace(".", ",")
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return protect(value)
    return str(value)


@dataclass(frozen=True)
class Sheet:
    """One kind's file: its columns and the query fields they are read from."""

    kind: str
    model: type[models.Model]
    columns: tuple[tuple[str, str], ...]  # (column, field path for values_list)
    # Rows get ``HM-<prefix>-<pk>`` as external id when they have none.
    prefix: str = ""
    filter: dict[str, Any] = field(default_factory=dict)
    # Columns filled from another query by pk (many-to-many links, scores).
    extra: dict[str, Callable[[list[int]], dict[int, str]]] = field(default_factory=dict)


def _decisions_of(pks: list[int]) -> dict[int, str]:
    found: dict[int, list[str]] = {}
    through = Decision.episodes.through.objects.filter(episode_id__in=pks)
    for episode, external_id in through.order_by("decision__external_id").values_list(
        "episode_id", "decision__external_id"
    ):
        found.setdefault(episode, []).append(external_id or "")
    return {pk: "|".join(ids) for pk, ids in found.items()}


def _departments_of(pks: list[int]) -> dict[int, str]:
    """A coordination meeting's departments present, as the importer reads them: a|b."""
    meetings = coordination.NetworkMeeting.objects.filter(pk__in=pks)
    return {pk: "|".join(found) for pk, found in meetings.values_list("pk", "departments")}


def _sample_of(pks: list[int]) -> dict[int, str]:
    """A supervision's sampled cases, as the importer reads them: external ids, a|b."""
    found: dict[int, list[str]] = {}
    through = Supervision.cases.through.objects.filter(supervision_id__in=pks)
    for supervision, external_id in through.order_by("case__external_id").values_list(
        "supervision_id", "case__external_id"
    ):
        found.setdefault(supervision, []).append(external_id or "")
    return {pk: "|".join(ids) for pk, ids in found.items()}


def _scores_of(pks: list[int]) -> dict[int, str]:
    found: dict[int, list[str]] = {}
    scores = Score.objects.filter(measurement_id__in=pks).order_by("dimension__position")
    for measurement, code, value in scores.values_list(
        "measurement_id", "dimension__code", "value"
    ):
        found.setdefault(measurement, []).append(f"{code}={value}")
    return {pk: "|".join(parts) for pk, parts in found.items()}


SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "districts",
        District,
        (
            ("name", "name"),
            ("municipality", "municipality__code"),
            ("municipality_name", "municipality__name"),
            ("model_status", "model_status"),
            ("model_start", "model_start"),
        ),
    ),
    Sheet(
        "area_teams",
        AreaTeam,
        (("name", "name"), ("district", "district__name"), ("caseload_target", "caseload_target")),
    ),
    Sheet(
        "staff",
        StaffMember,
        (
            ("username", "user__username"),
            ("first_name", "user__first_name"),
            ("last_name", "user__last_name"),
            ("email", "user__email"),
            ("role", "role"),
            ("active", "user__is_active"),
        ),
    ),
    Sheet(
        "memberships",
        TeamMembership,
        (
            ("username", "staff__user__username"),
            ("team", "team__name"),
            ("discipline", "discipline"),
            ("start", "start"),
            ("end", "end"),
        ),
    ),
    Sheet(
        "training",
        TrainingRecord,
        (
            ("username", "staff__user__username"),
            ("method", "method"),
            ("completed_on", "completed_on"),
        ),
    ),
    Sheet(
        "population",
        ChildPopulation,
        (("district", "district__name"), ("year", "year"), ("age", "age"), ("count", "count")),
    ),
    Sheet("budgets", Budget, (("step", "step__number"), ("year", "year"), ("amount", "amount"))),
    Sheet(
        "households",
        Household,
        (("external_id", "external_id"), ("label", "label")),
        prefix="HOUSEHOLD",
    ),
    Sheet(
        "persons",
        Person,
        (
            ("external_id", "external_id"),
            ("first_name", "first_name"),
            ("last_name", "last_name"),
            ("cpr", "cpr"),
            ("phone", "phone"),
            ("household", "household__external_id"),
        ),
        prefix="PERSON",
    ),
    Sheet(
        "children",
        Child,
        (
            ("external_id", "external_id"),
            ("first_name", "first_name"),
            ("last_name", "last_name"),
            ("cpr", "cpr"),
            ("birth_date", "birth_date"),
            ("expected_birth_date", "expected_birth_date"),
            ("district", "district__name"),
            ("area_team", "area_team__name"),
            ("household", "household__external_id"),
        ),
        prefix="CHILD",
    ),
    Sheet(
        "relations",
        Relation,
        (
            ("child", "child__external_id"),
            ("person", "person__external_id"),
            ("kind", "kind"),
            ("has_custody", "has_custody"),
            ("is_network", "is_network"),
        ),
    ),
    Sheet(
        "cases",
        Case,
        (
            ("external_id", "external_id"),
            ("child", "child__external_id"),
            ("caseworker", "caseworker__username"),
            ("opened_on", "opened_on"),
            ("closed_on", "closed_on"),
            ("closure_reason", "closure_reason"),
            ("closure_note", "closure_note"),
            ("follow_up_interval_months", "follow_up_interval_months"),
            ("reopens", "reopens__external_id"),
            ("district", "district__name"),
            ("area_team", "area_team__name"),
        ),
        prefix="CASE",
    ),
    Sheet(
        "handovers",
        Handover,
        (
            ("case", "case__external_id"),
            ("on", "on"),
            ("from_worker", "from_worker__username"),
            ("to_worker", "to_worker__username"),
            ("reason", "reason"),
            ("note", "note"),
        ),
    ),
    Sheet(
        "notifications",
        Notification,
        (
            ("external_id", "external_id"),
            ("child", "child__external_id"),
            ("case", "case__external_id"),
            ("source", "source"),
            ("notifier", "notifier"),
            ("received_at", "received_at"),
            ("content", "content"),
            ("assessed_at", "assessed_at"),
            ("assessed_by", "assessed_by__username"),
            ("in_danger", "in_danger"),
            ("acute_measures", "acute_measures"),
            ("assessment_note", "assessment_note"),
            ("receipt_sent_on", "receipt_sent_on"),
            ("outcome", "outcome"),
            ("outcome_on", "outcome_on"),
        ),
        prefix="NOTIFICATION",
    ),
    Sheet(
        "assessments",
        Assessment,
        (
            ("external_id", "external_id"),
            ("case", "case__external_id"),
            ("need_known_on", "need_known_on"),
            ("started_on", "started_on"),
            ("preliminary_on", "preliminary_on"),
            ("finished_on", "finished_on"),
            ("recommendation", "recommendation"),
            ("child_development", "child_development"),
            ("parenting_capacity", "parenting_capacity"),
            ("family_and_network", "family_and_network"),
            ("preliminary_text", "preliminary_text"),
            ("conclusion", "conclusion"),
        ),
        prefix="ASSESSMENT",
    ),
    Sheet(
        "child_talks",
        ChildTalk,
        (
            ("external_id", "external_id"),
            ("case", "case__external_id"),
            ("held_on", "held_on"),
            ("not_held_on", "not_held_on"),
            ("not_held_reason", "not_held_reason"),
            ("child_views", "child_views"),
            ("recorded_by", "recorded_by__username"),
        ),
        prefix="TALK",
    ),
    Sheet(
        "decisions",
        Decision,
        (
            ("external_id", "external_id"),
            ("case", "case__external_id"),
            ("legal_basis", "legal_basis"),
            ("legal_item", "legal_item"),
            ("decided_on", "decided_on"),
            ("purpose", "purpose"),
            ("expected_duration_months", "expected_duration_months"),
            ("acute", "acute"),
            ("consent", "consent"),
            ("plan_choice", "plan_choice"),
            ("plan_choice_on", "plan_choice_on"),
            ("decided_by", "decided_by__username"),
            ("child_talk", "child_talk__external_id"),
        ),
        prefix="DECISION",
    ),
    Sheet(
        "network_meetings",
        NetworkMeeting,
        (
            ("external_id", "external_id"),
            ("case", "case__external_id"),
            ("held_on", "held_on"),
            ("family_chaired", "family_chaired"),
            ("summary", "summary"),
            ("recorded_by", "recorded_by__username"),
        ),
        prefix="MEETING",
    ),
    Sheet(
        "meeting_attendees",
        MeetingAttendee,
        (
            ("external_id", "external_id"),
            ("meeting", "meeting__external_id"),
            ("kind", "kind"),
            ("name", "name"),
            ("role", "role"),
            ("person", "person__external_id"),
        ),
        prefix="ATTENDEE",
    ),
    Sheet(
        "plans",
        Plan,
        (
            ("external_id", "external_id"),
            ("case", "case__external_id"),
            ("is_youth_plan", "is_youth_plan"),
            ("childs_words", "childs_words"),
            ("familys_words", "familys_words"),
            ("approved_on", "approved_on"),
            ("updated_by", "updated_by__username"),
            ("meeting", "meeting__external_id"),
        ),
        prefix="PLAN",
    ),
    Sheet(
        "goals",
        Goal,
        (
            ("external_id", "external_id"),
            ("plan", "plan__external_id"),
            ("text", "text"),
            ("target_on", "target_on"),
            ("achieved_on", "achieved_on"),
        ),
        prefix="GOAL",
    ),
    Sheet(
        "tasks",
        Task,
        (
            ("external_id", "external_id"),
            ("plan", "plan__external_id"),
            ("goal", "goal__external_id"),
            ("description", "description"),
            ("responsible_kind", "responsible_kind"),
            ("responsible_name", "responsible_name"),
            ("due_on", "due_on"),
            ("done_on", "done_on"),
        ),
        prefix="TASK",
    ),
    Sheet(
        "follow_ups",
        FollowUp,
        (
            ("external_id", "external_id"),
            ("case", "case__external_id"),
            ("held_on", "held_on"),
            ("goals_moved", "goals_moved"),
            ("decision", "decision"),
            ("note", "note"),
            ("recorded_by", "recorded_by__username"),
        ),
        prefix="FOLLOWUP",
    ),
    Sheet(
        "episodes",
        Episode,
        (
            ("external_id", "external_id"),
            ("child", "child__external_id"),
            ("type", "intervention_type__code"),
            ("provider", "provider__name"),
            ("start", "start"),
            ("planned_end", "planned_end"),
            ("end", "end"),
            ("end_reason", "end_reason"),
            ("planned_volume", "planned_volume"),
            ("district", "district__name"),
            ("area_team", "area_team__name"),
            ("justification", "justification"),
        ),
        prefix="EPISODE",
        extra={"decisions": _decisions_of},
    ),
    Sheet(
        "payments",
        LedgerEntry,
        (("episode", "episode__external_id"), ("month", "month"), ("amount", "amount")),
    ),
    Sheet(
        "measurements",
        Measurement,
        (
            ("external_id", "external_id"),
            ("child", "child__external_id"),
            ("instrument", "instrument__code"),
            ("measured_on", "measured_on"),
            ("case", "case__external_id"),
            ("follow_up", "follow_up__external_id"),
            ("measured_by", "measured_by__username"),
        ),
        prefix="MEASUREMENT",
        extra={"scores": _scores_of},
    ),
    # Family coordination (Hedensted's "Familier på vej"), in kinds_coordination.KINDS order.
    Sheet(
        "coordinations",
        coordination.FamilyCoordination,
        (
            ("external_id", "external_id"),
            ("household", "household__external_id"),
            ("coordinator", "coordinator__username"),
            ("started_on", "started_on"),
            ("ended_on", "ended_on"),
        ),
        prefix="COORDINATION",
    ),
    Sheet(
        "common_plans",
        coordination.CommonPlan,
        (
            ("coordination", "coordination__external_id"),
            ("dreams", "dreams"),
            ("version", "version"),
        ),
    ),
    Sheet(
        "department_contacts",
        coordination.DepartmentContact,
        (
            ("coordination", "coordination__external_id"),
            ("department", "department"),
            ("name", "name"),
            ("staff", "staff__username"),
        ),
    ),
    Sheet(
        "consents",
        coordination.Consent,
        (
            ("external_id", "external_id"),
            ("coordination", "coordination__external_id"),
            ("department", "department"),
            ("what", "what"),
            ("given_on", "given_on"),
            ("until", "until"),
            ("withdrawn_on", "withdrawn_on"),
        ),
        prefix="CONSENT",
    ),
    Sheet(
        "running_interventions",
        coordination.RunningIntervention,
        (
            ("external_id", "external_id"),
            ("coordination", "coordination__external_id"),
            ("department", "department"),
            ("description", "description"),
            ("started_on", "started_on"),
            ("family_wants_ended", "family_wants_ended"),
            ("ended_on", "ended_on"),
            ("end_reason", "end_reason"),
            ("ended_by", "ended_by__username"),
        ),
        prefix="INTERVENTION",
    ),
    Sheet(
        "plan_goals",
        coordination.PlanGoal,
        (
            ("external_id", "external_id"),
            ("coordination", "plan__coordination__external_id"),
            ("text", "text"),
            ("core_task", "core_task"),
            ("dropped_on", "dropped_on"),
        ),
        prefix="PLANGOAL",
    ),
    Sheet(
        "plan_actions",
        coordination.PlanAction,
        (
            ("external_id", "external_id"),
            ("goal", "goal__external_id"),
            ("owner_kind", "owner_kind"),
            ("department", "department"),
            ("description", "description"),
            ("due_on", "due_on"),
            ("ended_on", "ended_on"),
        ),
        prefix="PLANACTION",
    ),
    Sheet(
        "coordination_meetings",
        coordination.NetworkMeeting,
        (
            ("external_id", "external_id"),
            ("coordination", "coordination__external_id"),
            ("held_on", "held_on"),
            ("family_attendees", "family_attendees"),
            ("network_attendees", "network_attendees"),
            ("recorded_by", "recorded_by__username"),
        ),
        prefix="FAMILYMEETING",
        extra={"departments": _departments_of},
    ),
    Sheet(
        "plan_decisions",
        coordination.PlanDecision,
        (
            ("external_id", "external_id"),
            ("meeting", "meeting__external_id"),
            ("kind", "kind"),
            ("goal", "goal__external_id"),
            ("action", "action__external_id"),
            ("owner_kind", "owner_kind"),
            ("department", "department"),
            ("core_task", "core_task"),
            ("text", "text"),
        ),
        prefix="PLANDECISION",
    ),
    Sheet(
        "movement_scores",
        coordination.MovementScore,
        (
            ("goal", "goal__external_id"),
            ("held_on", "held_on"),
            ("score", "score"),
            ("meeting", "meeting__external_id"),
        ),
    ),
    # The business case: saved scenario versions and which was adopted when.
    Sheet(
        "scenarios",
        Scenario,
        (
            ("name", "name"),
            ("version", "version"),
            ("toml", "toml"),
            ("created_by", "created_by__username"),
            ("created_at", "created_at"),
        ),
    ),
    Sheet(
        "adoptions",
        Adoption,
        (
            ("external_id", "external_id"),
            ("scenario", "scenario__name"),
            ("scenario_version", "scenario__version"),
            ("starts_on", "starts_on"),
            ("adopted_by", "adopted_by__username"),
            ("adopted_at", "adopted_at"),
            ("current", "current"),
            ("ended_at", "ended_at"),
            ("ended_by", "ended_by__username"),
        ),
        prefix="ADOPTION",
    ),
    # Management supervision and the quality handbook.
    Sheet(
        "checklist_items",
        ChecklistItem,
        (("code", "code"), ("text", "text"), ("active", "active"), ("position", "position")),
    ),
    Sheet(
        "supervisions",
        Supervision,
        (
            ("external_id", "external_id"),
            ("leader", "leader__username"),
            ("worker", "worker__username"),
            ("drawn_on", "drawn_on"),
            ("seed", "seed"),
            ("actions", "actions"),
            ("actions_due_on", "actions_due_on"),
        ),
        prefix="SUPERVISION",
        extra={"cases": _sample_of},
    ),
    Sheet(
        "supervision_findings",
        SupervisionFinding,
        (
            ("supervision", "supervision__external_id"),
            ("case", "case__external_id"),
            ("item", "item__code"),
            ("fulfilled", "fulfilled"),
            ("note", "note"),
        ),
    ),
    Sheet(
        "handbook",
        HandbookEntry,
        (
            ("step", "step"),
            ("version", "version"),
            ("text", "text"),
            ("written_by", "written_by__username"),
            ("written_at", "written_at"),
        ),
    ),
)


def give_external_ids() -> dict[str, int]:
    """Store ``HM-<KIND>-<pk>`` on every exported row that has no external id yet."""
    given = {}
    for sheet in SHEETS:
        if sheet.prefix:
            given[sheet.kind] = sheet.model._default_manager.filter(external_id=None).update(
                external_id=Concat(
                    models.Value(f"HM-{sheet.prefix}-"),
                    Cast("pk", models.CharField()),
                    output_field=models.CharField(),
                )
            )
    return given


def rows(sheet: Sheet) -> Iterator[list[str]]:
    """The header, then every row of the kind in primary-key order."""
    names = [c for c, _f in sheet.columns]
    yield [*names, *sheet.extra]
    qs = sheet.model._default_manager.filter(**sheet.filter).order_by("pk")
    paths = ["pk", *(f for _c, f in sheet.columns)]
    unborn = sheet.kind == "children"
    batch: list[tuple[Any, ...]] = []

    def flush() -> Iterator[list[str]]:
        pks = [r[0] for r in batch]
        extras = {name: read(pks) for name, read in sheet.extra.items()}
        for record in batch:
            values = list(record[1:])
            if unborn:
                values = _child_values(names, values)
            yield [cell(v) for v in values] + [extras[n].get(record[0], "") for n in extras]

    for record in qs.values_list(*paths).iterator(chunk_size=BATCH):
        batch.append(record)
        if len(batch) >= BATCH:
            yield from flush()
            batch = []
    if batch:
        yield from flush()


def _child_values(names: list[str], values: list[Any]) -> list[Any]:
    """A born child's expected birth date is history, not a column the importer accepts."""
    row = dict(zip(names, values, strict=True))
    if row["birth_date"] is not None or row["cpr"]:
        row["expected_birth_date"] = None
    return [row[n] for n in names]


def csv_bytes(lines: Iterable[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerows(lines)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


@dataclass
class Summary:
    target: str
    counts: dict[str, int]


def export_full(
    target: Path | str, *, actor: User | None, source: str = "", actor_label: str | None = None
) -> Summary:
    """Write every kind to ``target``: a folder, or one zip file if it ends in ``.zip``."""
    target = Path(target)
    files: dict[str, bytes] = {}
    counts: dict[str, int] = {}
    with transaction.atomic():
        give_external_ids()
        for sheet in SHEETS:
            lines = list(rows(sheet))
            counts[sheet.kind] = len(lines) - 1
            files[f"{sheet.kind}.csv"] = csv_bytes(lines)
        with tempfile.TemporaryDirectory() as folder:
            catalogue = Path(folder) / CATALOGUE
            catalogue_io.export_catalogue(catalogue)
            files[CATALOGUE] = catalogue.read_bytes()
        audit.record(
            EventType.EXPORT,
            actor=actor,
            actor_label=actor_label if actor is None else None,
            source=source,
            changes={"kind": "full", "target": target.name, "rows": counts},
        )
    if target.suffix.lower() == ".zip":
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in files.items():
                archive.writestr(name, data)
    else:
        target.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            (target / name).write_bytes(data)
    return Summary(str(target), counts)
