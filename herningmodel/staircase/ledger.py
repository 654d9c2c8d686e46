"""The cost ledger: each episode's cost per calendar month, kept in step with episodes and prices.

**Closed months.** A month is *closed* once it has ended before the first day of the current
month (in Europe/Copenhagen): last month's figures are what was reported, and a price entered
later must not silently change them. The rule needs no setting and no controller action. Price
changes recompute only open months; a controller rewrites closed months explicitly with
``services.recalculate_closed_months``, which is audited. Facts about an episode (its start, its
end) always apply to every month they touch, closed or not: costs that were never incurred are
not kept.

Entries run from the episode's start month to its end month, or for an open episode to the end
of the current month; ``rebuild_ledgers`` (run e.g. nightly) carries open episodes into a new
month.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from herningmodel.staircase import costing
from herningmodel.staircase.models import Episode, InterventionType, LedgerEntry, Price

GROUPS = ("district", "area_team", "step", "intervention_type", "provider", "child")
BATCH = 5000


def first_open_month(today: dt.date | None = None) -> dt.date:
    """The first day of the current month: every month before it is closed."""
    return costing.month_start(today or timezone.localdate())


def ledger_until(today: dt.date | None = None) -> dt.date:
    """Open episodes are costed up to the end of the current month."""
    return costing.month_end(today or timezone.localdate())


PriceKey = tuple[int, int]


def price_points(
    keys: Iterable[PriceKey] | None = None,
) -> dict[PriceKey, list[costing.PricePoint]]:
    """All prices (or those of the given provider/type pairs), ordered by valid-from."""
    qs = Price.objects.order_by("valid_from")
    if keys is not None:
        wanted = set(keys)
        condition = Q(pk__in=[])
        for provider_id, type_id in wanted:
            condition |= Q(provider_id=provider_id, intervention_type_id=type_id)
        qs = qs.filter(condition)
    table: dict[PriceKey, list[costing.PricePoint]] = defaultdict(list)
    for provider_id, type_id, valid_from, amount in qs.values_list(
        "provider_id", "intervention_type_id", "valid_from", "amount"
    ):
        table[(provider_id, type_id)].append(costing.PricePoint(valid_from, amount))
    return table


def _costs(
    episode: Episode, points: Sequence[costing.PricePoint], until: dt.date
) -> dict[dt.date, Decimal]:
    return costing.monthly_costs(
        start=episode.start,
        end=episode.end,
        unit=episode.intervention_type.unit,
        prices=points,
        volume=episode.planned_volume,
        until=until,
        provider=str(episode.provider),
        intervention_type=str(episode.intervention_type),
    )


def _entry(episode: Episode, month: dt.date, amount: Decimal) -> LedgerEntry:
    return LedgerEntry(
        episode_id=episode.pk,
        month=month,
        amount=amount,
        child_id=episode.child_id,
        step_id=episode.step_id,
        intervention_type_id=episode.intervention_type_id,
        provider_id=episode.provider_id,
        district_id=episode.district_id,
        area_team_id=episode.area_team_id,
    )


@transaction.atomic
def recalculate_ledger(
    episode: Episode, *, include_closed: bool = False, today: dt.date | None = None
) -> int:
    """Rewrite the episode's entries (from the first open month on, unless include_closed)."""
    key = (episode.provider_id, episode.intervention_type_id)
    points = price_points([key]).get(key, [])
    costs = _costs(episode, points, ledger_until(today))
    entries = episode.ledger.all()
    if not include_closed:
        keep_before = first_open_month(today)
        entries = entries.filter(month__gte=keep_before)
        costs = {m: a for m, a in costs.items() if m >= keep_before}
    entries.delete()
    LedgerEntry.objects.bulk_create(_entry(episode, m, a) for m, a in costs.items())
    return len(costs)


@transaction.atomic
def trim_ledger(episode: Episode, *, today: dt.date | None = None) -> None:
    """After an episode ends: drop months after its end and recompute its end month and every
    open month up to it (an end in the future is costed up to that end)."""
    assert episode.end is not None
    cutoff = min(costing.month_start(episode.end), first_open_month(today))
    key = (episode.provider_id, episode.intervention_type_id)
    costs = _costs(episode, price_points([key]).get(key, []), ledger_until(today))
    episode.ledger.filter(month__gte=cutoff).delete()
    LedgerEntry.objects.bulk_create(
        _entry(episode, month, amount) for month, amount in costs.items() if month >= cutoff
    )


def episodes_of_price(provider_id: int, type_id: int, valid_from: dt.date) -> QuerySet[Episode]:
    """Episodes whose cost a price from ``valid_from`` can change."""
    return Episode.objects.filter(provider_id=provider_id, intervention_type_id=type_id).filter(
        Q(end__isnull=True) | Q(end__gte=valid_from)
    )


_COLUMNS = (
    "episode_id",
    "month",
    "amount",
    "child_id",
    "step_id",
    "intervention_type_id",
    "provider_id",
    "district_id",
    "area_team_id",
)


def rebuild_ledgers(
    *,
    episodes: QuerySet[Episode] | None = None,
    month_from: dt.date | None = None,
    include_closed: bool = False,
    today: dt.date | None = None,
) -> int:
    """Recompute the ledger of many episodes (default: all) in bulk from ``month_from`` on.

    Closed months are left alone unless ``include_closed`` (then ``month_from=None`` means
    every month): only ``services.recalculate_closed_months`` (audited), a first load and the
    benchmark ask for that. Loads every price once, streams episodes, and inserts with one
    ``COPY`` (PostgreSQL) or ``executemany`` (SQLite) per batch; returns the entries written.
    """
    if not include_closed:
        first_open = first_open_month(today)
        month_from = max(month_from or first_open, first_open)
    qs = episodes if episodes is not None else Episode.objects.all()
    if month_from is not None:
        qs = qs.filter(Q(end__isnull=True) | Q(end__gte=month_from))
    until = ledger_until(today)
    points = price_points()
    units = dict(InterventionType.objects.values_list("id", "unit"))
    table = LedgerEntry._meta.db_table
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in _COLUMNS)
    # Table and column names come from the model, quoted; the values are bound parameters.
    values = ", ".join(["%s"] * len(_COLUMNS))
    insert = f"INSERT INTO {quote(table)} ({columns}) VALUES ({values})"  # noqa: S608
    copy = f"COPY {quote(table)} ({columns}) FROM STDIN"

    def write(cursor: Any, rows: list[tuple[Any, ...]]) -> None:
        # PostgreSQL: COPY, because psycopg's client-side binding re-parses every INSERT and
        # was 4× slower. SQLite: executemany of one prepared INSERT is its fastest path.
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(copy) as stream:
                for row in rows:
                    stream.write_row(row)
        else:
            cursor.executemany(insert, rows)

    written = 0
    with transaction.atomic():
        stale = LedgerEntry.objects.filter(episode__in=qs.values("pk"))
        if month_from is not None:
            stale = stale.filter(month__gte=month_from)
        stale.delete()
        rows: list[tuple[Any, ...]] = []
        fields = ["pk", "child_id", "intervention_type_id", "provider_id", "step_id"]
        fields += ["district_id", "area_team_id", "start", "end", "planned_volume"]
        with connection.cursor() as cursor:
            for pk, child, type_id, provider, step, district, team, start, end, volume in (
                qs.order_by().values_list(*fields).iterator(chunk_size=BATCH)
            ):
                costs = costing.monthly_costs(
                    start=start,
                    end=end,
                    unit=units[type_id],
                    prices=points.get((provider, type_id), []),
                    volume=volume,
                    until=until,
                    provider=f"provider {provider}",
                    intervention_type=f"type {type_id}",
                )
                for month, amount in costs.items():
                    if month_from is None or month >= month_from:
                        rows.append(
                            (pk, month, amount, child, step, type_id, provider, district, team)
                        )
                if len(rows) >= BATCH:
                    write(cursor, rows)
                    written += len(rows)
                    rows = []
            if rows:
                write(cursor, rows)
                written += len(rows)
    return written


def month_costs(
    month: dt.date, group_by: Sequence[str] = ("district", "step")
) -> list[dict[str, Any]]:
    """One month's cost grouped by the given dimensions: a single aggregate query."""
    unknown = set(group_by) - set(GROUPS)
    if unknown:
        raise ValueError(f"Cannot group the ledger by {sorted(unknown)}.")
    keys = [f"{g}_id" for g in group_by]
    return list(
        LedgerEntry.objects.filter(month=costing.month_start(month))
        .values(*keys)
        .annotate(amount=Sum("amount"))
        .order_by(*keys)
    )


def year_costs_by_step(year: int) -> dict[int, Decimal]:
    """The ledger's total per step number for a calendar year."""
    rows = (
        LedgerEntry.objects.filter(
            month__gte=dt.date(year, 1, 1), month__lt=dt.date(year + 1, 1, 1)
        )
        .values("step__number")
        .annotate(amount=Sum("amount"))
        .order_by()
    )
    return {row["step__number"]: row["amount"] for row in rows}
