"""Reading another municipality's aggregate export: verify first, then check its shape.

A file is refused, with a message saying why, when it is not the JSON form of the aggregate
export (the CSV form carries no municipality and cannot be re-hashed), when its content no
longer matches its SHA-256 hash (changed after export), when it is of a format version this
instance does not read, or when it shows a cell about fewer than 5 children (the exporter's
disclosure control failed, and this instance will not hold such a figure). No database here.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError, model_validator

from herningmodel.interchange import aggregates
from herningmodel.monitoring.disclosure import THRESHOLD
from herningmodel.monitoring.indicators import TOTAL

MAX_BYTES = 20 * 1024 * 1024
FORMAT_NAME = "herningmodel-aggregates"

Text = Annotated[str, StringConstraints(max_length=100, pattern=r"^[^\x00]*$")]
Short = Annotated[str, StringConstraints(max_length=60, pattern=r"^[^\x00]*$")]


class BenchmarkFileError(ValueError):
    """A file that cannot be imported; the message names the file and the reason."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CellIn(_Strict):
    suppressed: bool = False
    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    children: int | None = None

    @model_validator(mode="after")
    def _suppressed_has_no_numbers(self) -> CellIn:
        numbers = (self.value, self.numerator, self.denominator, self.children)
        if self.suppressed and any(n is not None for n in numbers):
            raise ValueError("a suppressed cell carries numbers")
        return self


class RowIn(_Strict):
    district: Text
    kind: Literal["district", "total"]
    cells: list[CellIn]


class IndicatorIn(_Strict):
    id: Short
    unit: Short
    columns: list[Short]
    rows: list[RowIn]

    @model_validator(mode="after")
    def _one_cell_per_column(self) -> IndicatorIn:
        for row in self.rows:
            if len(row.cells) != len(self.columns):
                raise ValueError(f"row {row.district!r} has a different number of cells")
        return self


class MunicipalityIn(_Strict):
    code: Annotated[str, StringConstraints(min_length=1, max_length=10, pattern=r"^[^\x00]*$")]
    name: Annotated[str, StringConstraints(min_length=1, max_length=100, pattern=r"^[^\x00]*$")]


class ContentIn(_Strict):
    format: Literal["herningmodel-aggregates"]
    version: int
    municipality: MunicipalityIn
    period: Annotated[str, StringConstraints(min_length=1, max_length=20, pattern=r"^[^\x00]*$")]
    start: dt.date
    end: dt.date
    suppressed: bool
    indicators: list[IndicatorIn]

    @model_validator(mode="after")
    def _dates_in_order(self) -> ContentIn:
        if self.end < self.start:
            raise ValueError("the period ends before it starts")
        return self


@dataclass(frozen=True)
class AggregateFile:
    """One verified export: its content, the hash it was signed with, and the file's name."""

    name: str
    sha256: str
    content: ContentIn

    @property
    def key(self) -> tuple[str, str]:
        return (self.content.municipality.code, self.content.period)

    def headline(self, indicator: IndicatorIn) -> str:
        """The series shown side by side: the total where the series add up, else the first."""
        if TOTAL in indicator.columns:
            return TOTAL
        return indicator.columns[0] if indicator.columns else ""


def _looks_like_csv(data: bytes) -> bool:
    head = data[:200].lstrip(b"\xef\xbb\xbf")
    return head.startswith(b"period;indicator")


def _pydantic_reason(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first.get("loc", ())) or "content"
    return _("the content is not an aggregate export (%(where)s: %(problem)s).") % {
        "where": where,
        "problem": first.get("msg", ""),
    }


def read(name: str, data: bytes) -> AggregateFile:
    """The verified content of one file; BenchmarkFileError says why a file is refused."""
    if not data.strip():
        raise BenchmarkFileError(name, _("the file is empty."))
    if len(data) > MAX_BYTES:
        raise BenchmarkFileError(
            name, _("the file is larger than %(mb)d MB.") % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    if _looks_like_csv(data):
        raise BenchmarkFileError(
            name,
            _(
                "this is the CSV form of the aggregate export, which names no municipality and "
                "cannot be verified: import the .json export instead."
            ),
        )
    try:
        document: Any = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BenchmarkFileError(name, _("the file is not JSON.")) from exc
    if (
        not isinstance(document, dict)
        or not isinstance(document.get("content"), dict)
        or not isinstance(document.get("sha256"), str)
    ):
        raise BenchmarkFileError(
            name, _("the file is not an aggregate export (no content and sha256).")
        )
    content = document["content"]
    if content.get("format") != FORMAT_NAME:
        raise BenchmarkFileError(
            name, _("the file is not an aggregate export (format %(format)r).") % content
        )
    if not aggregates.verify(document):
        raise BenchmarkFileError(
            name,
            _(
                "the content does not match its SHA-256 hash: the file was changed after it "
                "was exported, so it is refused."
            ),
        )
    version = content.get("version")
    if version != aggregates.FORMAT_VERSION:
        raise BenchmarkFileError(
            name,
            _(
                "the file is in format version %(version)s; this instance reads version "
                "%(supported)s."
            )
            % {"version": version, "supported": aggregates.FORMAT_VERSION},
        )
    try:
        parsed = ContentIn.model_validate(content)
    except ValidationError as exc:
        raise BenchmarkFileError(name, _pydantic_reason(exc)) from exc
    _check_disclosure(name, parsed)
    return AggregateFile(name=name, sha256=document["sha256"], content=parsed)


def _check_disclosure(name: str, content: ContentIn) -> None:
    for indicator in content.indicators:
        for row in indicator.rows:
            for column, cell in zip(indicator.columns, row.cells, strict=True):
                if not cell.suppressed and cell.children and cell.children < THRESHOLD:
                    raise BenchmarkFileError(
                        name,
                        _(
                            "%(indicator)s, %(district)s, %(column)s shows a figure about "
                            "fewer than %(threshold)d children without suppression; "
                            "the file is refused."
                        )
                        % {
                            "indicator": indicator.id,
                            "district": row.district,
                            "column": column or "–",
                            "threshold": THRESHOLD,
                        },
                    )
