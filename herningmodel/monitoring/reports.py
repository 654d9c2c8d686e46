"""Committee report (PDF via WeasyPrint, A4), Excel workbook and JSON of all indicators.

Every export is made from a suppressed board (see ``board.board``): files travel further than
screens. Charts in the PDF are server-rendered SVG (``charts.svg``): WeasyPrint runs no
JavaScript, so plotly cannot draw there.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from herningmodel.access.policy import User
from herningmodel.monitoring import board as boards
from herningmodel.monitoring import charts, hidden
from herningmodel.monitoring.board import Board
from herningmodel.monitoring.indicators import Good, Result, as_dict
from herningmodel.monitoring.scope import Scope

CONTENT_TYPES = {
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


class UnknownFormat(ValueError):
    pass


@dataclass(frozen=True)
class ReportFile:
    body: bytes
    content_type: str
    filename: str


def report_file(user: User, scope: Scope, fmt: str) -> ReportFile:
    """The committee report for a period as the page and ``GET /api/monitoring/report`` hand it
    out. Every export is suppressed, whoever asks: files travel further than screens. Costs
    only for roles that may see them. The caller checks that the user may see aggregates."""
    if fmt not in CONTENT_TYPES:
        raise UnknownFormat(fmt)
    board = boards.board(scope, costs=boards.sees_costs(user), suppressed=True)
    body, content_type = render(board, fmt)
    return ReportFile(body, content_type, f"herningmodel-{scope.period.label}.{fmt}")


def render(board: Board, fmt: str) -> tuple[bytes, str]:
    if fmt == "json":
        return to_json(board).encode(), CONTENT_TYPES[fmt]
    if fmt == "xlsx":
        return to_xlsx(board), CONTENT_TYPES[fmt]
    if fmt == "pdf":
        return to_pdf(board), CONTENT_TYPES[fmt]
    raise UnknownFormat(fmt)


def to_json(board: Board) -> str:
    payload: dict[str, Any] = {
        "period": board.scope.period.label,
        "start": board.scope.period.start.isoformat(),
        "end": board.scope.period.end.isoformat(),
        "suppressed": board.suppressed,
        "messages": board.messages,
        "warnings": [
            {"code": w.code, "title": w.title, "explanation": w.explanation, "numbers": w.numbers}
            for w in board.warnings
        ],
        "indicators": [as_dict(r) for r in board.results.values()],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


def to_xlsx(board: Board) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    index = book.active
    assert index is not None
    index.title = "indicators"
    index.append(["id", "name", "unit", "good", "definition", "period"])
    for result in board.results.values():
        ind = result.indicator
        index.append(
            [
                ind.id,
                ind.name,
                ind.unit.value,
                ind.good.value,
                ind.definition,
                board.scope.period.label,
            ]
        )
    for row in index.iter_rows(max_row=1):
        for cell in row:
            cell.font = Font(bold=True)
    for result in board.results.values():
        sheet = book.create_sheet(result.indicator.id[:31])
        sheet.append([result.indicator.name])
        sheet.append(
            [
                _("District"),
                _("Row"),
                _("Series"),
                _("Value"),
                _("Numerator"),
                _("Denominator"),
                _("Footnote"),
            ]
        )
        money = result.indicator.money
        for row in result.rows:
            for (key, label), cell in zip(result.columns, row.cells, strict=True):
                if cell.suppressed:
                    sheet.append(
                        [
                            row.label,
                            row.kind,
                            label or key,
                            hidden.text(money=money),
                            None,
                            None,
                            _("hidden: fewer than 5 children"),
                        ]
                    )
                else:
                    sheet.append(
                        [
                            row.label,
                            row.kind,
                            label or key,
                            cell.value,
                            None if cell.numerator is None else float(cell.numerator),
                            None if cell.denominator is None else float(cell.denominator),
                        ]
                    )
        if result.hidden_money:
            sheet.append([])
            sheet.append([hidden.footnote()])
        sheet.freeze_panes = "A3"
    if board.warnings:
        sheet = book.create_sheet("warnings")
        for w in board.warnings:
            sheet.append([w.code, w.title, w.explanation])
            for label, number in w.numbers:
                sheet.append(["", label, number])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def narrative(board: Board) -> list[str]:
    """Short sentences on what changed since the previous period (municipality rows)."""
    lines = []
    for key, result in board.results.items():
        before = board.previous.get(key)
        now_cell = result.total(result.columns[-1][0])
        if before is None or now_cell.value is None:
            continue
        then_cell = before.total(before.columns[-1][0])
        if then_cell.value is None or then_cell.value == now_cell.value:
            continue
        rose = now_cell.value > then_cell.value
        good = result.indicator.good
        verdict = (
            ""
            if good is Good.NEITHER
            else (_(" (better)") if rose == (good is Good.UP) else _(" (worse)"))
        )
        lines.append(
            _("%(name)s %(direction)s from %(then)s to %(now)s%(verdict)s.")
            % {
                "name": result.indicator.name,
                "direction": _("rose") if rose else _("fell"),
                "then": then_cell.shown,
                "now": now_cell.shown,
                "verdict": verdict,
            }
        )
    return lines


def _section(result: Result) -> dict[str, Any]:
    return {"result": result, "svg": mark_safe(charts.svg(result))}  # noqa: S308 - built from escaped parts


def to_html(board: Board) -> str:
    return render_to_string(
        "monitoring/report.html",
        {
            "board": board,
            "sections": [_section(r) for r in board.results.values()],
            "narrative": narrative(board),
            "made": timezone.localtime(),
        },
    )


def to_pdf(board: Board) -> bytes:
    from weasyprint import HTML

    pdf: bytes = HTML(string=to_html(board), base_url=".").write_pdf()
    return pdf
