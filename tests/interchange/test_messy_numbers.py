"""Numbers and dates as a Danish municipality's data team really sends them: Danish Excel
(semicolons, decimal comma), LibreOffice, pandas/R/SAS exports (comma separated, decimal point,
``6.0`` in whole-number columns) and typed Excel cells. Every value is either stored exactly
right or refused with row, column, value and reason — never stored wrong — and a refused file
writes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from herningmodel.audit.models import AuditEvent
from herningmodel.cases.models import Case
from herningmodel.interchange.pipeline import ImportFailed
from herningmodel.monitoring.models import ChildPopulation
from herningmodel.staircase.models import LedgerEntry
from tests.interchange.test_kinds import import_examples, run


def csv_file(tmp_path: Path, kind: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / f"{kind}.csv"
    path.write_bytes(text.encode(encoding))
    return path


def xlsx_file(tmp_path: Path, kind: str, *rows: list[object]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    path = tmp_path / f"{kind}.xlsx"
    book.save(path)
    return path


def refused(kind: str, path: Path) -> list[tuple[int, str, str, str]]:
    """The errors of importing ``path``, after checking that nothing was written."""
    events = AuditEvent.objects.count()
    counts = [ChildPopulation.objects.count(), LedgerEntry.objects.count(), Case.objects.count()]
    with pytest.raises(ImportFailed) as caught:
        run(kind, path)
    assert AuditEvent.objects.count() == events
    assert [
        ChildPopulation.objects.count(),
        LedgerEntry.objects.count(),
        Case.objects.count(),
    ] == counts
    return [(e.row, e.column, e.value, e.message) for e in caught.value.errors]


def booked(episode: str = "IND-2") -> dict[dt.date, Decimal]:
    return dict(
        LedgerEntry.objects.filter(episode__external_id=episode, month__lte="2024-05-01")
        .order_by("month")
        .values_list("month", "amount")
    )


@pytest.fixture
def organisation_only(db: None) -> None:
    import_examples(until="population")


@pytest.fixture
def episodes(db: None) -> None:
    import_examples(until="payments")


# ---------------------------------------------------------------- whole numbers


def test_a_pandas_export_writes_whole_numbers_as_6_0_and_they_are_stored_whole(
    organisation_only: None, tmp_path: Path
) -> None:
    """Rule: a whole-number column takes 6, 6.0 and 6,0 as 6 (statistics tools write 25.0
    whenever a column has blanks) — never 60 or 250."""
    path = csv_file(
        tmp_path, "population", "district,year,age,count\nNord,2024.0,3.0,25.0\nSyd,2024,4,7\n"
    )
    report = run("population", path)
    assert "decimal point" in report.lines()[0]
    stored = set(ChildPopulation.objects.values_list("district__name", "year", "age", "count"))
    assert stored == {("Nord", 2024, 3, 25), ("Syd", 2024, 4, 7)}


def test_danish_excel_writes_6_0_as_6_comma_0(organisation_only: None, tmp_path: Path) -> None:
    """Rule: 6,0 in a whole-number column is 6 (Danish Excel, semicolons, decimal comma)."""
    path = csv_file(
        tmp_path, "population", "district;year;age;count\r\nNord;2024;3;25,0\r\n", "cp1252"
    )
    run("population", path)
    assert ChildPopulation.objects.get(district__name="Nord", age=3).count == 25


def test_a_fraction_in_a_whole_number_column_is_refused_not_multiplied(
    organisation_only: None, tmp_path: Path
) -> None:
    """Rule: 1.5 in a whole-number column is refused as not whole (it was once stored as 15)."""
    path = csv_file(tmp_path, "population", "district,year,age,count\nNord,2024,1.5,25\n")
    [(row, column, value, message)] = refused("population", path)
    assert (row, column, value) == (2, "age", "1.5")
    assert message == "Not a whole number (read as 1,5)."


def test_a_follow_up_interval_of_3_0_months_is_three_months(db: None, tmp_path: Path) -> None:
    """Rule: follow_up_interval_months 3.0 is 3 (it was once refused as 30, "between 1 and 12")."""
    import_examples(until="cases")
    text = (Path(__file__).resolve().parents[2] / "docs/examples/cases.csv").read_text("utf-8")
    header, first, *rest = text.splitlines()
    cells = first.split(";")
    cells[header.split(";").index("follow_up_interval_months")] = "3.0"
    path = csv_file(tmp_path, "cases", "\n".join([header, ";".join(cells), *rest]) + "\n")
    run("cases", path)
    case = Case.objects.get(external_id=cells[0])
    assert case.follow_up_interval_months == 3


# ---------------------------------------------------------------- decimals


def test_an_ambiguous_amount_is_refused_naming_both_readings(
    episodes: None, tmp_path: Path
) -> None:
    """Rule: 1.234 in a file that shows no decimal mark is refused, naming both readings."""
    path = csv_file(tmp_path, "payments", "episode;month;amount\nIND-2;01-04-2024;6.360\n")
    [(row, column, value, message)] = refused("payments", path)
    assert (row, column, value) == (2, "amount", "6.360")
    assert "6360" in message
    assert "6,36" in message


def test_in_a_danish_file_a_dot_groups_thousands(episodes: None, tmp_path: Path) -> None:
    """Rule: where the file writes decimals with a comma, 6.360 is six thousand three hundred
    and sixty kroner, and the dry-run summary says which convention it read."""
    path = csv_file(
        tmp_path,
        "payments",
        "episode;month;amount\nIND-2;01-04-2024;6.360\nIND-2;01-05-2024;12,5\n",
    )
    report = run("payments", path, dry_run=True)
    assert "decimal comma and thousands dot" in report.lines()[0]
    run("payments", path)
    assert booked() == {
        dt.date(2024, 4, 1): Decimal("6360.00"),
        dt.date(2024, 5, 1): Decimal("12.50"),
    }


def test_in_a_plain_file_a_dot_is_the_decimal_mark(episodes: None, tmp_path: Path) -> None:
    """Rule: where the file writes decimals with a point (pandas, R, SAS), 1.250 is 1,25 kr."""
    path = csv_file(
        tmp_path,
        "payments",
        "episode,month,amount\nIND-2,2024-04-01,1.250\nIND-2,2024-05-01,6572.5\n",
    )
    run("payments", path)
    assert booked() == {
        dt.date(2024, 4, 1): Decimal("1.25"),
        dt.date(2024, 5, 1): Decimal("6572.50"),
    }


def test_more_decimals_than_kroner_have_is_refused_not_rounded(
    episodes: None, tmp_path: Path
) -> None:
    """Rule: 6.125 kr in a plain file is refused (at most 2 decimals), never 6125 or 6,13."""
    path = csv_file(
        tmp_path, "payments", "episode,month,amount\nIND-2,2024-04-01,6.125\nIND-2,2024-05-01,2.5\n"
    )
    [(row, column, _value, message)] = refused("payments", path)
    assert (row, column, message) == (2, "amount", "At most 2 decimals.")


# ---------------------------------------------------------------- typed Excel cells


def test_typed_excel_numbers_and_dates_are_taken_from_the_cell(
    episodes: None, tmp_path: Path
) -> None:
    """Rule: a number Excel stored as a number is that number (7.125 → 7,125, not 7125), and
    a date stored as a date is that date; neither is re-read as text."""
    path = xlsx_file(
        tmp_path,
        "payments",
        ["episode", "month", "amount"],
        ["IND-2", dt.datetime(2024, 4, 1), 6360.5],  # noqa: DTZ001 - Excel dates are naive
        ["IND-2", dt.datetime(2024, 5, 1), 1234],  # noqa: DTZ001
    )
    run("payments", path)
    assert booked() == {
        dt.date(2024, 4, 1): Decimal("6360.50"),
        dt.date(2024, 5, 1): Decimal("1234.00"),
    }


def test_a_typed_excel_number_with_three_decimals_is_refused(
    episodes: None, tmp_path: Path
) -> None:
    """Rule: 6.125 typed in Excel is refused as too many decimals for kroner (once 6125)."""
    path = xlsx_file(
        tmp_path,
        "payments",
        ["episode", "month", "amount"],
        ["IND-2", dt.datetime(2024, 4, 1), 6.125],  # noqa: DTZ001
    )
    [(row, column, value, message)] = refused("payments", path)
    assert (row, column, value, message) == (2, "amount", "6.125", "At most 2 decimals.")


def test_a_typed_excel_number_in_a_date_column_is_refused(episodes: None, tmp_path: Path) -> None:
    """Rule: a date column takes a date cell (or date text), not a number such as 45383."""
    path = xlsx_file(tmp_path, "payments", ["episode", "month", "amount"], ["IND-2", 45383, 10])
    [(row, column, _value, message)] = refused("payments", path)
    assert (row, column) == (2, "month")
    assert "number, not a date" in message


def test_a_whole_number_typed_in_excel_as_6_5_is_refused(
    organisation_only: None, tmp_path: Path
) -> None:
    """Rule: 6.5 typed in a whole-number column is refused (it was once read as 65)."""
    path = xlsx_file(
        tmp_path, "population", ["district", "year", "age", "count"], ["Nord", 2024, 6.5, 10]
    )
    [(row, column, _value, message)] = refused("population", path)
    assert (row, column, message) == (2, "age", "Not a whole number (read as 6,5).")


# ---------------------------------------------------------------- dates


def test_a_month_first_export_is_read_month_first(episodes: None, tmp_path: Path) -> None:
    """Rule: dates are day first, unless the file's own dates show the month first
    (05/13/2024 and none like 13/05/2024): then 05/01/2024 is the first of May."""
    path = csv_file(
        tmp_path,
        "payments",
        "episode,month,amount\nIND-2,04/13/2024,100\nIND-2,05/01/2024,200\n",
    )
    report = run("payments", path)
    assert "month before day" in report.lines()[0]
    assert booked() == {
        dt.date(2024, 4, 1): Decimal("100.00"),
        dt.date(2024, 5, 1): Decimal("200.00"),
    }


def test_a_danish_date_stays_day_first(episodes: None, tmp_path: Path) -> None:
    """Rule: 01-05-2024 in a Danish file is the first of May."""
    path = csv_file(tmp_path, "payments", "episode;month;amount\nIND-2;01-05-2024;200\n")
    run("payments", path)
    assert booked()[dt.date(2024, 5, 1)] == Decimal("200.00")
