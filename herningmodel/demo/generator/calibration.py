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

from herningmodel.cases.models import Case, FollowUp, NetworkMeeting, Notification
from herningmodel.organisation.models import Discipline, District, ModelStatus, TeamMembership
from herningmodel.people.models import Child
from herningmodel.staircase.models import Episode, LedgerEntry


@dataclass(frozen=True)
class Row:
    measure: str
    target: str
    source: str
    values: tuple[str, ...]


def _age(birth: dt.date, day: dt.date) -> int:
    years = day.year - birth.year
    return years - 1 if (day.month, day.day) < (birth.month, birth.day) else years


def _pct(part: float, whole: float) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "–"


def year_figures(year: int) -> dict[str, str]:
    """The calibration measures for one calendar year (stocks at 31 December)."""
    today = timezone.localdate()
    day = dt.date(year, 12, 31)
    first, last = dt.date(year, 1, 1), day
    births: dict[int, dt.date] = {
        pk: birth for pk, birth in Child.objects.values_list("pk", "birth_date") if birth
    }
    n = sum(1 for b in births.values() if b <= day and _age(b, day) <= 17)
    open_steps: dict[int, int] = defaultdict(int)
    days_on: dict[int, float] = defaultdict(float)
    for child, step, start, end in Episode.objects.values_list(
        "child_id", "step__number", "start", "end"
    ):
        if start <= day and (end is None or end >= day):
            birth = births.get(child)
            if birth is not None and _age(birth, day) <= 17:
                open_steps[child] = max(open_steps[child], step)
        overlap_from, overlap_to = max(start, first), min(end or today, last)
        if overlap_to >= overlap_from:
            days_on[step] += (overlap_to - overlap_from).days + 1
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

    cases = list(Case.objects.filter(opened_on__year=year).select_related("child"))
    opened = [c.age_at_opening() for c in cases]
    known = [a for a in opened if a is not None and a >= 0]
    bands = ((0, 5), (6, 12), (13, 17))
    return {
        "children": f"{n:,}",
        "placed": _pct(len(placed), n),
        "supported": _pct(len(supported), n),
        "family": _pct(len(family), len(placed)),
        "notifications": f"{1000 * notes.count() / n:.0f}" if n else "–",
        "notified": f"{1000 * notes.values('child').distinct().count() / n:.0f}" if n else "–",
        "ages": " / ".join(
            _pct(sum(1 for a in ages if lo <= a <= hi), len(ages)) for lo, hi in bands
        ),
        "opening_age": f"{sum(known) / len(known):.1f}" if known else "–",
        "unborn": _pct(sum(1 for a in opened if a == -1), len(cases)),
        "foster_cost": per_year(5),
        "institution_cost": per_year(6),
    }


MEASURES = [
    ("children", "Children 0–17 at 31 Dec", "≈ 20,000 (default size)", "issue #5"),
    ("placed", "Placed at 31 Dec (steps 4–6)", "≈ 1 %", "DOMAIN §6 (K37, K46)"),
    ("supported", "Receiving support at 31 Dec (steps 2–6)", "3.5–4 %", "DOMAIN §6 (K37)"),
    ("family", "Placed in foster or kin care (steps 4–5)", "≈ two-thirds", "DOMAIN §6 (K46)"),
    ("notifications", "Notifications per 1,000 children", "≈ 80–115", "DOMAIN §6 (K48)"),
    ("notified", "Children notified per 1,000 children", "≈ 50–65", "DOMAIN §6 (K48)"),
    (
        "ages",
        "Age of placed children (0–5 / 6–12 / 13–17)",
        "teenagers the largest group",
        "DST anbaar2 (K37)",
    ),
    ("opening_age", "Mean age when a case is opened", "9.5 → 8 (2014 → 2019)", "DOMAIN §2 (K8)"),
    ("unborn", "New cases opened before birth", "≈ 3 % → ≈ 9 %", "DOMAIN §2 (K8)"),
    (
        "foster_cost",
        "Cost per placement-year, foster family (step 5)",
        "470,000 kr (2019)",
        "DOMAIN §6 (K20)",
    ),
    (
        "institution_cost",
        "Cost per placement-year, institution (step 6)",
        "1,160,000 kr (2019)",
        "DOMAIN §6 (K20)",
    ),
]


def _years() -> tuple[int, int]:
    """The second year (usual practice everywhere; the first year's cases include those
    migrated from before the history) and the last full year (all districts on the model)."""
    first = Case.objects.order_by("opened_on").values_list("opened_on", flat=True).first()
    last = timezone.localdate().year - 1
    return (first.year + 1 if first else last), last


def rows(years: tuple[int, ...] | None = None) -> list[Row]:
    chosen = years or _years()
    figures = [year_figures(y) for y in chosen]
    return [
        Row(label, target, source, tuple(f[key] for f in figures))
        for key, label, target, source in MEASURES
    ]


def pilot_contrast() -> list[Row]:
    """Pilot against control districts while only the pilot works by the model."""
    pilots = set(
        District.objects.filter(model_status=ModelStatus.PILOT).values_list("pk", flat=True)
    )
    starts = District.objects.exclude(pk__in=pilots).values_list("model_start", flat=True)
    begin = District.objects.filter(pk__in=pilots).values_list("model_start", flat=True).first()
    end = min((d for d in starts if d is not None), default=timezone.localdate())
    if begin is None:
        return []
    groups = {"pilot": pilots, "control": set(District.objects.values_list("pk", flat=True))}
    groups["control"] -= pilots
    values: dict[str, list[str]] = defaultdict(list)
    for name in ("pilot", "control"):
        districts = groups[name]
        placed = Episode.objects.filter(
            district__in=districts, step__number__gte=4, start__gte=begin, start__lt=end
        )
        values["step6"].append(_pct(placed.filter(step__number=6).count(), placed.count()))
        cases = Case.objects.filter(district__in=districts, opened_on__gte=begin, opened_on__lt=end)
        meetings = NetworkMeeting.objects.filter(case__in=cases).count()
        values["meetings"].append(f"{meetings / max(1, cases.count()):.2f}")
        gaps: list[int] = []
        held: dict[int, list[dt.date]] = defaultdict(list)
        for case_id, day in FollowUp.objects.filter(
            case__district__in=districts, held_on__gte=begin, held_on__lt=end
        ).values_list("case_id", "held_on"):
            held[case_id].append(day)
        for days in held.values():
            days.sort()
            gaps += [(b - a).days for a, b in zip(days, days[1:], strict=False)]
        values["gap"].append(f"{sum(gaps) / max(1, len(gaps)) / 30.4:.1f}")
        ages = [c.age_at_opening() for c in cases.select_related("child")]
        known = [a for a in ages if a is not None and a >= 0]
        values["age"].append(f"{sum(known) / max(1, len(known)):.1f}")
        mid = begin + (end - begin) / 2
        open_cases = Case.objects.filter(district__in=districts, opened_on__lte=mid).exclude(
            closed_on__lt=mid
        )
        workers = (
            TeamMembership.objects.filter(
                team__district__in=districts,
                discipline=Discipline.AUTHORITY_SOCIAL_WORKER,
                start__lte=mid,
            )
            .exclude(end__lt=mid)
            .count()
        )
        values["caseload"].append(f"{open_cases.count() / max(1, workers):.0f}")
    period = f"{begin.year}–{end.year - 1}"
    return [
        Row(
            f"Open cases per caseworker ({period})",
            "≈ 24 against ≈ 48",
            "DOMAIN §1 (K11)",
            tuple(values["caseload"]),
        ),
        Row("Months between follow-ups", "3 against 6", "DOMAIN §1 (K11)", tuple(values["gap"])),
        Row(
            "Network meetings per new case",
            "more in the pilot",
            "issue #5",
            tuple(values["meetings"]),
        ),
        Row(
            "Mean age when a case is opened",
            "younger in the pilot",
            "DOMAIN §2 (K8)",
            tuple(values["age"]),
        ),
        Row(
            "New placements in an institution (step 6)",
            "fewer in the pilot",
            "DOMAIN §2 (K22)",
            tuple(values["step6"]),
        ),
    ]


def squeeze_signals() -> list[Row]:
    """The failure mode's early-warning signals: the last district against the others, from the
    year after the roll-out (when its budget is squeezed)."""
    squeezed = District.objects.order_by("-pk").first()
    if squeezed is None or squeezed.model_start is None:
        return []
    since = dt.date(squeezed.model_start.year + 1, 1, 1)
    measured = set(FollowUp.objects.values_list("case__child_id", "held_on"))
    values: dict[str, list[str]] = defaultdict(list)
    for mine in (True, False):
        episodes = Episode.objects.filter(end__gte=since)
        episodes = (
            episodes.filter(district=squeezed) if mine else episodes.exclude(district=squeezed)
        )
        downs = list(episodes.filter(end_reason="step_down").values_list("child_id", "end"))
        values["unmeasured"].append(
            _pct(sum(1 for row in downs if row not in measured), len(downs))
        )
        starts: dict[int, list[tuple[dt.date, int]]] = defaultdict(list)
        for child, start, step in Episode.objects.filter(start__gte=since).values_list(
            "child_id", "start", "step__number"
        ):
            starts[child].append((start, step))
        ups = 0
        for child, end in downs:
            assert end is not None
            after = sorted(p for p in starts.get(child, []) if p[0] > end)
            if after:
                lowered = after[0][1]
                ups += any(
                    step > lowered and (start - end).days <= 365 for start, step in after[1:]
                )
        values["up_after_down"].append(_pct(ups, len(downs)))
        closed = Case.objects.filter(status="closed", closed_on__gte=since)
        closed = closed.filter(district=squeezed) if mine else closed.exclude(district=squeezed)
        reopened = Case.objects.filter(reopens__in=closed).count()
        values["reopened"].append(_pct(reopened, closed.count()))
    return [
        Row(
            "Step-downs without a follow-up that day",
            "higher where squeezed",
            "issue #5",
            tuple(values["unmeasured"]),
        ),
        Row(
            "Step-downs followed by a step-up within a year",
            "higher where squeezed",
            "issue #5",
            tuple(values["up_after_down"]),
        ),
        Row(
            "Closed cases re-opened within 12 months",
            "higher where squeezed",
            "issue #5",
            tuple(values["reopened"]),
        ),
    ]


def markdown() -> str:
    first, last = _years()
    lines = [
        "| Measure | Target | Source | "
        f"{first} (before the model) | {last} (all districts on the model) |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| {r.measure} | {r.target} | {r.source} | {' | '.join(r.values)} |"
        for r in rows((first, last))
    ]
    lines += [
        "",
        "Pilot against control districts while only the pilot works by the model:",
        "",
        "| Measure | Expected | Source | Pilot | Control |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| {r.measure} | {r.target} | {r.source} | {' | '.join(r.values)} |"
        for r in pilot_contrast()
    ]
    squeezed = District.objects.order_by("-pk").first()
    lines += [
        "",
        f"The failure mode: {squeezed} (budget squeezed from the year after the roll-out) "
        "against the other districts, over the same years:",
        "",
        f"| Measure | Expected | Source | {squeezed} | Other districts |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| {r.measure} | {r.target} | {r.source} | {' | '.join(r.values)} |"
        for r in squeeze_signals()
    ]
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
