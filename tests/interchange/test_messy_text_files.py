"""Text files as they arrive from old case systems and spreadsheets: encodings, files cut off,
odd headers, and sets of files for ``import all``. Each is read exactly or refused with the row
(or line) and the reason; nothing is stored garbled, and a refused file writes nothing."""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from herningmodel.interchange import full_import
from herningmodel.interchange.csvfiles import FileRefused, read_table
from herningmodel.people.models import Child
from tests.interchange.test_kinds import EXAMPLES, import_examples

HEADER = "external_id;first_name;last_name;birth_date;district;area_team\r\n"


def write(tmp_path: Path, data: bytes, name: str = "children.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def refusal(path: Path) -> FileRefused:
    with pytest.raises(FileRefused) as caught:
        read_table(path)
    return caught.value


# ---------------------------------------------------------------- encodings


def test_a_utf8_file_with_one_windows_1252_line_is_refused_naming_the_line(
    tmp_path: Path,
) -> None:
    """Rule: a file is one encoding; a UTF-8 file with a line pasted in from a Windows-1252
    file is refused with the line named ("Møller" was once stored as "MÃ¸ller")."""
    data = (
        HEADER.encode()
        + "D-1;Åse;Møller;01-02-2015;Nord;Områdeteam Nord\r\n".encode()
        + "D-2;Søren;Ørum;01-02-2016;Nord;Områdeteam Nord\r\n".encode("cp1252")
    )
    error = refusal(write(tmp_path, data))
    assert error.code == "mixed_encoding"
    assert error.error.row == 3
    assert "line(s) 3 " in error.error.message


def test_a_whole_windows_1252_file_from_danish_excel_is_read(tmp_path: Path) -> None:
    """Rule: Danish Excel's "CSV (semikolonsepareret)" is Windows-1252 throughout: read as such."""
    data = (HEADER + "D-1;Åse;Møller;01-02-2015;Nord;Områdeteam Nord\r\n").encode("cp1252")
    table = read_table(write(tmp_path, data))
    assert table.detection.encoding == "windows-1252"
    assert table.rows[0][1]["last_name"] == "Møller"


def test_excel_unicode_text_utf16_with_tabs_is_read(tmp_path: Path) -> None:
    """Rule: UTF-16 with its byte-order mark (Excel's "Unicode text", tab separated) is read,
    not called binary."""
    text = HEADER.replace(";", "\t") + "D-1\tÅse\tMøller\t01-02-2015\tNord\tOmrådeteam Nord\r\n"
    table = read_table(write(tmp_path, codecs.BOM_UTF16_LE + text.encode("utf-16-le")))
    assert (table.detection.encoding, table.detection.delimiter) == ("utf-16", "\t")
    assert table.rows[0][1]["last_name"] == "Møller"
    assert "UTF-16" in table.detection.describe()


def test_utf16_without_its_byte_order_mark_gets_a_hint(tmp_path: Path) -> None:
    """Rule: UTF-16 without a byte-order mark cannot be told apart safely: refused with a hint."""
    error = refusal(write(tmp_path, HEADER.encode("utf-16-le")))
    assert error.code == "bad_encoding"
    assert "UTF-16" in error.error.message


def test_text_converted_twice_is_refused_with_a_hint(tmp_path: Path) -> None:
    """Rule: Ã¸ Ã¦ Ã¥ where ø æ å belong (UTF-8 read as Windows-1252 and saved again) is
    refused, naming the line and what to do."""
    data = (HEADER + "D-1;Åse;MÃ¸ller;01-02-2015;Nord;Områdeteam Nord\r\n").encode()
    error = refusal(write(tmp_path, data))
    assert (error.code, error.error.row) == ("mojibake", 2)
    assert "Ã¸" in error.error.message
    assert "UTF-8" in error.error.message


# ---------------------------------------------------------------- cut off


def test_a_file_cut_off_in_the_middle_of_a_number_is_refused(tmp_path: Path) -> None:
    """Rule: a last line without its line break may be cut off (…;6.5 of …;6.50) — refused."""
    data = b"episode;month;amount\r\nIND-2;01-04-2024;6360,00\r\nIND-2;01-05-2024;6.5"
    error = refusal(write(tmp_path, data, "payments.csv"))
    assert (error.code, error.error.row) == ("truncated", 3)


def test_a_file_cut_off_inside_a_quote_is_refused(tmp_path: Path) -> None:
    """Rule: a quote that is never closed (a file cut off inside a text) is refused."""
    data = b'a;b\r\n1;"a long text\r\nthat never ends\r\n'
    error = refusal(write(tmp_path, data))
    assert (error.code, error.error.row) == ("not_csv", 2)


def test_nothing_is_written_when_the_last_line_is_cut_off(db: None, tmp_path: Path) -> None:
    """Rule: a cut-off children file writes no child at all."""
    import_examples(until="children")
    text = (EXAMPLES / "children.csv").read_text(encoding="utf-8").rstrip("\n")
    from herningmodel.interchange import importing

    result = importing.run(
        "children", write(tmp_path, text[:-3].encode()), actor=None, source="test"
    )
    assert [e.row for e in result.errors] == [text.count("\n") + 1]
    assert not Child.objects.exists()


# ---------------------------------------------------------------- headers and rows


def test_trailing_empty_header_columns_are_ignored(tmp_path: Path) -> None:
    """Rule: a header ending in empty columns (;;; from Excel) is the header without them."""
    table = read_table(write(tmp_path, b"a;b;;;\r\n1;2;;;\r\n"))
    assert table.header == ["a", "b"]
    assert table.rows == [(2, {"a": "1", "b": "2"})]
    assert not table.errors


def test_a_value_under_a_column_without_a_name_is_an_error(tmp_path: Path) -> None:
    """Rule: a value under an empty (merged) header cell is reported, never dropped silently."""
    table = read_table(write(tmp_path, b"a;;b\r\n1;x;2\r\n"))
    [error] = table.errors
    assert (error.row, error.column, error.value) == (2, "column 2 (no name)", "x")


def test_more_cells_than_the_header_is_an_error_on_the_row(tmp_path: Path) -> None:
    """Rule: a row with more values than the header has columns is refused with its row."""
    table = read_table(write(tmp_path, b"a;b\r\n1;2;3\r\n"))
    assert [(e.row, "3 cells" in e.message) for e in table.errors] == [(2, True)]


def test_data_on_the_second_sheet_is_named(tmp_path: Path) -> None:
    """Rule: a workbook whose first sheet is empty is refused naming the sheet with the data."""
    book = Workbook()
    book.create_sheet("Data").append(["a", "b"])
    book["Data"].append([1, 2])
    path = tmp_path / "in.xlsx"
    book.save(path)
    error = refusal(path)
    assert "Data" in error.error.message


# ---------------------------------------------------------------- import all


def test_two_files_for_one_kind_are_refused_naming_both(db: None, tmp_path: Path) -> None:
    """Rule: children.csv beside children.xlsx is refused (one was once skipped silently)."""
    folder = tmp_path / "set"
    folder.mkdir()
    (folder / "children.csv").write_bytes((EXAMPLES / "children.csv").read_bytes())
    Workbook().save(folder / "children.xlsx")
    outcome = full_import.import_all(folder, actor=None)
    [error] = outcome.results[0].errors
    assert error.file == "children.csv, children.xlsx"
    assert not outcome.ok
    assert not Child.objects.exists()


def test_the_same_name_in_two_folders_of_a_zip_is_refused(db: None, tmp_path: Path) -> None:
    """Rule: nord/children.csv and syd/children.csv in one zip are refused, naming both."""
    archive = tmp_path / "set.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("nord/children.csv", (EXAMPLES / "children.csv").read_bytes())
        out.writestr("syd/children.csv", (EXAMPLES / "children.csv").read_bytes())
    outcome = full_import.import_all(archive, actor=None)
    [error] = outcome.results[0].errors
    assert error.file == "nord/children.csv, syd/children.csv"
    assert not Child.objects.exists()


def test_a_zip_member_over_the_limit_is_refused_before_it_is_unpacked(
    db: None, tmp_path: Path, settings: object
) -> None:
    """Rule: a member whose unpacked size passes the import limit is refused from the zip's
    directory, before a byte of it is unpacked (a zip bomb)."""
    settings.HERNINGMODEL_IMPORT_MAX_BYTES = 1024 * 1024  # type: ignore[attr-defined]
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("children.csv", b"a;b\r\n" + b"0" * (5 * 1024 * 1024))
    assert archive.stat().st_size < 100_000
    outcome = full_import.import_all(archive, actor=None)
    [error] = outcome.results[0].errors
    assert error.file == "children.csv"
    assert "unpacks to 5,0 MB" in error.message
