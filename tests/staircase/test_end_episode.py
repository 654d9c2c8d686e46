"""Ending an episode: optimistic locking, a reason, and an end on or after the start."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from herningmodel.audit.models import AuditEvent
from herningmodel.staircase import services
from herningmodel.staircase.models import Episode, LedgerEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def episode(world, catalogue):
    return services.start_episode(
        actor=world.caseworker_a,
        child=world.child_a,
        intervention_type=catalogue.home_support,
        provider=catalogue.provider,
        start=dt.date(2024, 3, 10),
    )


def test_ending_trims_the_ledger_and_is_audited(world, episode):
    services.end_episode(
        actor=world.caseworker_a,
        episode=episode,
        end=dt.date(2024, 4, 5),
        reason="goals_reached",
        expected_version=1,
    )
    months = list(LedgerEntry.objects.filter(episode=episode).values_list("month", "amount"))
    # 22 days in March and 5 in April at 1,000 kr a day
    assert months == [(dt.date(2024, 3, 1), 22000), (dt.date(2024, 4, 1), 5000)]
    event = AuditEvent.objects.get(event_type="episode_ended")
    assert event.changes["end"] == {"old": None, "new": "2024-04-05"}
    assert Episode.objects.get(pk=episode.pk).version == 2


def test_an_end_before_the_start_is_refused(world, episode):
    with pytest.raises(ValidationError) as caught:
        services.end_episode(
            actor=world.caseworker_a,
            episode=episode,
            end=dt.date(2024, 3, 9),
            reason="other",
            expected_version=1,
        )
    assert caught.value.error_dict["end"][0].code == "end_before_start"
    assert Episode.objects.get(pk=episode.pk).end is None


def test_a_stale_version_is_a_conflict(world, episode):
    services.end_episode(
        actor=world.caseworker_a,
        episode=episode,
        end=dt.date(2024, 4, 5),
        reason="other",
        expected_version=1,
    )
    with pytest.raises(services.ConflictError):
        services.end_episode(
            actor=world.caseworker_a,
            episode=Episode.objects.get(pk=episode.pk),
            end=dt.date(2024, 5, 5),
            reason="other",
            expected_version=1,
        )
    assert Episode.objects.get(pk=episode.pk).end == dt.date(2024, 4, 5)


def test_an_unknown_reason_is_refused(world, episode):
    with pytest.raises(ValidationError) as caught:
        services.end_episode(
            actor=world.caseworker_a,
            episode=episode,
            end=dt.date(2024, 4, 5),
            reason="bored",
            expected_version=1,
        )
    assert caught.value.error_dict["reason"][0].code == "invalid_reason"


def test_an_end_in_the_future_is_costed_up_to_that_end(world, catalogue):
    today = timezone.localdate()
    start = today.replace(day=1)
    episode = services.start_episode(
        actor=world.caseworker_a,
        child=world.child_a,
        intervention_type=catalogue.home_support,
        provider=catalogue.provider,
        start=start,
    )
    end = (start + dt.timedelta(days=70)).replace(day=10)
    services.end_episode(
        actor=world.caseworker_a, episode=episode, end=end, reason="other", expected_version=1
    )
    ledger = LedgerEntry.objects.filter(episode=episode)
    assert ledger.count() == 3
    assert sum(ledger.values_list("amount", flat=True)) == 1000 * ((end - start).days + 1)
