"""Issue 26, item 4: a token ends with its user's access. Refused (and revoked, with an audit
event naming why) when expired, when the user is locked out or deactivated, and when the
user's role changed or lost API access; its last use is recorded."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone

from herningmodel.access import staffing
from herningmodel.access.models import ApiToken
from herningmodel.access.tokens import create_token
from herningmodel.audit.models import AuditEvent, EventType
from herningmodel.organisation.models import Role, StaffMember
from tests.conftest import World

pytestmark = pytest.mark.django_db


def call(client: Client, raw: str) -> int:
    return client.get("/api/cases", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code


def revoked_because(reason: str) -> None:
    token = ApiToken.objects.get()
    assert token.revoked_at is not None
    assert token.revoked_because == reason
    event = AuditEvent.objects.get(event_type=EventType.TOKEN_REVOKED)
    assert event.changes["reason"] == reason


@pytest.fixture
def raw(world: World) -> str:
    _token, secret = create_token(world.caseworker_a, "integration", actor=world.caseworker_a)
    return secret


def test_a_fresh_token_works_and_records_its_last_use(world: World, client: Client, raw: str):
    assert call(client, raw) == 200
    token = ApiToken.objects.get()
    assert token.last_used_at is not None
    assert token.expires_at is not None
    assert token.expires_at - token.created_at == dt.timedelta(days=90)


def test_the_lifetime_is_a_setting(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.HERNINGMODEL_API_TOKEN_DAYS = 7
    token, _raw = create_token(world.caseworker_a, "short", actor=world.caseworker_a)
    assert token.expires_at is not None
    assert token.expires_at - token.created_at == dt.timedelta(days=7)


def test_an_expired_token_is_refused(world: World, client: Client, raw: str) -> None:
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert call(client, raw) == 401
    revoked_because("expired")


def test_a_locked_out_users_token_is_refused(world: World, client: Client, raw: str) -> None:
    AccessAttempt.objects.create(
        username="cw_a",
        ip_address="10.0.0.1",
        user_agent="test",
        failures_since_start=5,
        get_data="",
        post_data="",
        http_accept="",
        path_info="/login/",
    )
    assert call(client, raw) == 401
    revoked_because("locked_out")


def test_locking_an_account_out_by_failed_log_ins_revokes_its_tokens_at_once(
    world: World, client: Client, raw: str
) -> None:
    for _attempt in range(5):
        client.post("/login/", {"username": "cw_a", "password": "wrong password!"})
    revoked_because("locked_out")
    assert call(client, raw) == 401


def test_a_deactivated_users_token_is_refused(world: World, client: Client, raw: str) -> None:
    """Deactivated any way at all (here straight in the database, past the staff service)."""
    world.caseworker_a.is_active = False
    world.caseworker_a.save()
    assert call(client, raw) == 401
    revoked_because("deactivated")


def test_deactivating_through_the_staff_service_revokes_at_once(world: World, raw: str) -> None:
    staffing.set_active(
        StaffMember.objects.get(user=world.caseworker_a),
        False,
        actor=world.administrator,
        reason="left",
        source="test",
    )
    revoked_because("deactivated")


def test_a_token_is_refused_after_its_users_role_changed(
    world: World, client: Client, raw: str
) -> None:
    """A caseworker's token does not become a team leader's (more powers)."""
    StaffMember.objects.filter(user=world.caseworker_a).update(role=Role.TEAM_LEADER)
    assert call(client, raw) == 401
    revoked_because("role_changed")


def test_a_token_is_refused_when_the_role_loses_api_access(
    world: World, client: Client, raw: str
) -> None:
    StaffMember.objects.filter(user=world.caseworker_a).update(role=Role.HEALTH_NURSE)
    assert call(client, raw) == 401
    revoked_because("permission_lost")


def test_a_role_change_through_the_staff_service_revokes_at_once(world: World, raw: str) -> None:
    staffing.change_role(
        StaffMember.objects.get(user=world.caseworker_a),
        Role.TEAM_LEADER,
        actor=world.administrator,
        reason="promoted",
        source="test",
    )
    revoked_because("role_changed")


def test_no_new_token_for_a_locked_out_user(world: World) -> None:
    from herningmodel.access.tokens import TokenNotAllowed

    AccessAttempt.objects.create(
        username="cw_b",
        ip_address="10.0.0.1",
        user_agent="test",
        failures_since_start=5,
        get_data="",
        post_data="",
        http_accept="",
        path_info="/login/",
    )
    with pytest.raises(TokenNotAllowed):
        create_token(world.caseworker_b, "x", actor=world.caseworker_b)
