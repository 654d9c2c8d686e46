"""A follow-up that decides to step down acts: the running intervention ends, the lower step
starts under its own decision, and the cost ledger follows, all in one transaction or not at all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from herningmodel.audit.models import AuditEvent
from herningmodel.cases import services
from herningmodel.cases.models import Case, Decision, FollowUp, FollowUpDecision, GoalMovement
from herningmodel.progress.models import Instrument, Measurement
from herningmodel.staircase.models import Episode, LedgerEntry
from tests.cases.journey import SRC, open_case_by_notification, priced_type, section_32_decision
from tests.coordination.test_services import codes

HELD = dt.date(2025, 10, 1)
LOWER_START = dt.date(2025, 10, 6)
SCORES = {"child": 7, "parenting": 7, "family": 8}


@pytest.fixture
def treated(world) -> tuple[Case, Episode]:  # type: ignore[no-untyped-def]
    """A case with § 32 family treatment (step 3) running since April 2025."""
    case = open_case_by_notification(world)
    episode = section_32_decision(world, case).episodes.get()
    assert episode.step.number == 3
    return case, episode


def to_step_2(episode: Episode) -> services.StepDownData:
    kind, provider = priced_type(2)
    return services.StepDownData(
        episode=episode,
        legal_basis="30",
        purpose="Rådgivning i familien, nu hvor målene er nået.",
        expected_duration_months=3,
        intervention_type=kind,
        provider=provider,
        start=LOWER_START,
        planned_volume=Decimal("2"),
    )


def follow_up(world, case: Case, decision: str, step_down_to=None) -> FollowUp:  # type: ignore[no-untyped-def]
    return services.record_follow_up(
        actor=world.caseworker_a,
        case=case,
        held_on=HELD,
        goals_moved=GoalMovement.YES,
        decision=decision,
        instrument=Instrument.objects.get(code="ics-scaling"),
        scores=SCORES,
        step_down_to=step_down_to,
        source=SRC,
    )


def test_stepping_down_ends_the_running_intervention_and_starts_the_lower_step(
    world, treated
) -> None:  # type: ignore[no-untyped-def]
    case, episode = treated
    recorded = follow_up(world, case, FollowUpDecision.STEP_DOWN, to_step_2(episode))
    episode.refresh_from_db()
    assert (episode.end, episode.end_reason) == (dt.date(2025, 10, 5), "step_down")
    decision = recorded.step_down_decision
    assert decision is not None
    assert (decision.legal_basis, decision.decided_on) == ("30", HELD)
    lower = decision.episodes.get()
    assert (lower.step.number, lower.start, lower.end) == (2, LOWER_START, None)
    assert recorded.ended_episode == episode
    # The follow-up's audit row names what it did.
    row = AuditEvent.objects.filter(object_type__iendswith="followup").latest("pk")
    assert row.changes["ended_episode"] == episode.pk
    assert row.changes["step_down_decision"] == decision.pk


def test_the_ledger_stops_the_higher_step_and_costs_the_lower_one(world, treated) -> None:  # type: ignore[no-untyped-def]
    case, episode = treated
    follow_up(world, case, FollowUpDecision.STEP_DOWN, to_step_2(episode))
    higher = set(LedgerEntry.objects.filter(episode=episode).values_list("month", flat=True))
    assert max(higher) == dt.date(2025, 10, 1)  # the month it ended in, and no later
    lower = Episode.objects.get(step__number=2)
    months = set(LedgerEntry.objects.filter(episode=lower).values_list("month", flat=True))
    assert min(months) == dt.date(2025, 10, 1)
    assert dt.date(2025, 11, 1) in months
    assert all(
        amount > 0
        for amount in LedgerEntry.objects.filter(episode=lower).values_list("amount", flat=True)
    )


def test_a_step_down_without_the_lower_step_is_refused(world, treated) -> None:  # type: ignore[no-untyped-def]
    case, _episode = treated
    with pytest.raises(ValidationError) as caught:
        follow_up(world, case, FollowUpDecision.STEP_DOWN)
    assert codes(caught.value) == {"step_down_missing"}
    assert not FollowUp.objects.exists()


def test_a_step_down_to_the_same_or_a_higher_step_is_refused(world, treated) -> None:  # type: ignore[no-untyped-def]
    case, episode = treated
    kind, provider = priced_type(3)
    same = replace(to_step_2(episode), intervention_type=kind, provider=provider)
    with pytest.raises(ValidationError) as caught:
        follow_up(world, case, FollowUpDecision.STEP_DOWN, same)
    assert caught.value.error_dict["step_down_intervention_type"][0].code == "not_lower_step"
    assert not FollowUp.objects.exists()


def test_bad_step_down_fields_are_named_and_nothing_is_written(world, treated) -> None:  # type: ignore[no-untyped-def]
    case, episode = treated
    bad = replace(to_step_2(episode), start=HELD - dt.timedelta(days=1), provider=None)
    with pytest.raises(ValidationError) as caught:
        follow_up(world, case, FollowUpDecision.STEP_DOWN, bad)
    assert set(caught.value.error_dict) == {"step_down_start", "step_down_provider"}
    episode.refresh_from_db()
    assert episode.end is None
    assert not FollowUp.objects.exists()


def test_a_refused_decision_rolls_back_the_follow_up_and_the_ended_intervention(
    world, treated
) -> None:  # type: ignore[no-untyped-def]
    case, episode = treated
    decisions = Decision.objects.count()
    ledger = list(LedgerEntry.objects.order_by("pk").values_list("episode", "month", "amount"))
    no_purpose = replace(to_step_2(episode), legal_basis="32", purpose=" ")  # § 32: no talk given
    with pytest.raises(ValidationError) as caught:
        follow_up(world, case, FollowUpDecision.STEP_DOWN, no_purpose)
    assert {"step_down_purpose", "step_down_child_talk"} <= set(caught.value.error_dict)
    episode.refresh_from_db()
    assert episode.end is None
    assert not FollowUp.objects.exists()
    assert not Measurement.objects.exists()
    assert Decision.objects.count() == decisions
    assert ledger == list(
        LedgerEntry.objects.order_by("pk").values_list("episode", "month", "amount")
    )


def test_only_a_step_down_ends_and_starts_interventions(world, treated) -> None:  # type: ignore[no-untyped-def]
    case, episode = treated
    with pytest.raises(ValidationError) as caught:
        follow_up(world, case, FollowUpDecision.CONTINUE, to_step_2(episode))
    assert codes(caught.value) == {"not_step_down"}
    follow_up(world, case, FollowUpDecision.CONTINUE)
    episode.refresh_from_db()
    assert episode.end is None


def _page_form(episode: Episode, **step_down: object) -> dict[str, object]:
    kind, provider = priced_type(2)
    return {
        "held_on": HELD.isoformat(),
        "goals_moved": "yes",
        "decision": "step_down",
        "score_child": "7",
        "score_parenting": "7",
        "score_family": "8",
        "step_down_episode": episode.pk,
        "step_down_intervention_type": kind.pk,
        "step_down_provider": provider.pk,
        "step_down_start": LOWER_START.isoformat(),
        "step_down_planned_volume": "2",
        "step_down_legal_basis": "30",
        "step_down_purpose": "Rådgivning i familien.",
        "step_down_expected_duration_months": "3",
        **step_down,
    }


def test_the_follow_up_page_steps_down_or_shows_the_field_errors(world, login, treated) -> None:  # type: ignore[no-untyped-def]
    case, episode = treated
    client = login(world.caseworker_a)
    url = f"/cases/{case.pk}/follow-up/"
    refused = client.post(url, _page_form(episode, step_down_purpose="", step_down_start=""))
    assert refused.status_code == 422
    assert not FollowUp.objects.exists()
    episode.refresh_from_db()
    assert episode.end is None
    assert client.post(url, _page_form(episode)).status_code == 302
    episode.refresh_from_db()
    assert episode.end == dt.date(2025, 10, 5)
    assert FollowUp.objects.get().step_down_decision is not None
    assert "det lavere trin startede" in client.get(f"/cases/{case.pk}/").content.decode()


def test_the_api_steps_down_in_the_same_request(world, login, treated) -> None:  # type: ignore[no-untyped-def]
    case, episode = treated
    kind, provider = priced_type(2)
    body = {
        "held_on": HELD.isoformat(),
        "goals_moved": "yes",
        "decision": "step_down",
        "scores": SCORES,
        "step_down": {
            "episode_id": episode.pk,
            "legal_basis": "30",
            "purpose": "Rådgivning i familien.",
            "expected_duration_months": 3,
            "intervention_type": kind.code,
            "provider_id": provider.pk,
            "start": LOWER_START.isoformat(),
            "planned_volume": "2",
        },
    }
    client = login(world.caseworker_a)
    url = f"/api/cases/{case.pk}/follow-ups"
    missing = client.post(url, {**body, "step_down": None}, content_type="application/json")
    assert missing.status_code == 422
    assert {e["code"] for e in missing.json()["errors"]} == {"step_down_missing"}
    unknown = {**body, "step_down": {**body["step_down"], "episode_id": 999_999}}  # type: ignore[dict-item]
    refused = client.post(url, unknown, content_type="application/json")
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == ["step_down_episode"]
    assert not FollowUp.objects.exists()
    made = client.post(url, body, content_type="application/json")
    assert made.status_code == 201, made.content
    episode.refresh_from_db()
    assert episode.end_reason == "step_down"
    # The case record names what the follow-up did.
    record = client.get(f"/api/cases/{case.pk}/record").json()
    (entry,) = record["follow_ups"]
    assert entry["ended_episode_id"] == episode.pk
    assert entry["step_down_decision_id"] == FollowUp.objects.get().step_down_decision_id
