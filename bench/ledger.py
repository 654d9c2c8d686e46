"""Benchmark the cost ledger: rebuild it for many episodes, and read one month by district/step.

    python bench/ledger.py [--episodes 100000] [--seed 1]

Uses a temporary SQLite database unless DATABASE_URL is set (then that database is migrated and
filled, so point it at a scratch database). Prints figures and their ratio to the target; it
never fails on time. Targets (issue #3): rebuild 100,000 episodes over 8 years in under 30 s,
read one month's cost by district and step in under 50 ms (median).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

REBUILD_TARGET_S = 30.0
READ_TARGET_MS = 50.0
FIRST_DAY = dt.date(2017, 1, 1)
LAST_DAY = dt.date(2024, 12, 31)  # 8 years of starts
DURATION_DAYS = {1: (30, 240), 2: (30, 240), 3: (60, 400), 4: (180, 1100), 5: (180, 1100)}
DURATION_DAYS[6] = (30, 700)
STEP_WEIGHTS = {1: 20, 2: 20, 3: 30, 4: 8, 5: 14, 6: 8}


def _setup() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    if "DATABASE_URL" not in os.environ:
        scratch = Path(tempfile.mkdtemp(prefix="hm-bench-"))
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch / 'bench.sqlite3'}"
        os.environ.setdefault("HERNINGMODEL_VAR_DIR", str(scratch))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "herningmodel.settings")
    import django

    django.setup()


def _fill(episodes: int, rng: random.Random) -> None:
    from django.core.management import call_command

    from herningmodel.organisation.models import AreaTeam, District, Municipality
    from herningmodel.people.models import Child
    from herningmodel.staircase.models import Episode, InterventionType, Price

    call_command("migrate", verbosity=0, interactive=False)
    Episode.objects.all().delete()
    town = Municipality.objects.first() or Municipality.objects.create(
        name="Benchkommune (fiktiv)", code="999"
    )
    teams = []
    for d in range(8):
        district, _ = District.objects.get_or_create(
            name=f"Benchdistrikt {d}", defaults={"municipality": town}
        )
        for t in range(3):
            team, _ = AreaTeam.objects.get_or_create(
                name=f"Benchteam {d}-{t}", defaults={"district": district}
            )
            teams.append(team)
    children = Child.objects.bulk_create(
        [
            Child(
                first_name=f"Barn{i}",
                last_name="Benchsen",
                birth_date=dt.date(2005, 1, 1) + dt.timedelta(days=rng.randrange(6000)),
                district_id=(team := rng.choice(teams)).district_id,
                area_team=team,
            )
            for i in range(max(1, episodes // 3))
        ],
        batch_size=2000,
    )
    offers: dict[int, list[tuple[InterventionType, int]]] = {n: [] for n in range(1, 7)}
    for kind in InterventionType.objects.select_related("step"):
        for provider_id in set(kind.prices.values_list("provider_id", flat=True)):
            offers[kind.step.number].append((kind, provider_id))
    first_price = min(Price.objects.values_list("valid_from", flat=True))
    steps = list(STEP_WEIGHTS)
    weights = list(STEP_WEIGHTS.values())
    span = (LAST_DAY - max(FIRST_DAY, first_price)).days
    batch: list[Episode] = []
    for _ in range(episodes):
        step = rng.choices(steps, weights)[0]
        kind, provider_id = rng.choice(offers[step])
        child = rng.choice(children)
        start = FIRST_DAY + dt.timedelta(days=rng.randrange(span))
        low, high = DURATION_DAYS[step]
        end = None if rng.random() < 0.1 else start + dt.timedelta(days=rng.randint(low, high))
        volume = Decimal(rng.randint(2, 10)) if kind.unit in ("hour", "week") else None
        batch.append(
            Episode(
                child=child,
                intervention_type=kind,
                provider_id=provider_id,
                step=kind.step,
                district_id=child.district_id,
                area_team_id=child.area_team_id,
                start=start,
                end=end,
                planned_volume=volume,
            )
        )
        if len(batch) >= 5000:
            Episode.objects.bulk_create(batch)
            batch = []
    Episode.objects.bulk_create(batch)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--episodes", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reads", type=int, default=30)
    args = parser.parse_args()
    _setup()
    from django.db import connection

    from herningmodel.staircase import services
    from herningmodel.staircase.models import LedgerEntry

    rng = random.Random(args.seed)
    began = time.perf_counter()
    _fill(args.episodes, rng)
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    print(f"created {args.episodes:,} episodes in {time.perf_counter() - began:.1f} s")

    began = time.perf_counter()
    written = services.rebuild_ledgers(include_closed=True)
    rebuild = time.perf_counter() - began
    print(
        f"rebuild ledger: {written:,} monthly entries in {rebuild:.2f} s "
        f"(target < {REBUILD_TARGET_S:.0f} s; ratio {rebuild / REBUILD_TARGET_S:.2f})"
    )

    months = sorted(set(LedgerEntry.objects.values_list("month", flat=True).distinct()))
    timings = []
    rows = 0
    for _ in range(args.reads):
        month = rng.choice(months)
        began = time.perf_counter()
        rows = len(services.month_costs(month, group_by=("district", "step")))
        timings.append((time.perf_counter() - began) * 1000)
    median = statistics.median(timings)
    print(
        f"read one month by district and step: median {median:.1f} ms over {args.reads} months, "
        f"{rows} groups (target < {READ_TARGET_MS:.0f} ms; ratio {median / READ_TARGET_MS:.2f})"
    )


if __name__ == "__main__":
    main()
