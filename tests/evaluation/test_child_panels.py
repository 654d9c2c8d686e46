"""Child × period panels, on a hand-built municipality of five children in two districts."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from herningmodel.evaluation import child_panels, did
from herningmodel.evaluation.child_panels import ChildRecords
from herningmodel.evaluation.results import EvaluationInputError
from herningmodel.monitoring.scope import parse_period

D = dt.date
YEARS = [parse_period("2020"), parse_period("2021")]


def records() -> ChildRecords:
    children = pd.DataFrame(
        [
            (1, "Pilotby", D(2010, 5, 1)),
            (2, "Pilotby", D(2021, 3, 1)),  # born in 2021: only in the 2021 row
            (3, "Kontrolby", D(2002, 6, 1)),  # 18 on 1 June 2020: in 2020, not in 2021
            (4, "Kontrolby", D(2015, 1, 1)),
            (5, "Kontrolby", None),  # unborn: in no row
        ],
        columns=["child_id", "district", "birth_date"],
    )
    episodes = pd.DataFrame(
        [
            (1, 3, D(2019, 10, 1), D(2020, 2, 28)),
            (1, 6, D(2020, 3, 1), D(2020, 12, 31)),  # institution all of 2020
            (1, 5, D(2021, 1, 1), None),  # then a foster family, still running
            (4, 2, D(2021, 6, 1), D(2021, 9, 30)),
        ],
        columns=["child_id", "step", "start", "end"],
    )
    costs = pd.DataFrame(
        [(1, D(2020, 3, 1), 100_000.0), (1, D(2020, 4, 1), 100_000.0), (1, D(2021, 1, 1), 40_000.0)]
        + [(4, D(2021, 6, 1), 5_000.0)],
        columns=["child_id", "month", "amount"],
    )
    notifications = pd.DataFrame(
        [(1, D(2019, 9, 1)), (1, D(2020, 2, 1)), (4, D(2021, 5, 1)), (4, D(2021, 7, 1))],
        columns=["child_id", "received"],
    )
    scores = pd.DataFrame(
        [
            (1, D(2021, 2, 1), 10, 40.0),
            (1, D(2021, 8, 1), 10, 60.0),  # +20 on dimension 10
            (1, D(2021, 2, 1), 11, 50.0),
            (1, D(2021, 8, 1), 11, 40.0),  # −10 on dimension 11 → mean +5
            (4, D(2021, 6, 1), 10, 30.0),  # one measurement: no change
        ],
        columns=["child_id", "measured_on", "dimension_id", "pct"],
    )
    return ChildRecords(
        children=children,
        episodes=episodes,
        costs=costs,
        notifications=notifications,
        scores=scores,
        model_starts={"Pilotby": D(2021, 1, 1), "Kontrolby": None},
    )


@pytest.fixture
def panel() -> pd.DataFrame:
    return child_panels.build(records(), YEARS).set_index(["child_id", "period"]).sort_index()


def test_children_aged_0_to_17_at_the_period_start_and_born_by_its_end(panel) -> None:  # type: ignore[no-untyped-def]
    assert list(panel.index) == [
        (1, "2020"),
        (1, "2021"),
        (2, "2021"),
        (3, "2020"),
        (4, "2020"),
        (4, "2021"),
    ]


def test_placements_steps_and_costs_per_child_and_period(panel) -> None:  # type: ignore[no-untyped-def]
    assert panel.loc[(1, "2020"), ["step", "placed", "institution"]].tolist() == [6, 1, 1]
    assert panel.loc[(1, "2021"), ["step", "placed", "institution"]].tolist() == [5, 1, 0]
    assert panel.loc[(4, "2021"), ["step", "placed", "institution"]].tolist() == [2, 0, 0]
    assert panel.loc[(4, "2020"), "step"] == 0
    assert panel.loc[(1, "2020"), "cost"] == 200_000.0
    assert panel.loc[(1, "2021"), "cost"] == 40_000.0
    assert panel.loc[(4, "2021"), "cost"] == 5_000.0


def test_re_notification_is_a_notification_after_an_earlier_one(panel) -> None:  # type: ignore[no-untyped-def]
    assert panel.loc[(1, "2020"), "renotified"] == 1  # notified in 2019, again in 2020
    assert panel.loc[(4, "2021"), "renotified"] == 1  # the July notification repeats May's
    assert panel.loc[(4, "2020"), "renotified"] == 0
    assert panel.loc[(1, "2021"), "renotified"] == 0


def test_progression_change_needs_two_measurements(panel) -> None:  # type: ignore[no-untyped-def]
    assert panel.loc[(1, "2021"), "progression_change"] == pytest.approx(5.0)
    assert np.isnan(panel.loc[(4, "2021"), "progression_change"])
    assert np.isnan(panel.loc[(1, "2020"), "progression_change"])


def test_treatment_timing_comes_from_the_childs_district(panel) -> None:  # type: ignore[no-untyped-def]
    assert panel.loc[(1, "2020"), ["first_treated", "treated_now"]].tolist() == [2, 0]
    assert panel.loc[(1, "2021"), ["first_treated", "treated_now"]].tolist() == [2, 1]
    assert panel.loc[(2, "2021"), "treated_now"] == 1
    assert panel.loc[(4, "2021"), ["first_treated", "treated_now"]].tolist() == [0, 0]


def simulated(effect: float, *, seed: int, districts: int = 8, per: int = 40) -> pd.DataFrame:
    """Children in `districts` districts over 4 periods; half the districts adopt in period 3."""
    rng = np.random.default_rng(seed)
    rows = []
    for d in range(districts):
        level = rng.normal(0, 1)
        first = 3 if d < districts // 2 else 0
        for c in range(per):
            child = d * per + c
            for t in range(1, 5):
                treated = int(first and t >= first)
                y = level + 0.3 * t + effect * treated + rng.normal(0, 1)
                rows.append((child, f"D{d}", t, first, treated, y))
    return pd.DataFrame(
        rows, columns=["child_id", "district", "time", "first_treated", "treated_now", "cost"]
    )


def test_child_level_did_matches_statsmodels_clustered_by_district() -> None:
    panel = simulated(2.0, seed=3)
    estimate = child_panels.child_did(panel, "cost")
    direct = did.twfe(panel, outcome="cost", unit="district", time="time", treatment="treated_now")
    assert estimate.estimate == pytest.approx(direct.estimate, rel=1e-6)
    assert estimate.se == pytest.approx(direct.se, rel=1e-6)
    assert estimate.n_clusters == 8
    assert estimate.estimator == child_panels.ESTIMATOR_CHILD
    assert estimate.ci_low < 2.0 < estimate.ci_high
    assert any("fewer than 30" in w for w in estimate.warnings)
    assert estimate.extra["children"] == 320


def test_child_level_did_uses_the_last_cohort_as_not_yet_treated_comparison() -> None:
    panel = simulated(0.0, seed=4)
    # Make the "never" districts adopt in period 5, after the data: all adopt in the end.
    panel.loc[panel["first_treated"] == 0, "first_treated"] = 4
    panel.loc[(panel["first_treated"] == 4) & (panel["time"] >= 4), "treated_now"] = 1
    estimate = child_panels.child_did(panel, "cost", bootstrap=199, seed=1)
    assert estimate.n == 8 * 40 * 3  # period 4 (the last cohort's adoption) left out
    assert any("last cohort" in w for w in estimate.warnings)
    assert "wild cluster bootstrap" in estimate.se_type


def test_wild_bootstrap_in_cluster_space_matches_the_draw_by_draw_definition() -> None:
    panel = simulated(1.0, seed=5, districts=6, per=5)
    fast = did.twfe(
        panel,
        outcome="cost",
        unit="district",
        time="time",
        treatment="treated_now",
        bootstrap=99,
        seed=2,
    )
    # Draw by draw: y* = fitted + resid · w[cluster], refit, cluster-robust t.
    x = did.twfe_design(
        panel, unit="district", time="time", treatment=panel["treated_now"], covariates=()
    ).to_numpy(dtype=float)
    y = panel["cost"].to_numpy()
    groups = pd.factorize(panel["district"].astype(str))[0]
    weights = np.random.default_rng(2).choice(np.array([-1.0, 1.0]), size=(6, 99))
    x0 = np.delete(x, 1, axis=1)
    fitted0 = x0 @ np.linalg.lstsq(x0, y, rcond=None)[0]
    n, k = x.shape
    bread = np.linalg.pinv(x.T @ x)
    t_r = []
    for r in range(99):
        y_star = fitted0 + (y - fitted0) * weights[groups, r]
        beta = bread @ x.T @ y_star
        resid = y_star - x @ beta
        meat = sum(
            np.outer(x[groups == g].T @ resid[groups == g], x[groups == g].T @ resid[groups == g])
            for g in range(6)
        )
        v = 6 / 5 * (n - 1) / (n - k) * bread @ meat @ bread
        t_r.append(beta[1] / np.sqrt(v[1, 1]))
    p_slow = float(np.mean(np.abs(t_r) >= abs(fast.estimate / fast.se)))
    assert fast.p_value == pytest.approx(p_slow)


def test_child_level_bad_input_is_refused_in_plain_words() -> None:
    panel = simulated(1.0, seed=6)
    with pytest.raises(EvaluationInputError, match="Unknown child-level outcome 'name'"):
        child_panels.child_did(panel, "name")
    words = panel.astype({"cost": object})
    words.loc[0, "cost"] = "a lot"
    with pytest.raises(EvaluationInputError, match="must be numeric; found 'a lot'"):
        child_panels.child_did(words, "cost")
    never = panel.assign(first_treated=0, treated_now=0)
    with pytest.raises(EvaluationInputError, match="treatment never varies"):
        child_panels.child_did(never, "cost")
    one = panel[(panel["first_treated"] == 0) | (panel["district"] == "D0")]
    with pytest.raises(EvaluationInputError, match="Fewer than 2 units per group"):
        child_panels.child_did(one, "cost")
