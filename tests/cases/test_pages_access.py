"""The case pages: who is let in, who gets a 404 or a 403, and that reading is audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from herningmodel.audit.models import AuditEvent
from herningmodel.cases import services
from herningmodel.cases.models import HandbookEntry, ProcessStep, Supervision
from herningmodel.organisation.models import Role
from tests.cases.journey import SRC, open_case_by_notification
from tests.factories import staff

pytestmark = pytest.mark.django_db

NO_CASE_ACCESS = ["controller", "politician", "dpo", "administrator"]
EVERY_ACTION = [
    "handover",
    "close",
    "child-talk",
    "assessment",
    "preliminary",
    "finish-assessment",
    "decision",
    "meeting",
    "plan",
    "follow-up",
]


@pytest.fixture
def case_a(world):  # type: ignore[no-untyped-def]
    """Asta's open case in team A, with a notification, a running assessment and a plan."""
    case = open_case_by_notification(world)
    services.save_plan(
        actor=world.caseworker_a,
        case=case,
        data=services.PlanData(goals=[services.GoalData("Asta møder udhvilet i skole")]),
        source=SRC,
    )
    return case


def _action_urls(case) -> list[str]:  # type: ignore[no-untyped-def]
    """Every page on which something can be done to the case or its notification."""
    assessment = case.assessments.get()
    plan = case.plans.get()
    notification = case.notifications.get()
    urls = [reverse("cases:action", args=[case.pk, action]) for action in EVERY_ACTION]
    urls += [
        reverse("cases:action_on", args=[case.pk, "preliminary", assessment.pk]),
        reverse("cases:action_on", args=[case.pk, "finish-assessment", assessment.pk]),
        reverse("cases:action_on", args=[case.pk, "plan", plan.pk]),
        reverse("cases:notify", args=[case.child_id]),
    ]
    urls += [
        reverse("cases:notification", args=[notification.pk, action])
        for action in ("acute", "receipt", "outcome")
    ]
    return urls


# --- A caseworker in another team -------------------------------------------------------


def test_caseworker_of_another_team_gets_404_on_the_case_page(world, login, case_a):
    # Given Asta's case in team A, when team B's caseworker opens it
    response = login(world.caseworker_b).get(reverse("cases:detail", args=[case_a.pk]))
    # Then it looks as if the case did not exist
    assert response.status_code == 404
    assert "Asta" not in response.content.decode()


def test_missing_and_forbidden_case_look_the_same(world, login, case_a):
    client = login(world.caseworker_b)
    forbidden = client.get(reverse("cases:detail", args=[case_a.pk]))
    missing = client.get(reverse("cases:detail", args=[999_999]))
    assert forbidden.status_code == missing.status_code == 404


@pytest.mark.parametrize("method", ["get", "post"])
def test_caseworker_of_another_team_gets_404_on_every_action(world, login, case_a, method):
    # Given Asta's case with something to act on at every step
    client = login(world.caseworker_b)
    events_before = AuditEvent.objects.count()
    # When team B's caseworker opens or submits each action page
    statuses = {
        url: getattr(client, method)(url, {"version": 1}).status_code
        for url in _action_urls(case_a)
    }
    # Then every one is a 404 and nothing was written, not even an audit event
    assert set(statuses.values()) == {404}, statuses
    assert AuditEvent.objects.count() == events_before
    case_a.refresh_from_db()
    assert case_a.is_open
    assert case_a.child_talks.count() == 0


def test_caseworker_of_another_team_does_not_see_the_case_in_their_list(world, login, case_a):
    page = login(world.caseworker_b).get(reverse("cases:my_work"))
    assert page.status_code == 200
    assert "Asta" not in page.content.decode()


def test_caseworker_of_the_team_reaches_every_action_page(world, login, case_a):
    # The other side of the 404 tests: the same URLs open for the responsible caseworker
    client = login(world.caseworker_a)
    statuses = {url: client.get(url).status_code for url in _action_urls(case_a)}
    assert set(statuses.values()) == {200}, statuses


# --- Roles without case access ----------------------------------------------------------


@pytest.mark.parametrize("persona", NO_CASE_ACCESS)
def test_roles_without_case_access_are_refused_the_work_list(world, login, persona):
    response = login(getattr(world, persona)).get(reverse("cases:my_work"))
    assert response.status_code == 403


@pytest.mark.parametrize("persona", NO_CASE_ACCESS)
def test_roles_without_case_access_cannot_open_a_case(world, login, case_a, persona):
    client = login(getattr(world, persona))
    response = client.get(reverse("cases:detail", args=[case_a.pk]))
    assert response.status_code in (403, 404)
    assert "Asta" not in response.content.decode()


@pytest.mark.parametrize("persona", NO_CASE_ACCESS)
def test_roles_without_case_access_cannot_act_on_a_case(world, login, case_a, persona):
    client = login(getattr(world, persona))
    events_before = AuditEvent.objects.count()
    statuses = {url: client.post(url, {"version": 1}).status_code for url in _action_urls(case_a)}
    assert set(statuses.values()) <= {403, 404}, statuses
    assert AuditEvent.objects.count() == events_before
    case_a.refresh_from_db()
    assert case_a.is_open


@pytest.mark.parametrize("persona", [*NO_CASE_ACCESS, "caseworker_a"])
def test_only_leaders_see_the_team_page(world, login, persona):
    assert login(getattr(world, persona)).get(reverse("cases:team")).status_code == 403


def test_anonymous_visitor_is_sent_to_login(client, world, case_a):
    response = client.get(reverse("cases:detail", args=[case_a.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# --- Health nurse -----------------------------------------------------------------------


def test_health_nurse_in_the_team_can_view_the_case(world, login, case_a):
    # Given a health nurse in team A
    nurse = staff(Role.HEALTH_NURSE, world.team_a).user
    # When she opens Asta's case
    response = login(nurse).get(reverse("cases:detail", args=[case_a.pk]))
    # Then she sees it
    assert response.status_code == 200
    assert "Asta" in response.content.decode()


def test_health_nurse_has_a_work_list(world, login):
    nurse = staff(Role.HEALTH_NURSE, world.team_a).user
    assert login(nurse).get(reverse("cases:my_work")).status_code == 200


def test_health_nurse_in_another_team_gets_404(world, login, case_a):
    nurse = staff(Role.HEALTH_NURSE, world.team_b).user
    assert login(nurse).get(reverse("cases:detail", args=[case_a.pk])).status_code == 404


# --- Management supervision -------------------------------------------------------------


def test_team_leader_reaches_supervision(world, login):
    assert login(world.team_leader).get(reverse("cases:supervision")).status_code == 200


@pytest.mark.parametrize("persona", ["caseworker_a", "manager", *NO_CASE_ACCESS])
def test_everyone_else_is_refused_supervision(world, login, persona):
    client = login(getattr(world, persona))
    assert client.get(reverse("cases:supervision")).status_code == 403
    assert client.post(reverse("cases:supervision"), {"sample_size": 1}).status_code == 403


def test_caseworker_cannot_open_a_supervision_of_themselves(world, login, case_a):
    # Given the team leader has drawn a supervision of caseworker A
    supervision = services.draw_supervision(
        actor=world.team_leader,
        worker=world.caseworker_a,
        drawn_on=dt.date(2025, 2, 1),
        sample_size=1,
        source=SRC,
    )
    assert Supervision.objects.filter(pk=supervision.pk).exists()
    url = reverse("cases:supervision_detail", args=[supervision.pk])
    # Then only the leader who drew it can open it
    assert login(world.team_leader).get(url).status_code == 200
    assert login(world.caseworker_a).get(url).status_code == 403


# --- Quality handbook -------------------------------------------------------------------


def test_caseworker_reads_the_handbook_but_cannot_write_it(world, login):
    client = login(world.caseworker_a)
    assert client.get(reverse("cases:handbook")).status_code == 200
    response = client.post(
        reverse("cases:handbook"), {"step": ProcessStep.CHILD_TALK, "text": "Tal med barnet."}
    )
    assert response.status_code == 403
    assert not HandbookEntry.objects.exists()


@pytest.mark.parametrize("persona", ["team_leader", "caseworker_b"])
def test_other_case_roles_cannot_write_the_handbook(world, login, persona):
    response = login(getattr(world, persona)).post(
        reverse("cases:handbook"), {"step": ProcessStep.CHILD_TALK, "text": "Tal med barnet."}
    )
    assert response.status_code == 403
    assert not HandbookEntry.objects.exists()


@pytest.mark.parametrize("persona", NO_CASE_ACCESS)
def test_roles_without_case_access_cannot_read_the_handbook(world, login, persona):
    assert login(getattr(world, persona)).get(reverse("cases:handbook")).status_code == 403


def test_department_manager_writes_a_new_handbook_version(world, login, case_a):
    # When the department manager writes guidance for the talk with the child
    response = login(world.manager).post(
        reverse("cases:handbook"), {"step": ProcessStep.CHILD_TALK, "text": "Tal med barnet."}
    )
    # Then it is saved as version 1 and shown on the action page for that step
    assert response.status_code == 302
    entry = HandbookEntry.objects.get()
    assert (entry.step, entry.version, entry.text) == (ProcessStep.CHILD_TALK, 1, "Tal med barnet.")
    page = login(world.caseworker_a).get(reverse("cases:action", args=[case_a.pk, "child-talk"]))
    assert "Tal med barnet." in page.content.decode()


# --- Reading is audited -----------------------------------------------------------------


def test_reading_a_case_writes_a_read_event_for_the_child(world, login, case_a):
    # When caseworker A opens Asta's case
    response = login(world.caseworker_a).get(reverse("cases:detail", args=[case_a.pk]))
    assert response.status_code == 200
    # Then the audit trail says who read which child's case
    event = AuditEvent.objects.filter(event_type="read", child_id=world.child_a.pk).get()
    assert event.actor_id == world.caseworker_a.pk
    assert (event.object_type, event.object_id) == ("Case", str(case_a.pk))
    assert event.source == "page:cases:detail"


def test_the_work_list_writes_a_read_event_per_child_shown(world, login, case_a):
    login(world.caseworker_a).get(reverse("cases:my_work"))
    assert AuditEvent.objects.filter(
        event_type="read", child_id=world.child_a.pk, actor_id=world.caseworker_a.pk
    ).exists()
