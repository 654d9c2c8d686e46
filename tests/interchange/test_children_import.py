"""Importing children: every error at once, nothing half-written, idempotent, updates by id."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from herningmodel.audit.models import AuditEvent, EventType
from herningmodel.interchange.children_import import ImportFailed, import_children
from herningmodel.people.models import Child
from tests.factories import ChildFactory

pytestmark = pytest.mark.usefixtures("organisation")

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "children.csv"
TODAY = dt.date(2026, 6, 1)
HEADER = "external_id;first_name;last_name;cpr;birth_date;expected_birth_date;district;area_team"
GOOD = [
    "K1;Asta;Testesen;140315-4900;;;Nord;Områdeteam Nord",
    "K2;Bjørn;Prøvesen;;02-11-2018;;Nord;Områdeteam Nord",
]


def csv_file(tmp_path: Path, lines: list[str], header: str = HEADER, name: str = "c.csv") -> Path:
    path = tmp_path / name
    path.write_text("\r\n".join([header, *lines]) + "\r\n", encoding="utf-8")
    return path


def run(path: Path, **kwargs: object):  # type: ignore[no-untyped-def]
    return import_children(path, actor=None, source="test", today=TODAY, **kwargs)  # type: ignore[arg-type]


def errors_of(path: Path) -> dict[tuple[int, str], str]:
    with pytest.raises(ImportFailed) as caught:
        run(path)
    return {(e.row, e.column): e.message for e in caught.value.errors}


def test_the_example_file_imports(organisation) -> None:  # type: ignore[no-untyped-def]
    report = run(EXAMPLE)
    assert len(report.created) == 4
    asta = Child.objects.get(external_id="DUBU-1001")
    assert asta.birth_date == dt.date(2015, 3, 14)
    assert asta.area_team == organisation["nord"]
    assert Child.objects.get(external_id="DUBU-1004").is_unborn
    assert "semicolon" in report.lines()[0]


def test_one_error_of_each_kind_is_reported_and_nothing_written(tmp_path: Path) -> None:
    ChildFactory(cpr="021118-4900", birth_date=dt.date(2018, 11, 2))
    path = csv_file(
        tmp_path,
        [
            *GOOD,
            "K3;;Testesen;;01-01-2015;;Nord;Områdeteam Nord",  # missing value
            "K4;Carl;Testesen;;2015-13-45;;Nord;Områdeteam Nord",  # not a date
            "K5;Dina;Testesen;;01-01-2015;;Vest;Områdeteam Nord",  # unknown district
            "K6;Eva;Testesen;;01-01-2015;;Nord;Team Ingen",  # unknown team
            "K7;Finn;Testesen;;01-01-2015;;Nord;Områdeteam Syd",  # team not in district
            "K1;Gry;Testesen;;01-01-2015;;Nord;Områdeteam Nord",  # duplicate external id
            "K8;Hans;Testesen;999999-9999;;;Nord;Områdeteam Nord",  # CPR invalid
            "K9;Ida;Testesen;;01-01-2030;;Nord;Områdeteam Nord",  # birth after today
            "K10;Jens;Testesen;140315-4901;15-03-2015;;Nord;Områdeteam Nord",  # not the CPR date
            "K11;Kim;Testesen;;01-01-2015;01-01-2027;Nord;Områdeteam Nord",  # born and unborn
            "K12;Lis;Testesen;021118-4900;;;Nord;Områdeteam Nord",  # CPR of another child
            "K13;Mia;Testesen;140315-4900;;;Nord;Områdeteam Nord",  # same CPR as row 2
        ],
    )
    found = errors_of(path)
    assert found == {
        (4, "first_name"): "A value is required.",
        (5, "birth_date"): "This date does not exist.",
        (6, "district"): "No district has this name.",
        (7, "area_team"): "No area team has this name.",
        (8, "area_team"): "The area team does not serve this district.",
        (9, "external_id"): "The same external id as row 2.",
        (10, "cpr"): found[(10, "cpr")],
        (11, "birth_date"): ("The birth date is in the future; mark the child as unborn instead."),
        (12, "birth_date"): "The birth date does not match the CPR number.",
        (13, "expected_birth_date"): (
            "A child with a birth date or CPR number has no expected birth date."
        ),
        (14, "cpr"): "Another child already has this CPR number.",
        (15, "cpr"): "The same CPR number as row 2.",
    }
    assert "is not a valid CPR number" in found[(10, "cpr")]
    assert Child.objects.filter(external_id__isnull=False).count() == 0
    assert not AuditEvent.objects.filter(event_type=EventType.DATA_IMPORTED).exists()


def test_errors_carry_file_row_column_and_value(tmp_path: Path) -> None:
    path = csv_file(tmp_path, ["K1;Asta;Testesen;;31-02-2015;;Nord;Områdeteam Nord"])
    with pytest.raises(ImportFailed) as caught:
        run(path)
    (error,) = caught.value.errors
    assert str(error) == "c.csv, row 2, column birth_date ('31-02-2015'): This date does not exist."


def test_missing_and_unknown_columns(tmp_path: Path) -> None:
    header = "external_id;first_name;cpr;birth_date;district;area_team;shoe_size"
    found = errors_of(csv_file(tmp_path, ["K1;A;;01-01-2015;Nord;Områdeteam Nord;38"], header))
    assert found[(1, "last_name")] == "The column is missing."
    assert found[(1, "shoe_size")].startswith("Unknown column")


def test_an_empty_file_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes(b"")
    assert errors_of(path) == {(0, ""): "The file is empty."}


def test_reimport_changes_nothing_and_a_corrected_file_updates(tmp_path: Path) -> None:
    path = csv_file(tmp_path, GOOD)
    first = run(path)
    assert sorted(first.created) == ["K1", "K2"]
    ids = dict(Child.objects.values_list("external_id", "pk").exclude(external_id=None))
    events = AuditEvent.objects.filter(event_type__in=[EventType.CREATE, EventType.UPDATE])
    assert events.count() == 2

    again = run(path)
    assert (again.created, again.updated, again.unchanged) == ([], [], 2)
    assert events.count() == 2

    corrected = csv_file(
        tmp_path, [GOOD[0], "K2;Bjørn;Prøvesen;;02-11-2018;;Syd;Områdeteam Syd"], name="c2.csv"
    )
    third = run(corrected)
    assert (third.created, third.updated, third.unchanged) == ([], ["K2"], 1)
    assert Child.objects.filter(external_id__in=["K1", "K2"]).count() == 2
    moved = Child.objects.get(external_id="K2")
    assert moved.pk == ids["K2"]
    assert moved.district.name == "Syd"
    assert events.filter(event_type=EventType.UPDATE, child_id=moved.pk).count() == 1
    imports = AuditEvent.objects.filter(event_type=EventType.DATA_IMPORTED).order_by("seq")
    assert [(e.changes["created"], e.changes["updated"]) for e in imports] == [
        (2, 0),
        (0, 0),
        (0, 1),
    ]


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    report = run(csv_file(tmp_path, GOOD), dry_run=True)
    assert len(report.created) == 2
    assert not Child.objects.exclude(external_id=None).exists()
    assert not AuditEvent.objects.exists()


def test_windows_1252_with_decimal_comma_irrelevant_columns(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes(("\r\n".join([HEADER, *GOOD]) + "\r\n").encode("cp1252"))
    report = run(path)
    assert report.detection.encoding == "windows-1252"
    assert Child.objects.get(external_id="K2").first_name == "Bjørn"


def test_excel_file_imports_the_same(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for line in [HEADER, *GOOD]:
        sheet.append(line.split(";"))
    path = tmp_path / "c.xlsx"
    book.save(path)
    report = run(path)
    assert sorted(report.created) == ["K1", "K2"]


@pytest.fixture
def third_row_fails(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """The model refuses the third child while the rows are written (after the file's checks)."""
    real = Child.clean
    failure: list[Exception] = []

    def clean(self):  # type: ignore[no-untyped-def]
        if self.first_name == "Nina":
            raise failure[0]
        return real(self)

    monkeypatch.setattr(Child, "clean", clean)
    return failure


@pytest.fixture
def crash_after_insert(monkeypatch: pytest.MonkeyPatch) -> None:
    """The process is interrupted right after the children were inserted (uncommitted)."""
    from herningmodel.interchange import bulk

    real = bulk.insert

    def insert(model, rows):  # type: ignore[no-untyped-def]
        real(model, rows)
        assert Child.objects.exclude(external_id=None).count() == len(rows)
        raise KeyboardInterrupt

    monkeypatch.setattr(bulk, "insert", insert)


def test_an_error_found_while_writing_rolls_back_the_rows_before_it(
    tmp_path: Path,
    third_row_fails: list[Exception],
) -> None:
    from django.core.exceptions import ValidationError

    third_row_fails.append(ValidationError({"first_name": ["Refused by the model."]}))
    path = csv_file(tmp_path, [*GOOD, "K3;Nina;Testesen;;01-01-2015;;Nord;Områdeteam Nord"])
    assert errors_of(path) == {(4, "first_name"): "Refused by the model."}
    assert not Child.objects.exclude(external_id=None).exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.usefixtures("crash_after_insert")
def test_a_crash_in_the_middle_leaves_the_database_as_before(tmp_path: Path) -> None:
    path = csv_file(tmp_path, [*GOOD, "K3;Nina;Testesen;;01-01-2015;;Nord;Områdeteam Nord"])
    with pytest.raises(KeyboardInterrupt):
        run(path)
    assert not Child.objects.exclude(external_id=None).exists()
    assert not AuditEvent.objects.exists()


def test_the_docs_list_every_column() -> None:
    from herningmodel.interchange.children_import import COLUMNS

    docs = (EXAMPLE.parents[1] / "import-formats.md").read_text(encoding="utf-8")
    for column in COLUMNS:
        assert f"| `{column}` |" in docs


def test_progress_is_reported_for_checking_and_writing(tmp_path: Path) -> None:
    calls: list[tuple[str, int, int]] = []
    run(csv_file(tmp_path, GOOD), progress=lambda *call: calls.append(call))
    assert calls[0] == ("checking", 0, 2)
    assert calls[-1] == ("writing", 2, 2)


def test_a_file_over_the_configured_limit_is_refused(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    settings.HERNINGMODEL_IMPORT_MAX_BYTES = 100
    found = errors_of(csv_file(tmp_path, GOOD))
    assert list(found) == [(0, "")]
    assert "the limit is 0,0 MB" in found[(0, "")]
    assert not Child.objects.exists()
