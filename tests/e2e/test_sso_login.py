"""In a browser: log in through a real OpenID Connect provider and a real SAML identity
provider, and arrive with the role and team the provider's group maps to."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Browser

from herningmodel.access.policy import role_of, team_ids
from herningmodel.access.sso import discovery
from herningmodel.organisation.models import AreaTeam, Role
from tests.e2e.conftest import VIEWPORT, serve_axe
from tests.e2e.ui import AXE_URL, Ui
from tests.sso import provider as op
from tests.sso.fixtures import sso_settings
from tests.sso.saml_provider import LocalSamlIdp
from tests.sso.saml_provider import require as saml_require

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def provider(live_demo: Any) -> Iterator[op.LocalProvider]:
    op.require()
    local = op.LocalProvider(redirect_uris=[f"{live_demo.url}/oidc/callback/"])
    local.start()
    yield local
    local.stop()
    discovery.forget()


def test_a_team_leader_logs_in_through_the_identity_provider(
    browser: Browser, live_demo: Any, provider: op.LocalProvider, settings: Any, tmp_path: Path
) -> None:
    mapping_file = sso_settings(settings, provider, tmp_path)
    team = AreaTeam.objects.order_by("name").first()
    assert team is not None
    mapping_file.write_text(
        f'[groups."GG-Ledere"]\nrole = "team_leader"\nteams = ["{team.name}"]\n'
        'discipline = "team_leader"\n',
        encoding="utf-8",
    )
    settings.HERNINGMODEL_LOCAL_PASSWORDS = False
    provider.set_account("lene", groups=["GG-Ledere"], amr=["pwd", "mfa"])
    settings.HERNINGMODEL_OIDC_REQUIRED_AMR = ["mfa"]

    context = browser.new_context(viewport=VIEWPORT, locale="da-DK")
    context.route(AXE_URL, serve_axe)
    try:
        ui = Ui(context.new_page(), live_demo.url)
        page = ui.page
        ui.go("/login/")
        assert page.locator('input[type="password"]').count() == 0
        assert ui.axe() == []
        page.click("#sso-login")
        page.wait_for_url(f"{provider.issuer}/interaction/**")
        page.fill("#login", "lene")
        page.fill("#password", "pw-lene")
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_demo.url}/")
        assert team.name in page.content()
        assert ui.console_errors == []
    finally:
        context.close()
    user = get_user_model().objects.get(username="lene")
    assert role_of(user) == Role.TEAM_LEADER
    assert team_ids(user) == {team.pk}


def test_a_refusal_is_a_plain_accessible_page(
    browser: Browser, live_demo: Any, provider: op.LocalProvider, settings: Any, tmp_path: Path
) -> None:
    sso_settings(settings, provider, tmp_path)
    provider.set_account("ulla", groups=["GG-Not-Mapped"])
    context = browser.new_context(viewport=VIEWPORT, locale="da-DK")
    context.route(AXE_URL, serve_axe)
    try:
        ui = Ui(context.new_page(), live_demo.url)
        ui.go("/login/")
        ui.page.click("#sso-login")
        ui.page.fill("#login", "ulla")
        ui.page.fill("#password", "pw-ulla")
        ui.page.click("button[type=submit]")
        ui.page.wait_for_url(f"{live_demo.url}/oidc/callback/**")
        assert "giver ikke adgang" in ui.page.get_by_role("alert").inner_text()
        assert ui.axe() == []
    finally:
        context.close()
    assert not get_user_model().objects.filter(username="ulla").exists()


@pytest.fixture
def saml_idp(live_demo: Any) -> Iterator[LocalSamlIdp]:
    saml_require()
    idp = LocalSamlIdp(sp_base=live_demo.url)
    idp.start()
    yield idp
    idp.stop()


def test_a_caseworker_logs_in_through_the_saml_identity_provider(
    browser: Browser, live_demo: Any, saml_idp: LocalSamlIdp, settings: Any, tmp_path: Path
) -> None:
    team = AreaTeam.objects.order_by("name").first()
    assert team is not None
    mapping_file = tmp_path / "mapping.toml"
    mapping_file.write_text(
        f'[groups."GG-Sagsbehandlere"]\nrole = "caseworker"\nteams = ["{team.name}"]\n',
        encoding="utf-8",
    )
    for name, value in saml_idp.sp_settings().items():
        setattr(settings, name, value)
    settings.HERNINGMODEL_SSO_MAPPING = str(mapping_file)
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "herningmodel.access.sso.saml.SamlBackend",
    ]
    # The IdP posts back across sites, so the SAML state cookie is SameSite=None, which
    # browsers accept only with Secure (as in production; Chromium allows it on localhost).
    settings.SESSION_COOKIE_SECURE = True
    saml_idp.set_account("sofie", groups=["GG-Sagsbehandlere"])

    context = browser.new_context(viewport=VIEWPORT, locale="da-DK")
    try:
        page = context.new_page()
        page.goto(f"{live_demo.url}/login/")
        page.click("#saml-login")
        page.wait_for_url(f"{saml_idp.base}/sso/redirect**")
        page.fill("#login", "sofie")
        page.fill("#password", "pw-sofie")
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_demo.url}/")
        assert team.name in page.content()
    finally:
        context.close()
    user = get_user_model().objects.get(username="urn:uuid:sofie-0000")
    assert role_of(user) == Role.CASEWORKER
    assert team_ids(user) == {team.pk}
