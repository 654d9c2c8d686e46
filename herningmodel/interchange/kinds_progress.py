"""Import kind for progression measurements, with their scores in one cell.

A measurement's scores are written ``dimension=score`` separated by ``|`` (e.g.
``development=3|parenting=4``), the dimensions by their code in the instrument; only the
scores are stored, never questionnaire text.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from herningmodel.cases.models import FollowUp
from herningmodel.interchange.kinds_casework import (
    CASE,
    CHILD,
    EXTERNAL_ID,
    in_childhood,
    load_cases,
)
from herningmodel.interchange.kinds_organisation import USER, Error, text_column
from herningmodel.interchange.pipeline import (
    LOOKUP_CHUNK,
    Built,
    Column,
    Context,
    Kind,
    by_external_id,
    date,
    external_ids,
    ref,
)
from herningmodel.progress.models import Dimension, Instrument, Measurement, Score


def _load(ctx: Context) -> None:
    load_cases(ctx)
    ctx["instruments"] = dict(Instrument.objects.values_list("code", "pk"))
    ctx["dimensions"] = {(d.instrument_id, d.code): d for d in Dimension.objects.all()}
    ctx["follow_ups"] = external_ids(FollowUp)
    ctx["follow_up_case"] = dict(FollowUp.objects.values_list("pk", "case_id"))


def _scores(text: str, instrument: int, ctx: Context, error: Error) -> tuple[Any, ...] | None:
    found: dict[int, int] = {}
    for part in filter(None, (p.strip() for p in text.split("|"))):
        code, sep, value = part.partition("=")
        dimension = ctx["dimensions"].get((instrument, code.strip()))
        if not sep or dimension is None:
            error(
                "scores",
                _("%(part)s: no dimension of the instrument has this code.") % {"part": part},
            )
            return None
        try:
            score = int(value.strip())
        except ValueError:
            error("scores", _("%(part)s: the score is not a whole number.") % {"part": part})
            return None
        if not dimension.minimum <= score <= dimension.maximum:
            error(
                "scores",
                _("%(part)s: the score must be between %(min)s and %(max)s.")
                % {"part": part, "min": dimension.minimum, "max": dimension.maximum},
            )
            return None
        if dimension.pk in found:
            error("scores", _("%(part)s: the dimension is scored twice.") % {"part": part})
            return None
        found[dimension.pk] = score
    if not found:
        error("scores", _("Give at least one score, e.g. development=3."))
        return None
    return tuple(sorted(found.items()))


def _build(values: dict[str, Any], ctx: Context, error: Error) -> Built | None:
    case, follow_up = values["case"], values["follow_up"]
    # The family's situation may be measured in a case about an unborn child (the demo does).
    if not in_childhood(
        values["measured_on"], values["child"], "measured_on", ctx, error, before_birth=True
    ):
        return None
    if case is not None and ctx["case_child"][case] != values["child"]:
        error("case", _("The case is not this child's."))
        return None
    if follow_up is not None and ctx["follow_up_case"][follow_up] != case:
        error("follow_up", _("The follow-up is not in this case."))
        return None
    scores = _scores(values["scores"], values["instrument"], ctx, error)
    if scores is None:
        return None
    return by_external_id(
        values,
        ("measured_on",),
        ("child", "instrument", "case", "follow_up", "measured_by"),
        extras=scores,
    )


def _read_scores(pks: list[int]) -> dict[int, Any]:
    found: dict[int, list[tuple[int, int]]] = {pk: [] for pk in pks}
    for start in range(0, len(pks), LOOKUP_CHUNK):
        for measurement, dimension, value in Score.objects.filter(
            measurement_id__in=pks[start : start + LOOKUP_CHUNK]
        ).values_list("measurement_id", "dimension_id", "value"):
            found[measurement].append((dimension, value))
    return {pk: tuple(sorted(s)) for pk, s in found.items()}


def _write_scores(rows: list[tuple[int, Any]], ctx: Context, fresh: bool) -> None:
    pks = [pk for pk, _s in rows]
    for start in range(0 if not fresh else len(pks), len(pks), LOOKUP_CHUNK):
        Score.objects.filter(measurement_id__in=pks[start : start + LOOKUP_CHUNK]).delete()
    Score.objects.bulk_create(
        [
            Score(measurement_id=pk, dimension_id=d, value=v)
            for pk, scores in rows
            for d, v in scores
        ],
        batch_size=1000,
    )


MEASUREMENTS = Kind(
    name="measurements",
    model=Measurement,
    columns=(
        EXTERNAL_ID,
        Column("child", CHILD, required=True),
        Column(
            "instrument",
            ref("instruments", gettext_lazy("No progression instrument has this code.")),
            required=True,
        ),
        Column("measured_on", date, required=True),
        Column("case", CASE),
        Column(
            "follow_up",
            ref(
                "follow_ups", gettext_lazy("No follow-up has this external id; import them first.")
            ),
        ),
        Column("measured_by", USER, required=True),
        text_column("scores", 2000, required=True),
    ),
    key=("external_id",),
    load=_load,
    build=_build,
    read_extras=_read_scores,
    write_extras=_write_scores,
)
