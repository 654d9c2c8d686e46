"""Scenario files: TOML with a strict schema, parsed into the engine's inputs.

Pure (stdlib ``tomllib`` + the engine): the web page, the CLI and the tests all parse here. An
unknown key or a wrong type is an error naming the dotted key path (and its line where it can be
found; ``tomllib`` reports lines only for syntax errors). The format is documented in
``docs/business-case.md``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from herningmodel.economics.cut import Cut
from herningmodel.economics.model import (
    DEFAULT_DISCOUNT_RATE,
    STEPS,
    Baseline,
    BusinessCase,
    Effects,
    InputError,
    Investment,
    Shift,
)
from herningmodel.economics.payers import Payers
from herningmodel.economics.uncertainty import KINDS, Distribution

MAX_TOML = 100_000


class ScenarioError(InputError):
    """A scenario file is invalid: ``field`` is the dotted key, ``line`` is 1-based or None."""

    def __init__(self, field: str, message: str, line: int | None = None) -> None:
        super().__init__(field, message)
        self.line = line

    def __str__(self) -> str:
        where = f"line {self.line}, " if self.line else ""
        return f"{where}{self.field}: {self.message}"


@dataclass(frozen=True)
class Scenario:
    name: str
    case: BusinessCase
    distributions: dict[str, Distribution] = field(default_factory=dict)
    draws: int = 10_000
    seed: int = 1
    description: str = ""
    # A budget cut to project with ``whatif.project_cut``; the business case itself has no cut.
    cut: Cut | None = None
    # Who pays each step's cost (``payers.py``); by default the municipality pays everything.
    payers: Payers = field(default_factory=Payers)


NUMBER = "number"
INTEGER = "integer"
STRING = "string"
NUMBERS = "array of numbers"
INTEGERS = "array of whole numbers"

SCHEMA: dict[str, dict[str, str]] = {
    "scenario": {
        "name": STRING,
        "description": STRING,
        "horizon_years": INTEGER,
        "discount_rate": NUMBER,
    },
    "investment": {
        "extra_workers": NUMBER,
        "cost_per_worker": NUMBER,
        "training": NUMBER,
        "premises": NUMBER,
        "one_off": NUMBERS,
    },
    "baseline": {"children": NUMBERS, "cost_per_child": NUMBERS},
    "effects": {
        "success_rate": NUMBER,
        "ramp_up": NUMBERS,
        "duration_change": NUMBERS,
        "shift": "array of tables",
    },
    "uncertainty": {"draws": INTEGER, "seed": INTEGER, "parameters": "table"},
    "payers": {"region": NUMBERS, "state": NUMBERS},
    "cut": {
        "amount": NUMBER,
        "from_year": INTEGER,
        "steps": INTEGERS,
        "escalation_share": NUMBER,
        "delay_years": INTEGER,
        "stay_years": INTEGER,
        "destination": NUMBERS,
    },
}
REQUIRED = {
    "scenario": ("name", "horizon_years"),
    "baseline": ("children", "cost_per_child"),
}
CUT_REQUIRED = ("amount", "from_year")
SHIFT_KEYS = {"from": INTEGER, "to": INTEGER, "share": NUMBER}
DIST_KEYS = {
    "kind": STRING,
    "value": NUMBER,
    "min": NUMBER,
    "max": NUMBER,
    "mode": NUMBER,
    "mean": NUMBER,
    "sd": NUMBER,
    "median": NUMBER,
    "sd_log": NUMBER,
}
DIST_NEEDS = {
    "point": ("value",),
    "uniform": ("min", "max"),
    "triangular": ("min", "mode", "max"),
    "normal": ("mean", "sd"),
    "lognormal": ("median", "sd_log"),
}


_SEGMENT = re.compile(r'"([^"]*)"|\[(\d+)\]|([^.\["]+)')
_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r'^\s*((?:"[^"]*"|[A-Za-z0-9_-]+)(?:\s*\.\s*(?:"[^"]*"|[A-Za-z0-9_-]+))*)\s*=')


def _segments(path: str) -> tuple[str, ...]:
    out = []
    for quoted, index, bare in _SEGMENT.findall(path):
        out.append(f"[{index}]" if index else quoted or bare.strip())
    return tuple(s for s in out if s)


def _line_of(text: str, path: str) -> int | None:
    """Best effort: the line of ``path``'s key, or of the nearest enclosing key or table."""
    lines: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    counts: dict[tuple[str, ...], int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(raw)
        if header:
            table = _segments(header.group(2))
            if header.group(1) == "[[":
                counts[table] = counts.get(table, 0) + 1
                lines.setdefault(table, number)
                table = (*table, f"[{counts[table]}]")
            lines.setdefault(table, number)
            continue
        key = _KEY.match(raw)
        if key:
            lines.setdefault((*table, *_segments(key.group(1))), number)
    wanted = _segments(path)
    while wanted:
        if wanted in lines:
            return lines[wanted]
        wanted = wanted[:-1]
    return None


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text

    def fail(self, path: str, message: str) -> ScenarioError:
        return ScenarioError(path, message, _line_of(self.text, path))

    def check(self, path: str, value: Any, kind: str) -> Any:
        ok = {
            NUMBER: isinstance(value, int | float) and not isinstance(value, bool),
            INTEGER: isinstance(value, int) and not isinstance(value, bool),
            STRING: isinstance(value, str),
            NUMBERS: isinstance(value, list)
            and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value),
            INTEGERS: isinstance(value, list)
            and all(isinstance(v, int) and not isinstance(v, bool) for v in value),
            "table": isinstance(value, dict),
            "array of tables": isinstance(value, list) and all(isinstance(v, dict) for v in value),
        }[kind]
        if not ok:
            got = "a list with a non-number" if isinstance(value, list) else type(value).__name__
            raise self.fail(path, f"must be {_article(kind)} {kind}, not {got}")
        if kind == STRING and "\x00" in value:
            raise self.fail(path, "must not contain NUL characters")
        return value

    def table(self, data: Mapping[str, Any], path: str, schema: Mapping[str, str]) -> None:
        for key, value in data.items():
            dotted = f"{path}.{key}" if path else key
            if key not in schema:
                allowed = ", ".join(schema)
                raise self.fail(dotted, f"unknown key (allowed: {allowed})")
            self.check(dotted, value, schema[key])


def _article(kind: str) -> str:
    return "an" if kind[0] in "aeiou" else "a"


def parse(text: str) -> Scenario:
    """Parse and validate a scenario file. Raises ScenarioError naming the key (and line)."""
    if len(text) > MAX_TOML:
        raise ScenarioError("file", f"is longer than {MAX_TOML} characters")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # Python 3.11's TOMLDecodeError has no lineno attribute: read it from the message.
        at = re.search(r"at line (\d+)", str(exc))
        raise ScenarioError("toml", str(exc), int(at.group(1)) if at else None) from exc
    reader = _Reader(text)
    reader.table(data, "", {k: "table" for k in SCHEMA})
    for section, schema in SCHEMA.items():
        reader.table(data.get(section, {}), section, schema)
    for section, keys in REQUIRED.items():
        for key in keys:
            if key not in data.get(section, {}):
                raise ScenarioError(f"{section}.{key}", "is required")
    try:
        return _build(reader, data)
    except ScenarioError:
        raise
    except InputError as exc:
        raise reader.fail(_toml_path(exc.field), exc.message) from exc


def _toml_path(field: str) -> str:
    """Map the engine's field names back to TOML keys (``horizon`` → ``scenario.horizon_years``)."""
    if field in ("horizon", "discount_rate"):
        return "scenario." + ("horizon_years" if field == "horizon" else field)
    return re.sub(r"\[\d+\]$", "", field)


def _build(reader: _Reader, data: dict[str, Any]) -> Scenario:
    meta = data["scenario"]
    effects_data = data.get("effects", {})
    shifts = []
    for i, item in enumerate(effects_data.get("shift", [])):
        path = f"effects.shift[{i + 1}]"
        reader.table(item, path, SHIFT_KEYS)
        for key in SHIFT_KEYS:
            if key not in item:
                raise reader.fail(f"{path}.{key}", "is required")
        shifts.append(Shift(item["from"], item["to"], item["share"]))
    inv = data.get("investment", {})
    base = data["baseline"]
    case = BusinessCase(
        horizon=meta["horizon_years"],
        discount_rate=meta.get("discount_rate", DEFAULT_DISCOUNT_RATE),
        investment=Investment(
            extra_workers=inv.get("extra_workers", 0.0),
            cost_per_worker=inv.get("cost_per_worker", 0.0),
            training=inv.get("training", 0.0),
            premises=inv.get("premises", 0.0),
            one_off=tuple(inv.get("one_off", ())),
        ),
        baseline=Baseline(
            children=tuple(base["children"]), cost_per_child=tuple(base["cost_per_child"])
        ),
        effects=Effects(
            shifts=tuple(shifts),
            duration_change=tuple(effects_data.get("duration_change", (0.0,) * STEPS)),
            success_rate=effects_data.get("success_rate", 1.0),
            ramp_up=tuple(effects_data.get("ramp_up", (1.0,))),
        ),
    )
    unc = data.get("uncertainty", {})
    known = case.parameters()
    distributions = {}
    for name, spec in unc.get("parameters", {}).items():
        path = f'uncertainty.parameters."{name}"'
        if name not in known:
            raise reader.fail(path, "is not a parameter of this scenario (see the docs)")
        reader.check(path, spec, "table")
        reader.table(spec, path, DIST_KEYS)
        kind = spec.get("kind")
        if kind not in KINDS:
            raise reader.fail(f"{path}.kind", f"must be one of {', '.join(KINDS)}")
        for key in DIST_NEEDS[kind]:
            if key not in spec:
                raise reader.fail(f"{path}.{key}", f"is required for a {kind} distribution")
        extra = set(spec) - set(DIST_NEEDS[kind]) - {"kind"}
        if extra:
            raise reader.fail(f"{path}.{sorted(extra)[0]}", f"does not apply to {kind}")
        values = {k: float(v) for k, v in spec.items() if k != "kind"}
        try:
            distributions[name] = Distribution(kind, name=path, **values)
        except InputError as exc:
            raise reader.fail(exc.field, exc.message) from exc
    draws = unc.get("draws", 10_000)
    if not 1 <= draws <= 200_000:
        raise reader.fail("uncertainty.draws", "must be from 1 to 200000")
    cut = None
    if "cut" in data:
        for key in CUT_REQUIRED:
            if key not in data["cut"]:
                raise reader.fail(f"cut.{key}", "is required in a [cut] table")
        spec = {k: tuple(v) if isinstance(v, list) else v for k, v in data["cut"].items()}
        cut = Cut(**spec)
        cut.check_horizon(case.horizon)
    payers_data = data.get("payers", {})
    payers = Payers(
        region=tuple(payers_data.get("region", (0.0,) * STEPS)),
        state=tuple(payers_data.get("state", (0.0,) * STEPS)),
    )
    return Scenario(
        name=meta["name"].strip() or "scenario",
        description=meta.get("description", ""),
        case=case,
        distributions=distributions,
        draws=draws,
        seed=unc.get("seed", 1),
        cut=cut,
        payers=payers,
    )
