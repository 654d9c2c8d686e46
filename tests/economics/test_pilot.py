"""Herning's pilot as a business case: results move the right way when each input moves.

The pilot (DOMAIN §1, §6): 4 extra social workers (8 instead of 4) at about 550,000 kr a year,
fewer institution placements, slightly more home-based cost.
"""

from __future__ import annotations

import dataclasses

from herningmodel.economics.model import (
    Baseline,
    BusinessCase,
    Effects,
    Investment,
    Shift,
    summarise,
)

BASELINE = Baseline(
    children=(150, 80, 60, 5, 15, 10),
    cost_per_child=(5_000, 30_000, 120_000, 300_000, 470_000, 1_160_000),
)


def pilot(
    workers: float = 4,
    institution_shift: float = 0.30,
    home_based_cost: float = 120_000,
    discount_rate: float = 0.035,
) -> BusinessCase:
    costs = list(BASELINE.cost_per_child)
    costs[2] = home_based_cost
    return BusinessCase(
        horizon=6,
        discount_rate=discount_rate,
        investment=Investment(
            extra_workers=workers, cost_per_worker=550_000, training=100_000, one_off=(250_000,)
        ),
        baseline=Baseline(children=BASELINE.children, cost_per_child=tuple(costs)),
        effects=Effects(
            shifts=(Shift(6, 3, institution_shift), Shift(6, 5, 0.10)), ramp_up=(0.4, 0.8, 1.0)
        ),
    )


def test_the_pilot_pays_back_within_the_horizon() -> None:
    summary = summarise(pilot())
    assert summary.break_even_year is not None
    assert 2 <= summary.break_even_year <= 5
    assert summary.npv > 0
    # Home-based cost rises while institution cost falls (cost shifting, DOMAIN §8).
    assert summary.rows[-1].savings > 0


def test_more_workers_break_even_later() -> None:
    base, more = summarise(pilot()), summarise(pilot(workers=5))
    assert base.break_even_year is not None
    assert more.break_even_year is not None
    assert more.break_even_year > base.break_even_year
    assert more.total_net < base.total_net


def test_a_bigger_institution_shift_breaks_even_earlier() -> None:
    base, bigger = summarise(pilot()), summarise(pilot(institution_shift=0.5))
    assert base.break_even_year is not None
    assert bigger.break_even_year is not None
    assert bigger.break_even_year < base.break_even_year
    assert bigger.total_net > base.total_net


def test_dearer_home_based_care_lowers_the_savings() -> None:
    base, dearer = summarise(pilot()), summarise(pilot(home_based_cost=200_000))
    assert dearer.total_net < base.total_net
    assert all(d.savings < b.savings for d, b in zip(dearer.rows, base.rows, strict=True))


def test_a_higher_discount_rate_lowers_a_positive_npv() -> None:
    low, high = summarise(pilot(discount_rate=0.0)), summarise(pilot(discount_rate=0.08))
    assert high.npv < low.npv
    # The undiscounted break-even does not depend on the rate.
    assert high.break_even_year == low.break_even_year


def test_without_effect_the_pilot_never_breaks_even() -> None:
    case = pilot()
    none = dataclasses.replace(case, effects=Effects())
    assert summarise(none).break_even_year is None
