"""What the generated data produces, against the national figures it is calibrated to.

Read from the database (so it describes whatever demo is loaded), for the last full calendar
year of the history unless told otherwise. ``markdown()`` renders the table that
``herningmodel demo-report`` prints and writes to docs/demo-data.md.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db.models import Sum
from django.utils import timezone

from herningmodel.cases.models import Case, Notification
from herningmodel.organisation.models import District, ModelStatus
from herningmodel.people.models import Child
from herningmodel.staircase.models import Episode, LedgerEntry


@dataclass(frozen=True)
class Row:
    measure: str
    target: str
    source: str
    value: str


def _age(birth: dt.date, day: dt.date) -> int:
    years = day.year - birth.year
    return years - 1 if (day.month, day.day) < (birth.month, birth.day) else years


def _pct(part: float, whole: float) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "–"


def rows(year: int | None = None) -> list[Row]:
    today = timezone.localdate()
    year = year or today.year - 1
    day = dt.date(year, 12, 31)
    first, last = dt.date(year, 1, 1), day
    births: dict[int, dt.date] = {
        pk: birth
        for pk, birth in Child.objects.values_list("pk", "birth_date")
        if birth is not None
    }
    population = [c for c, b in births.items() if b <= day and _age(b, day) <= 17]
    n = len(population)
    open_steps: dict[int, int] = defaultdict(int)
    days_on: dict[int, float] = defaultdict(float)
    pilot_of: dict[int, str] = dict(District.objects.values_list("pk", "model_status"))
    placed_step6: dict[str, int] = {ModelStatus.PILOT: 0, ModelStatus.CONTROL: 0}
    placed_all: dict[str, int] = {ModelStatus.PILOT: 0, ModelStatus.CONTROL: 0}
    for child, step, start, end, district in Episode.objects.values_list(
        "child_id", "step__number", "start", "end", "district_id"
    ):
        if start <= day and (end is None or end >= day):
            birth = births.get(child)
            if birth is not None and _age(birth, day) <= 17:
                open_steps[child] = max(open_steps[child], step)
        overlap_from, overlap_to = max(start, first), min(end or today, last)
        if overlap_to >= overlap_from:
            days_on[step] += (overlap_to - overlap_from).days + 1
        if step >= 4 and start.year == year:
            placed_all[pilot_of[district]] += 1
            placed_step6[pilot_of[district]] += step == 6
    placed = [c for c, s in open_steps.items() if s >= 4]
    supported = [c for c, s in open_steps.items() if s >= 2]
    family = [c for c in placed if open_steps[c] in (4, 5)]
    ages = [_age(births[c], day) for c in placed]
    notes = Notification.objects.filter(received_at__year=year)
    cost = dict(
        LedgerEntry.objects.filter(month__gte=first, month__lte=last)
        .values_list("step__number")
        .annotate(total=Sum("amount"))
        .order_by()
    )

    def per_year(step: int) -> str:
        years = days_on.get(step, 0) / 365
        amount = cost.get(step, Decimal(0))
        return f"{float(amount) / years:,.0f} kr" if years else "–"

    cases = list(Case.objects.filter(opened_on__year__in=[year]).select_related("child"))
    opened_ages = [c.age_at_opening() for c in cases]
    unborn = sum(1 for a in opened_ages if a == -1)
    known_ages = [a for a in opened_ages if a is not None and a >= 0]
    return [
        Row("Children 0–17 at 31 Dec", "≈ 20,000 (default size)", "issue #5", f"{n:,}"),
        Row("Placed at 31 Dec (steps 4–6)", "≈ 1 %", "DOMAIN §6 (K37, K46)", _pct(len(placed), n)),
        Row(
            "Receiving support at 31 Dec (steps 2–6)",
            "3.5–4 %",
            "DOMAIN §6 (K37)",
            _pct(len(supported), n),
        ),
        Row(
            "Placements in foster or kin care (steps 4–5)",
            "≈ two-thirds",
            "DOMAIN §6 (K46)",
            _pct(len(family), len(placed)),
        ),
        Row(
            "Notifications per 1,000 children",
            "≈ 80–115",
            "DOMAIN §6 (K48)",
            f"{1000 * notes.count() / n:.0f}" if n else "–",
        ),
        Row(
            "Children notified per 1,000 children",
            "≈ 50–65",
            "DOMAIN §6 (K48)",
            f"{1000 * notes.values('child').distinct().count() / n:.0f}" if n else "–",
        ),
        Row(
            "Age profile of placed children (0–5 / 6–12 / 13–17)",
            "teenagers the largest group",
            "DST anbaar2 (K37)",
            " / ".join(
                _pct(sum(1 for a in ages if lo <= a <= hi), len(ages))
                for lo, hi in ((0, 5), (6, 12), (13, 17))
            ),
        ),
        Row(
            "Mean age when a case is opened",
            "9.5 (2014) → 8 (2019)",
            "DOMAIN §2 (K8)",
            f"{sum(known_ages) / len(known_ages):.1f}" if known_ages else "–",
        ),
        Row(
            "New cases opened before birth",
            "≈ 3 % → ≈ 9 %",
            "DOMAIN §2 (K8)",
            _pct(unborn, len(cases)),
        ),
        Row(
            "Cost per placement-year, foster family (step 5)",
            "470,000 kr (2019)",
            "DOMAIN §6 (K20)",
            per_year(5),
        ),
        Row(
            "Cost per placement-year, institution (step 6)",
            "1,160,000 kr (2019)",
            "DOMAIN §6 (K20)",
            per_year(6),
        ),
        Row(
            "Placements started on step 6: pilot / control districts",
            "pilot lower",
            "issue #5 (effect)",
            f"{_pct(placed_step6[ModelStatus.PILOT], placed_all[ModelStatus.PILOT])} / "
            f"{_pct(placed_step6[ModelStatus.CONTROL], placed_all[ModelStatus.CONTROL])}",
        ),
    ]


def markdown(year: int | None = None) -> str:
    today = timezone.localdate()
    year = year or today.year - 1
    lines = [
        f"Year {year} (the last full year of the history); generated by "
        "`herningmodel demo-report`.",
        "",
        "| Measure | Target | Source | Demo |",
        "|---|---|---|---|",
    ]
    lines += [f"| {r.measure} | {r.target} | {r.source} | {r.value} |" for r in rows(year)]
    return "\n".join(lines) + "\n"


BEGIN = "<!-- calibration table: generated by `herningmodel demo-report --write` -->"
END = "<!-- end of calibration table -->"


def write_into(path: Path, table: str) -> None:
    """Replace the generated table between the markers (or append it with the markers)."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    block = f"{BEGIN}\n{table}{END}"
    if BEGIN in text and END in text:
        before, rest = text.split(BEGIN, 1)
        after = rest.split(END, 1)[1]
        text = before + block + after
    else:
        text = text + ("\n" if text else "") + block + "\n"
    path.write_text(text, encoding="utf-8")
