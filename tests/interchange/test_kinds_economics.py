"""The business-case kinds: scenario versions keep their file and when they were saved, and an
adoption keeps when it was made and ended, with at most one current; bad rows are reported
with their row and column and nothing is written."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from herningmodel.audit.models import AuditEvent, EventType
from herningmodel.economics import services
from herningmodel.economics.models import Adoption, Scenario
from tests.interchange.test_kinds import EXAMPLES, import_examples, run
from tests.interchange.test_kinds_family import errors_of


def write(tmp_path: Path, kind: str, *rows: list[str]) -> Path:
    header = (EXAMPLES / f"{kind}.csv").read_text(encoding="utf-8").splitlines()[0].split(";")
    path = tmp_path / f"{kind}.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out, delimiter=";").writerows([header, *rows])
    return path


@pytest.mark.django_db
def test_the_examples_keep_versions_moments_and_the_current_adoption() -> None:
    import_examples()
    first = Scenario.objects.get(name="Herning pilot", version=1)
    assert first.created_by.username == "lise.leder"
    assert timezone.localtime(first.created_at).isoformat() == "2024-01-15T10:30:00+01:00"
    assert "extra_workers = 4" in first.toml
    current = services.current_adoption()
    assert current is not None
    assert (current.external_id, current.scenario.version) == ("VEDTAGET-2", 2)
    assert current.starts_on == dt.date(2024, 4, 1)
    ended = Adoption.objects.get(external_id="VEDTAGET-1")
    assert not ended.current
    assert ended.ended_by is not None
    assert timezone.localtime(ended.ended_at).isoformat() == "2024-03-05T11:00:00+01:00"


@pytest.mark.django_db
def test_a_scenario_file_must_parse_and_name_its_scenario(tmp_path: Path) -> None:
    import_examples(until="scenarios")
    good = (EXAMPLES / "scenarios.csv").read_text(encoding="utf-8")
    toml = next(csv.DictReader(good.splitlines(keepends=True), delimiter=";"))["toml"]
    at = "2024-01-15T10:30:00+01:00"
    path = write(
        tmp_path,
        "scenarios",
        [
            "Herning pilot",
            "1",
            toml.replace("horizon_years = 6", "horizon_years = x"),
            "lise.leder",
            at,
        ],
        [
            "Herning pilot",
            "2",
            toml.replace('name = "Herning pilot"', 'name = "Andet"'),
            "lise.leder",
            at,
        ],
        ["Herning pilot", "3", toml, "lise.leder", ""],
    )
    errors = errors_of("scenarios", path)
    assert [(row, column) for row, column, _m in errors] == [
        (2, "toml"),
        (3, "name"),
        (4, "created_at"),
    ]
    assert "line 3" in errors[0][2]
    assert errors[1][2] == "The scenario file names another scenario: Andet."
    assert errors[2][2] == "A value is required."
    assert not Scenario.objects.exists()


@pytest.mark.django_db
def test_only_one_adoption_is_current_and_an_ended_one_says_when(tmp_path: Path) -> None:
    import_examples(until="adoptions")
    at = "2024-03-05T11:00:00+01:00"
    path = write(
        tmp_path,
        "adoptions",
        ["V-1", "Herning pilot", "1", "01-01-2024", "lise.leder", at, "ja", "", ""],
        ["V-2", "Herning pilot", "2", "01-04-2024", "lise.leder", at, "ja", "", ""],
        ["V-3", "Herning pilot", "2", "01-04-2024", "lise.leder", at, "nej", "", ""],
        [
            "V-4",
            "Herning pilot",
            "2",
            "01-04-2024",
            "lise.leder",
            at,
            "nej",
            "2024-03-01T10:00:00+01:00",
            "",
        ],
        ["V-5", "Herning pilot", "2", "01-04-2024", "lise.leder", at, "ja", "", "lise.leder"],
        ["V-6", "Herning pilot", "7", "01-04-2024", "lise.leder", at, "nej", at, ""],
    )
    assert errors_of("adoptions", path) == [
        (3, "current", "The adoption in row 2 is current; only one can be."),
        (4, "ended_at", "Give when the adoption ended exactly when it is not current."),
        (5, "ended_at", "Ended before it was adopted."),
        (6, "ended_by", "Only an ended adoption names who ended it."),
        (7, "scenario", "No scenario has this name and version; import the scenarios first."),
    ]
    run("adoptions", EXAMPLES / "adoptions.csv")
    another = write(
        tmp_path,
        "adoptions",
        ["V-1", "Herning pilot", "1", "01-07-2024", "lise.leder", at, "ja", "", ""],
    )
    assert errors_of("adoptions", another) == [
        (2, "current", "Another adoption is current; only one can be.")
    ]
    assert Adoption.objects.count() == 2


@pytest.mark.django_db
def test_a_scenario_import_is_audited_and_a_reimport_keeps_the_moments() -> None:
    import_examples(until="adoptions")
    event = AuditEvent.objects.filter(event_type=EventType.DATA_IMPORTED).latest("pk")
    assert (event.changes["kind"], event.changes["created"]) == ("scenarios", 2)
    saved = sorted(Scenario.objects.values_list("created_at", flat=True))
    report = run("scenarios", EXAMPLES / "scenarios.csv")
    assert report.unchanged == 2
    assert sorted(Scenario.objects.values_list("created_at", flat=True)) == saved
