"""The caseworker's main flow with the keyboard alone, where the focus goes after an error, and
date fields that hold their dates whatever the interface language.

The walk presses Tab until the wanted control has the focus (and fails if it never gets there),
then Enter, Space, arrow keys or typing — never a mouse click or a `fill`.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from tests.e2e import demo
from tests.e2e.ui import Ui

# The database is the small demo, restored before each test (conftest.py, demo.py).
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Enough for the longest page walked here (menu, case actions, a date's three segments…).
MAX_TABS = 120


def has_focus(target: Locator) -> bool:
    return bool(target.evaluate("el => el === document.activeElement"))


def tab_to(page: Page, target: Locator) -> None:
    """Press Tab until `target` has the focus: proves it is reachable by keyboard, in order."""
    expect(target).to_be_visible()
    for _ in range(MAX_TABS):
        if has_focus(target):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{target} never received the focus after {MAX_TABS} Tabs")


def press_and_wait(page: Page, key: str) -> None:
    with page.expect_navigation():
        page.keyboard.press(key)


def test_keyboard_only_from_log_in_to_a_saved_follow_up(ui: Ui) -> None:
    page = ui.page
    worker = demo.caseworker()
    case = demo.my_case_under_way(worker)
    child = demo.name(case.child)
    follow_ups = case.follow_ups.count()

    # Log in: the focus starts in the user name.
    ui.go("/login/")
    page.keyboard.type(worker.get_username())
    page.keyboard.press("Tab")
    page.keyboard.type(demo.DEMO_PASSWORD)
    press_and_wait(page, "Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        f"Velkommen, {worker.get_full_name()}"
    )
    page.wait_for_load_state("load")

    # The menu's "My cases", then the child's case.
    menu = page.get_by_role("navigation", name="Hovedmenu")
    tab_to(page, menu.get_by_role("link", name="Mine sager"))
    press_and_wait(page, "Enter")
    tab_to(page, page.locator("main").get_by_role("link", name=child).first)
    press_and_wait(page, "Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text(child)
    page.wait_for_load_state("load")

    # The follow-up opens in place, its date already today's. Saved first without its
    # scores, the answer replaces the form in place and the focus lands on the first field in
    # error, not at the top of the page.
    actions = page.get_by_role("navigation", name="Handlinger på sagen")
    tab_to(page, actions.get_by_role("link", name="Opfølgning", exact=True))
    page.keyboard.press("Enter")
    expect(page.get_by_label("Afholdt")).to_have_value(timezone.localdate().isoformat())
    moved = page.get_by_label("Har der været bevægelse mod målene?")
    tab_to(page, moved)
    page.keyboard.press("ArrowDown")  # a closed list changes its choice with the arrow keys
    expect(moved).not_to_have_value("yes")
    save = page.locator("#action-slot").get_by_role("button", name="Gem")
    tab_to(page, save)
    page.keyboard.press("Enter")
    expect(page.locator("#action-slot .error-summary")).to_be_visible()
    first_score = page.locator("#action-slot input[type=number][name^=score_]").first
    expect(first_score).to_be_focused()
    expect(first_score).to_have_attribute("aria-invalid", "true")
    # What was chosen before survives the error.
    expect(page.get_by_label("Har der været bevægelse mod målene?")).not_to_have_value("yes")

    # One score per question of the case's instruments, each reached with Tab.
    scores = page.locator("#action-slot input[type=number][name^=score_]")
    for i in range(scores.count()):
        tab_to(page, scores.nth(i))
        page.keyboard.type(str(5 + i % 3))
    tab_to(page, page.locator("#action-slot").get_by_role("button", name="Gem"))
    press_and_wait(page, "Enter")
    expect(page.get_by_role("status")).to_contain_text("Gemt.")
    assert case.follow_ups.count() == follow_ups + 1
    assert case.follow_ups.filter(held_on=timezone.localdate()).exists()


def test_an_error_that_concerns_the_whole_form_gets_the_focus(new_ui: Any) -> None:
    """A conflict (a colleague saved first) belongs to no field: the summary takes the focus,
    and the text the second person wrote is still in the form."""
    case = demo.case_with_a_plan(demo.home_team())
    plan = case.plans.order_by("-pk").first()
    assert plan is not None
    path = f"/cases/{case.pk}/"

    first, second = new_ui(), new_ui()
    for ui in (first, second):
        ui.login(demo.caseworker().get_username())
        ui.go(path)
        ui.page.get_by_role("link", name="Redigér planen").first.click()
        expect(ui.page.get_by_label("Med familiens egne ord")).to_be_visible()

    first.page.get_by_label("Med familiens egne ord").fill("Ro om aftenen, sagt af mor.")
    with first.page.expect_navigation():
        first.page.get_by_role("button", name="Gem").click()
    expect(first.page.get_by_role("status")).to_contain_text("Gemt.")

    mine = "Ro om morgenen, sagt af barnet."
    second.page.get_by_label("Med familiens egne ord").fill(mine)
    second.page.get_by_role("button", name="Gem").click()
    summary = second.page.locator(".error-summary")
    expect(summary).to_contain_text("En anden har gemt ændringer")
    expect(summary).to_be_focused()
    # Both texts survive: the first in the saved plan, the second in the open form.
    expect(second.page.get_by_label("Med familiens egne ord")).to_have_value(mine)
    plan.refresh_from_db()
    assert plan.familys_words == "Ro om aftenen, sagt af mor."


@pytest.mark.parametrize("language", ["da", "en"])
def test_date_fields_keep_their_date_in_either_language(new_ui: Any, language: str) -> None:
    """A date field takes only an ISO date as its value; one written the Danish way
    ("23.11.2026") would show an empty field in the browser, and saving would fail."""
    ui = new_ui(language)
    ui.login(demo.caseworker().get_username())
    case = demo.case_with_a_plan(demo.home_team())
    today = timezone.localdate()
    follow_ups = case.follow_ups.count()
    ui.go(f"/cases/{case.pk}/follow-up/")
    expect(ui.page.locator("#id_held_on")).to_have_attribute("type", "date")
    expect(ui.page.locator("#id_held_on")).to_have_value(today.isoformat())
    scores = ui.page.locator("form.form input[type=number]")
    for i in range(scores.count()):
        scores.nth(i).fill("5")
    with ui.page.expect_navigation():
        ui.page.locator("form.form button[type=submit]").click()
    assert case.follow_ups.count() == follow_ups + 1
    assert case.follow_ups.filter(held_on=today).exists()
