"""Benchmark the full round trip on the default demo: export, import into an empty database.

    python bench/round_trip.py [--size default] [--seed 1] [--keep]

Two scratch SQLite databases (in a temporary folder), each handled by a child process of its
own so that the second really starts empty: the first gets the demo (``herningmodel demo``'s
default size and seed), its monitoring indicators for every year and its row counts, and is
exported with ``herningmodel export full``; the second is migrated, the export imported with
``herningmodel import all``, and the same indicators and counts read back. Prints each stage's
CPU time (``time.process_time``) and wall time, the rows imported per second, and whether every
row count and every indicator of every year is identical; exits 1 if not. Wall time under load
means little: compare CPU times.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 6, 15)


def _setup(database: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("HERNINGMODEL_VAR_DIR", str(database.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "herningmodel.settings")
    os.environ.pop("HERNINGMODEL_MODE", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def _years() -> list[str]:
    from herningmodel.staircase.models import Episode

    first = Episode.objects.order_by("start").values_list("start", flat=True).first()
    return [str(y) for y in range(first.year if first else TODAY.year, TODAY.year + 1)]


def _state() -> dict[str, Any]:
    """Every indicator of every year (districts by name) and every kind's row count."""
    sys.path.insert(0, str(ROOT))
    from tests.interchange.test_round_trip import counts, indicators, links

    return {
        "indicators": {year: indicators(year) for year in _years()},
        "counts": counts(),
        "links": links(),
    }


class Clock:
    def __init__(self) -> None:
        self.stages: dict[str, tuple[float, float]] = {}

    def run(self, stage: str, work: Any) -> Any:
        cpu, wall = time.process_time(), time.perf_counter()
        result = work()
        self.stages[stage] = (time.process_time() - cpu, time.perf_counter() - wall)
        return result


def source(folder: Path, size: str, seed_value: int) -> dict[str, Any]:
    _setup(folder / "source.sqlite3")
    from herningmodel.demo import seed
    from herningmodel.interchange import full_export

    clock = Clock()
    clock.run("generate the demo", lambda: seed.load(TODAY, size=size, seed=seed_value))
    state = clock.run("indicators and counts", _state)
    clock.run(
        "export",
        lambda: full_export.export_full(folder / "full.zip", actor=None, actor_label="bench"),
    )
    return {"state": state, "stages": clock.stages}


def target(folder: Path) -> dict[str, Any]:
    _setup(folder / "target.sqlite3")
    from herningmodel.interchange import full_import
    from herningmodel.people.models import Child

    assert not Child.objects.exists()
    clock = Clock()
    outcome = clock.run(
        "import",
        lambda: full_import.import_all(
            folder / "full.zip", actor=None, origin="bench", today=TODAY
        ),
    )
    errors = [str(e) for r in outcome.results for e in r.errors][:20]
    state = clock.run("indicators and counts", _state) if outcome.ok else {}
    lines = {r.kind: r.lines for r in outcome.results}
    return {"state": state, "stages": clock.stages, "errors": errors, "lines": lines}


def _phase(phase: str, folder: Path, args: argparse.Namespace) -> dict[str, Any]:
    command = [sys.executable, __file__, "--phase", phase, "--folder", str(folder)]
    command += ["--size", args.size, "--seed", str(args.seed)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        sys.exit(f"{phase} failed:\n{done.stderr[-4000:]}")
    return json.loads((folder / f"{phase}.json").read_text(encoding="utf-8"))


def _differences(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    found = []
    for part in ("counts", "links"):
        for name, count in before[part].items():
            if after[part].get(name) != count:
                found.append(f"{part} {name}: {count} before, {after[part].get(name)} after")
    for year, board in before["indicators"].items():
        again = after["indicators"].get(year)
        if again == board:
            continue
        ids = {r["id"]: r for r in (again or {}).get("indicators", [])}
        wrong = [r["id"] for r in board["indicators"] if ids.get(r["id"]) != r]
        found.append(f"indicators {year}: differ ({', '.join(wrong) or 'outside the rows'})")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="default")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    parser.add_argument("--phase", choices=("source", "target"), help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        result = (
            source(args.folder, args.size, args.seed)
            if args.phase == "source"
            else target(args.folder)
        )
        (args.folder / f"{args.phase}.json").write_text(json.dumps(result), encoding="utf-8")
        return

    folder = Path(tempfile.mkdtemp(prefix="hm-bench-round-trip-"))
    before = _phase("source", folder, args)
    after = _phase("target", folder, args)
    rows = sum(before["state"]["counts"].values())
    print(f"Round trip of the {args.size} demo (seed {args.seed}), SQLite, scratch {folder}")
    print(f"{'stage':<32}{'CPU s':>9}{'wall s':>9}")
    for phase, result in (("source", before), ("target", after)):
        for stage, (cpu, wall) in result["stages"].items():
            print(f"{phase + ': ' + stage:<32}{cpu:>9.1f}{wall:>9.1f}")
    cpu, wall = after["stages"]["import"]
    zipped = (folder / "full.zip").stat().st_size / 1e6
    print(f"{rows:,} rows in {len(before['state']['counts'])} kinds, export {zipped:.1f} MB zip")
    print(f"import: {rows / cpu:,.0f} rows per CPU second, {rows / wall:,.0f} rows per second")
    print("rows per kind:", json.dumps(before["state"]["counts"]))
    if after["errors"]:
        print("IMPORT FAILED:\n" + "\n".join(after["errors"]))
        sys.exit(1)
    years = ", ".join(before["state"]["indicators"])
    differences = _differences(before["state"], after["state"])
    if differences:
        print("DIFFERENT:\n" + "\n".join(differences))
        sys.exit(1)
    print(f"identical: every row count and every indicator of {years}")
    if not args.keep:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
