"""Import kinds for the staircase: intervention episodes and payments (the cost ledger).

An episode names its intervention type by catalogue code and its provider by name (the
catalogue is imported with ``herningmodel catalogue import``). Its cost comes from the price
list: an optional ``price`` column adds the provider's price from the episode's start when the
list has none (or another amount) on that day — "a price on every intervention". Importing an
episode computes its cost ledger from the prices, as starting one on the pages does; a
``payments`` file then sets the cost actually booked per episode and month.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from herningmodel.cases.models import Decision
from herningmodel.interchange.kinds_casework import (
    CHILD,
    EXTERNAL_ID,
    in_childhood,
    load_children,
)
from herningmodel.interchange.kinds_organisation import DISTRICT, TEAM, Error, text_column
from herningmodel.interchange.pipeline import (
    LOOKUP_CHUNK,
    Built,
    Column,
    Context,
    Kind,
    amount,
    by_external_id,
    choice,
    date,
    external_ids,
    ref,
)
from herningmodel.people.models import Child
from herningmodel.staircase.ledger import rebuild_ledgers
from herningmodel.staircase.models import (
    EndReason,
    Episode,
    InterventionType,
    LedgerEntry,
    Price,
    Provider,
    Unit,
)

# ---------------------------------------------------------------- episodes

# A planned volume is per week (``costing``); a week has no more hours or days than these.
WEEKLY_BOUNDS: dict[str, tuple[Decimal, Any]] = {
    Unit.HOUR: (Decimal(168), gettext_lazy("At most 168 hours a week (the hours of a week).")),
    Unit.DAY: (Decimal(7), gettext_lazy("At most 7 days a week.")),
}


def _load_episodes(ctx: Context) -> None:
    load_children(ctx)
    ctx["types"] = {t.code: t for t in InterventionType.objects.all()}
    ctx["providers"] = dict(Provider.objects.values_list("name", "pk"))
    ctx["decisions"] = external_ids(Decision)
    ctx["decision_child"] = dict(Decision.objects.values_list("pk", "case__child_id"))
    ctx["child_place"] = {
        pk: (d, t) for pk, d, t in Child.objects.values_list("pk", "district_id", "area_team_id")
    }
    prices: dict[tuple[int, int], list[tuple[dt.date, Decimal]]] = {}
    for provider, type_id, valid_from, value in Price.objects.order_by("valid_from").values_list(
        "provider_id", "intervention_type_id", "valid_from", "amount"
    ):
        prices.setdefault((provider, type_id), []).append((valid_from, value))
    ctx["prices"] = prices
    ctx["new_prices"] = {}


def _price_in_force(ctx: Context, key: tuple[int, int], day: dt.date) -> Decimal | None:
    found = None
    for valid_from, value in ctx["prices"].get(key, []):
        if valid_from <= day:
            found = value
    return found


def _decision_ids(text: str, ctx: Context) -> tuple[int, ...]:
    ids = []
    for part in filter(None, (p.strip() for p in text.split("|"))):
        if part not in ctx["decisions"]:
            raise LookupError(part)
        ids.append(ctx["decisions"][part])
    return tuple(sorted(set(ids)))


def _build_episode(values: dict[str, Any], ctx: Context, error: Error) -> Built | None:
    kind: InterventionType = values["type"]
    child, provider, start = values["child"], values["provider"], values["start"]
    # Support to expectant parents (a case opened before birth) may start before the birth.
    if not in_childhood(start, child, "start", ctx, error, before_birth=True):
        return None
    volume = values["planned_volume"]
    bound = WEEKLY_BOUNDS.get(kind.unit)
    if volume is not None and bound is not None and volume > bound[0]:
        error("planned_volume", str(bound[1]))
        return None
    for later in ("end", "planned_end"):
        if values[later] is not None and values[later] < start:
            error(later, _("The date is before the start."))
            return None
    if values["end"] is None and values["end_reason"]:
        error("end_reason", _("Only an ended episode has a reason for ending."))
        return None
    if kind.unit == Unit.HOUR and values["planned_volume"] is None:
        error("planned_volume", _("Give the planned hours per week."))
        return None
    key = (provider, kind.pk)
    in_force = _price_in_force(ctx, key, start)
    price = values["price"]
    if price is not None and price != in_force:
        known = ctx["new_prices"].setdefault((*key, start), price)
        if known != price or any(d == start for d, _v in ctx["prices"].get(key, [])):
            error("price", _("Another price for this provider and type starts on this day."))
            return None
    elif in_force is None:
        error(
            "start",
            _("The provider has no price for this type on the start date; give a price column."),
        )
        return None
    try:
        decisions = _decision_ids(values["decisions"], ctx)
    except LookupError as exc:
        error("decisions", _("No decision has the external id %(id)s.") % {"id": exc.args[0]})
        return None
    if any(ctx["decision_child"][d] != child for d in decisions):
        error("decisions", _("The decision is about another child."))
        return None
    district, team = ctx["child_place"][child]
    return by_external_id(
        values,
        ("start", "planned_end", "end", "end_reason", "planned_volume", "justification"),
        ("child", "provider"),
        extras=decisions,
        intervention_type_id=kind.pk,
        step_id=kind.step_id,
        district_id=values["district"] or district,
        area_team_id=values["area_team"] or team,
    )


def _prepare_prices(rows: list[Built], ctx: Context) -> None:
    Price.objects.bulk_create(
        [
            Price(provider_id=p, intervention_type_id=t, valid_from=day, amount=value)
            for (p, t, day), value in ctx["new_prices"].items()
        ]
    )


def _read_decisions(pks: list[int]) -> dict[int, Any]:
    found: dict[int, list[int]] = {pk: [] for pk in pks}
    links = Decision.episodes.through.objects
    for start in range(0, len(pks), LOOKUP_CHUNK):
        chunk = pks[start : start + LOOKUP_CHUNK]
        for episode, decision in links.filter(episode_id__in=chunk).values_list(
            "episode_id", "decision_id"
        ):
            found[episode].append(decision)
    return {pk: tuple(sorted(ds)) for pk, ds in found.items()}


def _write_decisions(rows: list[tuple[int, Any]], ctx: Context, fresh: bool) -> None:
    through = Decision.episodes.through
    pks = [pk for pk, _d in rows]
    for start in range(0 if not fresh else len(pks), len(pks), LOOKUP_CHUNK):
        through.objects.filter(episode_id__in=pks[start : start + LOOKUP_CHUNK]).delete()
    through.objects.bulk_create(
        [through(episode_id=pk, decision_id=d) for pk, ds in rows for d in ds], batch_size=1000
    )


def pk_ranges(pks: list[int]) -> list[tuple[int, int]]:
    """Sorted primary keys as runs of consecutive values (the rows one import created)."""
    runs: list[tuple[int, int]] = []
    for pk in sorted(pks):
        if runs and pk == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], pk)
        else:
            runs.append((pk, pk))
    return runs


def _cost_episodes(pks: list[int], ctx: Context) -> None:
    # Like starting an episode on the pages: its cost for every month it covers. The created
    # rows are one run of keys, costed in one pass; scattered updated ones in chunks.
    runs = pk_ranges(pks)
    scattered = [
        pk for low, high in runs if high - low < LOOKUP_CHUNK for pk in range(low, high + 1)
    ]
    selections = [Q(pk__range=(low, high)) for low, high in runs if high - low >= LOOKUP_CHUNK]
    selections += [
        Q(pk__in=scattered[start : start + LOOKUP_CHUNK])
        for start in range(0, len(scattered), LOOKUP_CHUNK)
    ]
    for selection in selections:
        rebuild_ledgers(
            episodes=Episode.objects.filter(selection), include_closed=True, today=ctx["today"]
        )


EPISODES = Kind(
    name="episodes",
    model=Episode,
    columns=(
        EXTERNAL_ID,
        Column("child", CHILD, required=True),
        Column(
            "type",
            ref("types", gettext_lazy("No intervention type has this code in the catalogue.")),
            required=True,
        ),
        Column(
            "provider",
            ref("providers", gettext_lazy("No provider has this name in the catalogue.")),
            required=True,
        ),
        Column("start", date, required=True),
        Column("planned_end", date),
        Column("end", date),
        Column("end_reason", choice(EndReason), empty=""),
        Column("planned_volume", amount(Decimal(0), digits=8)),
        Column("price", amount(Decimal(0))),
        Column("district", DISTRICT),
        Column("area_team", TEAM),
        text_column("decisions", 2000),
        text_column("justification", 100_000),
    ),
    key=("external_id",),
    load=_load_episodes,
    build=_build_episode,
    prepare=_prepare_prices,
    read_extras=_read_decisions,
    write_extras=_write_decisions,
    after=_cost_episodes,
)


# ---------------------------------------------------------------- payments


def _load_payments(ctx: Context) -> None:
    ctx["episodes"] = {
        external_id: row
        for external_id, *row in Episode.objects.exclude(external_id=None).values_list(
            "external_id",
            "pk",
            "child_id",
            "step_id",
            "intervention_type_id",
            "provider_id",
            "district_id",
            "area_team_id",
            "start",
            "end",
        )
    }


def _build_payment(values: dict[str, Any], ctx: Context, error: Error) -> Built | None:
    pk, child, step, type_id, provider, district, team, start, end = values["episode"]
    month: dt.date = values["month"].replace(day=1)
    if values["amount"] < 0:
        # A month's booked cost: a refund is booked as a lower amount for the month, so a
        # negative one is a sign error (or a credit note booked as a payment), not a cost.
        error(
            "amount",
            _("A month's cost cannot be negative; book a refund as a lower amount for the month."),
        )
        return None
    if month < start.replace(day=1) or (end is not None and month > end):
        error("month", _("The month is outside the episode's period."))
        return None
    return Built(
        {
            "episode_id": pk,
            "month": month,
            "amount": values["amount"],
            "child_id": child,
            "step_id": step,
            "intervention_type_id": type_id,
            "provider_id": provider,
            "district_id": district,
            "area_team_id": team,
        }
    )


PAYMENTS = Kind(
    name="payments",
    model=LedgerEntry,
    columns=(
        Column(
            "episode",
            ref(
                "episodes",
                gettext_lazy("No episode has this external id; import the episodes first."),
            ),
            required=True,
        ),
        Column("month", date, required=True),
        Column("amount", amount(), required=True),
    ),
    key=("episode_id", "month"),
    key_column="episode",
    load=_load_payments,
    build=_build_payment,
)
