"""The budget-cut what-if: the engine with and without a cut on the early steps."""

from __future__ import annotations

import pytest

from herningmodel.economics.cut import Cut
from herningmodel.economics.model import Baseline, BusinessCase, InputError, Investment
from herningmodel.economics.whatif import project_cut
from tests.economics.test_model import toy


def small() -> BusinessCase:
    # 10 children on step 3 at 10 kr (100 kr a year); steps 4, 5, 6 cost 50, 100, 200 a
    # child-year but have no children. No effects, 4 years.
    return BusinessCase(
        horizon=4,
        discount_rate=0.0,
        investment=Investment(),
        baseline=Baseline(children=(0, 0, 10, 0, 0, 0), cost_per_child=(0, 0, 10, 50, 100, 200)),
    )


def test_a_small_cut_by_hand() -> None:
    # 20 kr a year less on step 3 from year 2 = 2 child-years of help lost each year. Half of
    # them (1 child) reach step 5 a year later and stay 2 years.
    # Step 5 children: year 3: 1 (from year 2); year 4: 2 (from years 2 and 3).
    # Cost with the cut: 100, 80, 80 + 100, 80 + 200; without: 100 each year.
    # Effect: 0, 20, -80, -180; cumulative 0, 20, -60, -240 -> net negative from year 3.
    cut = Cut(
        amount=20,
        from_year=2,
        steps=(3,),
        escalation_share=0.5,
        delay_years=1,
        stay_years=2,
        destination=(0, 1, 0),
    )
    result = project_cut(small(), cut)
    assert [r.children_with[2] for r in result.rows] == pytest.approx([10, 8, 8, 8])
    assert [r.children_with[4] for r in result.rows] == pytest.approx([0, 0, 1, 2])
    assert [r.cost_with for r in result.rows] == pytest.approx([100, 80, 180, 280])
    assert [r.effect for r in result.rows] == pytest.approx([0, 20, -80, -180])
    assert [r.cumulative_effect for r in result.rows] == pytest.approx([0, 20, -60, -240])
    assert [r.cut_saving for r in result.rows] == pytest.approx([0, 20, 20, 20])
    assert [r.extra_cost for r in result.rows] == pytest.approx([0, 0, 100, 200])
    assert result.short_run_saving == pytest.approx(20)
    assert result.long_run_cost == pytest.approx(300)
    assert result.total_effect == pytest.approx(-240)
    assert result.net_negative_year == 3


def test_a_zero_cut_changes_nothing() -> None:
    result = project_cut(toy(), Cut(amount=0, from_year=1))
    for row in result.rows:
        assert row.children_with == row.children_without
        assert row.effect == 0
    assert result.npv_with == result.npv_without
    assert result.break_even_with == result.break_even_without
    assert result.net_negative_year is None


def test_a_bigger_cut_costs_more_later() -> None:
    costs = [
        project_cut(small(), Cut(amount=amount, from_year=1, steps=(3,))).long_run_cost
        for amount in (10, 30, 60)
    ]
    assert 0 < costs[0] < costs[1] < costs[2]


def test_the_cut_cannot_take_more_than_is_spent() -> None:
    # Step 3 costs 100 kr a year: a 1,000 kr cut takes all 10 children off it, no more.
    result = project_cut(small(), Cut(amount=1000, from_year=1, steps=(3,)))
    assert result.rows[0].children_with[2] == 0
    assert result.rows[0].cut_saving == pytest.approx(100)


def test_the_cut_is_shared_by_spend_over_the_steps() -> None:
    # Step 2: 10 children at 10 kr (100); step 3: 10 at 30 kr (300). A 40 kr cut takes 10 kr
    # from step 2 (1 child) and 30 kr from step 3 (1 child): each loses 10 % of its children.
    case = BusinessCase(
        horizon=1,
        investment=Investment(),
        baseline=Baseline(children=(0, 10, 10, 0, 0, 0), cost_per_child=(0, 10, 30, 0, 0, 0)),
    )
    row = project_cut(case, Cut(amount=40, from_year=1, escalation_share=0)).rows[0]
    assert row.children_with[1:3] == pytest.approx((9, 9))
    assert row.cut_saving == pytest.approx(40)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"amount": -1}, "cut.amount"),
        ({"from_year": 0}, "cut.from_year"),
        ({"steps": (4,)}, "cut.steps"),
        ({"steps": ()}, "cut.steps"),
        ({"escalation_share": 1.5}, "cut.escalation_share"),
        ({"stay_years": 0}, "cut.stay_years"),
        ({"destination": (0.5, 0.5, 0.5)}, "cut.destination"),
    ],
)
def test_bad_cut_names_the_field(kwargs, field) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError) as error:
        Cut(**{"amount": 10, "from_year": 1, **kwargs})
    assert error.value.field == field


def test_a_cut_after_the_horizon_is_refused() -> None:
    with pytest.raises(InputError, match="after the horizon") as error:
        project_cut(small(), Cut(amount=10, from_year=5))
    assert error.value.field == "cut.from_year"
