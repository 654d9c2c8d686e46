"""Is a prototype decision supported by its measured result? (Hedensted: "dare to stop").

Pure: a comparison, whether it is hidden and which way is better go in; a reading of the result
and the reasons a decision departs from it come out. The service refuses a departing decision
unless a justification is recorded, and the page, API and audit trail show it beside the
decision, so "stop: no clear difference" can no longer stand next to a clear improvement.

Reading the 95 % interval of the difference (trial − comparison):

- it excludes zero: a clear difference, an improvement or a worsening depending on which way the
  indicator is good (``Good``); a clear interval supports its direction however wide it is;
- it includes zero and is at most ``MAX_WIDTH`` wide: no clear difference, and the interval is
  narrow enough to say that a large effect was ruled out, which supports stopping;
- it includes zero and is wider than ``MAX_WIDTH``: inconclusive; absence of evidence is not
  evidence of no effect, so stopping or scaling on it needs a reason (adjusting and trying
  again is what a wide interval calls for);
- a group singles out 1–4 children: hidden; no one may see the result, so every decision needs a
  reason, and the reading says nothing more (a refusal naming a contradiction would leak it).
"""

from __future__ import annotations

import enum

from django.utils.translation import gettext_lazy as _

from herningmodel.coordination.effect import Comparison
from herningmodel.monitoring.indicators import Good

# 30 percentage points: with shares near 50 % that takes about 80 cases per group. A wider
# interval that includes zero cannot tell "no effect" from an effect worth scaling.
MAX_WIDTH = 0.30


class Reading(enum.StrEnum):
    IMPROVED = "improved"
    WORSENED = "worsened"
    DIFFERENT = "different"  # clear, but the indicator is good neither way
    NO_CLEAR_DIFFERENCE = "no_clear_difference"
    INCONCLUSIVE = "inconclusive"
    HIDDEN = "hidden"


READING_LABELS = {
    Reading.IMPROVED: _("a clear improvement"),
    Reading.WORSENED: _("a clear worsening"),
    Reading.DIFFERENT: _("a clear difference"),
    Reading.NO_CLEAR_DIFFERENCE: _("no clear difference"),
    Reading.INCONCLUSIVE: _("an interval too wide to decide on"),
    Reading.HIDDEN: _("a result hidden by disclosure control"),
}


class Departure(enum.StrEnum):
    """Why a decision needs a justification; the values are the error codes."""

    RESULT_HIDDEN = "result_hidden"
    INTERVAL_TOO_WIDE = "interval_too_wide"
    CONTRADICTS_RESULT = "contradicts_result"


def stored(value: str) -> Reading | None:
    """A reading kept on a decided prototype, or None for one decided before readings were kept."""
    return Reading(value) if value in {r.value for r in Reading} else None


def read(result: Comparison, good: Good, *, hidden: bool) -> Reading:
    if hidden:
        return Reading.HIDDEN
    if result.clear:
        if good is Good.NEITHER:
            return Reading.DIFFERENT
        better = result.difference > 0 if good is Good.UP else result.difference < 0
        return Reading.IMPROVED if better else Reading.WORSENED
    if result.high - result.low > MAX_WIDTH:
        return Reading.INCONCLUSIVE
    return Reading.NO_CLEAR_DIFFERENCE


# What each decision is supported by; anything else is a departure from the result.
SUPPORTED_BY = {
    "scale": {Reading.IMPROVED},
    "stop": {Reading.WORSENED, Reading.NO_CLEAR_DIFFERENCE, Reading.DIFFERENT},
    "adjust": {
        Reading.IMPROVED,
        Reading.WORSENED,
        Reading.DIFFERENT,
        Reading.NO_CLEAR_DIFFERENCE,
        Reading.INCONCLUSIVE,
    },
}


def departure(decision: str, reading: Reading) -> Departure | None:
    """Why this decision does not follow from this reading, or None when it does."""
    if reading in SUPPORTED_BY.get(decision, set()):
        return None
    if reading is Reading.HIDDEN:
        return Departure.RESULT_HIDDEN
    if reading is Reading.INCONCLUSIVE:
        return Departure.INTERVAL_TOO_WIDE
    return Departure.CONTRADICTS_RESULT


def consistent_decision(reading: Reading) -> str:
    """The decision the result supports on its own: scale, stop, or adjust and try again."""
    if reading is Reading.IMPROVED:
        return "scale"
    if reading in (Reading.WORSENED, Reading.NO_CLEAR_DIFFERENCE):
        return "stop"
    return "adjust"
