"""Plausibility per kind (docs/import-formats.md, beside each column): a value that is a valid
number or date but cannot be true of a child's case is refused with row, column, value and the
rule, and nothing of the file is written. The example child DUBU-1001 was born 14-03-2015."""

from __future__ import annotations

from pathlib import Path

import pytest

from herningmodel.audit.models import AuditEvent
from herningmodel.cases.models import Case, Decision
from herningmodel.interchange.pipeline import ImportFailed
from herningmodel.progress.models import Measurement
from herningmodel.staircase.models import Episode, InterventionType, LedgerEntry, Unit
from tests.interchange.test_kinds import import_examples, rewrite, run

MODELS = (Case, Decision, Episode, LedgerEntry, Measurement)


def refused(kind: str, path: Path) -> tuple[int, str, str, str]:
    events = AuditEvent.objects.count()
    counts = [m.objects.count() for m in MODELS]
    with pytest.raises(ImportFailed) as caught:
        run(kind, path)
    assert AuditEvent.objects.count() == events
    assert [m.objects.count() for m in MODELS] == counts
    [error] = caught.value.errors
    return error.row, error.column, error.value, error.message


@pytest.mark.parametrize(
    ("kind", "change", "column", "message"),
    [
        # Interventions, cases and measurements may be up to ten months before birth (support
        # to expectant parents, a case from a notification before birth), not earlier.
        ("episodes", {"start": "13-05-2014"}, "start", "before the child was born (2015-03-14)"),
        ("cases", {"opened_on": "10-01-2014"}, "opened_on", "before the child was born"),
        # A measurement in a case about an unborn child (the family's situation): the same.
        ("measurements", {"measured_on": "13-03-2014"}, "measured_on", "before the child was"),
        # A child's case ends at 23 (efterværn): nothing dated from the 23rd birthday.
        ("episodes", {"start": "14-03-2038"}, "start", "23 or older on this date"),
        ("measurements", {"measured_on": "14-03-2038"}, "measured_on", "23 or older"),
        ("decisions", {"decided_on": "14-03-2038"}, "decided_on", "23 or older"),
    ],
)
def test_dates_outside_the_childs_life_are_refused(
    db: None, tmp_path: Path, kind: str, change: dict[str, str], column: str, message: str
) -> None:
    import_examples(until=kind)
    row, found_column, value, found = refused(kind, rewrite(tmp_path, kind, change))
    assert (row, found_column, value) == (2, column, change[column])
    assert message in found


def test_support_to_expectant_parents_may_start_before_the_birth(db: None, tmp_path: Path) -> None:
    """Rule: an intervention up to ten months before the birth is stored as given."""
    import_examples(until="episodes")
    run("episodes", rewrite(tmp_path, "episodes", {"start": "01-01-2015", "price": "500"}))
    assert str(Episode.objects.get(external_id="IND-1").start) == "2015-01-01"


def test_more_hours_a_week_than_a_week_has_are_refused(db: None, tmp_path: Path) -> None:
    """Rule: an hourly intervention's planned volume is hours per week, at most 168 (1.234
    hours a week was once stored)."""
    import_examples(until="episodes")
    hourly = InterventionType.objects.filter(unit=Unit.HOUR).values_list("code", flat=True)
    code = hourly.first()
    assert code is not None
    change = {"type": code, "planned_volume": "1.234", "price": "500"}
    row, column, value, message = refused("episodes", rewrite(tmp_path, "episodes", change))
    assert (row, column, value) == (2, "planned_volume", "1.234")
    assert message == "At most 168 hours a week (the hours of a week)."


def test_a_negative_monthly_cost_is_refused(db: None, tmp_path: Path) -> None:
    """Rule: a payments row sets a month's booked cost; a negative one is a sign error."""
    import_examples(until="payments")
    row, column, value, message = refused(
        "payments", rewrite(tmp_path, "payments", {"amount": "-6.360,00"})
    )
    assert (row, column, value) == (2, "amount", "-6.360,00")
    assert "cannot be negative" in message
