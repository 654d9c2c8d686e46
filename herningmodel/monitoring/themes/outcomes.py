"""Outcomes: is there evidence the children are better off, not only cheaper?"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict

from django.db.models import Count, DateField, Exists, ExpressionWrapper, OuterRef, Q

from herningmodel.monitoring.indicators import Good, Indicator, Key, Part, Theme, Unit, register
from herningmodel.monitoring.population import overlaps, share, within
from herningmodel.monitoring.scope import Scope
from herningmodel.monitoring.shared import once
from herningmodel.monitoring.themes.steps import STEPS, episodes, step_downs
from herningmodel.progress.models import Measurement, Score
from herningmodel.staircase.models import EvidenceProgramme, InterventionType

MEASURED_WITHIN_DAYS = 92


def _unmeasured_step_downs(scope: Scope) -> dict[Key, Part]:
    since = ExpressionWrapper(
        OuterRef("end") - dt.timedelta(days=MEASURED_WITHIN_DAYS), output_field=DateField()
    )
    measured = Measurement.objects.filter(
        child_id=OuterRef("child_id"), measured_on__lte=OuterRef("end"), measured_on__gte=since
    )
    rows = (
        step_downs(scope)
        .annotate(measured=Exists(measured))
        .values("district_id")
        .annotate(n=Count("pk"), blind=Count("pk", filter=Q(measured=False)))
        .order_by()
    )
    return {(r["district_id"], ""): share(r["blind"], r["n"]) for r in rows}


def _evidence(scope: Scope) -> dict[Key, Part]:
    rows = (
        episodes(scope)
        .filter(within(scope, "start"))
        .values("district_id")
        .annotate(
            n=Count("child_id", distinct=True),
            ebp=Count(
                "child_id",
                distinct=True,
                filter=~Q(intervention_type__evidence_programme=EvidenceProgramme.NONE),
            ),
        )
        .order_by()
    )
    return {(r["district_id"], ""): share(r["ebp"], r["n"]) for r in rows}


@once
def _changes(scope: Scope) -> tuple[list[tuple[int, int, int, str]], dict[int, list[float]]]:
    """The episodes running in the period (child, district, step, intervention type) and, per
    child, the change between the first and the last score in the period on each dimension, as
    a percentage of the dimension's range, signed so that positive is better."""
    running = episodes(scope).filter(overlaps(scope))
    rows = list(
        running.values_list("child_id", "district_id", "step__number", "intervention_type__code")
        .distinct()
        .order_by()
    )
    first: dict[tuple[int, int], float] = {}
    last: dict[tuple[int, int], float] = {}
    scores = (
        Score.objects.filter(
            within(scope, "measurement__measured_on"),
            # A subquery, not a list of ids: 20,000 parameters made PostgreSQL plan for 0.5 s.
            measurement__child_id__in=running.values("child_id"),
        )
        .order_by("measurement__measured_on", "measurement_id")
        .values_list(
            "measurement__child_id",
            "dimension_id",
            "value",
            "dimension__minimum",
            "dimension__maximum",
            "measurement__instrument__higher_is_better",
        )
    )
    for child, dim, value, low, high, higher_better in scores:
        pct = (value - low) / (high - low) * 100
        pct = pct if higher_better else 100 - pct
        first.setdefault((child, dim), pct)
        last[(child, dim)] = pct
    change: dict[int, list[float]] = defaultdict(list)
    for (child, dim), end_value in last.items():
        change[child].append(end_value - first[(child, dim)])
    return rows, change


def _progression_over(keys: dict[int, set[Key]], change: dict[int, list[float]]) -> dict[Key, Part]:
    """Sums with ``math.fsum``: a plain float sum depends on the order the database returns the
    scores in, so the same data (e.g. re-imported, with new row ids) gave numerators differing
    in the last bits, and a different content hash on the aggregate export."""
    total: dict[Key, list[float]] = defaultdict(list)
    kids: dict[Key, set[int]] = defaultdict(set)
    for child, values in change.items():
        for key in keys.get(child, ()):
            total[key].extend(values)
            kids[key].add(child)
    return {k: Part(math.fsum(v), len(v), len(kids[k])) for k, v in total.items()}


def _progression(scope: Scope) -> dict[Key, Part]:
    """Per district and step: the children's score changes (see ``_changes``)."""
    rows, change = _changes(scope)
    keys: dict[int, set[Key]] = defaultdict(set)
    for child, district, step, _type in rows:
        keys[child].add((district, str(step)))
    return _progression_over(keys, change)


def _progression_by_type(scope: Scope) -> dict[Key, Part]:
    """Per intervention type, for the whole area: the children's score changes."""
    rows, change = _changes(scope)
    keys: dict[int, set[Key]] = defaultdict(set)
    for child, _district, _step, kind in rows:
        keys[child].add((0, kind))
    return _progression_over(keys, change)


def intervention_types() -> tuple[tuple[str, str], ...]:
    """One series per intervention type in the catalogue, in staircase order."""
    return tuple(
        (code, f"{step} · {name}")
        for code, step, name in InterventionType.objects.order_by(
            "step__number", "name"
        ).values_list("code", "step__number", "name")
    )


register(
    Indicator(
        id="step_downs_without_measurement",
        theme=Theme.OUTCOMES,
        name_da="Trin ned uden progressionsmåling",
        name_en="Step-downs without a progression measurement",
        definition_da="Andel af trin ned i perioden, hvor barnet ikke havde en "
        f"progressionsmåling inden for {MEASURED_WITHIN_DAYS} dage før.",
        definition_en="Share of the step-downs in the period where the child had no "
        f"progression measurement in the {MEASURED_WITHIN_DAYS} days before.",
        unit=Unit.PERCENT,
        good=Good.DOWN,
        compute=_unmeasured_step_downs,
    )
)
register(
    Indicator(
        id="evidence_based_share",
        theme=Theme.OUTCOMES,
        name_da="Dokumenterede metoder",
        name_en="Evidence-based interventions",
        definition_da="Andel af børn, der startede en indsats i perioden, hvor mindst én af "
        "indsatserne var en dokumenteret metode (PMTO, FFT, MST, De Utrolige År, …).",
        definition_en="Share of the children starting an intervention in the period for whom "
        "at least one was a documented programme (PMTO, FFT, MST, Incredible Years, …).",
        unit=Unit.PERCENT,
        good=Good.UP,
        compute=_evidence,
    )
)
register(
    Indicator(
        id="progression_change_by_step",
        theme=Theme.OUTCOMES,
        name_da="Progression pr. trin",
        name_en="Progression per step",
        definition_da="Gennemsnitlig ændring fra første til sidste score i perioden på hver "
        "dimension af hvert instrument, i procent af dimensionens skala og med fortegn, så "
        "positiv er bedre; for børn med en indsats på trinnet i perioden.",
        definition_en="Mean change from the first to the last score in the period on each "
        "dimension of each instrument, in per cent of the dimension's range and signed so "
        "that positive is better; for children with an intervention on the step in the period.",
        unit=Unit.RATIO,
        good=Good.UP,
        compute=_progression,
        series=STEPS,
    )
)
register(
    Indicator(
        id="progression_change_by_intervention_type",
        theme=Theme.OUTCOMES,
        name_da="Progression pr. indsatstype",
        name_en="Progression per intervention type",
        definition_da="Som progression pr. trin, men for børn med en indsats af typen i "
        "perioden, for hele det valgte område (én kolonne pr. indsatstype i kataloget). Et barn "
        "med flere indsatstyper tæller ved hver af dem.",
        definition_en="As progression per step, but for the children with an intervention of "
        "the type in the period, for the whole area chosen (one column per intervention type in "
        "the catalogue). A child with several types counts for each of them.",
        unit=Unit.RATIO,
        good=Good.UP,
        compute=_progression_by_type,
        series_from=intervention_types,
        by_district=False,
    )
)
