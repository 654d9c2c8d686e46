"""Benchmark the business-case Monte Carlo: 10,000 draws over 10 years.

    python bench/businesscase.py [--draws 10000] [--years 10] [--repeat 5]

Uses Herning's pilot with every effect parameter uncertain (8 distributions). Prints the median
time of the Monte Carlo (sampling, engine, percentile bands, break-even probabilities), the
tornado, and draws per second; then one cut what-if and one benefit-realisation forecast (its
Monte Carlo band and 4 × years quarters compared). Never fails on time. Target (issue #7):
< 0.5 s for 10,000 draws over 10 years.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time

from herningmodel.economics.cut import Cut
from herningmodel.economics.model import (
    Baseline,
    BusinessCase,
    Effects,
    Investment,
    Shift,
)
from herningmodel.economics.realisation import QuarterActual, add_quarters, compare, forecast_of
from herningmodel.economics.scenario import Scenario
from herningmodel.economics.uncertainty import Distribution, monte_carlo, tornado
from herningmodel.economics.whatif import project_cut

TARGET = 0.5


def pilot(years: int) -> BusinessCase:
    return BusinessCase(
        horizon=years,
        investment=Investment(
            extra_workers=4, cost_per_worker=550_000, training=100_000, one_off=(250_000,)
        ),
        baseline=Baseline(
            children=(150, 80, 60, 5, 15, 10),
            cost_per_child=(5_000, 30_000, 120_000, 300_000, 470_000, 1_160_000),
        ),
        effects=Effects(
            shifts=(Shift(6, 3, 0.3), Shift(6, 5, 0.1), Shift(5, 4, 0.1)),
            duration_change=(0, 0, 0.05, 0, 0, -0.1),
            ramp_up=(0.4, 0.8, 1.0),
        ),
    )


DISTRIBUTIONS = {
    "effects.shift.6-3": Distribution("triangular", min=0.1, mode=0.3, max=0.4),
    "effects.shift.6-5": Distribution("uniform", min=0.0, max=0.2),
    "effects.shift.5-4": Distribution("uniform", min=0.0, max=0.2),
    "effects.success_rate": Distribution("uniform", min=0.6, max=1.0),
    "effects.duration_change.6": Distribution("normal", mean=-0.1, sd=0.05),
    "investment.cost_per_worker": Distribution("normal", mean=550_000, sd=25_000),
    "baseline.cost_per_child.6": Distribution("lognormal", median=1_160_000, sd_log=0.1),
    "baseline.cost_per_child.3": Distribution("lognormal", median=120_000, sd_log=0.15),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=10_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    case = pilot(args.years)
    monte_carlo(case, DISTRIBUTIONS, draws=100, seed=0)  # warm-up (imports, caches)
    times = []
    for i in range(args.repeat):
        start = time.perf_counter()
        mc = monte_carlo(case, DISTRIBUTIONS, draws=args.draws, seed=i)
        times.append(time.perf_counter() - start)
    start = time.perf_counter()
    tornado(case, DISTRIBUTIONS)
    tornado_time = time.perf_counter() - start
    median = statistics.median(times)
    print(f"Monte Carlo: {args.draws:,} draws x {args.years} years, {len(DISTRIBUTIONS)} params")
    print(
        f"  median of {args.repeat}: {median:.4f} s (target < {TARGET} s, ratio "
        f"{median / TARGET:.3f}); {args.draws / median:,.0f} draws/s"
    )
    print(f"  P(break-even by year {args.years}): {mc.probability_by(args.years):.2f}")
    print(f"Tornado ({len(DISTRIBUTIONS)} parameters): {tornado_time * 1000:.2f} ms")
    cut = Cut(amount=2_000_000, from_year=2)
    start = time.perf_counter()
    projection = project_cut(case, cut)
    print(
        f"Cut what-if (2,000,000 kr from year 2, two engine runs): "
        f"{(time.perf_counter() - start) * 1000:.2f} ms; net negative from year "
        f"{projection.net_negative_year or 'never'}"
    )
    scenario = Scenario("bench", case, DISTRIBUTIONS, draws=args.draws, seed=1)
    start = time.perf_counter()
    forecast = forecast_of(scenario)
    first = dt.date(2020, 1, 1)
    quarters = [
        QuarterActual(add_quarters(first, k), [0.0] * 6, [0.0] * 6) for k in range(4 * args.years)
    ]
    compare(forecast, first, quarters)
    print(
        f"Benefit realisation ({args.draws:,}-draw band, {len(quarters)} quarters): "
        f"{time.perf_counter() - start:.4f} s"
    )


if __name__ == "__main__":
    main()
