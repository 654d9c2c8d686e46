"""In a browser: log in through a real OpenID Connect provider, and arrive as a team leader of
the team the provider's group maps to."""

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
