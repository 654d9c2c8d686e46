"""Round trip: the small demo, fully exported and imported into an emptied database, gives the
same monitoring indicators for a year (every indicator, unsuppressed, with its warnings) and the
same number of rows of every kind."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from herningmodel.cases.models import (
    ChecklistItem,
    ChildTalk,
    Decision,
    HandbookEntry,
    MeetingAttendee,
    Plan,
    Supervision,
    SupervisionFinding,
    Task,
)
from herningmodel.cases.services import oversight
from herningmodel.coordination import models as coordination
from herningmodel.demo import seed
from herningmodel.demo.reset import remove_demo
from herningmodel.economics import services as economics
from herningmodel.economics.models import Adoption, Scenario
from herningmodel.interchange import full_export, full_import
from herningmodel.monitoring import board, reports
from herningmodel.monitoring.scope import build_scope
from herningmodel.organisation.models import District
from herningmodel.people.models import Child, Person, Relation

TODAY = dt.date(2026, 6, 15)


def indicators(year: str) -> Any:
    """Every indicator of the year, with districts by name (their database ids change)."""
    scope = build_scope(year, districts=[], age="", today=TODAY)
    found = json.loads(reports.to_json(board.board(scope, costs=True, suppressed=False)))
    names = dict(District.objects.values_list("pk", "name"))

    def by_name(value: Any) -> Any:
        if isinstance(value, dict):
            return {
                k: names[v] if k == "district_id" and v in names else by_name(v)
                for k, v in value.items()
            }
        if isinstance(value, list):
            return [by_name(v) for v in value]
        return value

    return by_name(found)


# The kinds about the family and the plan work, which the demo must hold for the test to mean
# anything, and the links between rows that only external ids carry across.
FAMILY_KINDS = (
    "households",
    "persons",
    "relations",
    "child_talks",
    "network_meetings",
    "meeting_attendees",
    "goals",
    "tasks",
    # Family coordination ("Familier på vej"): the family's data across departments.
    "coordinations",
    "common_plans",
    "department_contacts",
    "consents",
    "running_interventions",
    "plan_goals",
    "plan_actions",
    "coordination_meetings",
    "plan_decisions",
    "movement_scores",
    # The business case: the demo has none, the test saves and adopts two versions.
    "scenarios",
    "adoptions",
    # Supervision and the handbook: the test draws a sample, answers it, writes guidance.
    "training",
    "checklist_items",
    "supervisions",
    "supervision_findings",
    "handbook",
)
EXAMPLE_SCENARIO = Path(economics.__file__).with_name("example.toml").read_text(encoding="utf-8")


# Text a spreadsheet would run as a formula (the exporter writes it with an apostrophe) and
# text that really begins with an apostrophe before such a character: both must come back
# exactly, never with the apostrophe kept or one too many removed.
FORMULA_LIKE = ("=SUM(A1)", "+45 12 34", "-Bo", "@Ida", "'=Åse", "''-Ole", "'Hansen")


def formula_like_names() -> list[str]:
    """Give the first children formula-like first names; the names as they are stored."""
    pks = list(Child.objects.order_by("pk").values_list("pk", flat=True)[: len(FORMULA_LIKE)])
    for pk, name in zip(pks, FORMULA_LIKE, strict=True):
        Child.objects.filter(pk=pk).update(first_name=name)
    return names_of_children()


def names_of_children() -> list[str]:
    return sorted(Child.objects.values_list("first_name", flat=True))


def counts() -> dict[str, int]:
    return {s.kind: s.model._default_manager.count() for s in full_export.SHEETS}


def links() -> dict[str, int]:
    return {
        "children in households": Child.objects.exclude(household=None).count(),
        "adults in households": Person.objects.exclude(household=None).count(),
        "custody holders": Relation.objects.filter(has_custody=True).count(),
        "decisions with a talk": Decision.objects.exclude(child_talk=None).count(),
        "talks not held": ChildTalk.objects.filter(held_on=None).count(),
        "plans from a meeting": Plan.objects.exclude(meeting=None).count(),
        "tasks for a goal": Task.objects.exclude(goal=None).count(),
        "family attendees": MeetingAttendee.objects.filter(kind="family").count(),
        "coordinated families": coordination.FamilyCoordination.objects.values("household")
        .distinct()
        .count(),
        "contacts with a log-in": coordination.DepartmentContact.objects.exclude(
            staff=None
        ).count(),
        "consents with an end": coordination.Consent.objects.exclude(until=None).count(),
        "interventions the family does not need": coordination.RunningIntervention.objects.filter(
            family_wants_ended=True
        ).count(),
        "interventions ended by someone": coordination.RunningIntervention.objects.exclude(
            ended_by=None
        ).count(),
        "department actions": coordination.PlanAction.objects.filter(
            owner_kind="department"
        ).count(),
        "ended actions": coordination.PlanAction.objects.exclude(ended_on=None).count(),
        "departments at meetings": sum(
            len(present)
            for present in coordination.NetworkMeeting.objects.values_list("departments", flat=True)
        ),
        "decisions about an action": coordination.PlanDecision.objects.exclude(action=None).count(),
        "scores at a meeting": coordination.MovementScore.objects.exclude(meeting=None).count(),
        "movement": sum(coordination.MovementScore.objects.values_list("score", flat=True)),
        "plan versions": sum(coordination.CommonPlan.objects.values_list("version", flat=True)),
        "ended adoptions": Adoption.objects.exclude(ended_by=None).count(),
        "sampled cases": Supervision.cases.through.objects.count(),
        "findings not fulfilled": SupervisionFinding.objects.filter(fulfilled=False).count(),
        "sum of seeds": sum(Supervision.objects.values_list("seed", flat=True)),
        "handbook versions": sum(HandbookEntry.objects.values_list("version", flat=True)),
        "current adoption's version": Adoption.objects.filter(current=True)
        .values_list("scenario__version", flat=True)
        .first()
        or 0,
    }


def moments() -> list[str]:
    """When each scenario version was saved and adopted: kept, not set anew by the import."""
    found = [*Scenario.objects.values_list("created_at", flat=True)]
    found += HandbookEntry.objects.values_list("written_at", flat=True)
    for adopted, ended in Adoption.objects.values_list("adopted_at", "ended_at"):
        found += [adopted] if ended is None else [adopted, ended]
    return sorted(t.isoformat() for t in found)


def oversight_records() -> None:
    """A team leader's supervision of one caseworker, answered, and two handbook versions."""
    users = get_user_model().objects
    leader, manager = users.get(username="teamleder"), users.get(username="leder")
    worker = users.filter(cases__status="open").order_by("pk").first()
    assert worker is not None
    supervision = oversight.draw_supervision(
        actor=leader, worker=worker, drawn_on=TODAY, sample_size=3, seed=11, source="test"
    )
    for n, case in enumerate(supervision.cases.order_by("pk")):
        answers = {
            code: (n % 2 == 0 or code != "plan", "" if n % 2 == 0 else "Mål mangler.")
            for code in ChecklistItem.objects.filter(active=True).values_list("code", flat=True)
        }
        oversight.record_findings(
            actor=leader, supervision=supervision, case=case, answers=answers, source="test"
        )
    for text in ("Tal med barnet alene.", "Tal med barnet alene, og skriv barnets ord ned."):
        oversight.write_handbook_entry(actor=manager, step="child_talk", text=text, source="test")


def business_case() -> None:
    """Two saved versions of a scenario, the first adopted and then replaced by the second."""
    manager = get_user_model().objects.get(username="leder")
    first, _parsed = economics.save_scenario(EXAMPLE_SCENARIO, actor=manager)
    second, _parsed = economics.save_scenario(
        EXAMPLE_SCENARIO.replace("extra_workers = 4", "extra_workers = 5"), actor=manager
    )
    economics.adopt_scenario(first, starts_on=dt.date(2025, 1, 1), actor=manager)
    economics.adopt_scenario(second, starts_on=dt.date(2025, 4, 1), actor=manager)


@pytest.mark.django_db
def test_the_demo_exported_and_imported_into_an_empty_database_gives_the_same_indicators(
    tmp_path: Path,
) -> None:
    # The test's own transaction (rolled back after it) holds the demo; every import inside it
    # is a savepoint, as it would be a transaction of its own outside a test.
    seed.load(TODAY, size="small", seed=7)
    business_case()
    oversight_records()
    names = formula_like_names()
    before = {year: indicators(year) for year in ("2024", "2025")}
    rows_before = counts()
    links_before = links()
    moments_before = moments()
    assert all(rows_before[kind] > 0 for kind in FAMILY_KINDS), rows_before
    archive = tmp_path / "full.zip"
    summary = full_export.export_full(archive, actor=None, actor_label="test")
    assert summary.counts == rows_before
    remove_demo()  # with the business cases the demo's log-ins saved
    assert not Child.objects.exists()
    assert not Scenario.objects.exists()

    outcome = full_import.import_all(archive, actor=None, origin="test", today=TODAY)
    problems = [str(e) for r in outcome.results for e in r.errors]
    assert outcome.ok, "\n".join(problems[:20])

    assert counts() == rows_before
    assert names_of_children() == names
    assert links() == links_before
    assert moments() == moments_before
    for year, expected in before.items():
        after = indicators(year)
        assert [r["id"] for r in after["indicators"]] == [r["id"] for r in expected["indicators"]]
        for found, wanted in zip(after["indicators"], expected["indicators"], strict=True):
            assert found == wanted, (year, wanted["id"])
        assert after == expected, year
    # Importing the same export again changes nothing: a dry run says 0 new, 0 changed for
    # every kind, and so does the import itself.
    for dry_run in (True, False):
        again = full_import.import_all(
            archive, actor=None, origin="test", today=TODAY, dry_run=dry_run
        )
        assert again.ok
        assert all("0 new, 0 changed" in r.lines[1] for r in again.results[1:]), [
            r.lines for r in again.results if "0 new, 0 changed" not in "".join(r.lines)
        ]
    assert names_of_children() == names
