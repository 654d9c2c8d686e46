"""CPU time and queries per request of the caseworker's pages, in-process (no server, no load).

    python bench/pages.py [--user sagsbehandler-nord] [--repeat 20] [--cases 5]

Runs against the database the settings point at (``DATABASE_URL``, or SQLite in
``HERNINGMODEL_VAR_DIR``), normally a loaded demo (``herningmodel demo --no-serve``). Logs the
user in with Django's test client and requests the front page, the case list ("my cases") and
a few of the user's case pages, each ``--repeat`` times after one warm-up request. Prints, per
page, the median and minimum CPU time of this process per request (``time.process_time``: on
SQLite that is all the work, on PostgreSQL the server's share is left out) and the number of
queries. Wall-clock time is not printed: on a shared machine it measures the neighbours.
Every request writes audit events, as in production; run it on a scratch copy of the demo.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path


def _setup() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "herningmodel.settings")
    os.environ.setdefault("HERNINGMODEL_MODE", "demo")
    import django

    django.setup()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--user", default="sagsbehandler-nord")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--cases", type=int, default=5, help="how many case pages to request")
    args = parser.parse_args()
    _setup()

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from herningmodel.cases.models import Case, CaseStatus

    user = get_user_model().objects.get(username=args.user)
    client = Client()
    client.force_login(user)
    own = Case.objects.filter(caseworker=user, status=CaseStatus.OPEN).order_by("pk")
    pages = [("front page", "/"), ("my cases", "/cases/")]
    pages += [
        ("case page", f"/cases/{pk}/") for pk in own.values_list("pk", flat=True)[: args.cases]
    ]
    print(f"user {args.user}: {own.count()} open cases; {args.repeat} requests per page")
    print(f"{'page':<12} {'path':<16} {'CPU median ms':>14} {'CPU min ms':>11} {'queries':>8}")
    by_page: dict[str, list[float]] = {}
    for label, path in pages:
        response = client.get(path)  # warm-up
        if response.status_code != 200:
            print(f"{path}: HTTP {response.status_code}", file=sys.stderr)
            return 1
        cpu = []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as queries:
                start = time.process_time()
                client.get(path)
                cpu.append(time.process_time() - start)
        by_page.setdefault(label, []).extend(cpu)
        print(
            f"{label:<12} {path:<16} {statistics.median(cpu) * 1000:>14.1f} "
            f"{min(cpu) * 1000:>11.1f} {len(queries):>8}"
        )
    for label, cpu in by_page.items():
        print(
            f"{label}: median CPU {statistics.median(cpu) * 1000:.1f} ms over {len(cpu)} requests"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
