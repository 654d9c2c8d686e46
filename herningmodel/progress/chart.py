"""Progression over time as small inline SVG charts, with the numbers as a table beside them.

Server-rendered SVG needs no JavaScript and prints in a PDF; the table keeps the figures
available to screen readers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from herningmodel.progress.models import Score

WIDTH, HEIGHT, PAD = 480, 160, 24


@dataclass
class Series:
    label: str
    points: list[tuple[dt.date, int]] = field(default_factory=list)
    path: str = ""


@dataclass
class Chart:
    instrument: str
    minimum: int
    maximum: int
    higher_is_better: bool
    series: list[Series]
    dates: list[dt.date]
    width: int = WIDTH
    height: int = HEIGHT


def polyline(
    points: list[tuple[dt.date, int]], first: dt.date, last: dt.date, lo: int, hi: int
) -> str:
    """SVG ``points`` for a series, dates spread over the width and values over the height."""
    span = max((last - first).days, 1)
    coords = []
    for day, value in points:
        x = PAD + (WIDTH - 2 * PAD) * (day - first).days / span
        y = HEIGHT - PAD - (HEIGHT - 2 * PAD) * (value - lo) / (hi - lo)
        coords.append(f"{x:.1f},{y:.1f}")
    return " ".join(coords)


def progression_charts(child_id: int) -> list[Chart]:
    scores = (
        Score.objects.filter(measurement__child_id=child_id)
        .select_related("dimension", "measurement__instrument")
        .order_by(
            "measurement__instrument__code", "dimension__position", "measurement__measured_on"
        )
    )
    charts: dict[int, Chart] = {}
    series: dict[tuple[int, int], Series] = {}
    for score in scores:
        instrument = score.measurement.instrument
        dimension = score.dimension
        chart = charts.get(instrument.pk)
        if chart is None:
            chart = charts[instrument.pk] = Chart(
                instrument=instrument.label,
                minimum=dimension.minimum,
                maximum=dimension.maximum,
                higher_is_better=instrument.higher_is_better,
                series=[],
                dates=[],
            )
        key = (instrument.pk, dimension.pk)
        if key not in series:
            series[key] = Series(label=dimension.label)
            chart.series.append(series[key])
        series[key].points.append((score.measurement.measured_on, score.value))
        if score.measurement.measured_on not in chart.dates:
            chart.dates.append(score.measurement.measured_on)
    for chart in charts.values():
        chart.dates.sort()
        for line in chart.series:
            line.path = polyline(
                line.points, chart.dates[0], chart.dates[-1], chart.minimum, chart.maximum
            )
    return list(charts.values())
