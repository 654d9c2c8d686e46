"""A misconfigured single sign-on stops the start-up or fails `herningmodel check` with a clear
message; it never falls back to weaker security."""

from __future__ import annotations

import pytest
import typer
from django.contrib.auth import authenticate

from herningmodel.access.sso import mapping
from herningmodel.access.sso.readiness import report
from herningmodel.cli.serving import check_sso
from herningmodel.organisation.models import Role
from tests.factories import PASSWORD, AreaTeamFactory, staff
from tests.test_settings import _run


def test_passwords_off_without_single_sign_on_stops_the_start_up():
    result = _run("check", HERNINGMODEL_LOCAL_PASSWORDS="off")
    assert result.returncode != 0
    assert "no one could log in" in result.stderr


def test_an_issuer_without_client_or_mapping_stops_the_start_up():
    result = _run("check", HERNINGMODEL_OIDC_ISSUER="https://login.example.org")
    assert result.returncode != 0
    assert "HERNINGMODEL_OIDC_CLIENT_ID" in result.stderr
    assert "HERNINGMODEL_SSO_MAPPING" in result.stderr


def test_a_broken_mapping_stops_the_start_up(tmp_path):
    broken = tmp_path / "mapping.toml"
    broken.write_text('[groups."GG-DPO"]\nrole = "dpo"\n')
    result = _run(
        "check",
        HERNINGMODEL_OIDC_ISSUER="https://login.example.org",
        HERNINGMODEL_OIDC_CLIENT_ID="herningmodel",
        HERNINGMODEL_OIDC_CLIENT_SECRET="secret",
        HERNINGMODEL_SSO_MAPPING=str(broken),
    )
    assert result.returncode != 0
    assert "needs a second person" in result.stderr


def test_a_plain_http_issuer_is_refused_in_production():
    result = _run(
        "check",
        HERNINGMODEL_MODE="production",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="example.org",
        HERNINGMODEL_OIDC_ISSUER="http://login.example.org",
        HERNINGMODEL_OIDC_CLIENT_ID="herningmodel",
        HERNINGMODEL_OIDC_CLIENT_SECRET="secret",
        HERNINGMODEL_SSO_MAPPING="/nonexistent.toml",
    )
    assert result.returncode != 0
    assert "https://" in result.stderr


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no [groups"),
        ('[groups."G"]\nrole = "king"\n', "is not one of"),
        ('[groups."G"]\nrole = "caseworker"\ndiscipline = "wizard"\n', "discipline"),
        ('[groups."G"]\nrole = "caseworker"\ncolour = "red"\n', "unknown key"),
        ('[groups."G"]\nteams = ["Team A"]\n', "no group gives a role"),
        ('[groups."G"]\n', "gives nothing"),
        ('[groups."G"]\nrole = "administrator"\n', "needs a second person"),
        ('[groups."G"]\nrole = "caseworker"\nresearch = true\n', "needs a second person"),
        ("[groups", "not valid TOML"),
    ],
)
def test_a_mapping_mistake_is_named(text, message):
    with pytest.raises(mapping.MappingError, match=message.replace("[", r"\[")):
        mapping.parse(text)


def test_only_mapped_groups_count_and_the_first_role_in_the_file_wins():
    rules = mapping.parse(
        '[groups."Leaders"]\nrole = "team_leader"\nteams = ["Team A"]\n'
        '[groups."Workers"]\nrole = "caseworker"\nteams = ["Team B"]\n'
        '[groups."DPO"]\nrole = "dpo"\nwide_access = true\n'
    )
    both = rules.entitlement(["Workers", "Leaders", "dpo", "Administrators"])
    assert both.role == Role.TEAM_LEADER
    assert both.teams == {"Team A": "social_worker", "Team B": "social_worker"}
    assert rules.entitlement(["Administrators", "role:dpo"]).role is None
    assert rules.entitlement([]).teams == {}


def test_check_reports_that_single_sign_on_is_not_configured(db):
    assert report().summary.startswith("Single sign-on: not configured")


def test_check_reports_a_working_configuration(sso, oidc_provider, db):
    AreaTeamFactory(name="Team A")
    AreaTeamFactory(name="Team B")
    result = report()
    assert result.problems == []
    assert oidc_provider.issuer in result.summary
    assert "4 mapped groups" in result.summary


def test_check_fails_on_a_wrong_issuer_and_unknown_teams(sso, oidc_provider, settings, db):
    settings.HERNINGMODEL_OIDC_ISSUER = oidc_provider.issuer + "/"
    problems = report().problems
    assert any("Wrong issuer" in p for p in problems)
    assert any("Team A, Team B" in p for p in problems)
    with pytest.raises(typer.Exit):
        check_sso()


def test_passwords_off_hides_the_form_and_refuses_a_password(client, rf, sso, settings, db):
    staff(Role.CASEWORKER, username="local")
    assert authenticate(rf.post("/login/"), username="local", password=PASSWORD) is not None
    settings.HERNINGMODEL_LOCAL_PASSWORDS = False
    page = client.get("/login/").content.decode()
    assert 'id="sso-login"' in page
    assert 'type="password"' not in page
    response = client.post("/login/", {"username": "local", "password": PASSWORD})
    assert response.status_code == 403
    assert authenticate(rf.post("/login/"), username="local", password=PASSWORD) is None
    assert (
        client.post("/admin/login/", {"username": "local", "password": PASSWORD}).status_code == 200
    )
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_with_passwords_on_both_ways_are_offered(client, sso, db):
    page = client.get("/login/").content.decode()
    assert 'id="sso-login"' in page
    assert 'type="password"' in page


def test_saml_metadata_without_keys_or_mapping_stops_the_start_up(tmp_path):
    result = _run("check", HERNINGMODEL_SAML_IDP_METADATA=str(tmp_path / "idp.xml"))
    assert result.returncode != 0
    assert "HERNINGMODEL_SAML_KEY_FILE" in result.stderr
    assert "HERNINGMODEL_SSO_MAPPING" in result.stderr
