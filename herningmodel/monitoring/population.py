"""Denominators and shared filters for the theme modules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.db.models import Max, Q, Sum

from herningmodel.monitoring import shared
from herningmodel.monitoring.indicators import Key, Part
from herningmodel.monitoring.models import ChildPopulation
from herningmodel.monitoring.scope import Scope

CPH = ZoneInfo("Europe/Copenhagen")


@shared.once
def population(scope: Scope) -> dict[int, int]:
    """Children of the scope's ages per district, from the latest count up to the period's
    year (a count for a later year is used only when there is none before). Read once per
    board (four indicators divide by it); the dict is shared, so callers must not change it."""
    qs = ChildPopulation.objects.filter(age__in=list(scope.ages()))
    q = Q()
    if scope.district_ids is not None:
        q &= Q(district_id__in=scope.district_ids)
    if scope.team_ids is not None:
        # Population is counted per district; a team filter uses its districts' children.
        q &= Q(district__teams__in=scope.team_ids)
    if scope.group is not None:
        q &= Q(district__model_status=scope.group.value)
    qs = qs.filter(q)
    year = qs.filter(year__lte=scope.period.end.year).aggregate(y=Max("year"))["y"]
    if year is None:
        year = qs.aggregate(y=Max("year"))["y"]
    if year is None:
        return {}
    rows = qs.filter(year=year).values("district_id").annotate(n=Sum("count")).order_by()
    return {r["district_id"]: r["n"] for r in rows}


def per_population(
    scope: Scope, counts: dict[Key, tuple[int, int]], series: Iterable[str] = ("",)
) -> dict[Key, Part]:
    """Numerators (count, children) over the population, for every district with a count."""
    pop = population(scope)
    out = {}
    districts = set(pop) | {d for d, _s in counts}
    for district in districts:
        for s in series:
            num, kids = counts.get((district, s), (0, 0))
            out[(district, s)] = Part(num, pop.get(district, 0), kids)
    return out


def overlaps(scope: Scope, start: str = "start", end: str = "end") -> Q:
    """Rows running at some time in the period."""
    p = scope.period
    return Q(**{f"{start}__lte": p.end}) & (
        Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": p.start})
    )


def within(scope: Scope, field: str) -> Q:
    """A date column inside the period."""
    return Q(**{f"{field}__gte": scope.period.start, f"{field}__lte": scope.period.end})


def moment_within(scope: Scope, field: str) -> Q:
    """An aware datetime column inside the period (Copenhagen days)."""
    start = dt.datetime.combine(scope.period.start, dt.time(), tzinfo=CPH)
    end = dt.datetime.combine(scope.period.end + dt.timedelta(days=1), dt.time(), tzinfo=CPH)
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


def share(num: int, den: int) -> Part:
    """A share of children describes both the children counted and the rest: 1 of 30 and 29 of
    30 both single out one child. A share of 0 % or 100 % describes all of them."""
    return Part(num, den, den if num in (0, den) else min(num, den - num))
