"""The estimators recover a known effect, and agree with statsmodels fitted directly."""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.formula.api as smf

from herningmodel.evaluation import did
from herningmodel.evaluation.staggered import Staggered
from tests.evaluation.simulate import panel

SEEDS = range(50)


def covered(estimate: did.Estimate, truth: float) -> bool:
    return estimate.ci_low <= truth <= estimate.ci_high


def test_2x2_covers_the_true_effect_in_at_least_90_percent_of_seeds() -> None:
    hits = [
        covered(
            did.did_2x2(
                panel(seed),
                outcome="y",
                treated="treated",
                post="post",
                se="cluster",
                cluster="unit",
            ),
            2.0,
        )
        for seed in SEEDS
    ]
    assert np.mean(hits) >= 0.9


@pytest.mark.parametrize("se", ["classical", "robust"])
def test_2x2_on_cross_sections_covers_the_effect(se: str) -> None:
    # Many units, two periods: the classical and robust errors are close to right.
    hits = []
    for seed in SEEDS:
        frame = panel(seed, periods=2, cohorts=(2.0,), units=200)
        hits.append(
            covered(did.did_2x2(frame, outcome="y", treated="treated", post="post", se=se), 2.0)
        )
    assert np.mean(hits) >= 0.9


def test_twfe_covers_the_true_effect_in_at_least_90_percent_of_seeds() -> None:
    hits = [
        covered(did.twfe(panel(seed), outcome="y", unit="unit", time="time", treatment="d"), 2.0)
        for seed in SEEDS
    ]
    assert np.mean(hits) >= 0.9


def test_wild_cluster_bootstrap_covers_with_few_clusters() -> None:
    hits = []
    for seed in range(30):
        estimate = did.twfe(
            panel(seed, units=12),
            outcome="y",
            unit="unit",
            time="time",
            treatment="d",
            bootstrap=199,
            seed=seed,
        )
        assert "wild cluster bootstrap" in estimate.se_type
        hits.append(covered(estimate, 2.0))
    assert np.mean(hits) >= 0.9


def test_callaway_santanna_covers_the_true_effect_with_staggered_dynamic_effects() -> None:
    hits = []
    for seed in SEEDS:
        frame = panel(seed, cohorts=(3.0, 5.0, 7.0), never_share=0.25, effect=1.0, growth=0.5)
        result = did.callaway_santanna(
            frame, outcome="y", unit="unit", time="time", first_treated="first_treated"
        )
        hits.append(covered(result.overall, target(result)))
    assert np.mean(hits) >= 0.9


def target(result: Staggered) -> float:
    """The true simple-aggregation ATT of the cells estimated: effect 1 + 0.5 per period since
    adoption, weighted by the number of treated units."""
    cells = [c for c in result.cells if c.time >= c.group]
    weights = np.array([c.n_treated for c in cells], dtype=float)
    truths = np.array([1.0 + 0.5 * (c.time - c.group) for c in cells])
    return float(weights @ truths / weights.sum())


def test_event_study_covers_every_lag_and_the_pre_trend_test_rarely_rejects() -> None:
    coverage = []
    rejections = []
    for seed in SEEDS:
        frame = panel(seed, cohorts=(4.0, 6.0), never_share=0.4, effect=1.0, growth=0.5)
        study = did.event_study(
            frame, outcome="y", unit="unit", time="time", first_treated="first_treated"
        )
        for c in study.coefficients:
            truth = 0.0 if c.relative < 0 else 1.0 + 0.5 * c.relative
            coverage.append(c.reference or c.ci_low <= truth <= c.ci_high)
        rejections.append(study.pretrend_p < 0.05)
    assert np.mean(coverage) >= 0.9
    assert np.mean(rejections) <= 0.15


def test_event_study_pre_trend_test_detects_a_violation() -> None:
    frame = panel(3, units=80, cohorts=(5.0,), never_share=0.5)
    frame.loc[frame["treated"] == 1, "y"] += 0.8 * frame["time"]  # diverging before adoption
    study = did.event_study(
        frame, outcome="y", unit="unit", time="time", first_treated="first_treated"
    )
    assert study.pretrend_p < 0.01
    assert next(c for c in study.coefficients if c.relative == -1).reference


def test_naive_twfe_is_biased_under_staggered_adoption_while_callaway_santanna_is_not() -> None:
    naive_errors = []
    cs_errors = []
    for seed in range(20):
        frame = panel(
            seed,
            units=60,
            periods=10,
            cohorts=(3.0, 6.0, 9.0),
            never_share=0.0,
            effect=0.0,
            growth=1.0,
        )
        naive = did.twfe(frame, outcome="y", unit="unit", time="time", treatment="d")
        assert any("Staggered adoption" in w for w in naive.warnings)
        result = did.callaway_santanna(
            frame, outcome="y", unit="unit", time="time", first_treated="first_treated"
        )
        truth = target_growth(result)
        naive_errors.append(naive.estimate - truth)
        cs_errors.append(result.overall.estimate - truth)
    assert abs(np.mean(naive_errors)) > 1.0  # far from the truth ...
    assert abs(np.mean(cs_errors)) < 0.2  # ... while Callaway–Sant'Anna is close


def target_growth(result: Staggered) -> float:
    cells = [c for c in result.cells if c.time >= c.group]
    weights = np.array([c.n_treated for c in cells], dtype=float)
    truths = np.array([1.0 * (c.time - c.group) for c in cells])
    return float(weights @ truths / weights.sum())


@pytest.mark.parametrize(
    ("se", "fit_kwargs"),
    [
        ("classical", {}),
        ("robust", {"cov_type": "HC1", "use_t": True}),
        ("cluster", {"cov_type": "cluster", "use_t": True}),
    ],
)
def test_2x2_matches_statsmodels_to_6_significant_digits(se: str, fit_kwargs: dict) -> None:
    frame = panel(7)
    frame["age"] = np.random.default_rng(7).integers(0, 18, len(frame))
    if se == "cluster":
        fit_kwargs = {**fit_kwargs, "cov_kwds": {"groups": frame["unit"].factorize()[0]}}
    direct = smf.ols("y ~ treated * post + age", data=frame).fit(**fit_kwargs)
    ours = did.did_2x2(
        frame,
        outcome="y",
        treated="treated",
        post="post",
        covariates=["age"],
        se=se,
        cluster="unit" if se == "cluster" else None,
    )
    name = "treated:post"
    low, high = direct.conf_int().loc[name]
    expected = [direct.params[name], direct.bse[name], direct.pvalues[name], low, high]
    got = [ours.estimate, ours.se, ours.p_value, ours.ci_low, ours.ci_high]
    np.testing.assert_allclose(got, expected, rtol=1e-6)
    assert ours.n == direct.nobs


def test_twfe_matches_statsmodels_to_6_significant_digits() -> None:
    frame = panel(11, cohorts=(4.0,))
    direct = smf.ols("y ~ d + C(unit) + C(time)", data=frame).fit(
        cov_type="cluster", cov_kwds={"groups": frame["unit"].factorize()[0]}, use_t=True
    )
    ours = did.twfe(frame, outcome="y", unit="unit", time="time", treatment="d")
    low, high = direct.conf_int().loc["d"]
    np.testing.assert_allclose(
        [ours.estimate, ours.se, ours.p_value, ours.ci_low, ours.ci_high],
        [direct.params["d"], direct.bse["d"], direct.pvalues["d"], low, high],
        rtol=1e-6,
    )
    assert ours.n_clusters == 40
    assert ours.estimator.startswith("two-way fixed effects")


def test_callaway_santanna_single_cell_equals_a_2x2_on_changes() -> None:
    # One cohort, one post period: ATT(g, g) is the difference in mean changes.
    frame = panel(5, periods=2, cohorts=(2.0,))
    result = did.callaway_santanna(
        frame, outcome="y", unit="unit", time="time", first_treated="first_treated"
    )
    wide = frame.pivot(index="unit", columns="time", values="y")
    change = wide[2] - wide[1]
    treated = frame.groupby("unit")["treated"].first()
    expected = change[treated == 1].mean() - change[treated == 0].mean()
    assert result.overall.estimate == pytest.approx(expected, rel=1e-12)
    # And its standard error is the (n-scaled) two-sample one.
    n1, n0 = (treated == 1).sum(), (treated == 0).sum()
    se = np.sqrt(change[treated == 1].var(ddof=0) / n1 + change[treated == 0].var(ddof=0) / n0)
    assert result.overall.se == pytest.approx(se, rel=1e-9)
