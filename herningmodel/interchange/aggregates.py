"""The aggregate export for national comparison: indicators by district, no personal data.

Every figure goes through the monitoring board's disclosure control (cells about 1–4 children
are hidden, and so are cells that would give them away), and the content carries a SHA-256 hash
of its canonical JSON so a receiver can tell it arrived as it was written. Child ids, names and
CPR numbers never enter the payload: only counts, ratios and district names.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from typing import Any

from herningmodel.access.policy import User
from herningmodel.audit import services as audit
from herningmodel.audit.models import EventType
from herningmodel.audit.views import neutralise_formula
from herningmodel.monitoring import board as boards
from herningmodel.monitoring import hidden
from herningmodel.monitoring.board import Board
from herningmodel.monitoring.indicators import Cell, is_money
from herningmodel.monitoring.scope import build_scope
from herningmodel.organisation.models import Municipality

FORMAT_VERSION = 1


class UnknownFormat(ValueError):
    def __init__(self, suffix: str) -> None:
        super().__init__(f"Unknown export format {suffix!r}: write a .json or .csv file.")


def _number(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


def _cell(cell: Cell) -> dict[str, Any]:
    if cell.suppressed:
        return {"suppressed": True}
    return {
        "value": cell.value,
        "numerator": _number(cell.numerator),
        "denominator": _number(cell.denominator),
        "children": cell.children,
    }


def _without_children(cell: dict[str, Any], kind: str) -> dict[str, Any]:
    """A municipality row's distinct children are the sum of its districts' (for a share,
    min(numerator, complement) each): not linear, so the disclosure audit cannot account for
    what it tells about hidden districts. It is left out (``docs/disclosure.md``)."""
    if kind == "total" and "children" in cell:
        return {**cell, "children": None}
    return cell


def payload(board: Board) -> dict[str, Any]:
    municipality = Municipality.objects.order_by("pk").first()
    period = board.scope.period
    indicators = []
    for result in board.results.values():
        if not result.indicator.by_district:
            continue
        indicators.append(
            {
                "id": result.indicator.id,
                "unit": result.indicator.unit.value,
                "columns": [key for key, _label in result.columns],
                "rows": [
                    {
                        "district": row.label,
                        "kind": row.kind,
                        "cells": [_without_children(_cell(cell), row.kind) for cell in row.cells],
                    }
                    for row in result.rows
                    if row.kind in ("district", "total")
                ],
            }
        )
    return {
        "format": "herningmodel-aggregates",
        "version": FORMAT_VERSION,
        "municipality": (
            {"code": municipality.code, "name": municipality.name} if municipality else None
        ),
        "period": period.label,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "suppressed": board.suppressed,
        "indicators": indicators,
    }


def content_hash(content: dict[str, Any]) -> str:
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def verify(document: dict[str, Any]) -> bool:
    """Whether an exported JSON document's content still matches its hash."""
    return content_hash(document["content"]) == document.get("sha256")


def to_json(content: dict[str, Any]) -> bytes:
    document = {"content": content, "sha256": content_hash(content)}
    return json.dumps(document, ensure_ascii=False, indent=2).encode()


def _decimal_comma(value: object) -> str:
    if value is None:
        return ""
    return f"{value}".replace(".", ",")


def to_csv(content: dict[str, Any]) -> bytes:
    """Semicolon separated with decimal comma and a BOM, as Danish Excel opens it; text cells
    are neutralised against formula injection; the last line holds the content hash."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        ["period", "indicator", "column", "district", "kind", "value", "numerator", "denominator"]
    )
    for indicator in content["indicators"]:
        # A hidden amount is a dash, not "<5" ("less than 5 kroner"); a blank value is no value.
        mark = hidden.shown(money=is_money(indicator["id"], indicator["unit"]))
        for row in indicator["rows"]:
            for column, cell in zip(indicator["columns"], row["cells"], strict=True):
                shown = (
                    [mark, "", ""]
                    if cell.get("suppressed")
                    else [
                        _decimal_comma(cell["value"]),
                        _decimal_comma(cell["numerator"]),
                        _decimal_comma(cell["denominator"]),
                    ]
                )
                writer.writerow(
                    [
                        content["period"],
                        indicator["id"],
                        neutralise_formula(column),
                        neutralise_formula(row["district"]),
                        row["kind"],
                        *shown,
                    ]
                )
    writer.writerow(["sha256", content_hash(content)])
    return ("\ufeff" + out.getvalue()).encode()


def export(
    period: str,
    suffix: str,
    *,
    today: dt.date,
    source: str = "cli:export",
    actor: User | None = None,
) -> bytes:
    """The file's bytes for ``.json`` or ``.csv``; audited as an export with its hash, by the
    API's caller or, from the command line, by "cli"."""
    if suffix not in (".json", ".csv"):
        raise UnknownFormat(suffix)
    scope = build_scope(period, today=today)
    board = boards.board(scope, costs=True, suppressed=True, with_warnings=False)
    content = payload(board)
    audit.record(
        EventType.EXPORT,
        actor=actor,
        actor_label="cli" if actor is None else None,
        source=source,
        changes={
            "kind": "aggregates",
            "period": content["period"],
            "sha256": content_hash(content),
        },
    )
    return to_json(content) if suffix == ".json" else to_csv(content)
