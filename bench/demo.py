"""Benchmark the demo generator: generation time, rows per second and database size.

    python bench/demo.py [--sizes small default] [--seed 1]

Each size is generated into a fresh temporary SQLite database (unless DATABASE_URL is set: then
that database is migrated and the demo in it is replaced with --reset semantics, so point it at
a scratch database). Prints figures and the ratio to the target (issue #5: ``default`` in under
3 minutes); it never fails on time.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_S = {"default": 180.0}
ROOT = Path(__file__).resolve().parent.parent


def _child(size: str, seed: int) -> None:
    """Runs in a fresh process per size, so each gets its own database settings."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "herningmodel.settings")
    os.environ["HERNINGMODEL_MODE"] = "demo"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from herningmodel.demo.generator import generate, params_for
    from herningmodel.organisation.models import Municipality

    call_command("migrate", verbosity=0, interactive=False)
    if Municipality.objects.exists():
        from herningmodel.demo.reset import remove_demo

        remove_demo()
    params = params_for(size, seed=seed, today=timezone.localdate())
    began = time.perf_counter()
    result = generate(params, validate="all" if size == "small" else "sample")
    seconds = time.perf_counter() - began
    if connection.vendor == "sqlite":
        db_bytes = Path(connection.settings_dict["NAME"]).stat().st_size
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            db_bytes = cursor.fetchone()[0]
    target = TARGET_S.get(size)
    ratio = f" (ratio to the {target:.0f} s target: {seconds / target:.2f})" if target else ""
    print(f"{size}: {seconds:.1f} s{ratio}")
    print(f"  rows written: {result.rows:,} ({result.ledger_entries:,} ledger entries)")
    print(f"  rows per second: {result.rows / seconds:,.0f}")
    print(f"  database size ({connection.vendor}): {db_bytes / 1e6:.0f} MB")
    counts = ", ".join(f"{k} {v:,}" for k, v in result.counts.items())
    print(f"  simulated records: {counts}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", nargs="+", default=["small", "default"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child, args.seed)
        return
    for size in args.sizes:
        env = dict(os.environ)
        if "DATABASE_URL" not in os.environ:
            scratch = Path(tempfile.mkdtemp(prefix="hm-bench-demo-"))
            env["DATABASE_URL"] = f"sqlite:///{scratch / 'demo.sqlite3'}"
            env["HERNINGMODEL_VAR_DIR"] = str(scratch)
        command = [sys.executable, __file__, "--child", size, "--seed", str(args.seed)]
        subprocess.run(command, env=env, check=True)  # noqa: S603 - our own script


if __name__ == "__main__":
    main()
