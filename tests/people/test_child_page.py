"""The child's page: the name search over the whole name, and the notifications still awaiting
an outcome, whether or not they joined an open case."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from herningmodel.cases import services
from herningmodel.cases.models import NotificationOutcome, NotificationSource
from tests.cases.journey import SRC, at, open_case_by_notification
from tests.conftest import World

pytestmark = pytest.mark.django_db


def test_the_childrens_page_finds_a_child_by_the_whole_name(world: World, login: Any) -> None:
    client = login(world.caseworker_a)
    whole = f"{world.child_a.first_name} {world.child_a.last_name}"
    found = client.post(reverse("people:list"), {"q": whole}).content.decode()
    assert reverse("people:detail", args=[world.child_a.pk]) in found
    missed = client.post(reverse("people:list"), {"q": "Asta Zzyzx"}).content.decode()
    assert reverse("people:detail", args=[world.child_a.pk]) not in missed


def notify(world: World, day: int) -> Any:
    notification = services.receive_notification(
        actor=world.caseworker_a,
        child=world.child_a,
        source=NotificationSource.SCHOOL,
        received_at=at(2025, 2, day),
        content="Ny bekymring (fiktivt eksempel).",
        origin=SRC,
    )
    services.record_acute_assessment(
        actor=world.caseworker_a,
        notification=notification,
        assessed_at=at(2025, 2, day, 15),
        in_danger=False,
        acute_measures=False,
        origin=SRC,
    )
    return notification


def test_the_child_page_lists_the_notifications_awaiting_an_outcome(
    world: World, login: Any
) -> None:
    case = open_case_by_notification(world)
    # A new notification joins the open case on arrival, but its outcome is still open.
    waiting = notify(world, 3)
    assert waiting.case_id == case.pk
    page = login(world.caseworker_a).get(reverse("people:detail", args=[world.child_a.pk]))
    html = page.content.decode()
    assert "Underretninger der venter på udfald" in html
    assert reverse("cases:notification", args=[waiting.pk, "outcome"]) in html
    # Once its outcome is decided it leaves the list; so does the one that opened the case.
    services.conclude_notification(
        actor=world.caseworker_a,
        notification=waiting,
        outcome=NotificationOutcome.EXISTING_CASE,
        on=dt.date(2025, 2, 4),
        origin=SRC,
    )
    html = login(world.caseworker_a).get(reverse("people:detail", args=[world.child_a.pk]))
    assert reverse("cases:notification", args=[waiting.pk, "outcome"]) not in html.content.decode()


def test_a_notification_concluded_without_a_case_is_not_awaiting_anything(
    world: World, login: Any
) -> None:
    done = notify(world, 3)
    services.conclude_notification(
        actor=world.caseworker_a,
        notification=done,
        outcome=NotificationOutcome.NO_ACTION,
        on=dt.date(2025, 2, 4),
        origin=SRC,
    )
    done.refresh_from_db()
    assert done.case_id is None
    html = login(world.caseworker_a).get(reverse("people:detail", args=[world.child_a.pk]))
    assert "Underretninger der venter på udfald" not in html.content.decode()
