"""CSRF with the checks on, as a browser from another site meets them: every main POST endpoint
refuses a request without the token and saves nothing; the API refuses a session POST without
the token but takes a personal token (which another site cannot send)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from herningmodel.access.tokens import create_token
from herningmodel.cases.models import ChildTalk
from tests.cases.journey import open_case_by_notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict(world):  # type: ignore[no-untyped-def]
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.caseworker_a)
    return client


def test_the_main_page_forms_refuse_a_post_without_the_token(world, strict):  # type: ignore[no-untyped-def]
    case = open_case_by_notification(world)
    posts = [
        reverse("cases:action", args=[case.pk, "child-talk"]),
        reverse("cases:action", args=[case.pk, "follow-up"]),
        reverse("cases:action", args=[case.pk, "plan"]),
        reverse("cases:notify", args=[world.child_a.pk]),
        reverse("people:list"),
        reverse("logout"),
        reverse("set_language"),
    ]
    for path in posts:
        response = strict.post(path, {"held_on": "2025-02-03", "child_views": "x"})
        assert response.status_code == 403, path
    assert not ChildTalk.objects.exists()
    # The log-out above was refused too: the session still opens the case.
    assert strict.get(reverse("cases:detail", args=[case.pk])).status_code == 200


def test_the_api_takes_a_session_post_only_with_the_token(world, strict):  # type: ignore[no-untyped-def]
    case = open_case_by_notification(world)
    path = f"/api/cases/{case.pk}/child-talks"
    body = {"held_on": "2025-02-03", "child_views": "Asta (fiktivt)."}
    assert strict.post(path, body, content_type="application/json").status_code == 403
    assert not ChildTalk.objects.exists()
    _, raw = create_token(world.caseworker_a, "test", actor=world.caseworker_a)
    response = Client(enforce_csrf_checks=True).post(
        path, body, content_type="application/json", headers={"authorization": f"Bearer {raw}"}
    )
    assert response.status_code == 201, response.content
    assert ChildTalk.objects.count() == 1
