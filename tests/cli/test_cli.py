"""The `herningmodel` command: tokens, audit verification, demo refusal."""

from __future__ import annotations

import pytest
from django.db import connection
from typer.testing import CliRunner

from herningmodel.access.models import ApiToken
from herningmodel.audit import services
from herningmodel.audit.models import AuditEvent, EventType
from herningmodel.cli import app
from herningmodel.organisation.models import Municipality

# Transactional tests flush every table afterwards; serialized_rollback restores the rows the
# data migrations shipped (steps, catalogue, instruments) for the tests that follow.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
runner = CliRunner()


def test_token_create_prints_a_token_that_authenticates(world, client):
    result = runner.invoke(app, ["token", "create", "--user", "cw_a"])
    assert result.exit_code == 0, result.output
    raw = result.output.strip()
    assert raw.startswith("hm_")
    token = ApiToken.objects.get()
    assert raw not in (token.digest, token.prefix)
    assert AuditEvent.objects.filter(event_type=EventType.TOKEN_CREATED).exists()
    response = client.get(
        f"/api/children/{world.child_a.pk}", headers={"authorization": f"Bearer {raw}"}
    )
    assert response.status_code == 200
    assert (
        client.get(
            f"/api/children/{world.child_b.pk}", headers={"authorization": f"Bearer {raw}"}
        ).status_code
        == 404
    )


def test_a_revoked_token_no_longer_works(world, client):
    raw = runner.invoke(app, ["token", "create", "--user", "cw_a"]).output.strip()
    result = runner.invoke(app, ["token", "revoke", raw[:10]])
    assert result.exit_code == 0, result.output
    assert (
        client.get("/api/children", headers={"authorization": f"Bearer {raw}"}).status_code == 401
    )
    assert AuditEvent.objects.filter(event_type=EventType.TOKEN_REVOKED).exists()


def test_a_wrong_token_is_401(world, client):
    assert (
        client.get("/api/children", headers={"authorization": "Bearer hm_nope"}).status_code == 401
    )


def test_no_token_for_unknown_users_or_roles_without_api(world):
    assert runner.invoke(app, ["token", "create", "--user", "nobody"]).exit_code == 1
    assert runner.invoke(app, ["token", "create", "--user", "politician"]).exit_code == 1
    assert not ApiToken.objects.exists()


def test_audit_verify_passes_then_fails_after_tampering(world):
    for _ in range(3):
        services.record(EventType.READ, actor=world.caseworker_a, child_id=world.child_a.pk)
    ok = runner.invoke(app, ["audit", "verify"])
    assert ok.exit_code == 0
    assert "intact" in ok.output
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET child_id = 1 WHERE seq = 2")
    broken = runner.invoke(app, ["audit", "verify"])
    assert broken.exit_code == 1
    assert "row 2" in broken.output


def test_demo_refuses_a_real_municipality(world, monkeypatch):
    assert Municipality.objects.filter(is_demo=False).exists()
    from herningmodel.demo import seed

    with pytest.raises(seed.DemoRefused):
        seed.load()


# Loading the generated demo, its idempotency and its log-ins: tests/demo/.
