"""With htmx, a step's form opens on the case page and saves in place."""

from __future__ import annotations

from herningmodel.cases.models import ChildTalk
from tests.cases.journey import open_case_by_notification

HX = {"HX-Request": "true"}


def test_the_form_arrives_as_a_panel_not_a_page(world, login):  # type: ignore[no-untyped-def]
    case = open_case_by_notification(world)
    response = login(world.caseworker_a).get(f"/cases/{case.pk}/child-talk/", headers=HX)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="action-panel"' in body
    assert "<html" not in body


def test_errors_replace_the_panel_in_place(world, login):  # type: ignore[no-untyped-def]
    case = open_case_by_notification(world)
    response = login(world.caseworker_a).post(f"/cases/{case.pk}/child-talk/", {}, headers=HX)
    assert response.status_code == 200  # htmx swaps only 2xx answers
    assert 'class="error-summary"' in response.content.decode()
    assert not ChildTalk.objects.exists()


def test_a_saved_step_sends_the_browser_back_to_the_case(world, login):  # type: ignore[no-untyped-def]
    case = open_case_by_notification(world)
    response = login(world.caseworker_a).post(
        f"/cases/{case.pk}/child-talk/", {"held_on": "2025-01-20"}, headers=HX
    )
    assert response.headers["HX-Redirect"] == f"/cases/{case.pk}/"
    assert ChildTalk.objects.filter(case=case).exists()


def test_without_htmx_a_rejected_form_answers_422(world, login):  # type: ignore[no-untyped-def]
    case = open_case_by_notification(world)
    response = login(world.caseworker_a).post(f"/cases/{case.pk}/child-talk/", {})
    assert response.status_code == 422
