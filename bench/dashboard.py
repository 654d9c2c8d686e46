"""Benchmark the monitoring: compute every indicator for one year, all districts.

    python bench/dashboard.py [--size default|large] [--year 2024] [--use-existing]

Uses a temporary SQLite database unless DATABASE_URL is set. Without ``--use-existing`` it
fills the database with its own synthetic municipality (bulk_create; all names fictitious) when
it holds no cases; with ``--use-existing`` it measures whatever is there (e.g. the demo).
Prints the time to compute all indicators (median of 3; wall clock and the CPU time of this
process) with the number of queries, and the ratio. Never fails on time. Targets (issue #6):
default < 1 s, large < 5 s, ratio < 5.

**Ratio** = time to compute all indicators (one board, with disclosure control) ÷ time to
merely read the rows involved: every table any indicator reads, with one plain query each
for the rows inside the union of the windows the indicators' filters and subqueries use and
the columns they use, fetched into Python as tuples (``_read_rows`` lists them). It says how
much the indicators cost beyond fetching their data once. Both are printed in wall-clock and
in CPU time of this process; on PostgreSQL the CPU figure leaves out the server's share.
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
from pathlib import Path
from zoneinfo import ZoneInfo

SIZES = {"default": 3_000, "large": 30_000}
TARGETS = {"default": 1.0, "large": 5.0}
CPH = ZoneInfo("Europe/Copenhagen")


def _setup() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    if "DATABASE_URL" not in os.environ:
        scratch = Path(tempfile.mkdtemp(prefix="hm-bench-"))
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch / 'bench.sqlite3'}"
        os.environ.setdefault("HERNINGMODEL_VAR_DIR", str(scratch))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "herningmodel.settings")
    import django

    django.setup()


def _fill(children: int, rng: random.Random) -> None:
    from django.contrib.auth import get_user_model

    from herningmodel.cases.models import Case, CaseStatus, Notification
    from herningmodel.monitoring.models import ChildPopulation
    from herningmodel.organisation.models import AreaTeam, District, Municipality
    from herningmodel.people.models import Child
    from herningmodel.staircase import services
    from herningmodel.staircase.models import EndReason, Episode, InterventionType, Price

    town = Municipality.objects.first() or Municipality.objects.create(
        name="Benchkommune (fiktiv)", code="999"
    )
    teams, workers = [], {}
    users = get_user_model().objects
    for d in range(8):
        district = District.objects.create(
            municipality=town,
            name=f"Benchdistrikt {d}",
            model_status="pilot" if d % 2 else "control",
            model_start=dt.date(2020, 1, 1) if d % 2 else None,
        )
        ChildPopulation.objects.bulk_create(
            ChildPopulation(district=district, year=y, age=a, count=rng.randint(200, 400))
            for y in range(2019, 2026)
            for a in range(18)
        )
        for t in range(3):
            team = AreaTeam.objects.create(name=f"Benchteam {d}-{t}", district=district)
            teams.append(team)
            workers[team.pk] = [
                users.create(username=f"bench-{d}-{t}-{w}", first_name="Bench") for w in range(4)
            ]
    kids = Child.objects.bulk_create(
        [
            Child(
                first_name=f"Barn{i}",
                last_name="Benchsen (fiktiv)",
                birth_date=dt.date(2006, 1, 1) + dt.timedelta(days=rng.randrange(6900)),
                district_id=(team := rng.choice(teams)).district_id,
                area_team=team,
            )
            for i in range(children)
        ],
        batch_size=2000,
    )
    cases, notes = [], []
    for kid in kids:
        opened = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(2190))
        closed = opened + dt.timedelta(days=rng.randint(60, 900)) if rng.random() < 0.5 else None
        closed = closed if closed and closed < dt.date(2025, 6, 1) else None
        cases.append(
            Case(
                child=kid,
                area_team_id=kid.area_team_id,
                district_id=kid.district_id,
                caseworker=rng.choice(workers[kid.area_team_id]),
                opened_on=opened,
                status=CaseStatus.CLOSED if closed else CaseStatus.OPEN,
                closed_on=closed,
            )
        )
    Case.objects.bulk_create(cases, batch_size=2000)
    for case in cases:
        for _ in range(rng.randint(1, 3)):
            received = dt.datetime.combine(
                case.opened_on - dt.timedelta(days=rng.randint(0, 30)), dt.time(9), tzinfo=CPH
            )
            notes.append(
                Notification(
                    child_id=case.child_id,
                    case=case,
                    source="school",
                    received_at=received,
                    assessed_at=received + dt.timedelta(hours=rng.choice([2, 5, 20, 30, 50])),
                    receipt_sent_on=received.date() + dt.timedelta(days=rng.randint(1, 9)),
                    content="Bekymring (fiktiv).",
                )
            )
    Notification.objects.bulk_create(notes, batch_size=2000)
    offers: dict[int, list[tuple[InterventionType, int]]] = {n: [] for n in range(1, 7)}
    for kind in InterventionType.objects.select_related("step"):
        for provider_id in set(
            Price.objects.filter(intervention_type=kind).values_list("provider_id", flat=True)
        ):
            offers[kind.step.number].append((kind, provider_id))
    reasons = [EndReason.STEP_DOWN, EndReason.STEP_UP, EndReason.GOALS_REACHED]
    reasons += [EndReason.BROKE_DOWN]
    episodes = []
    for case in cases:
        start = case.opened_on + dt.timedelta(days=rng.randint(10, 60))
        for _ in range(rng.randint(1, 2)):
            step = rng.choices(range(1, 7), [10, 20, 35, 8, 17, 10])[0]
            if not offers[step]:
                continue
            kind, provider_id = rng.choice(offers[step])
            end = start + dt.timedelta(days=rng.randint(60, 700))
            open_ = end > dt.date(2025, 6, 1)
            episodes.append(
                Episode(
                    child_id=case.child_id,
                    intervention_type=kind,
                    provider_id=provider_id,
                    step=kind.step,
                    district_id=case.district_id,
                    area_team_id=case.area_team_id,
                    start=start,
                    end=None if open_ else end,
                    end_reason="" if open_ else rng.choice(reasons),
                    planned_volume=2 if kind.unit in ("hour", "week") else None,
                )
            )
            start = end + dt.timedelta(days=1)
    Episode.objects.bulk_create(episodes, batch_size=2000)
    services.rebuild_ledgers(include_closed=True)


def _read_rows(scope: object) -> tuple[int, int]:
    """Merely read the rows the indicators involve: (rows, tables).

    The denominator of the ratio. Every table any indicator's queries read, each with one plain
    query (no aggregates, no joins beyond naming the rows) for the rows inside the union of the
    windows the indicators' filters and subqueries use, with the columns they use, for all
    districts: cases active in the period and their children, handovers, all their deadline
    facts (assessments, plans, follow-ups, decisions and the episodes linked to them), the
    notifications of the period and the deadline reach before it plus the year after a closure
    in the period (re-notification), episodes running in the period plus those starting within
    the step-up window after it, ledger entries and budgets of the period, measurements of the
    period and the measurement window before it with their scores, the population counts, and
    the small catalogues (districts, teams, steps, intervention types, dimensions, instruments).
    """
    from django.db.models import Q

    from herningmodel.cases.models import (
        Assessment,
        Case,
        Decision,
        FollowUp,
        Handover,
        Notification,
        Plan,
    )
    from herningmodel.cases.models.case import REOPENING_WINDOW_DAYS
    from herningmodel.cases.queries import NOTIFICATION_REACH
    from herningmodel.monitoring.models import ChildPopulation
    from herningmodel.monitoring.themes.outcomes import MEASURED_WITHIN_DAYS
    from herningmodel.monitoring.themes.steps import STEP_UP_WINDOW_DAYS
    from herningmodel.organisation.models import AreaTeam, District
    from herningmodel.people.models import Child
    from herningmodel.progress.models import Dimension, Instrument, Measurement, Score
    from herningmodel.staircase.models import (
        Budget,
        Episode,
        InterventionType,
        LedgerEntry,
        Step,
    )

    p = scope.period  # type: ignore[attr-defined]
    active = Case.objects.filter(
        Q(opened_on__lte=p.end) & (Q(closed_on__isnull=True) | Q(closed_on__gte=p.start))
    )
    ids = active.values("pk")
    closed = active.filter(closed_on__gte=p.start, closed_on__lte=p.end)
    after = p.end + dt.timedelta(days=REOPENING_WINDOW_DAYS)
    queries = [
        active.values_list(
            "pk",
            "district_id",
            "area_team_id",
            "caseworker_id",
            "child_id",
            "opened_on",
            "closed_on",
            "follow_up_interval_months",
        ),
        Child.objects.filter(pk__in=active.values("child_id")).values_list(
            "pk", "district_id", "birth_date"
        ),
        Handover.objects.filter(case_id__in=ids, on__lte=p.end).values_list("case_id", "on"),
        Notification.objects.filter(
            Q(
                received_at__date__gte=p.start - NOTIFICATION_REACH,
                received_at__date__lte=p.end,
            )
            | Q(
                child_id__in=closed.values("child_id"),
                received_at__date__gt=p.start,
                received_at__date__lte=after,
            )
        ).values_list(
            "pk", "child_id", "case_id", "received_at", "assessed_at", "source", "receipt_sent_on"
        ),
        Assessment.objects.filter(case_id__in=ids).values_list(
            "case_id", "pk", "need_known_on", "finished_on", "preliminary_on"
        ),
        Decision.objects.filter(case_id__in=ids).values_list(
            "case_id", "pk", "legal_basis", "decided_on", "acute", "plan_choice", "plan_choice_on"
        ),
        Decision.episodes.through.objects.filter(decision__case_id__in=ids).values_list(
            "decision_id", "episode_id"
        ),
        Plan.objects.filter(case_id__in=ids).values_list("case_id", "pk", "approved_on"),
        FollowUp.objects.filter(case_id__in=ids).values_list("case_id", "pk", "held_on"),
        Episode.objects.filter(
            Q(start__lte=p.end + dt.timedelta(days=STEP_UP_WINDOW_DAYS))
            & (Q(end__isnull=True) | Q(end__gte=p.start))
        ).values_list(
            "pk",
            "district_id",
            "area_team_id",
            "child_id",
            "step_id",
            "intervention_type_id",
            "start",
            "end",
            "end_reason",
        ),
        LedgerEntry.objects.filter(month__gte=p.start, month__lte=p.end).values_list(
            "district_id", "step_id", "child_id", "month", "amount"
        ),
        Budget.objects.filter(year=p.start.year).values_list("step_id", "amount"),
        Measurement.objects.filter(
            measured_on__gte=p.start - dt.timedelta(days=MEASURED_WITHIN_DAYS),
            measured_on__lte=p.end,
        ).values_list("pk", "child_id", "instrument_id", "measured_on"),
        Score.objects.filter(
            measurement__measured_on__gte=p.start, measurement__measured_on__lte=p.end
        ).values_list("measurement_id", "dimension_id", "value"),
        ChildPopulation.objects.filter(year=p.end.year).values_list("district_id", "age", "count"),
        District.objects.values_list("pk", "name", "model_status"),
        AreaTeam.objects.values_list("pk", "district_id", "caseload_target"),
        Step.objects.values_list("pk", "number"),
        InterventionType.objects.values_list("pk", "code", "step_id", "evidence_programme"),
        Dimension.objects.values_list("pk", "minimum", "maximum"),
        Instrument.objects.values_list("pk", "higher_is_better"),
    ]
    return sum(len(list(q)) for q in queries), len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="default")
    parser.add_argument("--year", default="2024")
    parser.add_argument("--use-existing", action="store_true")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    _setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from herningmodel.cases.models import Case
    from herningmodel.monitoring import board
    from herningmodel.monitoring.scope import build_scope

    call_command("migrate", verbosity=0, interactive=False)
    if not args.use_existing and not Case.objects.exists():
        began = time.perf_counter()
        _fill(SIZES[args.size], random.Random(args.seed))
        print(f"generated {SIZES[args.size]:,} children in {time.perf_counter() - began:.1f} s")
    print(f"database: {connection.vendor}; cases: {Case.objects.count():,}")
    from herningmodel.monitoring import publication

    scope = build_scope(args.year)
    # The first board of a period computes and audits the disclosure pattern of every table of
    # the period (all ages and each age band); later boards reuse it while the figures for all
    # ages stay the same. Both are printed: the cold board once, the warm ones as the median.
    publication.clear_cache()
    began, began_cpu = time.perf_counter(), time.process_time()
    board.board(scope, costs=True, suppressed=True, with_warnings=False)
    cold, cold_cpu = time.perf_counter() - began, time.process_time() - began_cpu
    audit = publication.pattern_for(scope.period).audit
    print(
        f"first board of the period (computes the disclosure pattern): {cold:.3f} s wall, "
        f"{cold_cpu:.3f} s CPU"
    )
    print(
        f"disclosure audit: {audit.tables} tables, {audit.cells} cells, {audit.hidden} hidden, "
        f"{audit.sensitive} hidden counts of 1–4 audited, narrowest interval "
        f"{audit.narrowest if audit.narrowest is not None else '–'}, {audit.rounds} rounds, "
        f"withheld {len(audit.withheld)}; tables {audit.compute_seconds:.3f} s, "
        f"protection and audit {audit.seconds:.3f} s"
        + ("" if audit.passed else f"; BREACHES {len(audit.breaches)}")
    )
    compute, read, cpu, read_cpu = [], [], [], []
    for _ in range(3):
        began, began_cpu = time.perf_counter(), time.process_time()
        with CaptureQueriesContext(connection) as board_queries:
            found = board.board(scope, costs=True, suppressed=True, with_warnings=False)
        compute.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
        began, began_cpu = time.perf_counter(), time.process_time()
        rows, tables = _read_rows(scope)
        read.append(time.perf_counter() - began)
        read_cpu.append(time.process_time() - began_cpu)
    c, r = statistics.median(compute), statistics.median(read)
    c_cpu, r_cpu = statistics.median(cpu), statistics.median(read_cpu)
    target = TARGETS.get(args.size, 1.0)
    print(
        f"all {len(found.results)} indicators for {args.year}, all districts, suppressed "
        "(pattern cached): "
        f"{c:.3f} s wall (target < {target:.0f} s), {len(board_queries)} queries"
    )
    print(
        f"merely reading the {rows:,} rows involved ({tables} tables): {r:.3f} s wall; "
        f"ratio {c / r:.2f} (target < 5)"
    )
    # The machine is shared: the load says how far wall-clock time is from an idle machine, and
    # the CPU time of this process (all the work on SQLite; the Python side on PostgreSQL) is
    # the part contention inflates least.
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"CPU time of this process: all indicators {c_cpu:.3f} s, reading {r_cpu:.3f} s, "
        f"ratio {c_cpu / r_cpu:.2f}; load average {load} on {os.cpu_count()} CPUs"
    )
    began = time.perf_counter()
    board.board(scope, costs=True, suppressed=True, with_warnings=True)
    print(f"with early warnings (previous year too): {time.perf_counter() - began:.3f} s")


if __name__ == "__main__":
    main()
