"""Child × period panels: one row per child and period, with the child's outcomes and the
treatment timing of the child's district, and the child-level difference-in-differences on them.

District panels (`panels.py`) give each district one number a period, so ten districts make
ten observations a period whatever their size. A child-level panel keeps every child, so the
estimate weighs districts by their children and can use outcomes that only exist per child
(a progression change, a step). Inference must still be clustered by district: the treatment
varies by district, not by child, so the number of districts — not of children — decides how
sure we can be (hence the small-cluster warning and the wild cluster bootstrap).

`build` is pure (pandas only) and tested on a hand-built fixture; `load_records` reads the
database into the plain frames it takes. The rows carry the internal child id and are never
shown: the page shows only the estimate.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
from django.utils.translation import gettext_lazy as _

from herningmodel.evaluation import did
from herningmodel.evaluation.panels import _first_treated
from herningmodel.evaluation.results import (
    Estimate,
    EvaluationInputError,
    gettext,
    gettext_noop,
    numeric_column,
    require_columns,
)
from herningmodel.monitoring.scope import Period

#: Children count from birth up to (not including) this age at the start of a period.
MAX_AGE = 18
#: The estimator's name (English; shown translated when an estimate is made).
ESTIMATOR_CHILD = gettext_noop(
    "child-level difference-in-differences (children × periods; district and period fixed "
    "effects; clustered by district)"
)


@dataclass(frozen=True)
class ChildOutcome:
    key: str
    label: object  # a lazy translation, resolved when shown
    scale: float = 1.0  # the estimate is reported per `scale` children (e.g. per 1,000)


#: The child-level outcomes. 0/1 outcomes are reported per 1,000 children, as the district
#: indicators are.
CHILD_OUTCOMES = (
    ChildOutcome("institution", _("Child in an institution (step 6), per 1,000 children"), 1000),
    ChildOutcome("placed", _("Child placed (steps 4–6), per 1,000 children"), 1000),
    ChildOutcome("cost", _("Cost per child (kr)")),
    ChildOutcome("step", _("Highest step during the period (0 = none)")),
    ChildOutcome("renotified", _("Notified again, per 1,000 children"), 1000),
    ChildOutcome("progression_change", _("Progression change (percent of the scale, + = better)")),
)


@dataclass(frozen=True)
class ChildRecords:
    """The plain data a child panel is built from.

    children:      child_id, district, birth_date (date)
    episodes:      child_id, step (1–6), start, end (date or None = still running)
    costs:         child_id, month (first day), amount (kr)
    notifications: child_id, received (date)
    scores:        child_id, measured_on, dimension_id, pct (0–100, higher = better)
    model_starts:  district → model start (None: never)
    """

    children: pd.DataFrame
    episodes: pd.DataFrame
    costs: pd.DataFrame
    notifications: pd.DataFrame
    scores: pd.DataFrame
    model_starts: dict[str, dt.date | None]


def build(records: ChildRecords, chosen: list[Period]) -> pd.DataFrame:
    """One row per child aged 0–17 at the start of the period (born by its end):
    child_id, district, period, time, first_treated, treated_now, and the outcomes
      institution  1 if on step 6 at any time in the period, else 0
      placed       1 if on steps 4–6 at any time in the period, else 0
      step         highest step of any intervention in the period, 0 if none
      cost         kroner booked on the child in the period's months
      renotified   1 if notified in the period having been notified before, else 0
      progression_change  mean over dimensions of last − first score in the period (percent
                   of the scale, + = better); missing with fewer than two measurements.
    """
    children = records.children.dropna(subset=["birth_date"])
    episodes = records.episodes
    notifications = records.notifications.sort_values("received")
    first_notified = notifications.groupby("child_id")["received"].transform("min")
    repeats = notifications.loc[notifications["received"] > first_notified]
    frames = []
    for time, period in enumerate(chosen, start=1):
        born = children["birth_date"] <= period.end
        young = children["birth_date"] > _years_before(period.start, MAX_AGE)
        rows = children.loc[born & young, ["child_id", "district"]].copy()
        rows["period"] = period.label
        rows["time"] = time
        running = episodes.loc[
            (episodes["start"] <= period.end)
            & (episodes["end"].isna() | (episodes["end"] >= period.start))
        ]
        top = running.groupby("child_id")["step"].max()
        rows["step"] = rows["child_id"].map(top).fillna(0).astype(int)
        rows["placed"] = (rows["step"] >= 4).astype(int)
        rows["institution"] = (rows["step"] == 6).astype(int)
        booked = records.costs.loc[
            (records.costs["month"] >= period.start) & (records.costs["month"] <= period.end)
        ]
        rows["cost"] = rows["child_id"].map(booked.groupby("child_id")["amount"].sum()).fillna(0.0)
        again = repeats.loc[
            (repeats["received"] >= period.start) & (repeats["received"] <= period.end),
            "child_id",
        ]
        rows["renotified"] = rows["child_id"].isin(set(again)).astype(int)
        rows["progression_change"] = rows["child_id"].map(_progression(records.scores, period))
        frames.append(rows)
    columns = ["child_id", "district", "period", "time", "step", "placed", "institution", "cost"]
    columns += ["renotified", "progression_change"]
    panel = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
    firsts = {name: _first_treated(start, chosen) for name, start in records.model_starts.items()}
    panel["first_treated"] = panel["district"].map(firsts).fillna(0).astype(int)
    panel["treated_now"] = (
        (panel["first_treated"] > 0) & (panel["time"] >= panel["first_treated"])
    ).astype(int)
    return panel


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _progression(scores: pd.DataFrame, period: Period) -> pd.Series:
    inside = scores.loc[
        (scores["measured_on"] >= period.start) & (scores["measured_on"] <= period.end)
    ].sort_values(["measured_on"], kind="stable")
    by = inside.groupby(["child_id", "dimension_id"])["pct"]
    change = pd.DataFrame({"n": by.size(), "change": by.last() - by.first()})
    change = change.loc[change["n"] >= 2, "change"]
    return change.groupby(level="child_id").mean()


def child_did(
    panel: pd.DataFrame,
    outcome: ChildOutcome | str,
    *,
    bootstrap: int = 0,
    seed: int = 0,
) -> Estimate:
    """outcome ~ treated_now + district FE + period FE on the child rows, clustered by district.

    If every district adopts in the end, only the periods before the last cohort adopts are
    used, so that cohort is the not-yet-treated comparison and no already-treated district
    serves as a control. With more than two cohorts the TWFE staggered-adoption warning stays.
    """
    spec = outcome if isinstance(outcome, ChildOutcome) else _outcome(outcome)
    warnings: list[str] = []
    data = panel
    if not (panel["first_treated"] == 0).any():
        last = int(panel["first_treated"].max())
        data = panel.loc[panel["time"] < last]
        warnings.append(
            gettext(
                "Every district adopts the model in the end: only the periods before the last "
                "cohort adopts are used, with that cohort as the not-yet-treated comparison."
            )
        )
    if data.empty:
        raise EvaluationInputError(
            gettext("No child rows before the last cohort adopts the model.")
        )
    require_columns(data, [spec.key, "district", "time", "treated_now"])
    scaled = numeric_column(data, spec.key, what="outcome") * spec.scale
    estimate = did.twfe(
        data.assign(**{f"{spec.key}_scaled": scaled}),
        outcome=f"{spec.key}_scaled",
        unit="district",
        time="time",
        treatment="treated_now",
        se="cluster",
        bootstrap=bootstrap,
        seed=seed,
    )
    return dataclasses.replace(
        estimate,
        estimator=gettext(ESTIMATOR_CHILD),
        warnings=tuple(warnings) + estimate.warnings,
        extra={"children": int(data["child_id"].nunique()), "outcome": spec.key},
    )


def _outcome(key: str) -> ChildOutcome:
    for spec in CHILD_OUTCOMES:
        if spec.key == key:
            return spec
    raise EvaluationInputError(
        gettext("Unknown child-level outcome %(key)s: use %(choices)s.")
        % {"key": repr(key), "choices": ", ".join(o.key for o in CHILD_OUTCOMES)}
    )


def load_records() -> ChildRecords:
    """Read the database into the plain frames `build` takes (no personal data beyond ids and
    birth dates; nothing leaves the process)."""
    from django.db.models import Sum
    from django.utils import timezone

    from herningmodel.cases.models import Notification
    from herningmodel.organisation.models import District
    from herningmodel.people.models import Child
    from herningmodel.progress.models import Score
    from herningmodel.staircase.models import Episode, LedgerEntry

    names = dict(District.objects.values_list("pk", "name"))
    children = pd.DataFrame(
        list(Child.objects.values_list("pk", "district_id", "birth_date")),
        columns=["child_id", "district_id", "birth_date"],
    )
    children["district"] = children["district_id"].map(names)
    episodes = pd.DataFrame(
        list(Episode.objects.values_list("child_id", "step__number", "start", "end")),
        columns=["child_id", "step", "start", "end"],
    )
    costs = pd.DataFrame(
        list(
            LedgerEntry.objects.values("child_id", "month")
            .annotate(total=Sum("amount"))
            .order_by()
            .values_list("child_id", "month", "total")
        ),
        columns=["child_id", "month", "amount"],
    )
    costs["amount"] = costs["amount"].astype(float)
    notifications = pd.DataFrame(
        [
            (child, timezone.localtime(received).date())
            for child, received in Notification.objects.values_list("child_id", "received_at")
        ],
        columns=["child_id", "received"],
    )
    raw = pd.DataFrame(
        list(
            Score.objects.values_list(
                "measurement__child_id",
                "measurement__measured_on",
                "dimension_id",
                "value",
                "dimension__minimum",
                "dimension__maximum",
                "measurement__instrument__higher_is_better",
            )
        ),
        columns=["child_id", "measured_on", "dimension_id", "value", "low", "high", "up"],
    )
    pct = (raw["value"] - raw["low"]) / (raw["high"] - raw["low"]).replace(0, np.nan) * 100
    raw["pct"] = pct.where(raw["up"].astype(bool), 100 - pct)
    return ChildRecords(
        children=children,
        episodes=episodes,
        costs=costs,
        notifications=notifications,
        scores=raw[["child_id", "measured_on", "dimension_id", "pct"]],
        model_starts=dict(District.objects.values_list("name", "model_start")),
    )
