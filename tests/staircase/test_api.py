"""The staircase API: catalogue reads, episodes through the services, and who is denied."""

from __future__ import annotations

import pytest

from herningmodel.audit.models import AuditEvent
from herningmodel.staircase.models import Episode

pytestmark = pytest.mark.django_db


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def _episode_body(world, catalogue, **overrides):
    body = {
        "child_id": world.child_a.pk,
        "type": catalogue.consultant.code,
        "provider_id": catalogue.provider.pk,
        "start": "2024-02-01",
        "planned_volume": "4",
    }
    return {**body, **overrides}


@pytest.mark.parametrize("url", ["/api/staircase/steps", "/api/staircase/types"])
def test_the_catalogue_is_readable_by_caseworkers_and_controllers(world, login, url):
    for user in (world.caseworker_a, world.controller):
        response = login(user).get(url)
        assert response.status_code == 200
        assert len(response.json()) >= 6


@pytest.mark.parametrize(
    "url", ["/api/staircase/steps", "/api/staircase/types", "/api/staircase/prices"]
)
def test_the_catalogue_denies_the_politician_and_the_dpo(world, login, url):
    for user in (world.politician, world.dpo):
        response = login(user).get(url)
        assert response.status_code == 403
        assert response.json()["code"] == "forbidden"


def test_prices_filter_by_type_and_provider(world, login, catalogue):
    url = f"/api/staircase/prices?type=test-foster&provider={catalogue.provider.pk}"
    response = login(world.controller).get(url)
    assert response.status_code == 200
    assert response.json() == [
        {
            "type": "test-foster",
            "provider_id": catalogue.provider.pk,
            "provider": catalogue.provider.name,
            "valid_from": "2016-01-01",
            "amount": "1287.67",
        }
    ]


def test_a_caseworker_starts_and_ends_an_episode(world, login, catalogue):
    client = login(world.caseworker_a)
    response = _post(client, "/api/staircase/episodes", _episode_body(world, catalogue))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["step"] == 3
    assert body["version"] == 1
    url = f"/api/staircase/episodes/{body['id']}/end"
    ended = _post(client, url, {"end": "2024-03-31", "reason": "goals_reached", "version": 1})
    assert ended.status_code == 200, ended.json()
    assert ended.json()["end"] == "2024-03-31"
    stale = _post(client, url, {"end": "2024-04-30", "reason": "other", "version": 1})
    assert stale.status_code == 409
    listed = client.get(f"/api/children/{world.child_a.pk}/episodes")
    assert listed.status_code == 200
    assert [e["id"] for e in listed.json()] == [body["id"]]
    assert AuditEvent.objects.filter(
        child_id=world.child_a.pk, event_type="read", source__contains="episodes"
    ).exists()


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"start": "2024-05-01", "planned_end": "2024-04-01"}, "planned_end", "end_before_start"),
        ({"start": "2010-01-01"}, "start", "no_price_in_force"),
        ({"type": "test-foster"}, "justification", "justification_required"),
        ({"type": "no-such-type"}, "type", "unknown"),
        ({"justification": "x\x00"}, "justification", "null_characters_not_allowed"),
        ({"justification": "x" * 4001}, "justification", "max_length"),
        ({"planned_volume": "-1"}, "planned_volume", "invalid"),
    ],
)
def test_bad_episodes_are_refused_with_field_codes(world, login, catalogue, overrides, field, code):
    response = _post(
        login(world.caseworker_a),
        "/api/staircase/episodes",
        _episode_body(world, catalogue, **overrides),
    )
    assert response.status_code == 422, response.json()
    errors = [(e["field"], e["code"]) for e in response.json()["errors"]]
    assert (field, code) in errors
    assert not Episode.objects.exists()


def test_episodes_deny_roles_without_case_work(world, login, catalogue):
    for user in (world.controller, world.politician, world.administrator):
        response = _post(login(user), "/api/staircase/episodes", _episode_body(world, catalogue))
        assert response.status_code == 403


def test_a_child_in_another_team_is_not_found(world, login, catalogue):
    client = login(world.caseworker_b)
    body = _episode_body(world, catalogue)
    assert _post(client, "/api/staircase/episodes", body).status_code == 404
    assert client.get(f"/api/children/{world.child_a.pk}/episodes").status_code == 404
    episode = _post(login(world.caseworker_a), "/api/staircase/episodes", body).json()
    client = login(world.caseworker_b)
    url = f"/api/staircase/episodes/{episode['id']}/end"
    response = _post(client, url, {"end": "2024-03-31", "reason": "other", "version": 1})
    assert response.status_code == 404
    assert Episode.objects.get(pk=episode["id"]).end is None


def test_anonymous_requests_are_unauthenticated(client):
    assert client.get("/api/staircase/types").status_code == 401
