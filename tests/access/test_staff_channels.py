"""The staff page, ``/api/staff`` and ``herningmodel staff`` reach the one service: the same
refusals (own account, other roles), the same four eyes, the same audit events."""

from __future__ import annotations

import pytest
from django.test import Client
from typer.testing import CliRunner

from herningmodel.access.models import AccessRequest, ApiToken, GrantOutcome
from herningmodel.access.tokens import create_token
from herningmodel.audit.models import AuditEvent, EventType
from herningmodel.cli import app
from herningmodel.organisation.models import Role, StaffMember
from tests.conftest import World
from tests.factories import staff

pytestmark = pytest.mark.django_db


def member(user: object) -> StaffMember:
    return StaffMember.objects.get(user=user)


def bearer(user: object) -> dict[str, str]:
    _token, raw = create_token(user, "test", actor=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


# ---- the page ------------------------------------------------------------------------------


def test_the_page_lists_staff_for_the_administrator_and_the_dpo(world: World, login) -> None:
    for user in (world.administrator, world.dpo):
        page = login(user).get("/staff/")
        assert page.status_code == 200
        assert b"cw_a" in page.content


def test_other_roles_do_not_see_the_staff_pages(world: World, login) -> None:
    for user in (world.caseworker_a, world.manager, world.controller, world.politician):
        client = login(user)
        for url in ("/staff/", "/staff/requests/", "/staff/changes/"):
            assert client.get(url).status_code == 403, (user, url)


def test_the_page_refuses_a_change_of_ones_own_role(world: World, login) -> None:
    me = member(world.administrator)
    response = login(world.administrator).post(
        f"/staff/{me.pk}/",
        {"change": "role", "role": Role.DEPARTMENT_MANAGER, "reason": "mine"},
    )
    assert response.status_code == 400
    assert member(world.administrator).role == Role.ADMINISTRATOR
    assert not AccessRequest.objects.exists()


def test_a_grant_asked_for_on_the_page_is_approved_by_the_dpo_on_the_page(
    world: World, client: Client
) -> None:
    leader = member(world.team_leader)
    client.force_login(world.administrator)
    response = client.post(
        f"/staff/{leader.pk}/",
        {"change": "role", "role": Role.DEPARTMENT_MANAGER, "reason": "promoted"},
    )
    assert response.status_code == 302
    grant = AccessRequest.objects.get()
    assert member(world.team_leader).role == Role.TEAM_LEADER

    client.post(f"/staff/requests/{grant.pk}/", {"decision": "approve"})  # the requester: no
    assert member(world.team_leader).role == Role.TEAM_LEADER

    client.force_login(world.dpo)
    assert b"promoted" in client.get("/staff/requests/").content
    client.post(f"/staff/requests/{grant.pk}/", {"decision": "approve"})
    assert member(world.team_leader).role == Role.DEPARTMENT_MANAGER
    changes = client.get("/staff/changes/")
    assert b"leader_a" in changes.content
    assert AuditEvent.objects.filter(
        event_type=EventType.STAFF_CHANGED, source="page:staff:decide"
    ).exists()


def test_a_team_added_on_the_page_is_recorded(world: World, login) -> None:
    worker = member(world.caseworker_a)
    response = login(world.administrator).post(
        f"/staff/{worker.pk}/",
        {
            "change": "add_team",
            "team": world.team_b.pk,
            "discipline": "social_worker",
            "reason": "cover",
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(event_type=EventType.STAFF_CHANGED)
    assert event.source == "page:staff:detail"
    assert event.changes["after"]["teams"] == ["Team A", "Team B"]


# ---- the API -------------------------------------------------------------------------------


def test_the_api_refuses_a_change_of_ones_own_teams_with_a_stable_code(
    world: World, client: Client
) -> None:
    me = member(world.administrator)
    client.force_login(world.administrator)
    response = client.post(
        f"/api/staff/{me.pk}/changes",
        {"change": "add_team", "team": world.team_a.pk, "reason": "mine"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["code"] == "own_account"


def test_the_api_files_a_research_grant_for_approval(world: World, client: Client) -> None:
    worker = member(world.caseworker_a)
    client.force_login(world.administrator)
    response = client.post(
        f"/api/staff/{worker.pk}/changes",
        {"change": "add_group", "group": "Research extract (DPO-approved)", "reason": "study"},
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["applied"] is False
    client.force_login(world.dpo)
    pending = client.get("/api/staff/requests").json()
    assert [p["id"] for p in pending] == [body["request_id"]]
    approved = client.post(f"/api/staff/requests/{body['request_id']}/approve")
    assert approved.status_code == 200
    assert world.caseworker_a.groups.filter(name="Research extract (DPO-approved)").exists()
    changes = client.get("/api/staff/changes").json()
    assert changes[0]["event_type"] == EventType.STAFF_CHANGED
    assert changes[0]["changes"]["approved_by"] == "dpo"


def test_the_api_lists_tokens_with_their_last_use(world: World, client: Client) -> None:
    headers = bearer(world.caseworker_a)
    client.get("/api/cases", **headers)
    client.force_login(world.administrator)
    rows = {r["username"]: r for r in client.get("/api/staff").json()}
    assert rows["cw_a"]["tokens"][0]["last_used_at"] is not None
    assert rows["cw_a"]["tokens"][0]["expires_at"] is not None


def test_the_api_refuses_other_roles(world: World, client: Client) -> None:
    client.force_login(world.manager)
    assert client.get("/api/staff").json()["code"] == "forbidden"
    worker = member(world.caseworker_a)
    response = client.post(
        f"/api/staff/{worker.pk}/changes",
        {"change": "deactivate", "reason": "x"},
        content_type="application/json",
    )
    assert response.status_code == 403


# ---- the command line ----------------------------------------------------------------------


def test_the_command_line_refuses_ones_own_account_and_files_wide_grants(world: World) -> None:
    runner = CliRunner()
    own = runner.invoke(
        app,
        [
            "staff",
            "change",
            "admin",
            "--by",
            "admin",
            "--role",
            "department_manager",
            "--reason",
            "mine",
        ],
    )
    assert own.exit_code == 1
    assert member(world.administrator).role == Role.ADMINISTRATOR

    filed = runner.invoke(
        app,
        [
            "staff",
            "change",
            "leader_a",
            "--by",
            "admin",
            "--role",
            "department_manager",
            "--reason",
            "promoted",
        ],
    )
    assert filed.exit_code == 0, filed.output
    grant = AccessRequest.objects.get()
    assert str(grant.pk) in filed.output

    same = runner.invoke(app, ["staff", "approve", str(grant.pk), "--by", "admin"])
    assert same.exit_code == 1
    approved = runner.invoke(app, ["staff", "approve", str(grant.pk), "--by", "dpo"])
    assert approved.exit_code == 0, approved.output
    grant.refresh_from_db()
    assert grant.outcome == GrantOutcome.APPROVED
    assert member(world.team_leader).role == Role.DEPARTMENT_MANAGER


def test_the_command_line_deactivates_and_revokes_tokens(world: World) -> None:
    create_token(world.caseworker_a, "x", actor=world.caseworker_a)
    result = CliRunner().invoke(
        app, ["staff", "change", "cw_a", "--by", "admin", "--deactivate", "--reason", "left"]
    )
    assert result.exit_code == 0, result.output
    world.caseworker_a.refresh_from_db()
    assert not world.caseworker_a.is_active
    assert ApiToken.objects.get().revoked_because == "deactivated"


def test_the_command_line_lists_staff_and_tokens(world: World) -> None:
    staff(Role.CASEWORKER, world.team_b, username="listed")
    result = CliRunner().invoke(app, ["staff", "list"])
    assert result.exit_code == 0
    assert "listed" in result.output
    assert "Team B" in result.output
