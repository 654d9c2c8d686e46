"""Logging in through a real SAML 2.0 identity provider (pysaml2's, in a second process): the
role and teams follow its groups attribute; a tampered, expired or wrongly addressed assertion
is refused."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model

from herningmodel.access.policy import role_of, team_ids
from herningmodel.access.sso.readiness import report
from herningmodel.access.sso.saml import LOA_ATTRIBUTE
from herningmodel.audit.models import AuditEvent, EventType
from herningmodel.organisation.models import Role
from tests.factories import AreaTeamFactory
from tests.sso.fixtures import MAPPING
from tests.sso.saml_provider import LocalSamlIdp, require

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="session")
def saml_idp() -> Iterator[LocalSamlIdp]:
    require()
    idp = LocalSamlIdp()
    idp.start()
    yield idp
    idp.stop()


@pytest.fixture
def saml(settings: Any, saml_idp: LocalSamlIdp, tmp_path: Path) -> LocalSamlIdp:
    mapping_file = tmp_path / "mapping.toml"
    mapping_file.write_text(MAPPING, encoding="utf-8")
    for name, value in saml_idp.sp_settings().items():
        setattr(settings, name, value)
    settings.HERNINGMODEL_SSO_MAPPING = str(mapping_file)
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "herningmodel.access.sso.saml.SamlBackend",
    ]
    AreaTeamFactory(name="Team A")
    AreaTeamFactory(name="Team B")
    return saml_idp


def log_in(client, idp: LocalSamlIdp, login: str):  # type: ignore[no-untyped-def]
    start = client.get("/saml2/login/?next=/")
    assert start.status_code == 302, start.content[:300]
    action, fields = idp.sign_in(start["Location"], login)
    assert urlsplit(action).path == "/saml2/acs/"
    return client.post("/saml2/acs/", fields)


def test_a_caseworker_logs_in_with_the_role_and_team_of_their_group(client, saml):
    saml.set_account("sara", groups=["GG-Herning-Sagsbehandlere-A"])
    response = log_in(client, saml, "sara")
    assert response.status_code == 302, response.content.decode()[:500]
    user = get_user_model().objects.get(username="urn:uuid:sara-0000")
    assert role_of(user) == Role.CASEWORKER
    assert len(team_ids(user)) == 1
    assert response.wsgi_request.user == user
    event = AuditEvent.objects.filter(event_type=EventType.STAFF_CHANGED).first()
    assert event.actor_label == f"identity provider {saml.base}/idp.xml"


def test_a_removed_group_deactivates_at_the_next_log_in(client, saml):
    saml.set_account("sune", groups=["GG-Herning-Sagsbehandlere-A"])
    log_in(client, saml, "sune")
    client.logout()
    saml.set_account("sune", groups=["GG-Elsewhere"])
    assert log_in(client, saml, "sune").status_code == 403
    assert not get_user_model().objects.get(username="urn:uuid:sune-0000").is_active


@pytest.mark.parametrize(
    ("mode", "code"),
    [
        ("tampered", "bad_signature"),
        ("expired", "expired"),
        ("wrong-audience", "wrong_audience"),
    ],
)
def test_a_bad_assertion_is_refused(client, saml, mode, code):
    saml.set_account("tove", groups=["GG-Herning-Sagsbehandlere-A"])
    saml.next_response(mode)
    response = log_in(client, saml, "tove")
    assert response.status_code == 403
    assert not response.wsgi_request.user.is_authenticated
    assert not get_user_model().objects.filter(username="urn:uuid:tove-0000").exists()
    assert AuditEvent.objects.filter(
        event_type=EventType.LOGIN_FAILED, changes__sso="saml", changes__code=code
    ).exists(), list(AuditEvent.objects.values_list("changes", flat=True))


def test_a_required_assurance_level_is_enforced(client, saml, settings):
    settings.HERNINGMODEL_SAML_REQUIRED_LOA = ["Substantial", "High"]
    saml.set_account("ulf", groups=["GG-Herning-Sagsbehandlere-A"], **{LOA_ATTRIBUTE: ["Low"]})
    assert log_in(client, saml, "ulf").status_code == 403
    saml.set_account(
        "ulf", groups=["GG-Herning-Sagsbehandlere-A"], **{LOA_ATTRIBUTE: ["Substantial"]}
    )
    assert log_in(client, saml, "ulf").status_code == 302


def test_check_reports_saml_and_an_unreadable_metadata_file(saml, settings, tmp_path):
    result = report()
    assert result.problems == []
    assert "SAML 2.0" in result.summary
    settings.HERNINGMODEL_SAML_IDP_METADATA = str(tmp_path / "missing.xml")
    assert report().problems
