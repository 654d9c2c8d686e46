"""Reading CSV as Danish spreadsheets write it, and Excel with the same rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from herningmodel.interchange import csvfiles
from herningmodel.interchange.csvfiles import CellError, FileRefused, read_table

HEADER = "external_id;first_name;amount;day"


def write(tmp_path: Path, data: bytes, name: str = "in.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_semicolon_and_decimal_comma(tmp_path: Path) -> None:
    path = write(tmp_path, f"{HEADER}\r\nA1;Åse;1.234,50;24-12-2019\r\n".encode())
    table = read_table(path)
    assert table.detection.delimiter == ";"
    assert table.detection.encoding == "utf-8"
    assert table.rows == [
        (2, {"external_id": "A1", "first_name": "Åse", "amount": "1.234,50", "day": "24-12-2019"})
    ]
    cells = table.rows[0][1]
    assert csvfiles.parse_decimal(cells["amount"]) == Decimal("1234.50")
    assert csvfiles.parse_date(cells["day"]) == dt.date(2019, 12, 24)


def test_comma_separated_with_quotes(tmp_path: Path) -> None:
    path = write(tmp_path, b'a,b\n"x, y",2\n')
    table = read_table(path)
    assert table.detection.delimiter == ","
    assert table.rows == [(2, {"a": "x, y", "b": "2"})]


def test_bom_is_detected_and_stripped(tmp_path: Path) -> None:
    path = write(tmp_path, csvfiles.UTF8_BOM + "a;b\nÆ;ø\n".encode())
    table = read_table(path)
    assert table.detection.encoding == "utf-8-sig"
    assert table.header == ["a", "b"]
    assert "byte-order mark" in table.detection.describe()


def test_windows_1252_is_detected(tmp_path: Path) -> None:
    path = write(tmp_path, "a;b\nSøren;Århus\n".encode("cp1252"))
    table = read_table(path)
    assert table.detection.encoding == "windows-1252"
    assert table.rows[0][1] == {"a": "Søren", "b": "Århus"}
    assert "Windows-1252" in table.detection.describe()


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b"\xef\xbb\xbf\r\n  \n", "empty"),
        (b"%PDF-1.7 ...", "wrong_type"),
        (b"PK\x03\x04rest", "wrong_type"),
        (b"a;b\x00\x01\x02", "binary"),
        (b"just some prose without separators\nmore\n", "not_csv"),
        (b"a;b\n\x81\x8d\x8f\n", "bad_encoding"),
    ],
)
def test_files_that_are_not_csv_are_refused(tmp_path: Path, data: bytes, code: str) -> None:
    with pytest.raises(FileRefused) as caught:
        read_table(write(tmp_path, data))
    assert caught.value.code == code
    assert caught.value.error.row == 0


def test_a_file_over_the_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = write(tmp_path, b"a;b\n" + b"1;2\n" * 1000)
    with pytest.raises(FileRefused) as caught:
        read_table(path, max_bytes=1000)
    assert caught.value.code == "too_large"
    assert "limit" in str(caught.value)


def test_a_row_with_too_many_cells_is_a_row_error(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, b"a;b\n1;2\n1;2;3\n\n4\n"))
    assert [r for r, _ in table.rows] == [2, 5]
    assert table.rows[1][1] == {"a": "4", "b": ""}
    assert [(e.row, "3 cells" in e.message) for e in table.errors] == [(3, True)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12,5", Decimal("12.5")),
        ("-3", Decimal("-3")),
        ("12.5", Decimal("12.5")),
        ("1.234.567,89", Decimal("1234567.89")),
        ("1 234,5", Decimal("1234.5")),
    ],
)
def test_numbers(text: str, value: Decimal) -> None:
    assert csvfiles.parse_decimal(text) == value


@pytest.mark.parametrize("text", ["12,5,3", "abc", "1,2.3", ""])
def test_not_numbers(text: str) -> None:
    with pytest.raises(CellError):
        csvfiles.parse_decimal(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2019-12-24", dt.date(2019, 12, 24)),
        ("24-12-2019", dt.date(2019, 12, 24)),
        ("1.2.2020", dt.date(2020, 2, 1)),
    ],
)
def test_dates(text: str, value: dt.date) -> None:
    assert csvfiles.parse_date(text) == value


@pytest.mark.parametrize(("text", "words"), [("31-02-2020", "exist"), ("12/24/19", "dd-mm")])
def test_not_dates(text: str, words: str) -> None:
    with pytest.raises(CellError, match=words):
        csvfiles.parse_date(text)


def test_excel_gives_the_same_rows_and_refuses_formulas(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["external_id", "first_name", "amount", "day"])
    christmas = dt.datetime(2019, 12, 24)  # noqa: DTZ001 - Excel dates are naive
    sheet.append(["A1", "Åse", 1234.5, christmas])
    sheet.append(["A2", "=1+1", 7, None])
    path = tmp_path / "in.xlsx"
    book.save(path)
    table = read_table(path)
    assert table.detection.format == "xlsx"
    assert table.rows[0] == (
        2,
        {"external_id": "A1", "first_name": "Åse", "amount": "1234.5", "day": "2019-12-24"},
    )
    assert [(e.row, e.column, e.value) for e in table.errors] == [(3, "first_name", "=1+1")]
    assert "formula" in table.errors[0].message


def test_an_xlsx_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FileRefused) as caught:
        read_table(write(tmp_path, b"a;b\n1;2\n", "in.xlsx"))
    assert caught.value.code == "wrong_type"
    with pytest.raises(FileRefused) as caught:
        read_table(write(tmp_path, b"PK\x03\x04garbage", "in.xlsx"))
    assert caught.value.code == "wrong_type"
