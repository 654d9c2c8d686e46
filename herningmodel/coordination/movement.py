"""Movement per core task: one family's over time, and across families by district and period.

Pure: scores in, summaries out. A family's movement on a core task at a network meeting is the
mean of the 0–10 scores of its goals under that task scored at that meeting (dropped goals
count up to the day they were dropped: their movement happened). Across families, a family's
movement on a task over a period is its last mean in the period minus its first, so only
families scored at two or more meetings in the period count; a district's cell is the mean of
its families' movements, with how many families and children it describes.

Cross-family cells go through monitoring's disclosure control (``disclosure.protect`` with the
table's equations: the total row is the sum of the district rows in each column, for the sums of
movement as for the children), so a cell about 1–4 children is hidden, and so is any cell from
which a hidden one could be worked out.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from herningmodel.monitoring.disclosure import grid_equations, protect

PALETTE = ("#1f5f8b", "#d9822b", "#3a8d4f", "#8e44ad")


@dataclass(frozen=True)
class Score:
    """One goal's score at a network meeting, as the summaries need it."""

    held_on: dt.date
    core_task: str
    score: int


def over_time(scores: Iterable[Score]) -> dict[str, list[tuple[dt.date, float]]]:
    """Per core task, the mean score of its goals at each meeting, in date order."""
    cells: dict[tuple[str, dt.date], list[int]] = defaultdict(list)
    for s in scores:
        cells[(s.core_task, s.held_on)].append(s.score)
    series: dict[str, list[tuple[dt.date, float]]] = defaultdict(list)
    for (task, day), values in sorted(cells.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        series[task].append((day, sum(values) / len(values)))
    return dict(series)


def figure(
    series: dict[str, list[tuple[dt.date, float]]], labels: dict[str, str]
) -> dict[str, Any]:
    """Plotly data and layout: one line per core task, 0–10 on the y axis."""
    traces = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": labels.get(task, task),
            "x": [day.isoformat() for day, _ in series[task]],
            "y": [round(value, 2) for _, value in series[task]],
            "line": {"color": PALETTE[i % len(PALETTE)]},
        }
        for i, task in enumerate(t for t in labels if t in series)
    ]
    return {
        "data": traces,
        "layout": {
            "margin": {"l": 40, "r": 10, "t": 10, "b": 40},
            "height": 280,
            "showlegend": True,
            "yaxis": {"range": [0, 10], "dtick": 2},
        },
    }


def change_in_period(
    series: dict[str, list[tuple[dt.date, float]]], start: dt.date, end: dt.date
) -> dict[str, float]:
    """Per core task, last mean minus first mean among the meetings within the period."""
    out = {}
    for task, points in series.items():
        inside = [value for day, value in points if start <= day <= end]
        if len(inside) >= 2:
            out[task] = inside[-1] - inside[0]
    return out


@dataclass(frozen=True)
class Family:
    """One coordinated family as the cross-family table needs it."""

    district: str
    children: int
    change: dict[str, float]  # per core task, from ``change_in_period``


@dataclass(frozen=True)
class Cell:
    families: int
    children: int
    mean: float | None  # None: no family moved on the task in the period, or hidden
    hidden: bool


@dataclass(frozen=True)
class Row:
    label: str
    cells: list[Cell]
    total: bool = False


def across_families(
    families: Sequence[Family], districts: Sequence[str], tasks: Sequence[str], total_label: str
) -> list[Row]:
    """District rows and a total row, one cell per core task, with disclosure control."""
    grid: list[list[tuple[int, int, float]]] = []
    for district in [*districts, None]:
        row = []
        for task in tasks:
            members = [
                f
                for f in families
                if task in f.change and (district is None or f.district == district)
            ]
            row.append(
                (
                    len(members),
                    sum(f.children for f in members),
                    sum(f.change[task] for f in members),
                )
            )
        grid.append(row)
    n_rows, n_cols = len(grid), len(tasks)
    children = [c for row in grid for _f, c, _s in row]
    equations = grid_equations(
        n_rows, n_cols, [(n_rows - 1, list(range(n_rows - 1)))], col_total=False
    )
    hidden = protect(children, equations)
    rows = []
    for r, row in enumerate(grid):
        cells = []
        for c, (n, kids, total) in enumerate(row):
            secret = r * n_cols + c in hidden
            mean = None if secret or n == 0 else total / n
            cells.append(Cell(0 if secret else n, 0 if secret else kids, mean, secret))
        label = total_label if r == n_rows - 1 else districts[r]
        rows.append(Row(label, cells, total=r == n_rows - 1))
    return rows
