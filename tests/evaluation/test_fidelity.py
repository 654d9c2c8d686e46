"""The fidelity index's seven components, on the monitoring tests' hand-built town (2025Q1;
North a pilot, South a control), with network meetings and plans added and the values worked
out by hand."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from herningmodel.cases.models import Case, Goal, NetworkMeeting, Plan
from herningmodel.evaluation import fidelity
from herningmodel.monitoring.scope import parse_period
from tests.monitoring.conftest import Town, town  # noqa: F401 - the fixture, reused

pytestmark = pytest.mark.django_db
D = dt.date


def case_of(name: str) -> Case:
    return Case.objects.get(child__first_name=name)


def meeting(case: Case, held: dt.date) -> None:
    NetworkMeeting.objects.create(case=case, held_on=held, recorded_by=case.caseworker)


def plan(case: Case, approved: dt.date | None, *, goals: int, family: str) -> None:
    made = Plan.objects.create(
        case=case, approved_on=approved, familys_words=family, updated_by=case.caseworker
    )
    for i in range(goals):
        Goal.objects.create(plan=made, text=f"Mål {i + 1} (fiktivt)")


@pytest.fixture
def work(town: Town) -> pd.DataFrame:  # noqa: F811
    # Cases open in 2025Q1 and for at least 92 days by 31 March (opened by 29 December 2024):
    # North C1 (opened 2024-05-01) and C2 (2023-12-01); South C5 (2024-11-01), C9 (2024-10-01).
    meeting(case_of("C1"), D(2024, 8, 1))  # counts: after opening, before the period's end
    meeting(case_of("C2"), D(2023, 11, 1))  # before C2's case opened: does not count
    meeting(case_of("C7"), D(2025, 3, 1))  # C7's case opened 28 Feb 2025: too new to count
    meeting(case_of("C5"), D(2025, 3, 31))  # the period's last day counts
    meeting(case_of("C9"), D(2025, 1, 20))
    # Plans: the latest plan approved by 31 March decides.
    plan(case_of("C1"), D(2024, 9, 1), goals=1, family="Vi vil have ro om morgenen.")  # yes
    plan(case_of("C2"), D(2025, 1, 15), goals=0, family="Mere tid sammen.")  # no goal
    plan(case_of("C7"), D(2025, 4, 15), goals=2, family="Ord")  # approved after the period
    plan(case_of("C5"), D(2025, 2, 1), goals=1, family="")  # not in the family's words
    plan(case_of("C9"), D(2024, 12, 1), goals=0, family="")  # superseded by …
    plan(case_of("C9"), D(2025, 3, 1), goals=1, family="At gå i skole hver dag.")  # yes
    plan(case_of("C9"), None, goals=0, family="")  # a draft: never counted
    table = fidelity.fidelity_panel([parse_period("2025Q1")], suppressed=False)
    return table.set_index("district")


def test_all_seven_core_components_are_in_the_index() -> None:
    assert [c.key for c in fidelity.COMPONENTS] == [
        "caseload",
        "continuity",
        "follow_ups",
        "network_meetings",
        "family_goals",
        "low_steps",
        "evidence",
    ]


def test_network_meetings_held_since_the_case_opened(work: pd.DataFrame) -> None:
    assert work.loc["North", "network_meetings"] == pytest.approx(50.0)  # C1 of C1, C2
    assert work.loc["South", "network_meetings"] == pytest.approx(100.0)  # C5 and C9


def test_plans_with_the_familys_goals_judged_on_the_latest_approved_plan(
    work: pd.DataFrame,
) -> None:
    assert work.loc["North", "family_goals"] == pytest.approx(50.0)  # C1 of C1, C2
    assert work.loc["South", "family_goals"] == pytest.approx(50.0)  # C9 of C5, C9


def test_the_index_is_the_mean_of_the_components_available(work: pd.DataFrame) -> None:
    keys = [c.key for c in fidelity.COMPONENTS]
    # North's caseload and continuity are worked out by hand in the monitoring tests: one of
    # two workers over target (→ 50), four of five cases kept their caseworker (→ 80).
    assert work.loc["North", "caseload"] == pytest.approx(50.0)
    assert work.loc["North", "continuity"] == pytest.approx(80.0)
    for district in ("North", "South"):
        found = work.loc[district, keys].dropna()
        assert len(found) >= fidelity.MIN_COMPONENTS
        assert work.loc[district, "index"] == pytest.approx(found.mean())


def test_components_about_few_children_are_hidden_when_shown(town: Town) -> None:  # noqa: F811
    meeting(case_of("C1"), D(2024, 8, 1))
    shown = fidelity.fidelity_panel([parse_period("2025Q1")]).set_index("district")
    # Two cases a district: disclosure control hides the share (fewer than 5 children).
    assert shown["network_meetings"].isna().all()
