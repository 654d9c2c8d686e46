"""Bad input gives a clear error or an explicit warning, never a silent number."""

from __future__ import annotations

import pytest

from herningmodel.evaluation import did
from herningmodel.evaluation.results import EvaluationInputError
from tests.evaluation.simulate import panel


def test_missing_columns_are_named() -> None:
    with pytest.raises(EvaluationInputError, match="Missing column.*nope"):
        did.did_2x2(panel(1), outcome="nope", treated="treated", post="post")


def test_non_numeric_outcome_is_refused_with_the_bad_value() -> None:
    frame = panel(1)
    frame["y"] = frame["y"].astype(object)
    frame.loc[3, "y"] = "many"
    with pytest.raises(EvaluationInputError, match="must be numeric; found 'many'"):
        did.did_2x2(frame, outcome="y", treated="treated", post="post")
    with pytest.raises(EvaluationInputError, match="must be numeric"):
        did.callaway_santanna(
            frame, outcome="y", unit="unit", time="time", first_treated="first_treated"
        )


def test_a_treatment_that_never_varies_is_refused() -> None:
    frame = panel(1)
    frame["treated"] = 1
    with pytest.raises(EvaluationInputError, match="treatment never varies"):
        did.did_2x2(frame, outcome="y", treated="treated", post="post")
    frame["first_treated"] = 0
    with pytest.raises(EvaluationInputError, match="treatment never varies"):
        did.callaway_santanna(
            frame, outcome="y", unit="unit", time="time", first_treated="first_treated"
        )


def test_all_units_treated_at_once_is_refused() -> None:
    frame = panel(1, never_share=0.0, cohorts=(5.0,))
    with pytest.raises(EvaluationInputError, match="all units are treated at once"):
        did.twfe(frame, outcome="y", unit="unit", time="time", treatment="d")
    with pytest.raises(EvaluationInputError, match="all units are treated at once"):
        did.callaway_santanna(
            frame, outcome="y", unit="unit", time="time", first_treated="first_treated"
        )


def test_fewer_than_two_units_per_group_is_refused_or_warned() -> None:
    frame = panel(1, units=10)
    one_treated = frame[(frame["treated"] == 0) | (frame["unit"] == "u9")]
    with pytest.raises(EvaluationInputError, match="Fewer than 2 clusters"):
        did.did_2x2(
            one_treated, outcome="y", treated="treated", post="post", se="cluster", cluster="unit"
        )
    with pytest.raises(EvaluationInputError, match="Fewer than 2 units per group"):
        did.twfe(one_treated, outcome="y", unit="unit", time="time", treatment="d")
    result = did.callaway_santanna(
        one_treated, outcome="y", unit="unit", time="time", first_treated="first_treated"
    )
    assert any("Only 1 unit adopts" in w for w in result.overall.warnings)
    tiny = frame[frame["unit"].isin(["u0", "u9"]) & frame["time"].isin([4, 5])].iloc[1:]
    with pytest.raises(EvaluationInputError, match="Fewer than 2 observations"):
        did.did_2x2(tiny, outcome="y", treated="treated", post="post")


def test_few_clusters_warn_and_suggest_the_bootstrap() -> None:
    estimate = did.twfe(panel(1, units=10), outcome="y", unit="unit", time="time", treatment="d")
    assert any("fewer than 30" in w and "bootstrap" in w for w in estimate.warnings)


def test_non_binary_treatment_and_unknown_se_type_are_refused() -> None:
    frame = panel(1)
    frame.loc[0, "treated"] = 2
    with pytest.raises(EvaluationInputError, match="must be 0 or 1"):
        did.did_2x2(frame, outcome="y", treated="treated", post="post")
    with pytest.raises(EvaluationInputError, match="Unknown standard-error type"):
        did.did_2x2(panel(1), outcome="y", treated="treated", post="post", se="jackknife")


def test_missing_rows_are_counted_in_a_warning() -> None:
    frame = panel(1)
    frame.loc[:4, "y"] = None
    estimate = did.did_2x2(frame, outcome="y", treated="treated", post="post")
    assert "5 rows with missing values were left out." in estimate.warnings
    assert estimate.n == len(frame) - 5
    frame = panel(1)
    frame.loc[:0, "y"] = None
    estimate = did.did_2x2(frame, outcome="y", treated="treated", post="post")
    assert "1 row with missing values was left out." in estimate.warnings


def test_unbalanced_units_and_inconsistent_cohorts() -> None:
    frame = panel(1).drop(index=[0])
    result = did.callaway_santanna(
        frame, outcome="y", unit="unit", time="time", first_treated="first_treated"
    )
    assert any("balanced panel" in w for w in result.overall.warnings)
    frame = panel(1)
    frame.loc[frame.index[-1], "first_treated"] = 3
    with pytest.raises(EvaluationInputError, match="same in every row"):
        did.callaway_santanna(
            frame, outcome="y", unit="unit", time="time", first_treated="first_treated"
        )


def test_an_outcome_with_no_value_at_all_is_refused_not_a_crash() -> None:
    # A monthly child panel can have no progression change in any month.
    frame = panel(1)
    frame["y"] = float("nan")
    frame["d"] = (frame["time"] >= frame["first_treated"]) & (frame["first_treated"] > 0)
    with pytest.raises(EvaluationInputError, match=r"No row has a value .*\(y, "):
        did.twfe(frame, outcome="y", unit="unit", time="time", treatment="d")
