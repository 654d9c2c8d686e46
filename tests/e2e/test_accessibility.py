"""WCAG 2.1 A/AA: axe-core finds no violations on any main page, in Danish and in English.

Each persona logs in through the real form and visits the pages of its role, including every
case action form, a form showing its errors and a form opened in place on the case page.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from herningmodel.cases import services
from herningmodel.comparison import services as comparison
from herningmodel.interchange import aggregates
from herningmodel.organisation.models import Role, StaffMember
from herningmodel.progress.models import Instrument
from herningmodel.staircase.models import InterventionType
from tests.e2e import demo
from tests.e2e.ui import Ui, describe

# The database is the small demo, restored before each test (conftest.py, demo.py).
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CASE_ACTIONS = [
    "child-talk",
    "assessment",
    "decision",
    "meeting",
    "plan",
    "follow-up",
    "handover",
    "close",
]


def caseworker_pages() -> list[str]:
    """The caseworker's pages in the demo: a case with its plan, one being assessed, a child
    with no case yet, and a notification registered now that awaits its every step."""
    team = demo.home_team()
    case = demo.case_with_a_plan(team)
    assessing = demo.case_assessing(team)
    assessment = assessing.assessments.filter(finished_on__isnull=True).first()
    assert assessment is not None
    plan = case.plans.order_by("-pk").first()
    assert plan is not None
    new = demo.child_without_a_case(team)
    notification = services.receive_notification(
        actor=demo.caseworker(),
        child=new,
        source="school",
        received_at=timezone.now() - timezone.timedelta(hours=2),
        content="Barnet virker trist (fiktivt eksempel).",
        origin="e2e",
    )
    return [
        "/",
        "/cases/",
        "/children/",
        f"/children/{case.child_id}/",
        "/children/new/",
        f"/children/{case.child_id}/edit/",
        f"/cases/{case.pk}/",
        *(f"/cases/{case.pk}/{action}/" for action in CASE_ACTIONS),
        f"/cases/{case.pk}/plan/{plan.pk}/",
        *(f"/cases/{case.pk}/measure/{i.code}/" for i in Instrument.objects.filter(active=True)),
        f"/cases/{assessing.pk}/",
        f"/cases/{assessing.pk}/preliminary/{assessment.pk}/",
        f"/cases/{assessing.pk}/finish-assessment/{assessment.pk}/",
        f"/cases/children/{new.pk}/notify/",
        *(f"/cases/notifications/{notification.pk}/{a}/" for a in ("acute", "receipt", "outcome")),
    ]


def controller_pages() -> list[str]:
    kind = InterventionType.objects.filter(active=True).order_by("step__number", "code").first()
    assert kind is not None
    return [
        "/",
        "/staircase/",
        f"/staircase/types/{kind.code}/",
        "/staircase/prices/new/",
        "/staircase/budget/",
        "/monitoring/",
        "/monitoring/caseload/",
        "/monitoring/deadlines/",
        "/monitoring/placements/",
        "/monitoring/costs/",
        "/economics/",
        "/economics/realisation/",
        "/evaluation/",
        research_extract_page(),
        comparison_page(),
    ]


def research_extract_page() -> str:
    """The controller, approved by the DPO for a study, sees the research-extract form."""
    from django.contrib.auth.models import Group

    from herningmodel.evaluation.extract import RESEARCH_GROUP

    group, _created = Group.objects.get_or_create(name=RESEARCH_GROUP)
    group.user_set.add(demo.login(Role.CONTROLLER))
    return "/evaluation/extract/"


def adopt_the_example() -> None:
    """Benefit realisation with something to show: the page's example adopted from last year."""
    from herningmodel.economics import services as economics
    from herningmodel.economics.views import EXAMPLE

    user = demo.login(Role.CONTROLLER)
    scenario, _parsed = economics.save_scenario(EXAMPLE.read_text(encoding="utf-8"), actor=user)
    year = timezone.localdate().year - 1
    economics.adopt_scenario(scenario, starts_on=dt.date(year, 1, 1), actor=user)


def comparison_page() -> str:
    """The comparison page, with the scenario's own export and a renamed copy imported."""
    today = timezone.localdate()
    own = aggregates.export(str(today.year), ".json", today=today)
    content = json.loads(own)["content"]
    content["municipality"] = {"code": "998", "name": "Anden Kommune (fiktiv)"}
    other = aggregates.to_json(content)
    report = comparison.import_files(
        [("own.json", own), ("other.json", other)], actor=None, source="e2e"
    )
    assert not report.errors
    return "/comparison/"


class Audit:
    """Runs axe on page after page and keeps every violation for one readable failure."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.found: dict[str, list[dict[str, Any]]] = {}
        self.broken: dict[str, list[str]] = {}
        self.checked = 0

    def check(self, ui: Ui, what: str) -> None:
        expect(ui.page.locator("html")).to_have_attribute("lang", self.language)
        violations = ui.axe()
        self.checked += 1
        if violations:
            self.found[f"{what} ({ui.page.url})"] = violations
        if broken := ui.broken_references():
            self.broken[f"{what} ({ui.page.url})"] = broken

    def visit(self, ui: Ui, paths: list[str]) -> None:
        for path in paths:
            response = ui.go(path)
            assert response is not None
            assert response.ok, f"{path} answered {response.status}"
            self.check(ui, path)

    def report(self) -> str:
        return "\n".join(f"{page}:\n{describe(v)}" for page, v in self.found.items())


@pytest.mark.parametrize("language", ["da", "en"])
def test_main_pages_have_no_wcag_violations(new_ui: Any, language: str) -> None:
    audit = Audit(language)

    anonymous = new_ui(language)
    anonymous.go("/login/")
    audit.check(anonymous, "log-in")
    worker = demo.caseworker()
    anonymous.page.locator("#id_username").fill(worker.get_username())
    anonymous.page.locator("#id_password").fill("wrong")
    anonymous.page.locator("#id_password").press("Enter")
    expect(anonymous.page.get_by_role("alert")).to_be_visible()
    audit.check(anonymous, "log-in with an error")

    caseworker = new_ui(language)
    caseworker.login(worker.get_username())
    audit.visit(caseworker, caseworker_pages())
    # A form with its errors shown, and a form opened in place (htmx) on the case page.
    team = demo.home_team()
    caseworker.go(f"/cases/children/{demo.child_without_a_case(team).pk}/notify/")
    caseworker.page.locator("form.form button[type=submit]").click()
    expect(caseworker.page.locator(".error-summary")).to_be_visible()
    audit.check(caseworker, "notification form with errors")
    caseworker.go(f"/cases/{demo.case_with_a_plan(team).pk}/")
    caseworker.page.locator("nav.actions a").nth(2).click()
    expect(caseworker.page.locator("#action-slot form")).to_be_visible()
    audit.check(caseworker, "decision form opened on the case page")
    # Saved empty, the panel comes back in place with its errors.
    caseworker.page.locator("#action-slot button[type=submit]").click()
    expect(caseworker.page.locator("#action-slot .error-summary")).to_be_visible()
    audit.check(caseworker, "decision form with errors, in place on the case page")

    response = caseworker.go("/cases/999999/")
    assert response is not None
    assert response.status == 404
    audit.check(caseworker, "not found")
    caseworker.console_errors.clear()  # the browser logs the expected 404

    leader = new_ui(language)
    leader.login(demo.team_leader().get_username())
    audit.visit(leader, ["/", "/cases/team/", "/cases/supervision/"])
    leader.page.locator("#id_worker").select_option(index=1)
    leader.page.locator("form.form button[type=submit]").click()
    expect(leader.page.locator("form.supervision").first).to_be_visible()
    audit.check(leader, "supervision sample")
    audit.visit(
        leader,
        [
            "/cases/handbook/",
            "/coordination/prototypes/",
            "/coordination/prototypes/new/",
            "/coordination/movement/",
        ],
    )

    coordinator_user = demo.login(Role.FAMILY_COORDINATOR)
    coordinator = new_ui(language)
    coordinator.login(coordinator_user.get_username())
    audit.visit(coordinator, ["/", "/coordination/", "/coordination/start/"])
    family = f"/coordination/{demo.coordination_of(coordinator_user).pk}/"
    audit.visit(coordinator, [family, f"{family}meeting/", f"{family}plan/"])
    audit.visit(leader, [f"/coordination/prototypes/{demo.prototype().pk}/"])

    manager = new_ui(language)
    manager.login(demo.login(Role.DEPARTMENT_MANAGER).get_username())
    audit.visit(manager, ["/cases/handbook/?step=assessment"])
    audit.visit(
        manager,
        [
            "/monitoring/caseload/?period=2024",
            "/monitoring/cases/continuity/?period=2024",
            "/monitoring/cases/deadlines_on_time/?period=2024&series=acute_24h",
        ],
    )

    controller = new_ui(language)
    controller.login(demo.login(Role.CONTROLLER).get_username())
    audit.visit(controller, controller_pages())
    adopt_the_example()
    audit.visit(controller, ["/economics/realisation/"])
    controller.page.locator("form.form button.primary").click()
    expect(controller.page.locator(".error-summary")).to_be_visible()
    audit.check(controller, "adoption form with errors")
    controller.console_errors.clear()  # the browser logs the form's expected 400

    politician = new_ui(language)
    politician.login(demo.login(Role.POLITICIAN).get_username())
    audit.visit(politician, ["/", "/monitoring/", "/monitoring/staircase/", "/comparison/"])

    dpo = new_ui(language)
    dpo.login(demo.login(Role.DPO).get_username())
    child = demo.case_with_a_plan(team).child
    audit.visit(dpo, ["/", "/audit/", f"/audit/?child_id={child.pk}"])

    administrator = new_ui(language)
    administrator.login(demo.login(Role.ADMINISTRATOR).get_username())
    audit.visit(administrator, ["/data/import/"])
    administrator.page.locator("#id_kind").select_option("children")
    bad = "external_id;first_name;last_name;birth_date;district;area_team\nX1;A;B;x;Nord;Nord\n"
    administrator.page.locator("#id_file").set_input_files(
        files=[{"name": "children.csv", "mimeType": "text/csv", "buffer": bad.encode()}]
    )
    administrator.page.locator("form.form button[type=submit]").click()
    expect(administrator.page.locator(".error-summary")).to_be_visible()
    audit.check(administrator, "import check with its errors table")

    assert audit.checked >= 35
    assert not audit.found, f"axe found WCAG 2 A/AA violations:\n{audit.report()}"
    assert not audit.broken, f"labels or ARIA pointing at missing ids: {audit.broken}"


@pytest.mark.parametrize("language", ["da", "en"])
def test_staff_pages_have_no_wcag_violations(new_ui: Any, language: str) -> None:
    """The separation-of-duties pages: the list, a person with a grant waiting, the change
    form with its errors, the approvals and the DPO's list of changes."""
    from herningmodel.access import staffing

    audit = Audit(language)
    admin_user = demo.login(Role.ADMINISTRATOR)
    leader = StaffMember.objects.get(user=demo.login(Role.TEAM_LEADER))
    staffing.change_role(
        leader, Role.DEPARTMENT_MANAGER, actor=admin_user, reason="Ny stilling", source="test"
    )
    administrator = new_ui(language)
    administrator.login(admin_user.get_username())
    audit.visit(administrator, ["/staff/", f"/staff/{leader.pk}/", "/staff/requests/"])
    administrator.go(f"/staff/{leader.pk}/")
    administrator.page.locator("form.form button.primary").click()
    expect(administrator.page.locator(".error-summary")).to_be_visible()
    audit.check(administrator, "staff change form with errors")
    administrator.console_errors.clear()  # the browser logs the form's expected 400

    dpo = new_ui(language)
    dpo.login(demo.login(Role.DPO).get_username())
    audit.visit(dpo, ["/staff/requests/", "/staff/changes/"])

    assert audit.checked >= 6
    assert not audit.found, f"axe found WCAG 2 A/AA violations:\n{audit.report()}"
    assert not audit.broken, f"labels or ARIA pointing at missing ids: {audit.broken}"


def test_axe_really_runs_and_reports(ui: Ui) -> None:
    """Guards the check above: a page with a known fault must come back with a violation."""
    ui.go("/login/")
    ui.page.evaluate("document.querySelector('label[for=id_username]').remove()")
    ids = {v["id"] for v in ui.axe()}
    assert "label" in ids
