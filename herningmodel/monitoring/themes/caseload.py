"""Caseload and continuity: the Herning model's promise of fewer cases per social worker and
one responsible caseworker from start to end."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet

from herningmodel.cases.models import Case, Handover
from herningmodel.monitoring.indicators import Good, Indicator, Key, Part, Theme, Unit, register
from herningmodel.monitoring.population import share
from herningmodel.monitoring.scope import Scope


def open_at_end(scope: Scope) -> QuerySet[Case]:
    end = scope.period.end
    return Case.objects.filter(opened_on__lte=end).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gt=end), scope.place_q(), scope.age_q()
    )


def _per_caseworker(scope: Scope) -> dict[Key, Part]:
    rows = (
        open_at_end(scope)
        .values("district_id")
        .annotate(
            n=Count("pk"),
            workers=Count("caseworker_id", distinct=True),
            kids=Count("child_id", distinct=True),
        )
        .order_by()
    )
    return {(r["district_id"], ""): Part(r["n"], r["workers"], r["kids"]) for r in rows}


def _over_target(scope: Scope) -> dict[Key, Part]:
    rows = (
        open_at_end(scope)
        .values("district_id", "caseworker_id")
        .annotate(n=Count("pk"), target=Max("area_team__caseload_target"))
        .order_by()
    )
    over: dict[int, int] = defaultdict(int)
    workers: dict[int, int] = defaultdict(int)
    cases: dict[int, int] = defaultdict(int)
    for r in rows:
        workers[r["district_id"]] += 1
        cases[r["district_id"]] += r["n"]
        over[r["district_id"]] += r["n"] > r["target"]
    return {(d, ""): Part(over[d], workers[d], cases[d]) for d in workers}


def active_cases(scope: Scope) -> QuerySet[Case]:
    """Cases open at some time in the period, each marked ``moved`` when it was handed over to
    another caseworker by the end of the period."""
    p = scope.period
    return (
        Case.objects.filter(opened_on__lte=p.end)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=p.start))
        .filter(scope.place_q(), scope.age_q())
        .annotate(moved=Exists(Handover.objects.filter(case=OuterRef("pk"), on__lte=p.end)))
    )


def _continuity(scope: Scope) -> dict[Key, Part]:
    rows = (
        active_cases(scope)
        .values("district_id")
        .annotate(n=Count("pk"), kept=Count("pk", filter=Q(moved=False)))
        .order_by()
    )
    return {(r["district_id"], ""): share(r["kept"], r["n"]) for r in rows}


register(
    Indicator(
        id="open_cases_per_caseworker",
        theme=Theme.CASELOAD,
        name_da="Åbne sager pr. socialrådgiver",
        name_en="Open cases per social worker",
        definition_da="Sager åbne ved periodens slutning divideret med antallet af "
        "socialrådgivere med mindst én af dem (en rådgiver tælles i hvert distrikt, "
        "rådgiveren har sager i). Herning sigter mod ca. 25 (teamets sagstalsmål).",
        definition_en="Cases open at the end of the period divided by the number of "
        "responsible social workers holding at least one of them (a worker counts once in each "
        "district they hold cases in). Herning aims for about 25 (the team's caseload target).",
        unit=Unit.RATIO,
        good=Good.DOWN,
        compute=_per_caseworker,
        counts=("numerator",),  # open cases; the denominator counts social workers
    )
)

register(
    Indicator(
        id="caseworkers_over_target",
        theme=Theme.CASELOAD,
        name_da="Socialrådgivere over sagstalsmålet",
        name_en="Social workers above the caseload target",
        definition_da="Andel af socialrådgivere med åbne sager ved periodens slutning, der har "
        "flere åbne sager end deres områdeteams sagstalsmål.",
        definition_en="Share of social workers holding open cases at the end of the period whose "
        "open cases exceed their area team's caseload target.",
        unit=Unit.PERCENT,
        good=Good.DOWN,
        compute=_over_target,
        # A share of social workers, not of children: the cases they hold are judged.
        counts=(),
        share=False,
    )
)

register(
    Indicator(
        id="continuity",
        theme=Theme.CASELOAD,
        name_da="Kontinuitet: én sagsbehandler",
        name_en="Continuity: one caseworker",
        definition_da="Andel af sager, der var åbne i perioden, som har haft den samme "
        "ansvarlige sagsbehandler fra start til periodens slutning (ingen overdragelse).",
        definition_en="Share of cases open at some time in the period that kept the same "
        "responsible caseworker from opening to the end of the period (no handover).",
        unit=Unit.PERCENT,
        good=Good.UP,
        compute=_continuity,
    )
)
