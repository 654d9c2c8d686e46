"""Every response that shows a child is a read, also the pages that never asked for one: the
case's form pages (GET), a form shown again with its errors, the notification's forms, htmx
fragments — one read event per person shown, from the page that showed them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from herningmodel.audit import sightings
from tests.audit.reads import last_seq, reads_since
from tests.cases.journey import open_case_by_notification

pytestmark = pytest.mark.django_db


def _reads(since: int = 0) -> list[tuple[int | None, int | None, str]]:
    return list(reads_since(since).values_list("child_id", "person_id", "source"))


@pytest.fixture
def case(world):  # type: ignore[no-untyped-def]
    return open_case_by_notification(world)


@pytest.mark.parametrize(
    "action", ["plan", "follow-up", "handover", "close", "decision", "meeting", "child-talk"]
)
def test_opening_a_case_form_page_reads_the_child(world, login, case, action):
    since = last_seq()
    response = login(world.caseworker_a).get(reverse("cases:action", args=[case.pk, action]))
    assert response.status_code == 200
    assert _reads(since) == [(world.child_a.pk, None, "page:cases:action")]


def test_the_measurement_form_reads_the_child(world, login, case):
    since = last_seq()
    response = login(world.caseworker_a).get(reverse("cases:measure", args=[case.pk, "sdq"]))
    assert response.status_code == 200
    assert _reads(since) == [(world.child_a.pk, None, "page:cases:measure")]


@pytest.mark.parametrize("action", ["receipt", "outcome", "acute"])
def test_the_notification_forms_read_the_child(world, login, case, action):
    notification = case.notifications.get()
    since = last_seq()
    response = login(world.caseworker_a).get(
        reverse("cases:notification", args=[notification.pk, action])
    )
    assert response.status_code == 200
    assert _reads(since) == [(world.child_a.pk, None, "page:cases:notification")]


def test_the_new_notification_form_reads_the_child(world, login):
    since = last_seq()
    response = login(world.caseworker_a).get(reverse("cases:notify", args=[world.child_a.pk]))
    assert response.status_code == 200
    assert _reads(since) == [(world.child_a.pk, None, "page:cases:notify")]


def test_a_form_shown_again_with_its_errors_reads_the_child(world, login, case):
    since = last_seq()
    response = login(world.caseworker_a).post(
        reverse("cases:action", args=[case.pk, "child-talk"]), {"child_views": "…"}
    )
    assert response.status_code == 422
    assert _reads(since) == [(world.child_a.pk, None, "page:cases:action")]


def test_a_page_that_records_its_own_read_is_not_read_twice(world, login, case):
    since = last_seq()
    login(world.caseworker_a).get(reverse("cases:detail", args=[case.pk]))
    assert [r[:2] for r in _reads(since)] == [(world.child_a.pk, None)]


def test_an_htmx_fragment_reads_the_child(world, login, case):
    since = last_seq()
    response = login(world.caseworker_a).get(
        reverse("cases:action", args=[case.pk, "plan"]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert _reads(since) == [(world.child_a.pk, None, "page:cases:action")]


def test_a_refused_page_reads_no_one(world, login, case):
    since = last_seq()
    response = login(world.caseworker_b).get(reverse("cases:action", args=[case.pk, "plan"]))
    assert response.status_code == 404
    assert _reads(since) == []


def test_a_redirect_after_a_change_reads_no_one(world, login, case):
    since = last_seq()
    login(world.caseworker_a).post(
        reverse("cases:action", args=[case.pk, "child-talk"]),
        {"held_on": "2025-01-10", "child_views": "Asta vil gerne blive boende."},
    )
    assert _reads(since) == []


# The mechanism itself.


def test_a_template_given_a_person_reports_it(world):
    from django.template.loader import render_to_string

    token = sightings.begin()
    try:
        render_to_string("people/child_detail.html", {"child": world.child_a})
        shown = sightings.current().shown  # type: ignore[union-attr]
    finally:
        sightings.end(token)
    assert shown == {(world.child_a.pk, None)}


def test_people_are_found_in_rows_forms_and_lists_but_not_in_unread_querysets(world, case):
    from dataclasses import dataclass

    from herningmodel.people.models import Child

    @dataclass
    class Row:
        case: object

    token = sightings.begin()
    try:
        sightings.show({"rows": [Row(case)], "all_children": Child.objects.all()})
        sighting = sightings.current()
    finally:
        sightings.end(token)
    assert sighting is not None
    assert sighting.shown == {(world.child_a.pk, None)}


def test_an_api_operation_shows_the_people_it_returns(world, case):
    from ninja.responses import Status

    from herningmodel.people.models import Child

    @sightings.shows_returned_people
    def operation(request: object) -> Status[dict[str, object]]:
        return Status(200, {"items": Child.objects.filter(pk=world.child_b.pk), "count": 1})

    token = sightings.begin()
    try:
        operation(None)
        sighting = sightings.current()
    finally:
        sightings.end(token)
    assert sighting is not None
    assert sighting.shown == {(world.child_b.pk, None)}


def test_api_operations_are_wrapped(world, login, monkeypatch):
    returned = []
    monkeypatch.setattr(sightings, "show", lambda *values: returned.extend(values))
    login(world.caseworker_a).get(f"/api/children/{world.child_a.pk}")
    assert len(returned) == 1
    assert returned[0].first_name == world.child_a.first_name
