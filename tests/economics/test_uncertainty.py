"""Monte Carlo and tornado: exact agreement with the engine when nothing is uncertain."""

from __future__ import annotations

import numpy as np
import pytest

from herningmodel.economics.model import InputError, evaluate, summarise
from herningmodel.economics.uncertainty import Distribution, monte_carlo, tornado
from tests.economics.test_pilot import pilot


def test_point_distributions_reproduce_the_deterministic_result_exactly() -> None:
    case = pilot()
    points = {name: Distribution("point", value=v) for name, v in case.parameters().items()}
    mc = monte_carlo(case, points, draws=500, seed=7)
    summary = summarise(case)
    exact = [r.cumulative_net for r in summary.rows]
    for p in (5.0, 50.0, 95.0):
        assert mc.cumulative_net.band(p) == exact
        assert mc.net.band(p) == [r.net for r in summary.rows]
    assert mc.npv == (summary.npv,) * 3
    assert summary.break_even_year is not None
    expected = [0.0] * (summary.break_even_year - 1)
    expected += [1.0] * (len(summary.rows) - summary.break_even_year + 1)
    assert list(mc.break_even_probability) == expected


def test_same_seed_same_answer_and_bands_are_ordered() -> None:
    case = pilot()
    dists = {
        "effects.shift.6-3": Distribution("triangular", min=0.1, mode=0.3, max=0.4),
        "investment.cost_per_worker": Distribution("normal", mean=550_000, sd=30_000),
        "baseline.cost_per_child.6": Distribution("lognormal", median=1_160_000, sd_log=0.1),
        "effects.success_rate": Distribution("uniform", min=0.6, max=1.0),
    }
    one = monte_carlo(case, dists, draws=2000, seed=3)
    two = monte_carlo(case, dists, draws=2000, seed=3)
    assert one.npv == two.npv
    assert one.break_even_probability == two.break_even_probability
    assert (one.cumulative_net.values == two.cumulative_net.values).all()
    low, mid, high = (np.array(one.cumulative_net.band(p)) for p in (5.0, 50.0, 95.0))
    assert (low <= mid).all()
    assert (mid <= high).all()
    assert (low < high).any()
    probs = one.break_even_probability
    assert all(a <= b for a, b in zip(probs, probs[1:], strict=False))
    assert 0.0 <= one.probability_by(6) <= 1.0


def test_tornado_ranks_the_institution_shift_above_training() -> None:
    case = pilot()
    dists = {
        "effects.shift.6-3": Distribution("uniform", min=0.1, max=0.5),
        "investment.training": Distribution("uniform", min=50_000, max=150_000),
        "discount_rate": Distribution("point", value=0.035),
    }
    base, bars = tornado(case, dists)
    assert base == pytest.approx(summarise(case).npv)
    assert [b.parameter for b in bars] == ["effects.shift.6-3", "investment.training"]
    assert bars[0].npv_at_high > base > bars[0].npv_at_low
    assert bars[1].npv_at_high < bars[1].npv_at_low  # more training cost, lower NPV


def test_tornado_low_high_are_the_5th_and_95th_percentiles() -> None:
    rng = np.random.default_rng(0)
    for dist in (
        Distribution("uniform", min=0, max=10),
        Distribution("triangular", min=0, mode=2, max=10),
        Distribution("normal", mean=5, sd=2),
        Distribution("lognormal", median=5, sd_log=0.3),
    ):
        low, high = dist.low_high()
        draws = dist.sample(rng, 200_000)
        assert np.percentile(draws, 5) == pytest.approx(low, rel=0.02)
        assert np.percentile(draws, 95) == pytest.approx(high, rel=0.02)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"kind": "uniform", "min": 5, "max": 1}, "x.min"),
        ({"kind": "triangular", "min": 0, "mode": 3, "max": 2}, "x.mode"),
        ({"kind": "normal", "mean": 0, "sd": -1}, "x.sd"),
        ({"kind": "lognormal", "median": 0, "sd_log": 1}, "x.median"),
        ({"kind": "beta"}, "x"),
    ],
)
def test_bad_distributions_name_the_field(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(InputError) as caught:
        Distribution(name="x", **kwargs)  # type: ignore[arg-type]
    assert caught.value.field == field


def test_unknown_parameter_and_bad_draws() -> None:
    with pytest.raises(InputError, match="uncertainty.effects.shift.1-2"):
        monte_carlo(pilot(), {"effects.shift.1-2": Distribution("point", value=0.1)})
    with pytest.raises(InputError, match="uncertainty.draws"):
        monte_carlo(pilot(), {}, draws=0)


def test_sampled_shares_are_clipped_and_scaled() -> None:
    case = pilot()
    draws = {
        "effects.shift.6-3": np.array([1.5, -0.2]),
        "effects.shift.6-5": np.array([1.0, 0.0]),
    }
    result = evaluate(case, draws)
    # Draw 0: shares scaled to 0.6 + 0.4 = 1 -> no child is left on step 6 at full effect.
    # Draw 1: nothing moves -> savings are 0 in every year.
    assert (result.savings[1] == 0).all()
    assert (result.savings[0] > 0).all()
