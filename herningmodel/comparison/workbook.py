"""The comparison as an Excel workbook: a sheet per indicator and a sheet of sources.

Suppressed cells are written as "<5" (money as "–*" with the footnote under the table: a
hidden amount is not "less than 5 kroner"), never as numbers; text from other municipalities' files
(their names, district names) is neutralised so a spreadsheet never reads it as a formula.
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from herningmodel.audit.views import neutralise_formula
from herningmodel.comparison.models import ImportedAggregates
from herningmodel.comparison.table import Comparison
from herningmodel.monitoring import hidden


def to_xlsx(comparisons: list[Comparison], sources: list[ImportedAggregates]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    index = book.active
    assert index is not None
    index.title = "sources"
    index.append(
        [_("Municipality"), _("Code"), _("Period"), _("From"), _("To"), "SHA-256", _("File")]
    )
    for s in sources:
        index.append(
            [
                neutralise_formula(s.municipality_name),
                neutralise_formula(s.municipality_code),
                neutralise_formula(s.period),
                s.start,
                s.end,
                s.sha256,
                neutralise_formula(s.file_name),
            ]
        )
    for cell in index[1]:
        cell.font = Font(bold=True)
    for comparison in comparisons:
        sheet = book.create_sheet(comparison.indicator_id[:31])
        title = comparison.name + (f" ({comparison.symbol})" if comparison.symbol else "")
        sheet.append([neutralise_formula(title)])
        sheet["A1"].font = Font(bold=True)
        sheet.append([_("Municipality"), *(neutralise_formula(p) for p in comparison.periods)])
        mark = hidden.text(money=comparison.money)
        for municipality, figures in comparison.rows:
            sheet.append(
                [
                    neutralise_formula(municipality),
                    *(mark if f.suppressed else f.value for f in figures),
                ]
            )
        if comparison.hidden_money:
            sheet.append([])
            sheet.append([hidden.footnote()])
        sheet.freeze_panes = "B3"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
