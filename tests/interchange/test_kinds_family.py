"""The kinds for the people around a child and the plan work: households, persons, relations,
talks with the child, network meetings and attendees, goals and tasks — what they link, and
the bad input each refuses (every error listed, nothing written)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from herningmodel.cases.models import ChildTalk, Decision, MeetingAttendee, Plan, Task
from herningmodel.interchange.pipeline import ImportFailed
from herningmodel.people.models import Child, Household, Person, Relation
from tests.interchange.test_kinds import EXAMPLES, import_examples, run


def write(tmp_path: Path, kind: str, *lines: str) -> Path:
    header = (EXAMPLES / f"{kind}.csv").read_text(encoding="utf-8").splitlines()[0]
    path = tmp_path / f"{kind}.csv"
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return path


def errors_of(kind: str, path: Path) -> list[tuple[int, str, str]]:
    with pytest.raises(ImportFailed) as caught:
        run(kind, path)
    return [(e.row, e.column, e.message) for e in caught.value.errors]


@pytest.mark.django_db
def test_the_examples_link_families_meetings_and_plans() -> None:
    import_examples()
    asta = Child.objects.get(external_id="DUBU-1001")
    assert asta.household == Household.objects.get(external_id="HUS-1")
    anne = Person.objects.get(external_id="PER-1")
    assert anne.household == asta.household
    assert anne.cpr == "010180-4902"
    assert Relation.objects.get(child=asta, person=anne).has_custody
    assert Relation.objects.get(child=asta, person__external_id="PER-4").is_network
    decision = Decision.objects.get()
    assert decision.child_talk == ChildTalk.objects.get(external_id="SAM-1")
    not_held = ChildTalk.objects.get(external_id="SAM-2")
    assert not_held.held_on is None
    assert not_held.not_held_reason
    plan = Plan.objects.get()
    assert plan.meeting is not None
    assert plan.meeting.external_id == "NET-1"
    assert MeetingAttendee.objects.get(external_id="DEL-3").person == Person.objects.get(
        external_id="PER-4"
    )
    assert list(plan.goals.values_list("external_id", flat=True)) == ["DELMÅL-1", "DELMÅL-2"]
    task = Task.objects.get(external_id="OPG-1")
    assert (task.plan, task.goal.external_id if task.goal else None) == (plan, "DELMÅL-1")


@pytest.mark.django_db
def test_a_childs_household_is_set_changed_and_kept_without_the_column(tmp_path: Path) -> None:
    import_examples(until="relations")
    asta = Child.objects.get(external_id="DUBU-1001")
    path = tmp_path / "children.csv"
    lines = (EXAMPLES / "children.csv").read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0], lines[1].replace("HUS-1", "HUS-2")]) + "\n")
    report = run("children", path)
    assert report.updated == ["DUBU-1001"]
    asta.refresh_from_db()
    assert asta.household is not None
    assert asta.household.external_id == "HUS-2"
    # A file without the household column leaves the household alone.
    header = lines[0].rsplit(";", 1)[0]
    path.write_text("\n".join([header, lines[1].rsplit(";", 1)[0]]) + "\n")
    assert run("children", path).unchanged == 1
    asta.refresh_from_db()
    assert asta.household is not None
    assert asta.household.external_id == "HUS-2"
    path.write_text("\n".join([lines[0], lines[1].replace("HUS-1", "HUS-9")]) + "\n")
    [(row, column, message)] = errors_of("children", path)
    assert (row, column) == (2, "household")
    assert "No household has this external id" in message


@pytest.mark.django_db
def test_persons_cpr_numbers_must_validate_and_be_unique(tmp_path: Path) -> None:
    import_examples(until="persons")
    path = write(
        tmp_path,
        "persons",
        "PER-1;Anne;Testesen;010180-4902;;HUS-1",
        "PER-2;Bent;Testesen;010180-4902;;HUS-1",
        "PER-3;Mona;Prøvesen;320180-4902;;HUS-2",
        "PER-4;Karl;Naboesen;;;HUS-7",
        "PER-5;;Uden fornavn;;;",
    )
    found = errors_of("persons", path)
    assert [(r, c) for r, c, _m in found] == [
        (3, "cpr"),
        (4, "cpr"),
        (5, "household"),
        (6, "first_name"),
    ]
    assert "The same CPR number as row 2." in found[0][2]
    assert not Person.objects.exists()
    run("persons", EXAMPLES / "persons.csv")
    taken = write(tmp_path, "persons", "PER-9;Anden;Person;0101804902;;")
    assert errors_of("persons", taken) == [
        (2, "cpr", "Another person already has this CPR number.")
    ]


@pytest.mark.django_db
def test_relations_need_known_children_and_persons_once_per_pair(tmp_path: Path) -> None:
    import_examples(until="relations")
    path = write(
        tmp_path,
        "relations",
        "DUBU-1001;PER-1;mother;ja;nej",
        "DUBU-1001;PER-1;parent;ja;nej",
        "DUBU-9999;PER-2;father;ja;nej",
        "DUBU-1002;PER-3;aunt;nej;nej",
        "DUBU-1002;PER-3;mother;måske;nej",
    )
    found = errors_of("relations", path)
    assert [(r, c) for r, c, _m in found] == [
        (3, "child"),
        (4, "child"),
        (5, "kind"),
        (6, "has_custody"),
    ]
    assert "The same key as row 2." in found[0][2]
    assert "No child has this external id" in found[1][2]
    assert not Relation.objects.exists()


@pytest.mark.django_db
def test_a_talk_is_held_or_its_reason_written_and_belongs_to_the_decisions_case(
    tmp_path: Path,
) -> None:
    import_examples(until="child_talks")
    path = write(
        tmp_path,
        "child_talks",
        "SAM-1;SAG-501;;;;;rikke.raadgiver",
        "SAM-2;SAG-501;;03-05-2024;;;rikke.raadgiver",
        "SAM-3;SAG-501;01-01-2023;;;;rikke.raadgiver",
        "SAM-4;SAG-504;02-09-2024;;;;søren.sagsbehandler",
    )
    found = errors_of("child_talks", path)
    assert [(r, c) for r, c, _m in found] == [
        (2, "held_on"),
        (3, "not_held_reason"),
        (4, "held_on"),
    ]
    assert not ChildTalk.objects.exists()
    run("child_talks", EXAMPLES / "child_talks.csv")
    # A decision may only name a talk of its own case (SAM-2 is SAG-504's).
    lines = (EXAMPLES / "decisions.csv").read_text(encoding="utf-8").splitlines()
    bad = tmp_path / "decisions.csv"
    bad.write_text("\n".join([lines[0], lines[1].replace("SAM-1", "SAM-2")]) + "\n")
    assert errors_of("decisions", bad) == [
        (2, "child_talk", "The talk with the child is not of this case.")
    ]


@pytest.mark.django_db
def test_meetings_attendees_and_plans_name_what_exists_on_the_same_case(tmp_path: Path) -> None:
    import_examples(until="meeting_attendees")
    path = write(
        tmp_path,
        "meeting_attendees",
        "DEL-1;NET-9;family;Anne Testesen;mor;PER-1",
        "DEL-2;NET-1;family;;mor;",
        "DEL-3;NET-1;network;Karl Naboesen;nabo;PER-99",
        "DEL-3;NET-1;network;Karl Naboesen;nabo;",
    )
    found = errors_of("meeting_attendees", path)
    assert [(r, c) for r, c, _m in found] == [
        (2, "meeting"),
        (3, "name"),
        (4, "person"),
    ]
    run("meeting_attendees", EXAMPLES / "meeting_attendees.csv")
    lines = (EXAMPLES / "plans.csv").read_text(encoding="utf-8").splitlines()
    bad = tmp_path / "plans.csv"
    bad.write_text("\n".join([lines[0], lines[1].replace("SAG-501", "SAG-504")]) + "\n")
    assert errors_of("plans", bad) == [(2, "meeting", "The network meeting is not of this case.")]
    assert not Plan.objects.exists()


@pytest.mark.django_db
def test_a_tasks_goal_is_a_goal_of_its_plan(tmp_path: Path) -> None:
    import_examples(until="tasks")
    other = Plan.objects.create(
        external_id="PLAN-802",
        case=Plan.objects.get().case,
        updated_by=Plan.objects.get().updated_by,
    )
    path = write(
        tmp_path,
        "tasks",
        "OPG-1;PLAN-802;DELMÅL-1;Følger Asta i skole.;network;Karl Naboesen;;",
        "OPG-2;PLAN-801;DELMÅL-9;Familiebehandling.;professional;Rikke Rådgiver;;",
        "OPG-3;PLAN-801;;Familiebehandling.;neighbour;Rikke Rådgiver;;",
        "OPG-4;PLAN-801;;Familiebehandling.;professional;Rikke Rådgiver;31-02-2024;",
    )
    found = errors_of("tasks", path)
    assert [(r, c) for r, c, _m in found] == [
        (2, "goal"),
        (3, "goal"),
        (4, "responsible_kind"),
        (5, "due_on"),
    ]
    assert found[0][2] == "The goal is not of this plan."
    assert not Task.objects.exists()
    assert not other.tasks.exists()
    report = run("tasks", EXAMPLES / "tasks.csv")
    assert len(report.created) == 2
    assert Task.objects.get(external_id="OPG-2").due_on == dt.date(2024, 6, 30)
