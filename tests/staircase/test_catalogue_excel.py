"""The catalogue and price list as Excel: round trip, and broken files rejected row by row."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from herningmodel.audit.models import AuditEvent
from herningmodel.staircase.catalogue_io import ImportFailed, export_catalogue, import_catalogue
from herningmodel.staircase.models import InterventionType, Price, Provider

pytestmark = pytest.mark.django_db


def _cells(path):
    book = load_workbook(path)
    return {sheet.title: [list(r) for r in sheet.iter_rows(values_only=True)] for sheet in book}


def _state():
    return (
        sorted(
            InterventionType.objects.values_list(
                "code",
                "name",
                "step__number",
                "legal_basis",
                "legal_item",
                "evidence_programme",
                "unit",
                "default_duration_days",
                "active",
            )
        ),
        sorted(Provider.objects.values_list("name", "kind", "cvr", "active")),
        sorted(
            Price.objects.values_list(
                "intervention_type__code", "provider__name", "valid_from", "amount"
            )
        ),
    )


def test_export_then_import_changes_nothing_and_re_exports_the_same_cells(tmp_path):
    first = tmp_path / "catalogue.xlsx"
    export_catalogue(first)
    before = _state()

    report = import_catalogue(first, actor=None)

    assert report.changes == 0
    assert _state() == before
    second = tmp_path / "again.xlsx"
    export_catalogue(second)
    assert _cells(second) == _cells(first)


def test_an_empty_catalogue_is_rebuilt_identically_from_the_export(tmp_path):
    first = tmp_path / "catalogue.xlsx"
    export_catalogue(first)
    before = _state()
    Price.objects.all().delete()
    InterventionType.objects.all().delete()
    Provider.objects.all().delete()

    report = import_catalogue(first, actor=None)

    assert len(report.types_created) >= 28
    assert _state() == before
    second = tmp_path / "again.xlsx"
    export_catalogue(second)
    assert _cells(second) == _cells(first)
    assert AuditEvent.objects.filter(event_type="catalogue_imported").count() == 1


def test_a_dry_run_reports_and_writes_nothing(tmp_path):
    path = tmp_path / "catalogue.xlsx"
    export_catalogue(path)
    book = load_workbook(path)
    book["prices"].append(
        ["plejefamilie", "Plejefamilieenheden (kommunal, fiktiv)", dt.date(2027, 1, 1), 1450]
    )
    book.save(path)
    before = _state()

    report = import_catalogue(path, actor=None, dry_run=True)

    assert report.prices_added == [
        "plejefamilie / Plejefamilieenheden (kommunal, fiktiv) from 2027-01-01: 1450.00"
    ]
    assert _state() == before
    assert not AuditEvent.objects.filter(
        event_type__in=["price_set", "catalogue_imported"]
    ).exists()


def _broken(tmp_path, edit):
    path = tmp_path / "broken.xlsx"
    export_catalogue(path)
    book = load_workbook(path)
    edit(book)
    book.save(path)
    return path


def _set(sheet, row, column, value):
    header = [c.value for c in sheet[1]]
    sheet.cell(row, header.index(column) + 1).value = value


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda b: b["prices"].delete_cols(4),
            "sheet prices, row 1, column amount: missing column",
        ),
        (
            lambda b: _set(b["prices"], 7, "amount", "mange penge"),
            "sheet prices, row 7, column amount: 'mange penge' is not a number",
        ),
        (
            lambda b: _set(b["prices"], 3, "amount", -10),
            "sheet prices, row 3, column amount: a price cannot be negative",
        ),
        (
            lambda b: _set(b["prices"], 4, "valid_from", None),
            "sheet prices, row 4, column valid_from: a price needs the date it applies from",
        ),
        (
            lambda b: _set(b["prices"], 5, "type", "no-such-type"),
            "sheet prices, row 5, column type: unknown intervention type 'no-such-type'",
        ),
        (
            lambda b: _set(b["prices"], 6, "provider", "Ukendt ApS"),
            "sheet prices, row 6, column provider: unknown provider 'Ukendt ApS'",
        ),
        (
            lambda b: b["prices"].append([c.value for c in b["prices"][2]]),
            "the same type, provider and date as row 2",
        ),
        (
            lambda b: _set(b["types"], 2, "step", None),
            "sheet types, row 2, column step: a type needs a step (1–6)",
        ),
        (lambda b: _set(b["prices"], 2, "amount", 999), "prices are never rewritten"),
    ],
    ids=[
        "missing column",
        "text in price",
        "negative",
        "no valid_from",
        "unknown type",
        "unknown provider",
        "duplicate row",
        "type without step",
        "rewritten price",
    ],
)
def test_a_broken_file_is_rejected_with_row_level_messages_and_nothing_written(
    tmp_path, edit, expected
):
    path = _broken(tmp_path, edit)
    before = _state()
    with pytest.raises(ImportFailed) as caught:
        import_catalogue(path, actor=None)
    assert any(expected in str(e) for e in caught.value.errors), caught.value.errors
    assert _state() == before


def test_all_errors_are_reported_at_once(tmp_path):
    def edit(book):
        _set(book["prices"], 2, "amount", "x")
        _set(book["prices"], 3, "amount", -1)
        _set(book["types"], 2, "unit", "per fortnight")

    with pytest.raises(ImportFailed) as caught:
        import_catalogue(_broken(tmp_path, edit), actor=None)
    assert len(caught.value.errors) == 3


def test_a_new_price_from_the_file_is_set_through_the_service(tmp_path, world):
    path = _broken(
        tmp_path,
        lambda b: b["prices"].append(
            ["fft", "Familiecentret Åløkke (kommunal, fiktiv)", dt.date(2027, 1, 1), 53000.5]
        ),
    )
    import_catalogue(path, actor=world.controller)
    price = Price.objects.get(intervention_type__code="fft", valid_from=dt.date(2027, 1, 1))
    assert price.amount == Decimal("53000.50")
    assert AuditEvent.objects.filter(event_type="price_set", actor_id=world.controller.pk).exists()


def test_a_file_that_is_not_a_workbook_is_rejected(tmp_path):
    path = tmp_path / "notes.xlsx"
    path.write_text("not excel")
    with pytest.raises(ImportFailed, match="not an Excel workbook"):
        import_catalogue(path, actor=None)
