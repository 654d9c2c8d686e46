"""Hostile and broken uploads — an XML entity bomb in a workbook, a zip bomb dressed as a
workbook, a damaged workbook — are refused with a clear message and exit code, never a server
error or a traceback; and the command line speaks one language per run."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.utils import translation
from openpyxl import Workbook
from typer.testing import CliRunner

from herningmodel.cli import app
from herningmodel.interchange.csvfiles import FileRefused, read_table
from herningmodel.people.models import Child
from tests.interchange.test_children_import import HEADER

runner = CliRunner()

BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
)


def workbook_bytes() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["a", "b"])
    sheet.append([1, 2])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def replace_member(data: bytes, name: str, body: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            target.writestr(member, body if member.filename == name else source.read(member))
    return out.getvalue()


def test_an_xml_entity_bomb_in_a_workbook_is_refused_unopened(tmp_path: Path) -> None:
    """Rule: a workbook part declaring XML entities is refused before any XML is parsed."""
    sheet = b"xl/worksheets/sheet1.xml"
    bomb = BILLION_LAUGHS + b"<worksheet>&lol3;</worksheet>"
    path = tmp_path / "children.xlsx"
    path.write_bytes(replace_member(workbook_bytes(), sheet.decode(), bomb))
    with pytest.raises(FileRefused) as caught:
        read_table(path)
    assert caught.value.code == "hostile"
    assert "xl/worksheets/sheet1.xml" in caught.value.error.message


def test_a_zip_bomb_dressed_as_a_workbook_is_refused_unopened(tmp_path: Path) -> None:
    """Rule: a workbook part that would unpack to hundreds of times its size is refused."""
    data = workbook_bytes()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            target.writestr(member.filename, source.read(member))
        target.writestr("xl/media/padding.bin", b"\0" * (20 * 1024 * 1024))
    path = tmp_path / "children.xlsx"
    path.write_bytes(out.getvalue())
    with pytest.raises(FileRefused) as caught:
        read_table(path)
    assert caught.value.code == "hostile"
    assert "zip bomb" in caught.value.error.message


def test_a_damaged_sheet_is_a_refusal_not_a_crash(tmp_path: Path) -> None:
    """Rule: a workbook whose sheet is not XML is refused as unreadable."""
    path = tmp_path / "children.xlsx"
    path.write_bytes(replace_member(workbook_bytes(), "xl/worksheets/sheet1.xml", b"<row"))
    with pytest.raises(FileRefused) as caught:
        read_table(path)
    assert caught.value.code == "wrong_type"


@pytest.mark.usefixtures("organisation")
def test_the_command_line_refuses_a_hostile_workbook_with_exit_code_1(tmp_path: Path) -> None:
    """Rule: the command line names the refusal and exits 1, without a traceback."""
    path = tmp_path / "children.xlsx"
    bomb = BILLION_LAUGHS + b"<worksheet>&lol3;</worksheet>"
    path.write_bytes(replace_member(workbook_bytes(), "xl/worksheets/sheet1.xml", bomb))
    result = runner.invoke(app, ["import", "children", str(path)])
    assert result.exit_code == 1
    assert "entity" in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not Child.objects.exists()


@pytest.mark.usefixtures("organisation")
def test_the_command_line_speaks_danish_throughout_in_a_danish_installation(
    tmp_path: Path,
) -> None:
    """Rule: one language per run — the row, the column, the message and the count are all
    Danish when the installation is (no "row 2, column …: Denne dato findes ikke", no
    "1 errors")."""
    path = tmp_path / "children.csv"
    path.write_text(f"{HEADER}\nK1;A;B;;31-02-2015;;Nord;Områdeteam Nord\n", encoding="utf-8")
    with translation.override("da"):
        result = runner.invoke(app, ["import", "children", str(path)])
    assert result.exit_code == 1
    assert "children.csv, række 2, kolonne birth_date ('31-02-2015')" in result.output
    assert "Denne dato findes ikke." in result.output
    assert "1 fejl; intet blev importeret." in result.output
    for english in ("row", "column", "error", "Read "):
        assert english not in result.output
