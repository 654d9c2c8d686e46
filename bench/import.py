"""Benchmark the import: rows per second for an intervention-episode file and a payments file.

    python bench/import.py [--rows 500000] [--seed 1]

Uses a temporary SQLite database unless DATABASE_URL is set (then that database is migrated and
filled, so point it at a scratch database). Writes a Danish CSV (semicolon, decimal comma,
dd-mm-yyyy) of ``--rows`` episodes for ``--rows / 10`` children, imports it through the same
pipeline as ``herningmodel import episodes`` — reading, checking every row, writing in one
transaction, and costing every episode into the ledger — then a payments file of the same
length, then the episodes file again (every row unchanged). Prints each stage's time and the
rows per second against the target (issue #19: at least 5,000 rows per second including
validation), and the process's peak memory (resident set) during each import against its
target (issue #19: under 400 MB for a 50 MB file), measured by resetting the kernel's
high-water mark before the import (``/proc/self/clear_refs``) and reading ``VmHWM`` after;
it never fails on time or memory. The children are born 2002–2016 and the episodes start
2017–2024, so every row passes the plausibility rules (within the child's life).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import random
import sys
import tempfile
import time
from pathlib import Path

TARGET_ROWS_PER_S = 5000.0
TARGET_PEAK_MB = 400.0
FIRST_DAY = dt.date(2017, 1, 1)
LAST_DAY = dt.date(2024, 12, 31)
DURATION_DAYS = (30, 400)


def _setup() -> Path:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    scratch = Path(tempfile.mkdtemp(prefix="hm-bench-import-"))
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch / 'bench.sqlite3'}"
        os.environ.setdefault("HERNINGMODEL_VAR_DIR", str(scratch))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "herningmodel.settings")
    import django

    django.setup()
    return scratch


def _fill(children: int, rng: random.Random) -> list[tuple[str, str, str | None]]:
    """The organisation and children; returns the (type code, provider, unit) offers."""
    from django.core.management import call_command

    from herningmodel.organisation.models import AreaTeam, District, Municipality
    from herningmodel.people.models import Child
    from herningmodel.staircase.models import InterventionType

    call_command("migrate", verbosity=0, interactive=False)
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
    Child.objects.bulk_create(
        [
            Child(
                external_id=f"B{i}",
                first_name=f"Barn{i}",
                last_name="Benchsen",
                birth_date=dt.date(2002, 1, 1) + dt.timedelta(days=rng.randrange(5400)),
                district_id=(team := rng.choice(teams)).district_id,
                area_team=team,
            )
            for i in range(children)
        ],
        batch_size=2000,
    )
    offers = []
    for kind in InterventionType.objects.prefetch_related("prices__provider"):
        for provider in {p.provider.name for p in kind.prices.all()}:
            offers.append((kind.code, provider, kind.unit))
    return offers


def _episodes_file(path: Path, rows: int, children: int, offers: list, rng: random.Random) -> None:
    span = (LAST_DAY - FIRST_DAY).days
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("external_id;child;type;provider;start;end;planned_volume\r\n")
        for i in range(rows):
            code, provider, unit = rng.choice(offers)
            start = FIRST_DAY + dt.timedelta(days=rng.randrange(span))
            end = start + dt.timedelta(days=rng.randint(*DURATION_DAYS))
            volume = f"{rng.randint(2, 10)},5" if unit in ("hour", "week") else ""
            out.write(
                f"E{i};B{rng.randrange(children)};{code};{provider};"
                f"{start:%d-%m-%Y};{end:%d-%m-%Y};{volume}\r\n"
            )


def _payments_file(path: Path, rows: int) -> None:
    from herningmodel.staircase.models import LedgerEntry

    entries = LedgerEntry.objects.order_by("pk").values_list("episode__external_id", "month")
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("episode;month;amount\r\n")
        for n, (episode, month) in enumerate(entries.iterator(chunk_size=5000)):
            if n >= rows:
                break
            out.write(f"{episode};{month:%d-%m-%Y};{1000 + n % 9000},50\r\n")


class Stages:
    """Records when each stage of the import (checking, writing) was last reported."""

    def __init__(self) -> None:
        self.began = time.perf_counter()
        self.cpu = time.process_time()
        self.first: dict[str, float] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        self.first.setdefault(stage, time.perf_counter() - self.began)


def _reset_peak() -> bool:
    """Reset the kernel's peak-RSS mark for this process (Linux); False where it cannot."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _run(kind: str, path: Path, rows: int, label: str) -> None:
    from herningmodel.interchange import importing

    gc.collect()
    measured = _reset_peak()
    before = _status_mb("VmRSS")
    stages = Stages()
    result = importing.run(kind, path, actor=None, source="bench", progress=stages)
    seconds = time.perf_counter() - stages.began
    cpu = time.process_time() - stages.cpu
    if result.errors:
        raise SystemExit(f"{len(result.errors)} errors, e.g. {result.errors[0]}")
    rate = rows / seconds
    split = ", ".join(f"{stage} from {at:.1f} s" for stage, at in stages.first.items())
    # On a shared machine the wall clock counts other processes' turns too; the process's CPU
    # time (SQLite runs in-process) is what the import itself cost.
    print(
        f"{label}: {rows:,} rows in {seconds:.1f} s = {rate:,.0f} rows/s "
        f"(target ≥ {TARGET_ROWS_PER_S:,.0f}; ratio {rate / TARGET_ROWS_PER_S:.2f}); "
        f"CPU {cpu:.1f} s = {rows / cpu:,.0f} rows per CPU-second; {split}",
        flush=True,
    )
    peak = _status_mb("VmHWM")
    since = "during the import" if measured else "of the whole process"
    grew = (peak - before) * 1024 * 1024 / rows
    print(
        f"  peak memory {since}: {peak:,.0f} MB (target < {TARGET_PEAK_MB:,.0f} MB); "
        f"{before:,.0f} MB before it, so {grew:,.0f} bytes per row",
        flush=True,
    )
    print(f"  {result.lines[-1]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=500_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    scratch = _setup()
    from django.db import connection

    from herningmodel.staircase.models import LedgerEntry

    rng = random.Random(args.seed)
    children = max(1, args.rows // 10)
    offers = _fill(children, rng)
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    episodes = scratch / "episodes.csv"
    _episodes_file(episodes, args.rows, children, offers, rng)
    size = episodes.stat().st_size / 1024 / 1024
    print(f"episodes file: {args.rows:,} rows, {size:.1f} MB, {children:,} children", flush=True)

    _run("episodes", episodes, args.rows, "import episodes (new, with the cost ledger)")
    print(f"  ledger: {LedgerEntry.objects.count():,} monthly entries")
    payments = scratch / "payments.csv"
    _payments_file(payments, args.rows)
    _run("payments", payments, args.rows, "import payments (each replaces a computed month)")
    _run("episodes", episodes, args.rows, "re-import episodes (all unchanged)")


if __name__ == "__main__":
    main()
