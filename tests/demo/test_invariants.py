"""The generated history follows the process: the rules the case-work services enforce hold."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest
from django.db.models import Count, F, Min, Q, Sum

from herningmodel.audit.models import AuditEvent
from herningmodel.cases.models import (
    Assessment,
    Case,
    ChildTalk,
    Decision,
    FollowUp,
    Handover,
    NetworkMeeting,
    Notification,
)
from herningmodel.cases.queries import case_deadlines
from herningmodel.demo.fictitious import is_fictitious
from herningmodel.organisation.models import District, ModelStatus, Municipality
from herningmodel.people.models import Child
from herningmodel.progress.models import Measurement
from herningmodel.staircase import costing
from herningmodel.staircase.ledger import ledger_until, price_points
from herningmodel.staircase.models import Episode, LedgerEntry
from tests.demo.conftest import TODAY

pytestmark = pytest.mark.usefixtures("small_demo")


def test_it_is_a_demo_with_history_on_every_step(db):
    assert Municipality.objects.get().is_demo
    assert set(Episode.objects.values_list("step__number", flat=True)) == {1, 2, 3, 4, 5, 6}
    first = Notification.objects.aggregate(first=Min("received_at"))["first"]
    assert (TODAY - first.date()).days > 8 * 365
    for model in (Handover, NetworkMeeting, FollowUp, ChildTalk, Assessment):
        assert model.objects.exists(), model
    assert Case.objects.filter(reopens__isnull=False).exists()
    assert Case.objects.filter(
        Q(child__is_unborn=True) | Q(opened_on__lt=F("child__birth_date"))
    ).exists()


def test_every_row_passes_model_validation(db):
    for model in (Child, Case, Notification, Assessment, ChildTalk, Decision, Episode, FollowUp):
        for obj in model.objects.all()[:60]:
            obj.full_clean()


def test_no_episode_before_its_decision(db):
    assert Episode.objects.filter(decisions__isnull=True).count() == 0
    assert not Decision.objects.filter(episodes__start__lt=F("decided_on")).exists()


def test_no_placement_without_a_finished_assessment_unless_acute(db):
    placements = Decision.objects.filter(
        Q(legal_basis__in=["46", "47"]) | Q(episodes__step__number__gte=4)
    ).distinct()
    assert placements.exists()
    for decision in placements:
        assert decision.legal_basis in ("46", "47")
        finished = decision.case.assessments.filter(finished_on__lte=decision.decided_on)
        assert decision.acute or finished.exists(), decision.pk
        assert decision.child_talk is not None
        assert (decision.child_talk.held_on or decision.child_talk.not_held_on) <= (
            decision.decided_on
        )
        assert (decision.legal_basis == "46") == (decision.consent is True)


def test_ledger_totals_equal_the_pure_costing_of_each_episode(db):
    points = price_points()
    until = ledger_until(TODAY)
    totals = dict(
        LedgerEntry.objects.values_list("episode_id").annotate(total=Sum("amount")).order_by()
    )
    checked = 0
    for episode in Episode.objects.select_related("intervention_type"):
        expected = costing.period_cost(
            start=episode.start,
            end=episode.end,
            unit=episode.intervention_type.unit,
            prices=points[(episode.provider_id, episode.intervention_type_id)],
            volume=episode.planned_volume,
            until=until,
        )
        assert totals.get(episode.pk, Decimal("0.00")) == expected, episode.pk
        checked += 1
    assert checked > 100


def test_follow_ups_come_after_the_intervention_started_and_measure_progress(db):
    cases = Case.objects.annotate(first=Min("decisions__episodes__start"))
    starts = dict(cases.values_list("pk", "first"))
    for case_id, held in FollowUp.objects.values_list("case_id", "held_on"):
        assert starts[case_id] is not None
        assert held >= starts[case_id]
    assert Measurement.objects.count() == FollowUp.objects.count()
    assert not Measurement.objects.annotate(n=Count("scores")).exclude(n=3).exists()


def test_one_open_case_per_child_and_nothing_dated_in_the_future(db):
    per_child = Counter(Case.objects.filter(status="open").values_list("child_id", flat=True))
    assert max(per_child.values()) == 1
    assert not Case.objects.filter(Q(opened_on__gt=TODAY) | Q(closed_on__gt=TODAY)).exists()
    assert not Episode.objects.filter(Q(start__gt=TODAY) | Q(end__gt=TODAY)).exists()
    assert not FollowUp.objects.filter(held_on__gt=TODAY).exists()
    assert not Notification.objects.filter(received_at__date__gt=TODAY).exists()


def test_notifications_are_assessed_before_their_outcome(db):
    assert not Notification.objects.filter(outcome__gt="", assessed_at__isnull=True).exists()
    assert not Notification.objects.filter(case__isnull=False, case__opened_on__gt=TODAY).exists()


def test_every_cpr_number_is_recognisably_fictitious(db):
    numbers = list(Child.objects.exclude(cpr=None).values_list("cpr", flat=True))
    assert numbers
    assert all(is_fictitious(n) for n in numbers)


def test_one_audit_event_for_the_whole_run(db):
    events = AuditEvent.objects.filter(source="cli:demo")
    assert events.count() == 1
    assert events.get().changes["generated"]["size"] == "small"


def test_loading_again_changes_nothing(db, small_demo):
    from herningmodel.demo import seed

    count = Child.objects.count()
    assert seed.load(TODAY, size="small", seed=7) == small_demo
    assert Child.objects.count() == count
    names = {login.username for login in small_demo}
    assert names >= {"sagsbehandler-nord", "sagsbehandler-syd", "dpo", "politiker", "admin"}


def test_a_demo_caseworker_has_a_caseload_with_deadlines(db):
    cases = Case.objects.filter(caseworker__username="sagsbehandler-nord", status="open")
    assert cases.count() >= 1
    assert any(case_deadlines(case, TODAY) for case in cases)


def _pilot_period() -> tuple[set[int], set[int], dt.date, dt.date]:
    pilots = set(
        District.objects.filter(model_status=ModelStatus.PILOT).values_list("pk", flat=True)
    )
    controls = set(District.objects.exclude(pk__in=pilots).values_list("pk", flat=True))
    start = District.objects.get(pk=min(pilots)).model_start
    end = District.objects.get(pk=min(controls)).model_start
    assert start is not None
    assert end is not None
    assert start < end
    return pilots, controls, start, end


def test_pilot_districts_follow_up_more_often_during_the_pilot(db):
    pilots, controls, start, end = _pilot_period()
    held: dict[int, list[dt.date]] = {}
    for case_id, day in FollowUp.objects.filter(held_on__gte=start, held_on__lt=end).values_list(
        "case_id", "held_on"
    ):
        held.setdefault(case_id, []).append(day)
    district = dict(Case.objects.values_list("pk", "district_id"))

    def mean_gap(districts: set[int]) -> float:
        gaps = [
            (b - a).days
            for case_id, days in held.items()
            if district[case_id] in districts
            for a, b in zip(sorted(days), sorted(days)[1:], strict=False)
        ]
        return sum(gaps) / max(1, len(gaps))

    assert 0 < mean_gap(pilots) < 130 < mean_gap(controls)


def test_pilot_districts_place_fewer_children_in_institutions(db):
    pilots, controls, start, end = _pilot_period()
    placed = Episode.objects.filter(step__number__gte=4, start__gte=start, start__lt=end)

    def share(districts: set[int]) -> float:
        rows = placed.filter(district__in=districts)
        return rows.filter(step__number=6).count() / max(1, rows.count())

    assert share(pilots) < share(controls)


def test_pilot_districts_hold_more_network_meetings_per_case(db):
    pilots, controls, start, end = _pilot_period()
    cases = Case.objects.filter(opened_on__gte=start, opened_on__lt=end).annotate(
        meetings=Count("network_meetings")
    )

    def mean(districts: set[int]) -> float:
        rows = list(cases.filter(district__in=districts).values_list("meetings", flat=True))
        return sum(rows) / max(1, len(rows))

    assert mean(pilots) > mean(controls)


def test_the_squeezed_district_steps_down_without_follow_up_after_the_roll_out(db):
    """The failure mode: one control district, a year after the roll-out (docs/demo-data.md)."""
    squeezed = District.objects.order_by("-pk").first()
    assert squeezed is not None
    assert squeezed.model_start is not None
    since = dt.date(squeezed.model_start.year + 1, 1, 1)
    follow_up_days = set(FollowUp.objects.values_list("case__child_id", "held_on"))

    def unmeasured_share(district: District | None, others: bool = False) -> float:
        downs = Episode.objects.filter(end_reason="step_down", end__gte=since)
        downs = downs.exclude(district=district) if others else downs.filter(district=district)
        rows = list(downs.values_list("child_id", "end"))
        return sum(1 for row in rows if row not in follow_up_days) / max(1, len(rows))

    assert unmeasured_share(squeezed) > 0.3 > unmeasured_share(squeezed, others=True)
