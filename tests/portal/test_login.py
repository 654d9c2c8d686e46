"""Log-in: argon2, lock-out after five failures, idle expiry, demo accounts only in demo mode."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse

from herningmodel.audit.models import AuditEvent, EventType
from herningmodel.organisation.models import Role
from tests.factories import PASSWORD, staff

pytestmark = pytest.mark.django_db


def _login(client, username, password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_passwords_are_hashed_with_argon2():
    from herningmodel import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    user = get_user_model()(username="x")
    with override_settings(PASSWORD_HASHERS=project_settings.PASSWORD_HASHERS):
        user.set_password("a long passphrase")
    assert user.password.startswith("argon2")


def test_a_good_log_in_is_audited(client, world):
    response = _login(client, "cw_a")
    assert response.status_code == 302
    assert AuditEvent.objects.filter(
        event_type=EventType.LOGIN, actor_id=world.caseworker_a.pk
    ).exists()


def test_five_failures_lock_the_account_and_are_audited(client, world):
    for _ in range(5):
        _login(client, "cw_a", "wrong-password")
    response = _login(client, "cw_a")
    assert response.status_code == 429
    assert AuditEvent.objects.filter(event_type=EventType.LOGIN_FAILED).count() >= 5
    assert AuditEvent.objects.filter(event_type=EventType.LOCKED_OUT).exists()
    assert "_auth_user_id" not in client.session


def test_four_failures_do_not_lock(client, world):
    for _ in range(4):
        _login(client, "cw_a", "wrong-password")
    assert _login(client, "cw_a").status_code == 302


def test_idle_sessions_expire_after_30_minutes():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_demo_accounts_are_refused_outside_demo_mode(client, world):
    staff(Role.CASEWORKER, world.team_a, username="demo-user", demo=True)
    assert _login(client, "demo-user").status_code == 200
    assert "_auth_user_id" not in client.session


@override_settings(HERNINGMODEL_DEMO=True)
def test_demo_accounts_log_in_in_demo_mode(client, world):
    staff(Role.CASEWORKER, world.team_a, username="demo-user", demo=True)
    assert _login(client, "demo-user").status_code == 302


def test_a_demo_session_ends_when_demo_mode_is_off(client, world):
    demo_user = staff(Role.CASEWORKER, world.team_a, username="demo-user", demo=True).user
    client.force_login(demo_user)
    assert client.get(reverse("home")).status_code == 302


def test_login_redirect_stays_on_this_site(client, world):
    response = client.post(
        reverse("login") + "?next=https://evil.example/",
        {"username": "cw_a", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_security_headers(client, world):
    response = client.get(reverse("login"))
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_logout_needs_post(client, world):
    client.force_login(world.caseworker_a)
    assert client.get(reverse("logout")).status_code == 405
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302
