"""Every import kind: the example file imports, re-importing changes nothing, a corrected file
updates by key, and a bad row is reported (with nothing written)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from herningmodel.audit.models import AuditEvent, EventType
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
from herningmodel.coordination.models import (
    CommonPlan,
    Consent,
    DepartmentContact,
    FamilyCoordination,
    MovementScore,
    PlanAction,
    PlanDecision,
    PlanGoal,
    RunningIntervention,
)
from herningmodel.coordination.models import NetworkMeeting as FamilyMeeting
from herningmodel.economics.models import Adoption, Scenario
from herningmodel.interchange import importing
from herningmodel.interchange.pipeline import ImportFailed
from herningmodel.monitoring.models import ChildPopulation
from herningmodel.organisation.models import (
    AreaTeam,
    District,
    Municipality,
    StaffMember,
    TeamMembership,
)
from herningmodel.people.models import Household, Person, Relation
from herningmodel.progress.models import Measurement
from herningmodel.staircase.models import Budget, Episode, LedgerEntry, Price

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
TODAY = dt.date(2026, 6, 1)


def run(kind: str, path: Path, **options: Any) -> Any:
    return importing.KINDS[kind](path, actor=None, source="test", today=TODAY, **options)


def import_examples(until: str | None = None) -> None:
    for kind in importing.ORDER:
        if kind == until:
            return
        run(kind, EXAMPLES / f"{kind}.csv")


@pytest.fixture
def examples(db: None) -> None:
    import_examples()


def rewrite(tmp_path: Path, kind: str, change: dict[str, str], row: int = 0) -> Path:
    """The example file of ``kind`` with cells of its ``row``-th data row replaced (read and
    written as CSV: a scenario's file is a cell of many lines)."""
    text = (EXAMPLES / f"{kind}.csv").read_text(encoding="utf-8")
    lines = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    header = lines[0]
    for column, value in change.items():
        lines[1 + row][header.index(column)] = value
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\n").writerows(lines)
    path = tmp_path / f"{kind}.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def test_the_example_files_import_in_order(examples: None) -> None:
    assert Municipality.objects.get().code == "999"
    assert District.objects.get(name="Nord").model_start == dt.date(2016, 1, 1)
    assert AreaTeam.objects.get(name="Områdeteam Syd").caseload_target == 30
    rikke = StaffMember.objects.get(user__username="rikke.raadgiver")
    assert rikke.role == "caseworker"
    assert not rikke.user.has_usable_password()
    assert TeamMembership.objects.count() == 4
    assert ChildPopulation.objects.get(district__name="Syd", year=2024, age=1).count == 190
    assert Budget.objects.get(step__number=5, year=2024).amount == Decimal("31000000.00")
    reopening = Case.objects.get(external_id="SAG-503")
    assert reopening.reopens == Case.objects.get(external_id="SAG-502")
    assert reopening.status == "open"
    assert Handover.objects.get().to_worker.username == "søren.sagsbehandler"
    notification = Notification.objects.get(external_id="UND-9001")
    assert notification.received_at.hour == 8  # 09:15 in Copenhagen is 08:15 UTC
    assert notification.in_danger is False
    assert Assessment.objects.get().finished_on == dt.date(2024, 5, 2)
    decision = Decision.objects.get()
    assert list(decision.episodes.values_list("external_id", flat=True)) == ["IND-1"]
    assert Plan.objects.get().approved_on == dt.date(2024, 5, 20)
    assert FollowUp.objects.get().goals_moved == "partly"
    fft = Episode.objects.get(external_id="IND-3")
    assert fft.step.number == 3
    assert fft.district.name == "Syd"
    # The file's price became the provider's price from the episode's start.
    assert Price.objects.get(
        provider=fft.provider,
        intervention_type=fft.intervention_type,
        valid_from=dt.date(2024, 10, 1),
    ).amount == Decimal("56000.00")
    # Episodes are costed from the price list; payments set what was actually booked.
    assert LedgerEntry.objects.filter(episode=fft).exists()
    booked = LedgerEntry.objects.get(episode__external_id="IND-2", month=dt.date(2024, 4, 1))
    assert booked.amount == Decimal("6360.00")
    measurement = Measurement.objects.get(external_id="MÅL-2")
    assert measurement.follow_up == FollowUp.objects.get()
    assert sorted(measurement.scores.values_list("dimension__code", "value")) == [
        ("child", 6),
        ("family", 5),
        ("parenting", 5),
    ]


@pytest.mark.parametrize("kind", importing.ORDER)
def test_reimporting_changes_nothing_and_is_audited(examples: None, kind: str) -> None:
    before = AuditEvent.objects.filter(event_type=EventType.DATA_IMPORTED).count()
    report = run(kind, EXAMPLES / f"{kind}.csv")
    assert report.created == []
    assert report.updated == []
    assert report.unchanged == report.rows > 0
    event = AuditEvent.objects.filter(event_type=EventType.DATA_IMPORTED).latest("pk")
    assert AuditEvent.objects.filter(event_type=EventType.DATA_IMPORTED).count() == before + 1
    assert event.changes["kind"] == kind
    assert event.changes["unchanged"] == report.rows


# kind: (a corrected cell, how to read the corrected value back)
UPDATES: dict[str, tuple[dict[str, str], Any]] = {
    "districts": (
        {"model_start": "01-08-2016"},
        lambda: District.objects.get(name="Nord").model_start == dt.date(2016, 8, 1),
    ),
    "area_teams": (
        {"caseload_target": "20"},
        lambda: AreaTeam.objects.get(name="Områdeteam Nord").caseload_target == 20,
    ),
    "staff": (
        {"role": "team_leader"},
        lambda: StaffMember.objects.get(user__username="rikke.raadgiver").role == "team_leader",
    ),
    "memberships": (
        {"end": "31-12-2025"},
        lambda: (
            TeamMembership.objects.get(staff__user__username="rikke.raadgiver").end
            == dt.date(2025, 12, 31)
        ),
    ),
    "population": (
        {"count": "215"},
        lambda: ChildPopulation.objects.get(district__name="Nord", year=2024, age=0).count == 215,
    ),
    "budgets": (
        {"amount": "13.000.000"},
        lambda: Budget.objects.get(step__number=3).amount == Decimal("13000000"),
    ),
    "households": (
        {"label": "Familien Testesen-Hansen"},
        lambda: Household.objects.get(external_id="HUS-1").label == "Familien Testesen-Hansen",
    ),
    "persons": (
        {"phone": "11223344"},
        lambda: Person.objects.get(external_id="PER-1").phone == "11223344",
    ),
    "relations": (
        {"has_custody": "nej"},
        lambda: not Relation.objects.get(person__external_id="PER-1").has_custody,
    ),
    "child_talks": (
        {"child_views": "Asta vil bo hos mor."},
        lambda: ChildTalk.objects.get(external_id="SAM-1").child_views == "Asta vil bo hos mor.",
    ),
    "network_meetings": (
        {"family_chaired": "nej"},
        lambda: not NetworkMeeting.objects.get().family_chaired,
    ),
    "meeting_attendees": (
        {"role": "mor og værge"},
        lambda: MeetingAttendee.objects.get(external_id="DEL-1").role == "mor og værge",
    ),
    "goals": (
        {"achieved_on": "15-08-2024"},
        lambda: Goal.objects.get(external_id="DELMÅL-1").achieved_on == dt.date(2024, 8, 15),
    ),
    "tasks": (
        {"done_on": "20-05-2024"},
        lambda: Task.objects.get(external_id="OPG-1").done_on == dt.date(2024, 5, 20),
    ),
    "children": (
        {"first_name": "Astrid"},
        lambda: Case.objects.get(external_id="SAG-501").child.first_name == "Astrid",
    ),
    "cases": (
        {"closed_on": "01-06-2026", "closure_reason": "goals_reached"},
        lambda: Case.objects.get(external_id="SAG-501").status == "closed",
    ),
    "handovers": (
        {"reason": "illness"},
        lambda: Handover.objects.get().reason == "illness",
    ),
    "notifications": (
        {"outcome": "no_action"},
        lambda: Notification.objects.get(external_id="UND-9001").outcome == "no_action",
    ),
    "assessments": (
        {"recommendation": "30"},
        lambda: Assessment.objects.get().recommendation == "30",
    ),
    "decisions": (
        {"expected_duration_months": "9"},
        lambda: Decision.objects.get().expected_duration_months == 9,
    ),
    "plans": ({"approved_on": "21-05-2024"}, lambda: Plan.objects.get().approved_on.day == 21),
    "follow_ups": ({"goals_moved": "yes"}, lambda: FollowUp.objects.get().goals_moved == "yes"),
    "episodes": (
        {"decisions": ""},
        lambda: not Episode.objects.get(external_id="IND-1").decisions.exists(),
    ),
    "payments": (
        {"amount": "6.400,00"},
        lambda: (
            LedgerEntry.objects.get(episode__external_id="IND-2", month="2024-04-01").amount
            == Decimal("6400")
        ),
    ),
    "measurements": (
        {"scores": "child=5|parenting=3|family=5"},
        lambda: (
            Measurement.objects.get(external_id="MÅL-1").scores.get(dimension__code="child").value
            == 5
        ),
    ),
    "coordinations": (
        {"ended_on": "31-12-2025"},
        lambda: (
            FamilyCoordination.objects.get(external_id="KOORD-1").ended_on == dt.date(2025, 12, 31)
        ),
    ),
    "common_plans": (
        {"dreams": "Et roligt hjem."},
        lambda: (
            CommonPlan.objects.get(coordination__external_id="KOORD-1").dreams == "Et roligt hjem."
        ),
    ),
    "department_contacts": (
        {"name": "Familieafdelingen Nord"},
        lambda: DepartmentContact.objects.get(department="family").name == "Familieafdelingen Nord",
    ),
    "consents": (
        {"withdrawn_on": "01-10-2025"},
        lambda: Consent.objects.get(external_id="SAMTYKKE-1").withdrawn_on == dt.date(2025, 10, 1),
    ),
    "running_interventions": (
        {"end_reason": "Mor er i job."},
        lambda: (
            RunningIntervention.objects.get(external_id="TILTAG-1").end_reason == "Mor er i job."
        ),
    ),
    "plan_goals": (
        {"dropped_on": "01-12-2024"},
        lambda: PlanGoal.objects.get(external_id="FMÅL-1").dropped_on == dt.date(2024, 12, 1),
    ),
    "plan_actions": (
        {"due_on": "15-06-2024"},
        lambda: PlanAction.objects.get(external_id="FHAND-1").due_on == dt.date(2024, 6, 15),
    ),
    "coordination_meetings": (
        {"departments": "family"},
        lambda: FamilyMeeting.objects.get(external_id="FMØDE-1").departments == ["family"],
    ),
    "plan_decisions": (
        {"text": "Praktikken er gennemført med succes"},
        lambda: (
            PlanDecision.objects.get(external_id="FBESL-1").text
            == "Praktikken er gennemført med succes"
        ),
    ),
    "movement_scores": (
        {"score": "4"},
        lambda: (
            MovementScore.objects.get(goal__external_id="FMÅL-1", held_on=dt.date(2024, 4, 1)).score
            == 4
        ),
    ),
    "scenarios": (
        {"created_at": "2024-01-16T10:30:00+01:00"},
        lambda: timezone.localtime(Scenario.objects.get(version=1).created_at).day == 16,
    ),
    "checklist_items": (
        {"text": "Er underretningen vurderet samme dag?"},
        lambda: (
            ChecklistItem.objects.get(code="notification-24h").text
            == "Er underretningen vurderet samme dag?"
        ),
    ),
    "supervisions": (
        {"actions_due_on": "30-06-2024"},
        lambda: (
            Supervision.objects.get(external_id="TILSYN-1").actions_due_on == dt.date(2024, 6, 30)
        ),
    ),
    "supervision_findings": (
        {"note": "Samtalen mangler."},
        lambda: (
            SupervisionFinding.objects.get(
                case__external_id="SAG-501", item__code="child-talk"
            ).note
            == "Samtalen mangler."
        ),
    ),
    "handbook": (
        {"written_at": "2023-11-02T09:00:00+01:00"},
        lambda: (
            timezone.localtime(
                HandbookEntry.objects.get(step="child_talk", version=1).written_at
            ).day
            == 2
        ),
    ),
    "adoptions": (
        {"adopted_at": "2024-01-21T14:00:00+01:00"},
        lambda: (
            timezone.localtime(Adoption.objects.get(external_id="VEDTAGET-1").adopted_at).day == 21
        ),
    ),
}


# Kinds whose every column is the key: a corrected cell names another row, so it adds one
# (tests/interchange/test_kinds_oversight.py checks that for the training records).
ALL_KEY = {"training"}


@pytest.mark.parametrize("kind", [k for k in importing.ORDER if k not in ALL_KEY])
def test_a_corrected_file_updates_by_key_and_never_duplicates(
    examples: None, tmp_path: Path, kind: str
) -> None:
    change, updated = UPDATES[kind]
    model_counts = {m: m.objects.count() for m in (Case, Episode, Measurement, LedgerEntry)}
    assert not updated()
    report = run(kind, rewrite(tmp_path, kind, change))
    assert len(report.updated) == 1
    assert report.created == []
    assert updated()
    assert {m: m.objects.count() for m in model_counts} == model_counts


# kind: (a bad cell, the column the error is on, the message)
ERRORS: dict[str, tuple[dict[str, str], str, str]] = {
    "districts": ({"model_start": ""}, "model_start", "A pilot district needs the date"),
    "area_teams": ({"district": "Vest"}, "district", "No district has this name."),
    "staff": ({"role": "boss"}, "role", "Not one of:"),
    "memberships": ({"end": "01-01-2015"}, "end", "The end is before the start."),
    "population": ({"age": "23"}, "age", "Must be between 0 and 22."),
    "budgets": ({"step": "7"}, "step", "The step is a number from 1 to 6."),
    "households": ({"label": ""}, "label", "A value is required."),
    "persons": ({"cpr": "010180-490"}, "cpr", "CPR"),
    "relations": ({"person": "PER-99"}, "person", "No person has this external id"),
    "child_talks": ({"not_held_on": "03-05-2024"}, "held_on", "Give either the date"),
    "network_meetings": ({"held_on": "01-01-2020"}, "held_on", "before the case opened"),
    "meeting_attendees": ({"kind": "neighbour"}, "kind", "Not one of:"),
    "goals": ({"plan": "PLAN-999"}, "plan", "No plan has this external id"),
    "tasks": ({"responsible_name": ""}, "responsible_name", "A value is required."),
    "children": ({"area_team": "Ukendt"}, "area_team", "No area team has this name."),
    "cases": ({"closed_on": "01-01-2020"}, "closed_on", "Closed before it opened."),
    "handovers": ({"to_worker": "rikke.raadgiver"}, "to_worker", "another caseworker"),
    "notifications": ({"received_at": "31-02-2024 10:00"}, "received_at", "Not a date and time"),
    "assessments": ({"finished_on": "01-01-2024"}, "finished_on", "Finished before it started."),
    "decisions": ({"case": "SAG-999"}, "case", "No case has this external id"),
    "plans": ({"updated_by": "ukendt"}, "updated_by", "No staff member has this username."),
    "follow_ups": ({"goals_moved": "maybe"}, "goals_moved", "Not one of:"),
    "episodes": ({"provider": "Ukendt ApS"}, "provider", "No provider has this name"),
    "payments": ({"month": "01-01-2020"}, "month", "outside the episode's period"),
    "measurements": ({"scores": "child=11"}, "scores", "between 1 and 10"),
    "coordinations": ({"ended_on": "01-01-2024"}, "ended_on", "Ended before it started."),
    "common_plans": (
        {"coordination": "KOORD-99"},
        "coordination",
        "No family coordination has this external id",
    ),
    "department_contacts": ({"department": "police"}, "department", "Not one of:"),
    "consents": ({"until": "01-01-2024"}, "until", "before the consent was given"),
    "running_interventions": (
        {"ended_on": "01-12-2023"},
        "ended_on",
        "It cannot end before it started.",
    ),
    "plan_goals": ({"core_task": "sleep"}, "core_task", "Not one of:"),
    "plan_actions": ({"department": ""}, "department", "Say which department."),
    "coordination_meetings": ({"departments": "family|police"}, "departments", "police"),
    "plan_decisions": ({"action": "FHAND-3"}, "action", "The action is not of this goal."),
    "movement_scores": ({"score": "11"}, "score", "Must be between 0 and 10."),
    "scenarios": ({"name": "Aarhus pilot"}, "name", "names another scenario: Herning pilot"),
    "adoptions": ({"starts_on": "15-01-2024"}, "starts_on", "the first day of a quarter"),
    "training": ({"method": "yoga"}, "method", "Not one of:"),
    "checklist_items": ({"code": "ikke gyldig!"}, "code", "A code is letters, digits"),
    "supervisions": ({"cases": "SAG-501|SAG-999"}, "cases", "No case has the external id SAG-999."),
    "supervision_findings": ({"case": "SAG-503"}, "case", "The case is not in this sample."),
    "handbook": ({"step": "lunch"}, "step", "Not one of:"),
}


@pytest.mark.parametrize("kind", importing.ORDER)
def test_a_bad_row_is_reported_and_nothing_is_written(db: None, tmp_path: Path, kind: str) -> None:
    import_examples(until=kind)
    change, column, message = ERRORS[kind]
    events = AuditEvent.objects.count()
    counts = {m: m.objects.count() for m in (District, Case, Episode, LedgerEntry, Measurement)}
    with pytest.raises(ImportFailed) as caught:
        run(kind, rewrite(tmp_path, kind, change))
    [error] = caught.value.errors
    assert (error.file, error.row, error.column) == (f"{kind}.csv", 2, column)
    assert message in error.message
    assert AuditEvent.objects.count() == events
    assert {m: m.objects.count() for m in counts} == counts


def test_a_dry_run_reports_and_writes_nothing(db: None) -> None:
    import_examples(until="cases")
    report = run("cases", EXAMPLES / "cases.csv", dry_run=True)
    assert len(report.created) == 4
    assert not Case.objects.exists()


def test_duplicate_keys_and_missing_columns_are_row_errors(db: None, tmp_path: Path) -> None:
    import_examples(until="payments")
    path = tmp_path / "payments.csv"
    path.write_text("episode;month;amount\nIND-2;01-04-2024;1\nIND-2;15-04-2024;2\n")
    with pytest.raises(ImportFailed) as caught:
        run("payments", path)
    assert [(e.row, e.column) for e in caught.value.errors] == [(3, "episode")]
    assert "The same key as row 2." in caught.value.errors[0].message
    path.write_text("episode;amount;note\nIND-2;1;x\n")
    with pytest.raises(ImportFailed) as caught:
        run("payments", path)
    assert {(e.row, e.column) for e in caught.value.errors} == {(1, "month"), (1, "note")}


def test_two_open_cases_for_one_child_are_refused(db: None, tmp_path: Path) -> None:
    import_examples(until="cases")
    path = rewrite(tmp_path, "cases", {"child": "DUBU-1001"}, row=3)
    with pytest.raises(ImportFailed) as caught:
        run("cases", path)
    [error] = caught.value.errors
    assert (error.row, error.column) == (5, "child")
    assert "another open case in row 2" in error.message
    assert get_user_model().objects.count() == 3


@pytest.mark.parametrize("kind", importing.ORDER)
def test_the_docs_describe_every_column_and_example(kind: str) -> None:
    docs = (EXAMPLES.parent / "import-formats.md").read_text(encoding="utf-8")
    section = docs.split(f"KIND `{kind}`", 1)[1].split("\n## ", 1)[0]
    header = (EXAMPLES / f"{kind}.csv").read_text(encoding="utf-8").splitlines()[0]
    columns = importing.KIND_OBJECTS[kind].column_names if kind != "children" else header.split(";")
    for column in columns:
        assert f"`{column}`" in section, column
    assert f"(examples/{kind}.csv)" in docs
