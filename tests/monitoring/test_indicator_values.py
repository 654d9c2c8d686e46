"""Every indicator on the hand-built town, against values worked out by hand (see conftest)."""

from __future__ import annotations

import pytest

from herningmodel.monitoring import indicators
from herningmodel.monitoring.indicators import Result

pytestmark = pytest.mark.django_db


def value(result: Result, district: str, series: str = "") -> float | None:
    keys = [k for k, _label in result.columns]
    row = next(r for r in result.rows if r.label == district)
    return row.cells[keys.index(series)].value


def run(town, indicator_id: str) -> Result:  # type: ignore[no-untyped-def]
    return indicators.evaluate(indicators.get(indicator_id), town.q1)


@pytest.mark.parametrize(
    ("indicator_id", "district", "series", "expected"),
    [
        # North: w1 holds C1, C2, C7 and w2 holds C6 at 31 March (C8's case closed) → 4 / 2.
        ("open_cases_per_caseworker", "North", "", 2.0),
        ("open_cases_per_caseworker", "South", "", 2.0),
        ("open_cases_per_caseworker", "All districts", "", 6 / 3),
        # Team North's target is 2: w1 (3) is above, w2 (1) is not.
        ("caseworkers_over_target", "North", "", 50.0),
        ("caseworkers_over_target", "South", "", 0.0),
        # Five North cases active in Q1, C1's was handed over.
        ("continuity", "North", "", 80.0),
        ("continuity", "All districts", "", 6 / 7 * 100),
        # 24-hour assessments due in Q1: North 2 of 3 on time, South 1 of 1.
        ("deadlines_on_time", "North", "acute_24h", 2 / 3 * 100),
        ("deadlines_on_time", "South", "acute_24h", 100.0),
        # Three notifications in North (1,000 children), one in South (500 children).
        ("notifications_per_1000", "North", "", 3.0),
        ("notifications_per_1000", "South", "", 2.0),
        ("notifications_per_1000", "All districts", "", 4 / 1500 * 1000),
        # Opened in Q1: C6 before birth (0), C7 aged 9, C8 aged 5.
        ("age_at_opening", "North", "", 14 / 3),
        ("age_at_opening", "South", "", None),
        ("opened_before_birth_or_age_0", "North", "", 100 / 3),
        # C8's case closed 1 February; C8 was notified again on 1 June.
        ("renotified_within_12_months", "North", "", 100.0),
        # Step 3: C1 and C2; step 5: C2; step 6: C3 (C3's step 4 ended in 2024).
        ("children_per_1000_by_step", "North", "3", 2.0),
        ("children_per_1000_by_step", "North", "4", 0.0),
        ("children_per_1000_by_step", "North", "6", 1.0),
        ("children_per_1000_by_step", "South", "3", 2.0),
        ("placements_per_1000", "North", "", 2.0),
        ("placements_per_1000", "South", "", 0.0),
        ("placement_type_shares", "North", "5", 50.0),
        ("placement_type_shares", "North", "4", 0.0),
        # Ended in Q1: C2's foster care 2024-01-01..2025-02-15 (412 days), C3's institution
        # 2025-03-01..03-20 (20 days).
        ("placement_duration", "North", "", 216.0),
        ("placement_breakdowns", "North", "", 50.0),
        ("step_moves", "North", "down", 1.0),
        ("step_moves", "North", "up", 0.0),
        ("step_moves", "North", "total", 1.0),
        # C2 stepped down from 5 on 15 February and was back on step 5 on 1 May.
        ("step_up_after_step_down", "North", "", 100.0),
        # C2 had no progression measurement before the step-down.
        ("step_downs_without_measurement", "North", "", 100.0),
        # Started in Q1: North C2 (step 3), C3 (step 6), neither a programme;
        # South C5 (step 3, a documented programme).
        ("evidence_based_share", "North", "", 0.0),
        ("evidence_based_share", "South", "", 100.0),
        # C1 (step 3) went from 4 to 7 on a 1–10 ruler: (7 − 4) / 9 × 100.
        ("progression_change_by_step", "North", "3", 100 / 3),
        # Ledger: North step 3 3,000 kr, step 5 45,000 kr over 1,000 children.
        ("cost_per_child", "North", "3", 3.0),
        ("cost_per_child", "North", "5", 45.0),
        ("cost_per_child", "North", "total", 48.0),
        ("cost_per_child", "South", "3", 3.0),
        ("unit_cost_by_step", "North", "5", 22500.0),
        ("unit_cost_by_step", "North", "3", 1000.0),
        # Budget: step 3 18,000 a year (4,500 a quarter; North 3,000 + South 1,500 spent),
        # step 5 120,000 (30,000 a quarter).
        ("spend_vs_budget", "All districts", "3", 100.0),
        ("spend_vs_budget", "All districts", "5", 150.0),
        ("spend_vs_budget", "All districts", "2", None),
    ],
)
def test_indicator_value(town, indicator_id, district, series, expected) -> None:  # type: ignore[no-untyped-def]
    got = value(run(town, indicator_id), district, series)
    if expected is None:
        assert got is None
    else:
        assert got == pytest.approx(expected)


def test_every_indicator_has_a_hand_computed_test() -> None:
    import inspect

    source = inspect.getsource(inspect.getmodule(test_indicator_value))  # type: ignore[arg-type]
    for ind in indicators.all_indicators():
        assert f'"{ind.id}"' in source, ind.id


def test_pilot_and_control_rows_sum_their_districts(town) -> None:  # type: ignore[no-untyped-def]
    result = run(town, "notifications_per_1000")
    pilot = result.row("group", "pilot")
    assert pilot is not None
    assert pilot.cells[0].value == pytest.approx(3.0)
    control = result.row("group", "control")
    assert control is not None
    assert control.cells[0].value == pytest.approx(2.0)


def test_progression_per_intervention_type(town) -> None:  # type: ignore[no-untyped-def]
    from herningmodel.staircase.models import Episode

    result = run(town, "progression_change_by_intervention_type")
    c1_type = Episode.objects.get(child__first_name="C1").intervention_type.code
    c5_type = Episode.objects.get(child__first_name="C5").intervention_type.code
    # Whole area, one column per catalogue type: C1's type went from 4 to 7 on a 1–10 ruler;
    # no one else was measured, so C5's type (a programme) has no value.
    assert [r.kind for r in result.rows] == ["total"]
    assert value(result, "All districts", c1_type) == pytest.approx(100 / 3)
    assert value(result, "All districts", c5_type) is None
    # One child behind the figure: a politician sees "<5".
    hidden = indicators.suppress(result)
    keys = [k for k, _label in hidden.columns]
    assert hidden.rows[-1].cells[keys.index(c1_type)].suppressed
