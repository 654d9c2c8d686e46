"""The staircase and placements: where children are on the six steps, and how they move."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, DateField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet

from herningmodel.monitoring.indicators import Good, Indicator, Key, Part, Theme, Unit, register
from herningmodel.monitoring.population import overlaps, per_population, share, within
from herningmodel.monitoring.scope import Scope
from herningmodel.staircase.models import EndReason, Episode

STEPS = tuple((str(n), f"{n}") for n in range(1, 7))
PLACEMENT_STEPS = (4, 5, 6)
PLACEMENT_SERIES = (
    ("4", "Slægt/netværk · Kin"),
    ("5", "Plejefamilie · Foster"),
    ("6", "Institution"),
)
STEP_UP_WINDOW_DAYS = 183


def episodes(scope: Scope) -> QuerySet[Episode]:
    return Episode.objects.filter(scope.place_q(), scope.age_q())


def _by_step(scope: Scope) -> dict[Key, Part]:
    rows = (
        episodes(scope)
        .filter(overlaps(scope))
        .values("district_id", "step__number")
        .annotate(kids=Count("child_id", distinct=True))
        .order_by()
    )
    counts = {(r["district_id"], str(r["step__number"])): (r["kids"], r["kids"]) for r in rows}
    return per_population(scope, counts, [k for k, _l in STEPS])


def _placed(scope: Scope) -> dict[Key, Part]:
    rows = (
        episodes(scope)
        .filter(overlaps(scope), step__number__in=PLACEMENT_STEPS)
        .values("district_id")
        .annotate(kids=Count("child_id", distinct=True))
        .order_by()
    )
    return per_population(scope, {(r["district_id"], ""): (r["kids"], r["kids"]) for r in rows})


def _placement_shares(scope: Scope) -> dict[Key, Part]:
    placed = episodes(scope).filter(overlaps(scope), step__number__in=PLACEMENT_STEPS)
    totals = {
        r["district_id"]: r["kids"]
        for r in placed.values("district_id")
        .annotate(kids=Count("child_id", distinct=True))
        .order_by()
    }
    out = {}
    for r in (
        placed.values("district_id", "step__number")
        .annotate(kids=Count("child_id", distinct=True))
        .order_by()
    ):
        out[(r["district_id"], str(r["step__number"]))] = share(r["kids"], totals[r["district_id"]])
    for district, total in totals.items():
        for key, _label in PLACEMENT_SERIES:
            out.setdefault((district, key), share(0, total))
    return out


def _ended_placements(scope: Scope) -> QuerySet[Episode]:
    return episodes(scope).filter(within(scope, "end"), step__number__in=PLACEMENT_STEPS)


def _duration(scope: Scope) -> dict[Key, Part]:
    days: dict[int, list[int]] = defaultdict(list)
    kids: dict[int, set[int]] = defaultdict(set)
    rows: list[tuple[int, int, dt.date, dt.date]] = list(
        _ended_placements(scope).values_list("district_id", "child_id", "start", "end")  # type: ignore[arg-type]
    )
    for district, child, start, end in rows:
        days[district].append((end - start).days + 1)  # end is set: filtered on it
        kids[district].add(child)
    return {(d, ""): Part(sum(v), len(v), len(kids[d])) for d, v in days.items()}


def _breakdowns(scope: Scope) -> dict[Key, Part]:
    rows = (
        _ended_placements(scope)
        .values("district_id")
        .annotate(n=Count("pk"), broke=Count("pk", filter=Q(end_reason=EndReason.BROKE_DOWN)))
        .order_by()
    )
    return {(r["district_id"], ""): share(r["broke"], r["n"]) for r in rows}


MOVES = (("down", "Ned · Down"), ("up", "Op · Up"))


def _moves(scope: Scope) -> dict[Key, Part]:
    rows = (
        episodes(scope)
        .filter(within(scope, "end"), end_reason__in=[EndReason.STEP_DOWN, EndReason.STEP_UP])
        .values("district_id", "end_reason")
        .annotate(n=Count("pk"), kids=Count("child_id", distinct=True))
        .order_by()
    )
    key = {EndReason.STEP_DOWN.value: "down", EndReason.STEP_UP.value: "up"}
    return {(r["district_id"], key[r["end_reason"]]): Part(r["n"], None, r["kids"]) for r in rows}


def step_downs(scope: Scope) -> QuerySet[Episode]:
    return episodes(scope).filter(within(scope, "end"), end_reason=EndReason.STEP_DOWN)


def step_downs_marked(scope: Scope) -> QuerySet[Episode]:
    """The step-downs in the period, each marked ``back`` when the child started an
    intervention on the same or a higher step within the window."""
    window = ExpressionWrapper(
        OuterRef("end") + dt.timedelta(days=STEP_UP_WINDOW_DAYS), output_field=DateField()
    )
    back_up = Episode.objects.filter(
        child_id=OuterRef("child_id"),
        start__gt=OuterRef("end"),
        start__lte=window,
        step__number__gte=OuterRef("step__number"),
    )
    return step_downs(scope).annotate(back=Exists(back_up))


def _up_after_down(scope: Scope) -> dict[Key, Part]:
    rows = (
        step_downs_marked(scope)
        .values("district_id")
        .annotate(n=Count("pk"), back_n=Count("pk", filter=Q(back=True)))
        .order_by()
    )
    return {(r["district_id"], ""): share(r["back_n"], r["n"]) for r in rows}


def _define(id: str, theme: Theme, da: tuple[str, str], en: tuple[str, str], **kw: object) -> None:
    register(Indicator(id, theme, da[0], en[0], da[1], en[1], **kw))  # type: ignore[arg-type]


_define(
    "children_per_1000_by_step",
    Theme.STAIRCASE,
    (
        "Børn pr. 1.000 på hvert trin",
        "Børn med en indsats på trinnet i perioden pr. 1.000 børn "
        "0–17 år i distriktet. Et barn med indsatser på flere trin tæller på hvert af dem.",
    ),
    (
        "Children per 1,000 on each step",
        "Children with an intervention on the step at some "
        "time in the period per 1,000 children aged 0–17 in the district. A child with "
        "interventions on several steps counts on each of them.",
    ),
    unit=Unit.PER_1000,
    good=Good.NEITHER,
    compute=_by_step,
    series=STEPS,
)
_define(
    "placements_per_1000",
    Theme.PLACEMENTS,
    (
        "Anbragte børn pr. 1.000",
        "Børn anbragt (trin 4–6) på et tidspunkt i perioden pr. 1.000 børn 0–17 år i distriktet.",
    ),
    (
        "Children placed per 1,000",
        "Children placed (steps 4–6) at some time in the period per "
        "1,000 children aged 0–17 in the district.",
    ),
    unit=Unit.PER_1000,
    good=Good.NEITHER,
    compute=_placed,
)
_define(
    "placement_type_shares",
    Theme.PLACEMENTS,
    (
        "Anbringelsesform",
        "Andel af de anbragte børn i perioden, der var anbragt i slægt eller "
        "netværk (trin 4), i plejefamilie (trin 5) og på institution (trin 6).",
    ),
    (
        "Type of placement",
        "Share of the children placed in the period who were placed with kin "
        "or network (step 4), in a foster family (step 5) and in an institution (step 6).",
    ),
    unit=Unit.PERCENT,
    good=Good.NEITHER,
    compute=_placement_shares,
    series=PLACEMENT_SERIES,
)
_define(
    "placement_duration",
    Theme.PLACEMENTS,
    (
        "Anbringelsens varighed",
        "Gennemsnitligt antal dage for anbringelsesforløb (trin 4–6), "
        "der sluttede i perioden, første og sidste dag medregnet.",
    ),
    (
        "Placement duration",
        "Mean number of days of the placement episodes (steps 4–6) that "
        "ended in the period, first and last day included.",
    ),
    unit=Unit.DAYS,
    good=Good.NEITHER,
    compute=_duration,
)
_define(
    "placement_breakdowns",
    Theme.PLACEMENTS,
    (
        "Sammenbrud i anbringelser",
        "Andel af anbringelsesforløb, der sluttede i perioden, hvor årsagen var sammenbrud.",
    ),
    (
        "Placement breakdowns",
        "Share of the placement episodes ending in the period that ended "
        "because the placement broke down.",
    ),
    unit=Unit.PERCENT,
    good=Good.DOWN,
    compute=_breakdowns,
)
_define(
    "step_moves",
    Theme.STAIRCASE,
    (
        "Trin ned og op",
        "Antal indsatsforløb, der sluttede i perioden med et trin ned eller et trin op som årsag.",
    ),
    (
        "Step-downs and step-ups",
        "Number of intervention episodes ending in the period "
        "because the child stepped down or up.",
    ),
    unit=Unit.COUNT,
    good=Good.NEITHER,
    compute=_moves,
    series=MOVES,
    additive=True,
    ratio=False,
)
_define(
    "step_up_after_step_down",
    Theme.STAIRCASE,
    (
        "Trin op inden 6 måneder efter trin ned",
        "Andel af trin ned i perioden, hvor barnet "
        "inden 183 dage fik en ny indsats på samme eller et højere trin end før.",
    ),
    (
        "Step-up within 6 months of a step-down",
        "Share of the step-downs in the period after "
        "which the child started an intervention on the same or a higher step within 183 days.",
    ),
    unit=Unit.PERCENT,
    good=Good.DOWN,
    compute=_up_after_down,
)
