"""The people who use the product, in a real browser: what they do and what they are refused.

Every step goes through visible labels and roles, as a person (or a screen reader) finds them.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from herningmodel.audit.models import AuditEvent, EventType
from herningmodel.cases.models import Case
from herningmodel.economics.models import Scenario
from herningmodel.organisation.models import Role
from herningmodel.staircase.models import Price
from tests.e2e import demo
from tests.e2e.ui import Ui

# The database is the small demo, restored before each test (conftest.py, demo.py).
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def save(page: Page) -> None:
    """Press Save and wait for the page it leads to: a form opened in place (htmx) saves with
    a request and then moves the browser, and the old page already says "Saved." too."""
    with page.expect_navigation():
        page.get_by_role("button", name="Gem").click()


def saved(page: Page) -> None:
    expect(page.get_by_role("status")).to_contain_text("Gemt.")


def open_action(page: Page, name: str) -> None:
    """Open a step's form in place on the case page (htmx) from the case actions menu."""
    page.get_by_role("navigation", name="Handlinger på sagen").get_by_role(
        "link", name=name, exact=True
    ).click()
    expect(page.locator("#action-slot form")).to_be_visible()


def priced_intervention() -> tuple[str, str]:
    """An intervention on step 3 of the catalogue and a provider with a price for it today."""
    price = (
        Price.objects.filter(
            intervention_type__step__number=3,
            intervention_type__active=True,
            provider__active=True,
            valid_from__lte=timezone.localdate(),
        )
        .select_related("intervention_type", "provider")
        .order_by("intervention_type__code")
        .first()
    )
    assert price is not None
    return str(price.intervention_type), price.provider.name


def test_caseworker_takes_a_notification_to_plan_intervention_and_follow_up(ui: Ui) -> None:
    page = ui.page
    now = timezone.localtime()
    today = now.date().isoformat()
    worker = demo.caseworker()
    child = demo.child_without_a_case(demo.home_team())
    first = child.first_name
    ui.login(worker.get_username())
    ui.screenshot("01-front-page")

    # Find the child by the whole name and register the school's notification.
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Børn").click()
    page.get_by_label("Søg efter navn").fill(demo.name(child))
    page.get_by_role("button", name="Søg").click()
    page.get_by_role("link", name=demo.name(child), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(demo.name(child))
    ui.screenshot("02-child-page")
    page.get_by_role("link", name="Registrér en underretning").click()
    page.get_by_label("Kilde").select_option(label="Skole")
    page.get_by_label("Underretter").fill("Klasselærer, Nordby Skole (fiktiv)")
    page.get_by_label("Modtaget").fill((now - dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Indhold").fill(f"{first} kommer ofte uden madpakke og er træt (fiktivt).")
    ui.screenshot("03-notification-form")
    save(page)
    expect(page.get_by_role("status")).to_contain_text("Underretningen blev registreret.")

    # The 24-hour assessment: two yes/no questions, each a group of radio buttons.
    expect(page.get_by_role("heading", name="24-timers-vurdering")).to_be_visible()
    page.get_by_role("group", name="Er barnets sundhed eller udvikling i fare?").get_by_label(
        "Nej"
    ).check()
    page.get_by_role("group", name="Er der behov for akutte foranstaltninger?").get_by_label(
        "Nej"
    ).check()
    save(page)
    saved(page)

    # Back on the child's page: the outcome opens a case with a child assessment (§ 20).
    page.get_by_role("link", name="Udfald").click()
    page.get_by_label("Udfald").select_option(label="Børnefaglig undersøgelse (§ 20)")
    page.get_by_label("Besluttet").fill(today)
    page.get_by_label("Sagsbehandler").select_option(value=str(worker.pk))
    save(page)
    saved(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text(demo.name(child))
    case_url = page.url

    # The notifier is a professional: send the receipt.
    page.get_by_role("link", name="Kvittering").click()
    page.get_by_label("Kvittering sendt").fill(today)
    save(page)
    saved(page)

    # Talk with the child, in place on the case page.
    open_action(page, "Børnesamtale")
    page.get_by_label("Samtalen blev afholdt den").fill(today)
    page.get_by_label("Barnets synspunkter").fill(f"{first} vil gerne have madpakke med hver dag.")
    save(page)
    saved(page)

    # Finish the child assessment with a recommendation of support (§ 32).
    page.get_by_role("link", name="Afslut", exact=True).click()
    page.get_by_label("Barnets udvikling").fill(f"{first} trives i skolen, men er træt.")
    page.get_by_label("Forældrekompetencer").fill("Mor er alene og presset.")
    page.get_by_label("Familie og netværk").fill("Mormor bor tæt på og vil gerne hjælpe.")
    page.get_by_label("Konklusion").fill("Familien har brug for støtte i hjemmet.")
    page.get_by_label("Anbefaling").select_option(label="Støttende indsats (§ 32)")
    page.get_by_label("Afsluttet").fill(today)
    save(page)
    saved(page)

    # The network meeting, with the family at the head of the table.
    open_action(page, "Netværksmøde")
    page.get_by_label("Afholdt").fill(today)
    expect(page.get_by_label("Familien for bordenden")).to_be_checked()
    page.get_by_label("Deltagere").fill(
        f"familie; Mor; mor\nbarn; {first}\nnetværk; Mormor; mormor\n"
        f"fagperson; {worker.get_full_name()}; sagsbehandler"
    )
    page.get_by_label("Resumé").fill("Familien formulerede selv målene.")
    save(page)
    saved(page)

    # The decision under § 32 with an intervention from the catalogue.
    kind, provider = priced_intervention()
    open_action(page, "Afgørelse")
    page.get_by_label("Lovgrundlag").select_option(label="§ 32 støttende indsats")
    page.get_by_label("Bestemmelse (§ 32)").fill("stk. 1, nr. 3")
    page.get_by_label("Besluttet").fill(today)
    page.get_by_label("Formål").fill(f"Familiebehandling, så {first} får ro og struktur.")
    page.get_by_label("Forventet varighed (måneder)").fill("6")
    page.get_by_label("§ 32: Skal der udarbejdes barnets plan?").select_option(label="Ja")
    page.get_by_label("Indsats", exact=True).select_option(label=kind)
    page.get_by_label("Leverandør").select_option(label=provider)
    page.get_by_label("Indsatsen starter").fill(today)
    page.get_by_label("Planlagt omfang (enheder pr. uge)").fill("3")
    ui.screenshot("04-decision-form")
    save(page)
    saved(page)

    # The child's plan in the family's words, goals and who does what.
    open_action(page, "Ny plan")
    page.get_by_label("Med familiens egne ord").fill("Vi vil have ro om morgenen.")
    page.get_by_label("Mål, ét pr. linje").fill(f"{first} har madpakke med\n{first} sover nok")
    page.get_by_label("Hvem gør hvad").fill(
        "1; familie; Mor; Smører madpakke om aftenen\n2; netværk; Mormor; Henter tirsdag"
    )
    page.get_by_label("Godkendt med familien").fill(today)
    ui.screenshot("05-plan-form")
    save(page)
    saved(page)

    # The follow-up with the scaling scores.
    open_action(page, "Opfølgning")
    page.get_by_label("Afholdt").fill(today)
    page.get_by_label("Har der været bevægelse mod målene?").select_option(value="partly")
    page.get_by_role("combobox", name="Afgørelse").select_option(label="Fortsæt")
    scores = page.locator("#action-slot input[type=number][name^=score_]")
    assert scores.count() == 3
    for i, value in enumerate(("5", "6", "7")):
        scores.nth(i).fill(value)
    ui.screenshot("06-follow-up-form")
    save(page)
    saved(page)

    # The case page shows each step done and every deadline met.
    assert page.url == case_url
    deadlines = page.get_by_role("region", name="Frister").get_by_role("table")
    for kind_label in (
        "24-timers-vurdering af underretningen",
        "Kvittering til underretter",
        "Børnefaglig undersøgelse (4 måneder)",
        "Barnets plan",
    ):
        expect(deadlines.get_by_role("row").filter(has_text=kind_label).first).to_contain_text(
            "Overholdt"
        )
    expect(deadlines).not_to_contain_text("Overskredet")
    expect(page.get_by_role("region", name="Afgørelser og indsatser")).to_contain_text(provider)
    expect(page.get_by_role("region", name="Opfølgninger og progression")).to_contain_text(
        "Delvist"
    )
    page.get_by_role("region", name="Frister").scroll_into_view_if_needed()
    ui.screenshot("07-case-page")
    case = Case.objects.get(child=child)
    assert case.caseworker_id == worker.pk
    assert case.follow_ups.count() == 1


def test_team_leader_reviews_the_teams_deadlines(ui: Ui) -> None:
    leader = demo.team_leader()
    teams = demo.teams_of(leader)
    busiest = demo.busiest_caseworker(teams)
    pressing = demo.first_deadline_child(teams)
    ui.login(leader.get_username())
    page = ui.page
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Team").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(teams[0].name)
    caseload = page.get_by_role("table", name="Sagsstamme pr. sagsbehandler")
    expect(
        caseload.get_by_role("row", name=re.compile(re.escape(busiest.get_full_name()))).first
    ).to_be_visible()
    # The teams' most pressing deadline is listed with the child's name: the first overdue
    # one, or else the first coming one.
    overdue = page.get_by_role("table", name="Overskredet")
    expect(page.get_by_role("table", name="Kommende").or_(overdue).first).to_be_visible()
    expect(page.locator("main")).to_contain_text(demo.name(pressing))
    ui.screenshot("08-team-deadlines")


def test_caseworker_of_another_team_is_refused_the_case(new_ui: Any, app_log: Any) -> None:
    case = demo.case_with_a_plan(demo.home_team())
    child = demo.name(case.child)
    ui = new_ui()
    ui.login(demo.caseworker_of_another_team().get_username())
    paths = (f"/cases/{case.pk}/", f"/cases/{case.pk}/decision/", f"/children/{case.child_id}/")
    for path in paths:
        response = ui.go(path)
        assert response is not None
        assert response.status == 404, path
        # The same page as for a case that does not exist: in Danish, with the menu.
        expect(ui.page.get_by_role("heading", level=1)).to_have_text("Ikke fundet.")
        expect(ui.page.get_by_role("main").get_by_role("link", name="Forside")).to_be_visible()
        expect(ui.page.locator("body")).not_to_contain_text(child)
    ui.go("/children/")
    expect(ui.page.locator("main")).not_to_contain_text(child)
    ui.console_errors.clear()  # the browser logs each expected 404
    # The refusals are in the application's log (and that log is checked for names and CPR).
    assert sum("Not Found" in line for line in app_log.lines) == len(paths)


def test_dpo_finds_who_viewed_a_child(new_ui: Any) -> None:
    child = demo.case_with_a_plan(demo.home_team()).child
    worker = demo.caseworker()
    snoop = new_ui()
    snoop.login(worker.get_username())
    snoop.go(f"/children/{child.pk}/")
    expect(snoop.page.get_by_role("heading", level=1)).to_have_text(demo.name(child))

    dpo_user = demo.login(Role.DPO)
    dpo = new_ui()
    dpo.login(dpo_user.get_username())
    page = dpo.page
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Adgangslog").click()
    page.get_by_label("Barn (id)").fill(str(child.pk))
    page.get_by_label("Hændelse").select_option(value=EventType.READ)
    page.get_by_role("button", name="Søg").click()
    results = page.get_by_role("table")
    expect(results.get_by_role("row").filter(has_text=worker.get_username()).first).to_be_visible()
    expect(results).to_contain_text("page:")
    dpo.screenshot("30-audit-search")
    # The search itself is in the audit trail.
    assert AuditEvent.objects.filter(
        event_type=EventType.SEARCH, actor_label=dpo_user.get_username()
    ).exists()


def test_keyboard_only_log_in_and_skip_link(ui: Ui) -> None:
    page = ui.page
    worker = demo.caseworker()
    ui.go("/login/")
    # The log-in page puts the focus in the user name; Tab walks the form in order and
    # Enter submits it.
    expect(page.get_by_label("Brugernavn")).to_be_focused()
    page.keyboard.type(worker.get_username())
    page.keyboard.press("Tab")
    expect(page.get_by_label("Adgangskode")).to_be_focused()
    page.keyboard.type(demo.DEMO_PASSWORD)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Log ind")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        f"Velkommen, {worker.get_full_name()}"
    )
    page.wait_for_load_state("load")  # a Tab while the page still loads may land elsewhere
    # On every page the first Tab reaches the skip link, which moves the focus to the content.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Spring til indhold")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("main :focus")).to_have_count(1)
    # The language switch works from the keyboard too.
    page.get_by_role("button", name="English").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        f"Welcome, {worker.get_full_name()}"
    )
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_controller_reads_the_cost_dashboard_and_downloads_the_committee_report(ui: Ui) -> None:
    ui.login(demo.login(Role.CONTROLLER).get_username())
    page = ui.page
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Styring").click()
    page.get_by_role("navigation", name="Temaer").get_by_role(
        "link", name="Udgifter og budget"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Udgifter og budget")
    # Every chart has its numbers in a table beside it.
    expect(page.locator("main section.indicator table").first).to_be_visible()
    ui.screenshot("20-cost-dashboard")

    # Rendering the PDF takes a few seconds, more on a busy machine: allow a minute.
    with page.expect_download(timeout=60_000) as download_info:
        page.get_by_role("link", name="Udvalgsrapport (PDF)").click(timeout=60_000)
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    path = download.path()
    assert path is not None
    body = Path(path).read_bytes()
    assert body.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(body))
    assert len(reader.pages) >= 1
    text = " ".join(p.extract_text() or "" for p in reader.pages)
    assert "Udvalgsrapport" in text


def test_economist_runs_and_saves_a_business_case(ui: Ui) -> None:
    economist = demo.login(Role.CONTROLLER)
    ui.login(economist.get_username())
    page = ui.page
    page.get_by_role("navigation", name="Hovedmenu").get_by_role(
        "link", name="Business case"
    ).click()
    expect(page.get_by_label("Scenarie (TOML)")).not_to_be_empty()
    page.get_by_role("button", name="Beregn", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile("^Resultat"))).to_be_visible()
    expect(page.locator("main")).to_contain_text("Nettonutidsværdi")
    expect(page.get_by_role("table", name="Årligt resultat (kr)")).to_be_visible()
    ui.screenshot("21-business-case")

    page.get_by_role("button", name="Gem som ny version og beregn").click()
    expect(page.get_by_role("status").filter(has_text="version 1")).to_be_visible()
    scenario = Scenario.objects.get(created_by=economist)
    assert AuditEvent.objects.filter(
        event_type=EventType.CREATE, actor=economist, object_id=str(scenario.pk)
    ).exists()


def test_politician_reads_the_overview_without_any_child(ui: Ui) -> None:
    child = demo.case_with_a_plan(demo.home_team()).child
    ui.login(demo.login(Role.POLITICIAN).get_username())
    page = ui.page
    menu = page.get_by_role("navigation", name="Hovedmenu")
    expect(menu.get_by_role("link", name="Børn")).to_have_count(0)
    menu.get_by_role("link", name="Styring").click()
    expect(page.get_by_role("heading", name="Tidlige advarsler")).to_be_visible()
    # Figures only, with small cells suppressed: no child's name anywhere.
    expect(page.locator("main")).not_to_contain_text(demo.name(child))
    expect(page.locator("main")).to_contain_text("færre end 5 børn")
    ui.screenshot("22-politician-overview")
    response = ui.go(f"/children/{child.pk}/")
    assert response is not None
    assert response.status in (403, 404)
    ui.console_errors.clear()  # the browser logs the expected refusal
