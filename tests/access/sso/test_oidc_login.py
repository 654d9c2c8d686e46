"""Logging in through a real OpenID Connect provider: the role and teams follow its groups,
every change is a STAFF_CHANGED event by the provider, and a token that is tampered with,
expired, for someone else or from someone else is refused."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from herningmodel.access.models import ApiToken
from herningmodel.access.policy import role_of, team_ids
from herningmodel.access.sso import oidc
from herningmodel.access.tokens import create_token, user_for_token
from herningmodel.audit.models import AuditEvent, EventType
from herningmodel.organisation.models import Role, TeamMembership
from tests.factories import AreaTeamFactory
from tests.sso.provider import LocalProvider

pytestmark = pytest.mark.django_db


@pytest.fixture
def teams(db: None) -> dict[str, int]:
    return {name: AreaTeamFactory(name=name).pk for name in ("Team A", "Team B")}


def log_in(client: Client, provider: LocalProvider, login: str):  # type: ignore[no-untyped-def]
    start = client.get("/oidc/authenticate/?next=/")
    assert start.status_code == 302
    authorize = start["Location"]
    back = provider.sign_in(authorize, login)
    parts = urlsplit(back)
    assert parts.netloc == "testserver", back
    return client.get(parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()})


def test_the_request_to_the_provider_uses_pkce_and_a_nonce(client, sso, oidc_provider):
    query = parse_qs(urlsplit(client.get("/oidc/authenticate/")["Location"]).query)
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) >= 43
    assert query["nonce"]
    assert query["state"]
    assert query["response_type"] == ["code"]


def test_a_new_caseworker_is_created_with_the_role_and_team_of_their_group(
    client, sso, oidc_provider, teams
):
    oidc_provider.set_account("anna", groups=["GG-Herning-Sagsbehandlere-A", "GG-Other"])
    response = log_in(client, oidc_provider, "anna")
    assert response.status_code == 302
    assert response["Location"] == "/"
    user = get_user_model().objects.get(username="anna")
    assert role_of(user) == Role.CASEWORKER
    assert team_ids(user) == {teams["Team A"]}
    assert user.email == "anna@herning.example"
    assert not user.has_usable_password()
    assert client.get("/").wsgi_request.user == user
    changes = AuditEvent.objects.filter(event_type=EventType.STAFF_CHANGED, object_id=user.staff.pk)
    assert [e.changes["change"] for e in changes.order_by("seq")] == ["enrol", "add_team"]
    first = changes.first()
    assert first.actor_id is None
    assert first.actor_label == f"identity provider {oidc_provider.issuer}"
    assert "GG-Herning-Sagsbehandlere-A" in first.changes["reason"]
    assert AuditEvent.objects.filter(event_type=EventType.LOGIN, actor_id=user.pk).exists()


def test_a_removed_group_takes_the_team_and_role_away_at_the_next_log_in(
    client, sso, oidc_provider, teams
):
    oidc_provider.set_account("bo", groups=["GG-Herning-Teamledere", "GG-Herning-Sagsbehandlere-B"])
    log_in(client, oidc_provider, "bo")
    user = get_user_model().objects.get(username="bo")
    assert role_of(user) == Role.TEAM_LEADER
    assert team_ids(user) == {teams["Team A"], teams["Team B"]}
    # Bo joined last month (a membership that began today runs to the end of today).
    a_month_ago = timezone.localdate() - dt.timedelta(days=30)
    TeamMembership.objects.filter(staff__user=user).update(start=a_month_ago)

    oidc_provider.set_account("bo", groups=["GG-Herning-Sagsbehandlere-A"])
    client.logout()
    log_in(client, oidc_provider, "bo")
    user.refresh_from_db()
    assert role_of(user) == Role.CASEWORKER
    assert team_ids(user) == {teams["Team A"]}
    kinds = list(
        AuditEvent.objects.filter(event_type=EventType.STAFF_CHANGED)
        .order_by("seq")
        .values_list("changes__change", flat=True)
    )
    assert kinds[-2:] == ["role", "end_team"]


def test_a_person_left_in_no_mapped_group_is_deactivated_and_refused(
    client, sso, oidc_provider, teams
):
    oidc_provider.set_account("cai", groups=["GG-Herning-Sagsbehandlere-A"])
    log_in(client, oidc_provider, "cai")
    client.logout()
    oidc_provider.set_account("cai", groups=["GG-Somewhere-Else"])
    response = log_in(client, oidc_provider, "cai")
    assert response.status_code == 403
    assert not get_user_model().objects.get(username="cai").is_active
    assert not response.wsgi_request.user.is_authenticated
    assert AuditEvent.objects.filter(
        event_type=EventType.LOGIN_FAILED, changes__code="no_mapped_group"
    ).exists()


def test_no_account_is_made_for_someone_without_a_mapped_group(client, sso, oidc_provider):
    oidc_provider.set_account("dan", groups=[])
    response = log_in(client, oidc_provider, "dan")
    assert response.status_code == 403
    assert not get_user_model().objects.filter(username="dan").exists()


@pytest.mark.parametrize(
    ("mode", "code"),
    [
        ("tampered", "bad_signature"),
        ("expired", "expired"),
        ("wrong-audience", "wrong_audience"),
        ("wrong-issuer", "wrong_issuer"),
    ],
)
def test_a_bad_id_token_is_refused(client, sso, oidc_provider, teams, mode, code):
    oidc_provider.set_account("eva", groups=["GG-Herning-Sagsbehandlere-A"])
    oidc_provider.next_id_token(mode)
    response = log_in(client, oidc_provider, "eva")
    assert response.status_code == 403
    assert not response.wsgi_request.user.is_authenticated
    assert not get_user_model().objects.filter(username="eva").exists()
    assert AuditEvent.objects.filter(event_type=EventType.LOGIN_FAILED, changes__code=code).exists()


def test_a_required_mfa_method_is_enforced(client, sso, oidc_provider, teams, settings):
    settings.HERNINGMODEL_OIDC_REQUIRED_AMR = ["mfa"]
    oidc_provider.set_account("finn", groups=["GG-Herning-Sagsbehandlere-A"], amr=["pwd"])
    assert log_in(client, oidc_provider, "finn").status_code == 403
    oidc_provider.set_account("finn", groups=["GG-Herning-Sagsbehandlere-A"], amr=["pwd", "mfa"])
    assert log_in(client, oidc_provider, "finn").status_code == 302


def test_a_mapping_naming_a_missing_team_refuses_the_log_in(client, sso, oidc_provider, db):
    AreaTeamFactory(name="Team A")  # but not Team B
    oidc_provider.set_account(
        "gro", groups=["GG-Herning-Sagsbehandlere-A", "GG-Herning-Sagsbehandlere-B"]
    )
    response = log_in(client, oidc_provider, "gro")
    assert response.status_code == 403
    assert "Team B" in response.content.decode()


def test_a_wrong_issuer_in_the_configuration_is_refused_before_anyone_is_sent_away(
    client, sso, oidc_provider, settings
):
    settings.HERNINGMODEL_OIDC_ISSUER = oidc_provider.issuer.replace("127.0.0.1", "localhost")
    response = client.get("/oidc/authenticate/")
    assert response.status_code == 503


def test_a_users_own_claims_grant_nothing_beyond_the_mapping(
    client, sso, oidc_provider, teams, monkeypatch
):
    seen: list[dict] = []
    real = oidc.says_from
    monkeypatch.setattr(oidc, "says_from", lambda claims: seen.append(claims) or real(claims))
    oidc_provider.set_account(
        "hans",
        groups=["GG-Herning-Sagsbehandlere-A", "Herningmodel-DPO", "dpo"],
        claims={"role": "dpo", "roles": ["administrator"]},
    )
    log_in(client, oidc_provider, "hans")
    assert seen[0]["role"] == "dpo"  # the claim did arrive, and was ignored
    assert role_of(get_user_model().objects.get(username="hans")) == Role.CASEWORKER


def test_a_group_mapped_with_wide_access_gives_the_dpo_role(client, sso, oidc_provider, teams):
    oidc_provider.set_account("ida", groups=["GG-Herning-Databeskyttelse"])
    log_in(client, oidc_provider, "ida")
    assert role_of(get_user_model().objects.get(username="ida")) == Role.DPO


def test_losing_a_role_at_the_provider_revokes_the_old_roles_api_tokens(
    client, sso, oidc_provider, teams
):
    oidc_provider.set_account("jon", groups=["GG-Herning-Teamledere"])
    log_in(client, oidc_provider, "jon")
    user = get_user_model().objects.get(username="jon")
    _token, raw = create_token(user, name="integration", actor=user, source="test")
    oidc_provider.set_account("jon", groups=["GG-Herning-Sagsbehandlere-A"])
    client.logout()
    log_in(client, oidc_provider, "jon")
    assert user_for_token(raw) is None
    assert ApiToken.objects.get(user=user).revoked_at is not None


def test_a_code_cannot_be_used_twice(client, sso, oidc_provider, teams):
    oidc_provider.set_account("kim", groups=["GG-Herning-Sagsbehandlere-A"])
    authorize = client.get("/oidc/authenticate/")["Location"]
    back = urlsplit(oidc_provider.sign_in(authorize, "kim"))
    params = {k: v[0] for k, v in parse_qs(back.query).items()}
    assert client.get(back.path, params).status_code == 302
    client.logout()
    replay = client.get(back.path, params)
    assert replay.status_code == 403
    assert not replay.wsgi_request.user.is_authenticated
