"""Security checks on the pages as the browser meets them: CSRF tokens, headers, open redirects,
and no personal data in URLs (every e2e test also checks its own URLs, see conftest.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import expect

from herningmodel.organisation.models import Role
from tests.e2e import demo
from tests.e2e.test_accessibility import caseworker_pages, controller_pages
from tests.e2e.ui import Ui

# The database is the small demo, restored before each test (conftest.py, demo.py).
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HEADERS = {
    "content-security-policy": "frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
}


def check_page(ui: Ui, path: str, problems: list[str]) -> None:
    response = ui.go(path)
    assert response is not None
    headers = response.all_headers()
    for name, expected in HEADERS.items():
        if expected not in headers.get(name, ""):
            problems.append(f"{path}: header {name} is {headers.get(name)!r}")
    if "no-store" not in headers.get("cache-control", ""):
        problems.append(f"{path}: personal pages must be Cache-Control: no-store")
    forms = ui.page.locator("form").evaluate_all(
        """forms => forms.map(f => ({
            method: (f.getAttribute('method') || 'get').toLowerCase(),
            action: f.getAttribute('action') || '',
            token: !!f.querySelector('input[name=csrfmiddlewaretoken]'),
        }))"""
    )
    for form in forms:
        if form["method"] == "post" and not form["token"]:
            problems.append(f"{path}: POST form {form['action'] or '(self)'} has no CSRF token")


def test_every_form_has_a_csrf_token_and_every_page_its_security_headers(new_ui: Any) -> None:
    problems: list[str] = []
    caseworker = new_ui()
    caseworker.login(demo.caseworker().get_username())
    for path in caseworker_pages():
        check_page(caseworker, path, problems)
    leader = new_ui()
    leader.login(demo.team_leader().get_username())
    for path in ("/cases/team/", "/cases/supervision/", "/cases/handbook/"):
        check_page(leader, path, problems)
    controller = new_ui()
    controller.login(demo.login(Role.CONTROLLER).get_username())
    for path in controller_pages():
        check_page(controller, path, problems)
    dpo = new_ui()
    dpo.login(demo.login(Role.DPO).get_username())
    check_page(dpo, "/audit/", problems)
    assert not problems, "\n".join(problems)


def test_the_log_in_page_has_its_headers_and_token(ui: Ui) -> None:
    response = ui.go("/login/")
    assert response is not None
    headers = response.all_headers()
    for name, expected in HEADERS.items():
        assert expected in headers.get(name, ""), name
    expect(ui.page.locator("form.form input[name=csrfmiddlewaretoken]")).to_have_count(1)


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "https:evil.example", "/\\evil.example"]
)
def test_log_in_never_redirects_off_site(ui: Ui, target: str) -> None:
    ui.page.goto(f"{ui.base_url}/login/?next={target}")
    ui.login_here(demo.caseworker().get_username())
    expect(ui.page.get_by_role("button", name="Log ud")).to_be_visible()
    assert ui.page.url.startswith(ui.base_url + "/"), ui.page.url
    assert "evil.example" not in ui.page.url


def test_the_case_page_survives_a_forged_post(ui: Ui) -> None:
    """A POST without the CSRF token (as from another site) is refused and saves nothing."""
    ui.login(demo.caseworker().get_username())
    case = demo.case_with_a_plan(demo.home_team())
    talks = case.child_talks.count()
    response = ui.page.request.post(
        f"{ui.base_url}/cases/{case.pk}/child-talk/",
        form={"held_on": "2025-01-01", "child_views": "forged"},
        headers={"Origin": "https://evil.example"},
    )
    assert response.status == 403
    assert case.child_talks.count() == talks


def test_searching_children_by_name_keeps_the_name_out_of_the_url(ui: Ui) -> None:
    child = demo.case_with_a_plan(demo.home_team()).child
    ui.login(demo.caseworker().get_username())
    ui.go("/children/")
    ui.page.get_by_label("Søg efter navn").fill(demo.name(child))
    ui.page.get_by_role("button", name="Søg").click()
    expect(ui.page.get_by_role("link", name=demo.name(child), exact=True)).to_be_visible()
    words = {child.first_name.lower(), child.last_name.lower()}
    leaked = [url for url in ui.requested if any(word in url.lower() for word in words)]
    ui.requested.clear()  # the fixture would fail the test a second time over the same URLs
    assert not leaked, leaked


def test_log_in_gives_a_new_session_and_log_out_ends_it(ui: Ui) -> None:
    """Session fixation: a session id planted before log-in is never the one logged in, and
    the session id from before a log-out no longer opens anything."""
    cookie_name = settings.SESSION_COOKIE_NAME
    ui.page.context.add_cookies(
        [{"name": cookie_name, "value": "planted0000000000000000000000000", "url": ui.base_url}]
    )
    ui.login(demo.caseworker().get_username())
    session = {c["name"]: c["value"] for c in ui.page.context.cookies()}[cookie_name]
    assert session != "planted0000000000000000000000000"
    ui.page.get_by_role("button", name="Log ud").click()
    expect(ui.page.get_by_role("button", name="Log ud")).to_have_count(0)
    ui.page.context.add_cookies([{"name": cookie_name, "value": session, "url": ui.base_url}])
    ui.go("/cases/")
    assert "/login/" in ui.page.url
