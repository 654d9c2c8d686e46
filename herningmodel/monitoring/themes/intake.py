"""Notifications and early intervention: how many children are noticed, how early, and
whether they come back after a case closes."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, DateField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet

from herningmodel.cases.models import Case, Notification
from herningmodel.cases.models.case import REOPENING_WINDOW_DAYS
from herningmodel.monitoring.indicators import Good, Indicator, Key, Part, Theme, Unit, register
from herningmodel.monitoring.population import moment_within, per_population, share, within
from herningmodel.monitoring.scope import Scope
from herningmodel.monitoring.shared import once


def _notifications(scope: Scope) -> dict[Key, Part]:
    rows = (
        Notification.objects.filter(moment_within(scope, "received_at"))
        .filter(scope.place_q("child__"), scope.age_q())
        .values("child__district_id")
        .annotate(n=Count("pk"), kids=Count("child_id", distinct=True))
        .order_by()
    )
    counts = {(r["child__district_id"], ""): (r["n"], r["kids"]) for r in rows}
    return per_population(scope, counts)


def _age_years(opened: dt.date, birth: dt.date | None) -> int:
    """Whole years at opening; a case opened before birth counts as age 0."""
    if birth is None or birth > opened:
        return 0
    return opened.year - birth.year - ((opened.month, opened.day) < (birth.month, birth.day))


@once
def _openings(scope: Scope) -> dict[int, list[int]]:
    # Cases opened in a period are few; whole years need calendar arithmetic that differs
    # between SQLite and PostgreSQL, so the ages are worked out here from one query.
    ages: dict[int, list[int]] = defaultdict(list)
    for district, opened, birth in (
        Case.objects.filter(within(scope, "opened_on"), scope.place_q(), scope.age_q())
        .values_list("district_id", "opened_on", "child__birth_date")
        .iterator()
    ):
        ages[district].append(_age_years(opened, birth))
    return ages


def _age_at_opening(scope: Scope) -> dict[Key, Part]:
    return {(d, ""): Part(sum(a), len(a), len(a)) for d, a in _openings(scope).items()}


def _early(scope: Scope) -> dict[Key, Part]:
    return {
        (d, ""): share(sum(1 for x in a if x == 0), len(a)) for d, a in _openings(scope).items()
    }


def closed_cases(scope: Scope) -> QuerySet[Case]:
    """Cases closed in the period, each marked ``back`` when the child was notified again
    within the window after the closure."""
    window = ExpressionWrapper(
        OuterRef("closed_on") + dt.timedelta(days=REOPENING_WINDOW_DAYS), output_field=DateField()
    )
    again = Notification.objects.filter(
        child_id=OuterRef("child_id"),
        received_at__date__gt=OuterRef("closed_on"),
        received_at__date__lte=window,
    )
    return Case.objects.filter(within(scope, "closed_on"), scope.place_q(), scope.age_q()).annotate(
        back=Exists(again)
    )


def _renotified(scope: Scope) -> dict[Key, Part]:
    rows = (
        closed_cases(scope)
        .values("district_id")
        .annotate(n=Count("pk"), back_n=Count("pk", filter=Q(back=True)))
        .order_by()
    )
    return {(r["district_id"], ""): share(r["back_n"], r["n"]) for r in rows}


register(
    Indicator(
        id="notifications_per_1000",
        theme=Theme.INTAKE,
        name_da="Underretninger pr. 1.000 børn",
        name_en="Notifications per 1,000 children",
        definition_da="Underretninger modtaget i perioden pr. 1.000 børn 0–17 år, der bor i "
        "distriktet (befolkningstal fra seneste optælling).",
        definition_en="Notifications received in the period per 1,000 children aged 0–17 living "
        "in the district (population from the latest count).",
        unit=Unit.PER_1000,
        good=Good.NEITHER,
        compute=_notifications,
        share=False,  # a child may be notified more than once: no complement to speak of
    )
)

register(
    Indicator(
        id="age_at_opening",
        theme=Theme.INTAKE,
        name_da="Alder ved sagsåbning",
        name_en="Age when a case is opened",
        definition_da="Gennemsnitlig alder i hele år for sager åbnet i perioden; en sag åbnet "
        "før fødslen tæller som 0 år. Herning: 9,5 år (2014) → 8 år (2019).",
        definition_en="Mean age in whole years of the cases opened in the period; a case opened "
        "before birth counts as 0. Herning: 9.5 (2014) → 8 (2019).",
        unit=Unit.YEARS,
        good=Good.DOWN,
        compute=_age_at_opening,
    )
)

register(
    Indicator(
        id="opened_before_birth_or_age_0",
        theme=Theme.INTAKE,
        name_da="Sager åbnet før fødsel eller i 0-årsalderen",
        name_en="Cases opened before birth or at age 0",
        definition_da="Andel af sager åbnet i perioden, hvor barnet var ufødt eller under 1 år. "
        "Herning 2019: 15 %.",
        definition_en="Share of the cases opened in the period where the child was unborn or "
        "under 1 year old. Herning 2019: 15 %.",
        unit=Unit.PERCENT,
        good=Good.UP,
        compute=_early,
    )
)

register(
    Indicator(
        id="renotified_within_12_months",
        theme=Theme.INTAKE,
        name_da="Ny underretning inden 12 måneder efter lukning",
        name_en="Re-notified within 12 months of closure",
        definition_da="Andel af sager lukket i perioden, hvor barnet fik en ny underretning "
        "inden for 365 dage efter lukningen (så vidt det kan ses i dag).",
        definition_en="Share of the cases closed in the period whose child was notified again "
        "within 365 days of the closure (as far as can be seen today).",
        unit=Unit.PERCENT,
        good=Good.DOWN,
        compute=_renotified,
    )
)
