"""Familier på vej in a real browser: one family coordinator, one plan led by the family.

In the small demo, the coordinator starts the coordination of a family with a child's case open,
records the family's consent and the job centre's contact, writes the plan with goals in two
core tasks, records the family's wish to end an intervention and two network meetings with
movement. The job centre's contact then sees the
plan and the job centre's actions only, ends the course the family did not need, and gets 404 on
the child's case file.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from herningmodel.coordination.models import (
    FamilyCoordination,
    MovementScore,
    NetworkMeeting,
    RunningIntervention,
)
from herningmodel.organisation.models import Role
from tests.e2e import demo

# The database is the small demo, restored before each test (conftest.py, demo.py).
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def save(page: Page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Gem").click()
    expect(page.get_by_role("status")).to_contain_text("Gemt.")


def open_action(page: Page, name: str) -> None:
    """Open one of the coordination's forms in place (htmx) from its actions menu."""
    page.get_by_role("navigation", name="Koordineringshandlinger").get_by_role(
        "link", name=name, exact=True
    ).click()
    expect(page.locator("#action-slot form")).to_be_visible()


def test_a_family_coordinator_and_the_job_centre_share_one_plan(new_ui: Any) -> None:
    coordinator_user = demo.login(Role.FAMILY_COORDINATOR)
    family = demo.family_to_coordinate(coordinator_user)
    job_centre_user = demo.job_centre()
    today = timezone.localdate()
    coordinator = new_ui()
    coordinator.login(coordinator_user.get_username())
    page = coordinator.page
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Familier").click()
    page.get_by_role("link", name="Start familiekoordinering").click()
    page.get_by_label(re.compile(r"^Familie\b")).select_option(value=str(family.household.pk))
    page.get_by_label("Startet").fill((today - dt.timedelta(days=40)).isoformat())
    save(page)
    coordination = FamilyCoordination.objects.get(household=family.household)
    expect(page.get_by_role("heading", level=1)).to_have_text(family.household.label)

    for department in ("Familieafdelingen", "Jobcentret"):
        open_action(page, "Familiens samtykke til deling")
        page.get_by_label("Delt med").select_option(label=department)
        page.get_by_label("Hvad må deles").fill("Den fælles plan og egne handlinger")
        page.get_by_label("Givet").fill((today - dt.timedelta(days=40)).isoformat())
        save(page)
    open_action(page, "Kontaktperson i forvaltningen")
    page.get_by_label(re.compile(r"^Forvaltning\b")).select_option(label="Jobcentret")
    page.get_by_label(re.compile(r"^Kontaktperson\b")).fill(job_centre_user.get_full_name())
    page.get_by_label("Bruger i systemet").select_option(value=str(job_centre_user.pk))
    save(page)

    # The plan, written with the family: goals in two core tasks, each with an owner.
    open_action(page, "Den fælles plan")
    page.get_by_label("Familiens drømme med deres egne ord").fill("At mor får arbejde.")
    page.get_by_label(re.compile("^Mål, ét pr. linje")).fill(
        "employment; Mor arbejder 15 timer om ugen\nleisure_community; Barnet går til fodbold"
    )
    page.get_by_label(re.compile("^Hvem gør hvad")).fill(
        "1; department; job_centre; ; Praktik på bageriet\n"
        "2; department; family; ; Kontingent til klubben\n"
        "2; network; ; ; Morfar kører om tirsdagen"
    )
    save(page)
    expect(page.get_by_role("heading", name="Beskæftigelse")).to_be_visible()
    expect(page.get_by_role("heading", name="Fritid & Fællesskab")).to_be_visible()

    # "What don't you need from us?": the job centre's course.
    open_action(page, "Igangværende indsats")
    page.get_by_label(re.compile(r"^Forvaltning\b")).select_option(label="Jobcentret")
    page.get_by_label(re.compile(r"^Indsats\b")).fill("Jobsøgningskursus")
    page.get_by_label("Startet").fill((today - dt.timedelta(days=30)).isoformat())
    save(page)
    page.get_by_role("link", name="Det har familien ikke brug for").click()
    save(page)

    # Two network meetings with the family at the head of the table, scoring movement.
    for days_ago, scores, decide in ((20, ("2", "4"), True), (5, ("5", "6"), False)):
        open_action(page, "Netværksmøde")
        form = page.locator("#action-slot form")
        form.get_by_label(re.compile(r"^Netværksmøde\b")).fill(
            (today - dt.timedelta(days=days_ago)).isoformat()
        )
        form.get_by_label("Fra familien (for bordenden)").fill("Mor og barnet")
        form.get_by_label("Jobcentret").check()
        if decide:
            form.get_by_label("Beslutning 1: hvad besluttes").select_option(label="Ny handling")
            form.get_by_label("Beslutning 1: mål").select_option(
                label="Mor arbejder 15 timer om ugen"
            )
            form.get_by_label(re.compile("^Beslutning 1: det nye mål")).fill("CV-værksted")
            form.get_by_label("Beslutning 1: hvem gør det").select_option(label="Forvaltning")
            form.get_by_label("Beslutning 1: forvaltning").select_option(label="Jobcentret")
        form.get_by_label(re.compile("Mor arbejder 15 timer")).fill(scores[0])
        form.get_by_label(re.compile("Barnet går til fodbold")).fill(scores[1])
        save(page)
    movement = page.get_by_role("table", name="Score pr. mål (0–10) ved hvert netværksmøde")
    expect(movement.get_by_role("row", name=re.compile("Mor arbejder"))).to_contain_text("5")
    expect(page.locator(".plan-decisions")).to_contain_text("CV-værksted")
    assert NetworkMeeting.objects.filter(coordination=coordination).count() == 2
    assert MovementScore.objects.filter(goal__plan__coordination=coordination).count() == 4

    # The job centre's contact: the plan and the job centre's actions, not the family
    # department's; ends the course at the family's wish; no way into the case file.
    job_centre = new_ui()
    job_centre.login(job_centre_user.get_username())
    job_centre.go(f"/coordination/{coordination.pk}/")
    plan = job_centre.page.get_by_role("region", name="Den fælles plan")
    expect(plan).to_contain_text("Barnet går til fodbold")
    expect(plan).to_contain_text("Praktik på bageriet")
    expect(plan).to_contain_text("CV-værksted")
    expect(plan).not_to_contain_text("Kontingent til klubben")
    job_centre.page.get_by_role("link", name="Afslut", exact=True).click()
    job_centre.page.get_by_label("Afsluttet").fill(today.isoformat())
    job_centre.page.get_by_label("Begrundelse for afslutning").fill(
        "Familien har ikke brug for det."
    )
    save(job_centre.page)
    course = RunningIntervention.objects.get(coordination=coordination)
    assert course.ended_on == today
    assert course.family_wants_ended
    response = job_centre.go(f"/cases/{family.case.pk}/")
    assert response is not None
    assert response.status == 404
    job_centre.console_errors.clear()  # the browser logs the expected 404

    # The coordinator sees the ending, decided by the job centre, on the plan.
    coordinator.go(f"/coordination/{coordination.pk}/")
    expect(coordinator.page.get_by_role("region", name="Igangværende indsatser")).to_contain_text(
        "Familien har ikke brug for det."
    )
