"""Supervision, the quality handbook and training records as import kinds: what the example
files give, and the bad rows each refuses (with row and column, nothing written)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from herningmodel.audit.models import AuditEvent, EventType
from herningmodel.cases.models import ChecklistItem, HandbookEntry, Supervision, SupervisionFinding
from herningmodel.organisation.models import TrainingRecord
from tests.interchange.test_kinds import EXAMPLES, import_examples, run
from tests.interchange.test_kinds_family import errors_of, write


@pytest.mark.django_db
def test_the_examples_give_samples_findings_guidance_and_training() -> None:
    import_examples()
    supervision = Supervision.objects.get(external_id="TILSYN-1")
    assert (supervision.leader.username, supervision.worker.username) == (
        "lise.leder",
        "rikke.raadgiver",
    )
    assert supervision.seed == 20240515
    assert sorted(supervision.cases.values_list("external_id", flat=True)) == [
        "SAG-501",
        "SAG-502",
    ]
    assert supervision.actions_due_on == dt.date(2024, 6, 15)
    # A municipality's own checklist item comes with its findings.
    own = ChecklistItem.objects.get(code="sibling-contact")
    assert (own.position, own.active) == (7, True)
    missed = SupervisionFinding.objects.get(case__external_id="SAG-501", item__code="child-talk")
    assert not missed.fulfilled
    assert missed.note == "Samtalen er ikke skrevet ned."
    latest = HandbookEntry.objects.filter(step="child_talk").first()
    assert latest is not None
    assert latest.version == 2
    assert timezone.localtime(latest.written_at).isoformat() == "2024-02-12T13:15:00+01:00"
    assert sorted(
        TrainingRecord.objects.filter(staff__user__username="rikke.raadgiver").values_list(
            "method", flat=True
        )
    ) == ["ics", "network_meetings"]


@pytest.mark.django_db
def test_a_supervision_samples_known_cases_and_its_findings_stay_in_the_sample(
    tmp_path: Path,
) -> None:
    import_examples(until="supervision_findings")
    path = write(
        tmp_path,
        "supervisions",
        "TILSYN-3;lise.leder;rikke.raadgiver;15-05-2024;1;SAG-501|SAG-777;;",
        "TILSYN-4;lise.leder;rikke.raadgiver;15-05-2024;1;SAG-501;Opfølgning;01-05-2024",
        "TILSYN-5;lise.leder;rikke.raadgiver;15-05-2024;-4;SAG-501;;",
    )
    assert errors_of("supervisions", path) == [
        (2, "cases", "No case has the external id SAG-777."),
        (3, "actions_due_on", "The actions are due before the sample was drawn."),
        (4, "seed", "Must be between 0 and 9223372036854775807."),
    ]
    findings = write(
        tmp_path,
        "supervision_findings",
        "TILSYN-2;SAG-501;plan;ja;",
        "TILSYN-1;SAG-501;unknown-item;ja;",
        "TILSYN-1;SAG-502;plan;måske;",
    )
    assert errors_of("supervision_findings", findings) == [
        (2, "case", "The case is not in this sample."),
        (3, "item", "No checklist item has this code; import the checklist items first."),
        (4, "fulfilled", "Write ja or nej (or 1 or 0)."),
    ]
    assert not SupervisionFinding.objects.exists()
    assert Supervision.objects.count() == 2


@pytest.mark.django_db
def test_a_corrected_sample_replaces_the_sampled_cases(tmp_path: Path) -> None:
    import_examples()
    path = write(
        tmp_path,
        "supervisions",
        "TILSYN-2;lise.leder;søren.sagsbehandler;01-10-2024;7;SAG-503|SAG-504;;",
    )
    report = run("supervisions", path)
    assert report.updated == ["TILSYN-2"]
    sampled = Supervision.objects.get(external_id="TILSYN-2").cases
    assert sorted(sampled.values_list("external_id", flat=True)) == ["SAG-503", "SAG-504"]


@pytest.mark.django_db
def test_a_training_record_is_all_key_a_new_date_is_a_new_record(tmp_path: Path) -> None:
    import_examples()
    before = TrainingRecord.objects.count()
    report = run("training", write(tmp_path, "training", "rikke.raadgiver;ics;15-04-2021"))
    assert (len(report.created), report.updated) == (1, [])
    assert TrainingRecord.objects.count() == before + 1
    future = write(tmp_path, "training", "rikke.raadgiver;sdq;01-01-2027")
    assert errors_of("training", future) == [
        (2, "completed_on", "The date cannot be in the future.")
    ]


@pytest.mark.django_db
def test_handbook_versions_keep_when_they_were_written_and_are_audited(tmp_path: Path) -> None:
    import_examples(until="handbook")
    path = write(
        tmp_path,
        "handbook",
        "plan;1;   ;lise.leder;2024-01-01T10:00:00+01:00",
        "plan;1;Planen skrives med familien.;lise.leder;",
    )
    assert errors_of("handbook", path) == [
        (2, "text", "A value is required."),
        (3, "written_at", "A value is required."),
    ]
    report = run("handbook", EXAMPLES / "handbook.csv")
    assert len(report.created) == 3
    event = AuditEvent.objects.filter(event_type=EventType.DATA_IMPORTED).latest("pk")
    assert (event.changes["kind"], event.changes["created"]) == ("handbook", 3)
    moments = sorted(HandbookEntry.objects.values_list("written_at", flat=True))
    assert run("handbook", EXAMPLES / "handbook.csv").unchanged == 3
    assert sorted(HandbookEntry.objects.values_list("written_at", flat=True)) == moments
