"""A caseworker does the work through the pages: what is saved, what is refused, and where."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.urls import reverse
from django.utils import translation

from herningmodel.audit.models import AuditEvent, EventType
from herningmodel.cases import services
from herningmodel.cases.models import (
    Case,
    CaseStatus,
    ChildTalk,
    Decision,
    FollowUp,
    Notification,
    NotificationOutcome,
    Plan,
)
from herningmodel.staircase.models import Episode
from tests.cases.journey import SRC, at, open_case_by_notification, priced_type

pytestmark = pytest.mark.django_db


# --- Reading the page -------------------------------------------------------------------


def _changes() -> int:
    return AuditEvent.objects.exclude(event_type=EventType.READ).count()


def da(message: str) -> str:
    """The text the page shows for a message: its Danish translation, where there is one."""
    with translation.override("da"):
        return translation.gettext(message)


def field_errors(response, field: str) -> str:  # type: ignore[no-untyped-def]
    """The error list shown right under one field, as plain text ("" if there is none)."""
    found = re.search(
        rf'<ul class="errors" id="id_{field}_error">(.*?)</ul>', response.content.decode(), re.S
    )
    return html.unescape(found.group(1)) if found else ""


def error_summary(response) -> str:  # type: ignore[no-untyped-def]
    """The box above the form that says nothing was saved, and lists errors of the whole form."""
    found = re.search(
        r'<div class="error-summary"[^>]*>(.*?)</div>', response.content.decode(), re.S
    )
    return html.unescape(found.group(1)) if found else ""


def action(case: Case, name: str, obj_id: int | None = None) -> str:
    if obj_id is None:
        return reverse("cases:action", args=[case.pk, name])
    return reverse("cases:action_on", args=[case.pk, name, obj_id])


@pytest.fixture
def client_a(world, login):  # type: ignore[no-untyped-def]
    return login(world.caseworker_a)


@pytest.fixture
def case(world):  # type: ignore[no-untyped-def]
    """Asta's case, opened on 8 January 2025 after a school's notification (set up by services)."""
    return open_case_by_notification(world)


# --- From notification to case ----------------------------------------------------------


def test_a_notification_becomes_a_case_through_the_pages(world, client_a):
    # Given a school's notification about Asta, registered on her page
    response = client_a.post(
        reverse("cases:notify", args=[world.child_a.pk]),
        {
            "source": "school",
            "notifier": "Skolelærer (fiktiv)",
            "received_at": "2025-01-06T09:00",
            "content": "Asta kommer ofte sulten i skole.",
        },
    )
    notification = Notification.objects.get(child=world.child_a)
    assert response.status_code == 302
    assert response.url == reverse("cases:notification", args=[notification.pk, "acute"])
    assert notification.received_at == at(2025, 1, 6, 9)  # Copenhagen time

    # When the 24-hour assessment is made the same afternoon
    response = client_a.post(
        response.url,
        {"assessed_at": "2025-01-06T15:00", "in_danger": "no", "acute_measures": "no"},
    )
    assert response.status_code == 302
    # And the outcome is a child assessment (§ 20) with caseworker A responsible
    response = client_a.post(
        reverse("cases:notification", args=[notification.pk, "outcome"]),
        {
            "outcome": NotificationOutcome.ASSESSMENT,
            "on": "2025-01-08",
            "caseworker": world.caseworker_a.pk,
        },
    )

    # Then a case is open for Asta, the assessment has started, and the page shows the case
    case = Case.objects.get(child=world.child_a)
    assert response.status_code == 302
    assert response.url == reverse("cases:detail", args=[case.pk])
    assert (case.status, case.opened_on, case.caseworker_id) == (
        CaseStatus.OPEN,
        dt.date(2025, 1, 8),
        world.caseworker_a.pk,
    )
    notification.refresh_from_db()
    assert notification.case_id == case.pk
    assert notification.assessed_at == at(2025, 1, 6, 15)
    assessment = case.assessments.get()
    assert (assessment.need_known_on, assessment.started_on) == (
        dt.date(2025, 1, 6),
        dt.date(2025, 1, 8),
    )
    page = client_a.get(response.url)
    assert page.status_code == 200
    assert "Asta" in page.content.decode()


def test_outcome_without_a_24_hour_assessment_is_refused(world, client_a):
    # Given a notification without its 24-hour assessment
    notification = services.receive_notification(
        actor=world.caseworker_a,
        child=world.child_a,
        source="school",
        received_at=at(2025, 1, 6, 9),
        content="Asta kommer ofte sulten i skole.",
        origin=SRC,
    )
    # When the outcome is submitted anyway
    response = client_a.post(
        reverse("cases:notification", args=[notification.pk, "outcome"]),
        {"outcome": "assessment_20", "on": "2025-01-08", "caseworker": world.caseworker_a.pk},
    )
    # Then the page says so at the outcome field, and no case is opened
    assert response.status_code == 422
    assert da("Record the 24-hour assessment before the outcome.") in field_errors(
        response, "outcome"
    )
    assert not Case.objects.exists()


def test_a_notification_in_the_future_is_refused(world, client_a):
    response = client_a.post(
        reverse("cases:notify", args=[world.child_a.pk]),
        {"source": "school", "received_at": "2999-01-06T09:00", "content": "Fremtiden."},
    )
    assert response.status_code == 422
    assert da("A notification cannot be received in the future.") in field_errors(
        response, "received_at"
    )
    assert not Notification.objects.exists()


def test_the_outcome_of_a_notification_cannot_be_decided_twice(world, client_a, case):
    # Given a notification whose outcome (§ 20) opened Asta's case and started an assessment
    notification = case.notifications.get()
    assert notification.outcome == NotificationOutcome.ASSESSMENT
    # When the outcome page is posted again with "no further action"
    response = client_a.post(
        reverse("cases:notification", args=[notification.pk, "outcome"]),
        {"outcome": NotificationOutcome.NO_ACTION, "on": "2025-01-09"},
    )
    # Then it is refused and the notification still says what opened the case
    assert response.status_code == 422
    notification.refresh_from_db()
    assert notification.outcome == NotificationOutcome.ASSESSMENT


# --- Talk with the child ----------------------------------------------------------------


def test_recording_a_talk_with_the_child(world, client_a, case):
    response = client_a.post(
        action(case, "child-talk"),
        {"held_on": "2025-01-20", "child_views": "Asta vil gerne have ro derhjemme."},
    )
    assert response.status_code == 302
    assert response.url == reverse("cases:detail", args=[case.pk])
    talk = case.child_talks.get()
    assert (talk.held_on, talk.child_views) == (
        dt.date(2025, 1, 20),
        "Asta vil gerne have ro derhjemme.",
    )
    assert AuditEvent.objects.filter(
        child_id=world.child_a.pk, object_type="ChildTalk", event_type="create"
    ).exists()


def test_a_talk_with_neither_date_is_refused_next_to_the_date(client_a, case):
    # Given nothing written yet about a talk
    events = _changes()
    # When the form is sent with neither the date of the talk nor why it was not held
    response = client_a.post(action(case, "child-talk"), {"child_views": "Asta siger ikke noget."})
    # Then the page is shown again with the error at the date, and nothing is written
    assert response.status_code == 422
    assert da(
        "Give either the date of the talk or the date it was decided not to hold it."
    ) in field_errors(response, "held_on")
    assert da("Nothing was saved. Please correct the errors below.") in error_summary(response)
    assert not ChildTalk.objects.exists()
    assert _changes() == events  # no change recorded (showing the form again is a read)


def test_a_talk_not_held_needs_its_reason(client_a, case):
    response = client_a.post(action(case, "child-talk"), {"not_held_on": "2025-01-20"})
    assert response.status_code == 422
    assert da("Write why the talk with the child was not held.") in field_errors(
        response, "not_held_reason"
    )
    assert not ChildTalk.objects.exists()


# --- Decisions --------------------------------------------------------------------------


def test_a_placement_needs_a_finished_assessment_unless_acute(world, client_a, case):
    # Given a talk with Asta, but the child assessment is still running
    services.record_child_talk(
        actor=world.caseworker_a,
        case=case,
        held_on=dt.date(2025, 1, 20),
        child_views="Asta vil gerne blive hjemme.",
        source=SRC,
    )
    events = _changes()
    # When a § 46 placement with consent is decided, not marked acute
    response = client_a.post(
        action(case, "decision"),
        {
            "legal_basis": "46",
            "decided_on": "2025-02-01",
            "purpose": "Anbringelse i plejefamilie.",
            "expected_duration_months": "12",
            "consent": "on",
        },
    )
    # Then the page asks for the finished assessment at the legal basis, and nothing is written
    assert response.status_code == 422
    assert da("A placement needs a finished child assessment unless it is acute.") in (
        field_errors(response, "legal_basis")
    )
    assert not Decision.objects.exists()
    assert not Episode.objects.exists()
    assert _changes() == events  # no change recorded (showing the form again is a read)


def test_an_acute_placement_may_come_before_the_assessment(world, client_a, case):
    services.record_child_talk(
        actor=world.caseworker_a,
        case=case,
        held_on=dt.date(2025, 1, 20),
        child_views="Asta er bange.",
        source=SRC,
    )
    response = client_a.post(
        action(case, "decision"),
        {
            "legal_basis": "46",
            "decided_on": "2025-02-01",
            "purpose": "Akut anbringelse.",
            "expected_duration_months": "3",
            "consent": "on",
            "acute": "on",
        },
    )
    assert response.status_code == 302
    decision = case.decisions.get()
    assert (decision.legal_basis, decision.acute, decision.consent) == ("46", True, True)


# --- Follow-up --------------------------------------------------------------------------


def test_a_follow_up_before_any_intervention_is_refused(client_a, case):
    response = client_a.post(
        action(case, "follow-up"),
        {
            "held_on": "2025-02-01",
            "goals_moved": "partly",
            "decision": "continue",
            "score_child": "5",
            "score_parenting": "5",
            "score_family": "5",
        },
    )
    assert response.status_code == 422
    assert da("There is no intervention to follow up yet.") in field_errors(response, "held_on")
    assert not FollowUp.objects.exists()


# --- Closing ----------------------------------------------------------------------------


def test_closing_before_the_case_was_opened_is_refused(client_a, case):
    # Given Asta's case opened on 8 January 2025
    events = _changes()
    # When someone tries to close it on 1 January 2025
    response = client_a.post(
        action(case, "close"),
        {"closed_on": "2025-01-01", "reason": "goals_reached", "version": case.version},
    )
    # Then the error is at the date and the case is still open, unchanged
    assert response.status_code == 422
    assert da("A case cannot close before it was opened.") in field_errors(response, "closed_on")
    version = case.version
    case.refresh_from_db()
    assert (case.status, case.version) == (CaseStatus.OPEN, version)
    assert _changes() == events  # no change recorded (showing the form again is a read)


def test_closing_with_a_stale_version_shows_the_conflict(world, client_a, case):
    # Given caseworker A opens the close page
    page = client_a.get(action(case, "close"))
    seen_version = page.context["form"].initial["version"]
    # And meanwhile the case is handed over to the team leader, which changes its version
    services.hand_over(
        actor=world.caseworker_a,
        case=case,
        to_worker=world.team_leader,
        on=dt.date(2025, 1, 10),
        reason="other",
        source=SRC,
    )
    # When caseworker A closes the case with the version she saw
    response = client_a.post(
        action(case, "close"),
        {"closed_on": "2025-02-01", "reason": "no_need", "version": seen_version},
    )
    # Then she is told someone else saved in between, and the case stays open
    assert response.status_code == 422
    assert da(
        "Someone else saved this after you opened the page. Reload and try again."
    ) in error_summary(response)
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN
    assert case.caseworker_id == world.team_leader.pk


def test_closing_with_the_current_version_closes_the_case(client_a, case):
    response = client_a.post(
        action(case, "close"),
        {"closed_on": "2025-02-01", "reason": "no_need", "version": case.version},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.closed_on, case.closure_reason) == (
        CaseStatus.CLOSED,
        dt.date(2025, 2, 1),
        "no_need",
    )


# --- The child's plan -------------------------------------------------------------------

PLAN = {
    "familys_words": "Vi vil have ro om aftenen.",
    "goals": "Asta møder udhvilet i skole\nAsta har en ven at lege med",
    "tasks": "1; family; Mor; Putter Asta\n2; network; Mormor; Inviterer en ven hjem",
    "approved_on": "2025-02-10",
}


def test_the_plan_form_creates_goals_and_tasks(client_a, case):
    response = client_a.post(action(case, "plan"), PLAN)
    assert response.status_code == 302
    plan = case.plans.get()
    goals = list(plan.goals.order_by("pk"))
    assert [g.text for g in goals] == ["Asta møder udhvilet i skole", "Asta har en ven at lege med"]
    tasks = {
        (t.goal_id, t.responsible_kind, t.responsible_name, t.description) for t in plan.tasks.all()
    }
    assert tasks == {
        (goals[0].pk, "family", "Mor", "Putter Asta"),
        (goals[1].pk, "network", "Mormor", "Inviterer en ven hjem"),
    }
    assert (plan.familys_words, plan.approved_on, plan.version) == (
        "Vi vil have ro om aftenen.",
        dt.date(2025, 2, 10),
        1,
    )


def test_a_task_for_a_goal_that_does_not_exist_is_refused(client_a, case):
    response = client_a.post(action(case, "plan"), {**PLAN, "tasks": "3; family; Mor; Putter Asta"})
    assert response.status_code == 422
    assert da("No goal has number %(n)s.") % {"n": 3} in field_errors(response, "tasks")
    assert not Plan.objects.exists()


def test_a_task_line_without_four_parts_is_refused(client_a, case):
    response = client_a.post(action(case, "plan"), {**PLAN, "tasks": "1; Mor putter Asta"})
    assert response.status_code == 422
    assert da("Line %(n)s: write goal number; who; name; what.") % {"n": 1} in field_errors(
        response, "tasks"
    )
    assert not Plan.objects.exists()


def test_editing_the_plan_with_a_stale_version_keeps_the_first_save(client_a, case):
    # Given a plan, and two people who opened its edit page at version 1
    client_a.post(action(case, "plan"), PLAN)
    plan = case.plans.get()
    edit = action(case, "plan", plan.pk)
    seen_version = client_a.get(edit).context["form"].initial["version"]
    assert seen_version == 1
    # When the first saves a new goal
    first = client_a.post(
        edit, {**PLAN, "goals": "Asta sover hele natten", "tasks": "", "version": seen_version}
    )
    assert first.status_code == 302
    # And the second saves from the old page
    second = client_a.post(
        edit, {**PLAN, "goals": "Noget helt andet", "tasks": "", "version": seen_version}
    )
    # Then the second is told of the conflict, and the first save is what the plan holds
    assert second.status_code == 422
    assert da(
        "Someone else saved this after you opened the page. Reload and try again."
    ) in error_summary(second)
    plan.refresh_from_db()
    assert plan.version == 2
    assert [g.text for g in plan.goals.all()] == ["Asta sover hele natten"]


def test_the_edit_page_shows_the_plan_as_it_was_saved(client_a, case):
    client_a.post(action(case, "plan"), PLAN)
    plan = case.plans.get()
    form = client_a.get(action(case, "plan", plan.pk)).context["form"]
    assert form.initial["goals"] == PLAN["goals"]
    assert sorted(form.initial["tasks"].splitlines()) == sorted(PLAN["tasks"].splitlines())


# --- Danish by default ------------------------------------------------------------------


def test_pages_are_danish_by_default(client_a, case):
    # When a caseworker without any language preference opens the case page
    page = client_a.get(reverse("cases:detail", args=[case.pk])).content.decode()
    # Then the page is declared Danish, and translated headings are shown in Danish, once
    assert '<html lang="da">' in page
    assert page.count('<h2 id="h-meetings">Netværksmøder</h2>') == 1
    # And the headings not yet translated still stand in their place in the structure
    for section in ("deadlines", "notifications", "assessments", "decisions", "plans"):
        assert page.count(f'<h2 id="h-{section}">') == 1


def test_the_error_summary_is_danish_by_default(client_a, case):
    response = client_a.post(action(case, "child-talk"), {})
    assert response.status_code == 422
    assert "Intet blev gemt. Ret venligst fejlene nedenfor." in error_summary(response)
    assert '<button type="submit" class="primary">Gem</button>' in response.content.decode()


# --- Errors shown next to the field they concern (known bugs) ----------------------------


def test_an_intervention_starting_before_the_decision_is_flagged_at_its_start(client_a, case):
    kind, provider = priced_type(2)
    response = client_a.post(
        action(case, "decision"),
        {
            "legal_basis": "30",
            "decided_on": "2025-02-01",
            "purpose": "Rådgivning i familien.",
            "expected_duration_months": "3",
            "intervention_type": kind.pk,
            "provider": provider.pk,
            "start": "2025-01-30",
            "planned_volume": "2",
        },
    )
    assert response.status_code == 422
    assert not Decision.objects.exists()
    assert da("An intervention cannot start before the decision.") in field_errors(
        response, "start"
    )


def test_an_unknown_kind_in_a_task_line_is_flagged_at_the_tasks(client_a, case):
    response = client_a.post(action(case, "plan"), {**PLAN, "tasks": "1; mother; Mor; Putter Asta"})
    assert response.status_code == 422
    assert not Plan.objects.exists()
    assert da("Unknown kind.") in field_errors(response, "tasks")


def test_a_not_held_date_before_the_case_opened_is_flagged_at_that_date(client_a, case):
    response = client_a.post(
        action(case, "child-talk"),
        {"not_held_on": "2025-01-01", "not_held_reason": "Asta var på ferie."},
    )
    assert response.status_code == 422
    assert not ChildTalk.objects.exists()
    assert da("The date cannot be before the case was opened.") in field_errors(
        response, "not_held_on"
    )
    assert field_errors(response, "held_on") == ""
