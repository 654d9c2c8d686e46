"""Benchmark the evaluation page's computation (``views.build_report``) on the small demo.

    python bench/evaluation.py [--by year|quarter|month] [--profile N]

Uses a temporary SQLite database unless DATABASE_URL is set, fills it with the small demo
(``seed.load(size="small")``, seed 7, today 2026-06-15) and times ``build_report`` for the
controller, the whole of what ``/evaluation/`` computes, twice (the first also warms caches).
With ``--profile N`` it prints the N functions with the largest cumulative time (cProfile).
Never fails on time.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

TODAY = dt.date(2026, 6, 15)


def _setup() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    if "DATABASE_URL" not in os.environ:
        scratch = Path(tempfile.mkdtemp(prefix="hm-bench-"))
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch / 'bench.sqlite3'}"
        os.environ.setdefault("HERNINGMODEL_VAR_DIR", str(scratch))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "herningmodel.settings")
    import django

    django.setup()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--by", default="year", choices=["year", "quarter", "month"])
    parser.add_argument("--profile", type=int, default=0)
    args = parser.parse_args()
    _setup()
    from unittest import mock

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone, translation

    from herningmodel.demo import seed
    from herningmodel.evaluation import views

    call_command("migrate", verbosity=0)
    seed.load(TODAY, size="small", seed=7)
    controller = get_user_model().objects.get(username="controller")
    with mock.patch.object(timezone, "localdate", return_value=TODAY), translation.override("en"):
        times = []
        for _round in range(2):
            began = time.perf_counter()
            report = views.build_report(controller, args.by)
            times.append(time.perf_counter() - began)
        print(f"build_report(by={args.by}), small demo: {times[0]:.2f} s, then {times[1]:.2f} s")
        print(f"analyses: {len(report.analyses)}, fidelity rows: {len(report.fidelity)}")
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            views.build_report(controller, args.by)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.profile)


if __name__ == "__main__":
    main()
