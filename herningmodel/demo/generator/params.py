"""The simulation's parameters: sizes, the pilot timetable and the model's effect sizes.

Every default is documented next to its value and calibrated against ``DOMAIN.md`` (the
calibration table in ``docs/demo-data.md`` shows what the defaults produce). Rates are per child
per year unless said otherwise; "model" means a district that has switched to the Herning model
on the day in question, "usual" one that has not (yet).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass


class BadDemoInput(ValueError):
    """Bad input to the generator: nothing has been written."""


@dataclass(frozen=True)
class Size:
    children: int  # children 0–17 living in the municipality (stationary population)
    districts: int  # school districts; the first ``pilot_districts`` are the pilot
    teams_per_district: int


SIZES: dict[str, Size] = {
    # Fast enough for the test suite (a few seconds), still with pilot, control and a squeeze.
    "small": Size(children=1500, districts=5, teams_per_district=1),
    # About Herning: ≈ 20,000 children 0–17, ≈ 10 school districts.
    "default": Size(children=20000, districts=10, teams_per_district=1),
    # About Copenhagen: ≈ 100,000 children 0–17.
    "large": Size(children=100000, districts=15, teams_per_district=2),
}


@dataclass(frozen=True)
class Params:
    """Effect sizes and base rates. Change them with ``dataclasses.replace``."""

    size: Size
    seed: int
    start: dt.date  # first day of the history (1 January of the start year)
    today: dt.date  # last day of the history: nothing is dated after it

    # The simulation starts this many years before the history, so that the first day already
    # has ongoing cases and placements (clip.py); only the history itself is written.
    burn_in_years: int = 6

    # --- the pilot and the roll-out (DOMAIN §1: 3 districts ≈ 20 %, roll-out two years on)
    pilot_districts: int = 3
    pilot_share: float = 0.20  # share of the children living in the pilot districts
    pilot_after_years: int = 2  # the pilot starts on 1 January of start year + this
    rollout_after_years: int = 2  # the other districts follow this many years later
    squeeze_after_years: int = 1  # the squeeze district's budget cut: years after roll-out

    # --- notifications (DOMAIN §6: 97,288–137,986 a year for ≈ 1.2 m children, 58,987–79,001
    # children concerned: ≈ 80–115 notifications and 50–65 children per 1,000 a year)
    notification_rate: float = 0.062  # base rate for a child with risk 1
    risk_shape: float = 0.3  # gamma shape of the per-child risk: small = concentrated
    teen_factor: float = 1.6  # notifications rise with age (13–17 against 0–5)
    repeat_factor: float = 3.0  # notification rate while a case is open (schools keep notifying)
    # Cases opened before birth, per birth: ≈ 3 % of new cases before, ≈ 9 % under the model
    # (DOMAIN §6).
    unborn_rate_usual: float = 0.016
    unborn_rate_model: float = 0.065

    # --- from notification to case
    # Notifications needing acute measures (an acute placement): about a fifth of placements.
    acute_share: float = 0.006
    acute_institution_model: float = 0.4  # under the model most acute placements are in families
    open_case_usual: float = 0.40  # first notifications leading to a § 20 assessment
    open_case_model: float = 0.50  # the model acts earlier on the first notification
    focused_share: float = 0.15  # § 19 focused assessments
    young_bonus_model: float = 0.25  # extra chance of acting for children under 6 (model)
    # Under the model health nurses and day-care notice (and notify about) the youngest earlier.
    young_notification_factor_model: float = 1.4
    assessment_days: tuple[int, int] = (25, 115)  # usual span of a § 20 assessment
    late_assessment_share: float = 0.10  # assessments over 4 months (preliminary recorded)

    # --- the step after the assessment: weights of none, step 2, 3, 4, 5, 6 (placements are
    # more likely for teenagers and never in an institution for children under 6: first_step)
    first_step_usual: tuple[float, ...] = (0.20, 0.18, 0.48, 0.02, 0.05, 0.08)
    first_step_model: tuple[float, ...] = (0.18, 0.27, 0.50, 0.03, 0.035, 0.015)
    institution_days_usual: tuple[int, int] = (240, 1100)
    institution_days_model: tuple[int, int] = (90, 365)  # intensive, time-limited (DOMAIN §1)
    foster_days: tuple[int, int] = (300, 1800)
    home_days: tuple[int, int] = (150, 700)
    home_hours_usual: float = 3.0  # hours a week of home-based support
    home_hours_model: float = 3.6  # slightly higher home-based cost under the model

    # --- case work under each regime
    caseload_usual: int = 48  # open cases per caseworker (DOMAIN §6: about double 24)
    caseload_model: int = 24
    follow_up_usual: int = 6  # months between follow-ups (SEL: 6)
    follow_up_model: int = 3  # (Herning: every 3 months)
    late_follow_up_share: float = 0.15  # follow-ups held more than a month late
    meeting_share_usual: float = 0.35  # cases with a network meeting before the decision
    meeting_share_model: float = 0.90
    meeting_at_follow_up_model: float = 0.50  # network meeting at a follow-up (model)
    handover_rate_usual: float = 0.25  # handovers per case-year
    handover_rate_model: float = 0.08  # one caseworker from start to end
    step_down_share: float = 0.30  # follow-ups with moving goals that step down
    step_up_share: float = 0.12  # follow-ups with worse goals that step up

    # --- the failure mode: one district's budget squeeze after the roll-out
    squeeze_step_down_without_follow_up: float = 0.6
    squeeze_renotify_factor: float = 3.0  # more re-notifications within 12 months of closure
    squeeze_step_up_after_down: float = 0.35


def params_for(
    size: str = "default", *, seed: int = 1, start_year: int | None = None, today: dt.date
) -> Params:
    """Checked parameters; raises BadDemoInput before anything is written."""
    if size not in SIZES:
        raise BadDemoInput(f"Unknown size {size!r}: choose one of {', '.join(SIZES)}.")
    if seed < 0:
        raise BadDemoInput(f"The seed must be 0 or more, not {seed}.")
    year = start_year if start_year is not None else today.year - 8
    if year > today.year:
        raise BadDemoInput(f"The start year {year} is in the future.")
    pilot_after = Params.pilot_after_years
    if year > today.year - pilot_after:
        raise BadDemoInput(
            f"The start year {year} leaves no time for the pilot, which starts {pilot_after} "
            f"years into the history: choose {today.year - pilot_after} or earlier."
        )
    if year < 2016:
        raise BadDemoInput(
            f"The start year {year} is before the shipped price list (from 2016): "
            "episodes before it could not be costed."
        )
    return Params(size=SIZES[size], seed=seed, start=dt.date(year, 1, 1), today=today)


def origin(params: Params) -> dt.date:
    """The first day of the simulation (before the burn-in is cut off)."""
    return dt.date(params.start.year - params.burn_in_years, 1, 1)


def with_changes(params: Params, **changes: object) -> Params:
    return dataclasses.replace(params, **changes)  # type: ignore[arg-type]
