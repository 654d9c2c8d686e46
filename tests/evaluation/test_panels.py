"""District × period panels from the monitoring indicators, on the small demo."""

from __future__ import annotations

import datetime as dt

import pytest

from herningmodel.evaluation import fidelity, panels, staggered
from herningmodel.organisation.models import District, ModelStatus
from tests.evaluation.conftest import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def panel(small_demo, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        first = min(d.model_start for d in District.objects.exclude(model_start=None))
        chosen = panels.periods(first.replace(year=first.year - 2), TODAY, "year")
        return panels.district_panel(panels.OUTCOMES, chosen)


def test_panel_has_one_row_per_district_and_period(panel) -> None:  # type: ignore[no-untyped-def]
    assert not panel.duplicated(["district_id", "time"]).any()
    assert len(panel) == panel["district_id"].nunique() * panel["time"].nunique()
    pilots = panel[panel["status"] == ModelStatus.PILOT]
    controls = panel[panel["status"] == ModelStatus.CONTROL]
    assert pilots["first_treated"].max() < controls["first_treated"].replace(0, 99).min()


def test_pilot_effect_on_institutional_placements_is_negative(panel) -> None:  # type: ignore[no-untyped-def]
    # The generator sends fewer children to institutions under the model (DOMAIN §2, K22).
    # Five districts cannot make this significant, and the result must say so.
    result = staggered.callaway_santanna(
        panel,
        outcome="institution_per_1000",
        unit="district",
        time="time",
        first_treated="first_treated",
    )
    assert result.overall.estimate < 0
    assert any("fewer than 30" in w for w in result.overall.warnings)
    assert result.overall.n_clusters == 5


def test_fidelity_index_is_a_percentage_and_shown_only_where_monitoring_shows_it(panel) -> None:  # type: ignore[no-untyped-def]
    chosen = panels.periods(dt.date(2019, 1, 1), dt.date(2022, 12, 31), "year")
    shown = fidelity.fidelity_panel(chosen)
    full = fidelity.fidelity_panel(chosen, suppressed=False)
    for table in (shown, full):
        known = table["index"].dropna()
        assert ((known >= 0) & (known <= 100)).all()
    assert full["index"].notna().sum() >= shown["index"].notna().sum() > 0
    # A component hidden by disclosure control is never in the shown table.
    hidden = shown["continuity"].isna() & full["continuity"].notna()
    assert hidden.any()
    correlations = fidelity.associations(full, panel, "institution_per_1000")
    assert set(correlations.index) == {c.key for c in fidelity.COMPONENTS} | {"index"}
    assert correlations.dropna().between(-1, 1).all()


def test_month_periods_run_from_the_month_of_the_start_to_the_month_of_the_end() -> None:
    chosen = panels.periods(dt.date(2024, 11, 15), dt.date(2025, 2, 3), "month")
    assert [p.label for p in chosen] == ["2024-11", "2024-12", "2025-01", "2025-02"]
    assert chosen[1].start == dt.date(2024, 12, 1)
    assert chosen[1].end == dt.date(2024, 12, 31)
    assert chosen[3].end == dt.date(2025, 2, 28)
    with pytest.raises(ValueError, match="week"):
        panels.periods(dt.date(2024, 1, 1), dt.date(2024, 2, 1), "week")


def test_a_district_is_treated_from_the_first_whole_month_after_its_start() -> None:
    chosen = panels.periods(dt.date(2024, 11, 1), dt.date(2025, 2, 1), "month")
    # Started on 10 January: January is part-way, so February (period 4) is the first treated.
    assert panels._first_treated(dt.date(2025, 1, 10), chosen) == 4
    # Started on the first of the month: that month is treated.
    assert panels._first_treated(dt.date(2024, 12, 1), chosen) == 2
    assert panels._first_treated(dt.date(2025, 3, 1), chosen) == 0
    assert panels._first_treated(None, chosen) == 0


def test_a_month_panel_holds_each_months_indicator_values(panel) -> None:  # type: ignore[no-untyped-def]
    from herningmodel.monitoring import indicators
    from herningmodel.monitoring.scope import Scope

    started = District.objects.exclude(model_start=None).order_by("model_start").first()
    assert started is not None
    assert started.model_start is not None
    start = started.model_start
    chosen = panels.periods(start - dt.timedelta(days=40), start + dt.timedelta(days=40), "month")
    months = panels.district_panel(panels.OUTCOMES[2:3], chosen)
    assert len(months) == District.objects.count() * len(chosen)
    assert list(months["period"].unique()) == [p.label for p in chosen]
    row = months[(months["district_id"] == started.pk)].iloc[0]
    expected = 3 if start.day == 1 else 4  # the month of the start is treated only from day 1
    assert row["first_treated"] == expected
    # Each cell is the monitoring indicator for that district and month.
    result = indicators.evaluate(indicators.get("placements_per_1000"), Scope(chosen[0]))
    cell = next(r for r in result.rows if r.district_id == started.pk).cells[0]
    assert row["placements_per_1000"] == cell.value


def test_deadline_compliance_pools_every_kind_of_deadline() -> None:
    from herningmodel.monitoring import indicators
    from herningmodel.monitoring.scope import Scope, parse_period

    indicator = indicators.get("deadlines_on_time")
    cells = (
        indicators.Cell(3, 4, 2, 75.0),  # 3 of 4 acute assessments on time
        indicators.Cell(1, 2, 2, 50.0),  # 1 of 2 receipts
        indicators.Cell(0, 0, 0, None),  # no child assessment due
        indicators.Cell(0, 0, 0, None),
        indicators.Cell(0, 0, 0, None),
    )
    row = indicators.Row("North", "district", 1, "pilot", cells)
    result = indicators.Result(indicator, Scope(parse_period("2025")), indicator.series, (row,))
    # (3 + 1) / (4 + 2): each deadline weighs the same, not each kind.
    assert panels.outcome_value(result, row, panels.POOLED) == pytest.approx(100 * 4 / 6)
    assert panels.outcome_value(result, row, indicator.series[1][0]) == 50.0
    nothing = indicators.Row("South", "district", 2, "control", cells[2:] + cells[2:4])
    assert panels.outcome_value(result, nothing, panels.POOLED) is None


def test_the_panels_deadline_compliance_is_monitorings_deadlines_met_on_time(panel) -> None:  # type: ignore[no-untyped-def]
    from collections import Counter

    from herningmodel.cases import deadlines
    from herningmodel.monitoring.scope import Scope, parse_period
    from herningmodel.monitoring.themes import compliance

    assert panel["deadlines_on_time"].notna().any()
    last = panel[panel["deadlines_on_time"].notna()].iloc[-1]
    met: Counter[int] = Counter()
    due: Counter[int] = Counter()
    for case, d in compliance.counted_deadlines(Scope(parse_period(last["period"]))):
        due[case.district_id] += 1
        met[case.district_id] += d.state is deadlines.State.MET
    district = int(last["district_id"])
    assert due[district] > 0
    assert last["deadlines_on_time"] == pytest.approx(100 * met[district] / due[district])
    assert panel["deadlines_on_time"].dropna().between(0, 100).all()


def test_a_reports_indicator_results_evaluate_each_indicator_once_per_period() -> None:
    from unittest import mock

    from herningmodel.monitoring import indicators
    from herningmodel.monitoring.scope import parse_period

    results = panels.IndicatorResults()
    deadlines_met = indicators.get("deadlines_on_time")
    by_step = indicators.get("children_per_1000_by_step")
    with mock.patch.object(indicators, "evaluate", side_effect=lambda i, s: (i.id, s)) as evaluate:
        first = results.get(deadlines_met, parse_period("2024"))
        assert results.get(deadlines_met, parse_period("2024")) is first
        results.get(deadlines_met, parse_period("2025"))
        results.get(by_step, parse_period("2024"))
    assert evaluate.call_count == 3
    assert first[0] == "deadlines_on_time"
    assert first[1].period == parse_period("2024")
