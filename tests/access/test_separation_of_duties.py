"""Issue 26, item 1: no one changes their own access; wide grants need a second person; every
change is in the hash chain and the DPO's search."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from herningmodel.access import approvals, staffing
from herningmodel.access.models import GrantOutcome
from herningmodel.access.policy import RESEARCH_GROUP, Perm, Scope, has_perm, scope_of, team_ids
from herningmodel.audit import search, services
from herningmodel.audit.models import AuditEvent, EventType
from herningmodel.organisation.models import Discipline, Role, StaffMember
from tests.conftest import World
from tests.factories import staff

SRC = "test"


def member(user: object) -> StaffMember:
    return StaffMember.objects.select_related("user").get(user=user)


@pytest.fixture
def second_admin(world: World) -> object:
    return staff(Role.ADMINISTRATOR, username="admin2").user


def test_the_administrator_cannot_change_its_own_role(world: World) -> None:
    me = member(world.administrator)
    with pytest.raises(staffing.AccessRefused) as refused:
        staffing.change_role(
            me, Role.DEPARTMENT_MANAGER, actor=world.administrator, reason="x", source=SRC
        )
    assert refused.value.code == "own_account"
    me.refresh_from_db()
    assert me.role == Role.ADMINISTRATOR


@pytest.mark.parametrize(
    "change",
    [
        lambda s, w: staffing.add_to_team(
            s,
            w.team_a,
            discipline=Discipline.TEAM_LEADER,
            actor=w.administrator,
            reason="x",
            source=SRC,
        ),
        lambda s, w: staffing.add_to_group(
            s, RESEARCH_GROUP, actor=w.administrator, reason="x", source=SRC
        ),
        lambda s, w: staffing.set_active(s, False, actor=w.administrator, reason="x", source=SRC),
    ],
    ids=["teams", "groups", "activation"],
)
def test_the_administrator_cannot_change_its_own_teams_groups_or_activation(
    world: World, change: object
) -> None:
    me = member(world.administrator)
    before = staffing.snapshot(me)
    with pytest.raises(staffing.AccessRefused):
        change(me, world)  # type: ignore[operator]
    assert staffing.snapshot(member(world.administrator)) == before
    assert not AuditEvent.objects.filter(event_type=EventType.STAFF_CHANGED).exists()


def test_roles_without_staff_administration_are_refused(world: World) -> None:
    for outsider in (world.manager, world.team_leader, world.dpo, world.controller):
        with pytest.raises(staffing.AccessRefused) as refused:
            staffing.add_to_team(
                member(world.caseworker_a),
                world.team_b,
                discipline="social_worker",
                actor=outsider,
                reason="x",
                source=SRC,
            )
        assert refused.value.code == "forbidden"


def test_a_change_needs_a_reason(world: World) -> None:
    with pytest.raises(ValidationError) as invalid:
        staffing.add_to_team(
            member(world.caseworker_a),
            world.team_b,
            discipline="social_worker",
            actor=world.administrator,
            reason="  ",
            source=SRC,
        )
    assert invalid.value.error_dict["reason"][0].code == "required"


def test_a_team_change_is_recorded_in_the_chain_with_who_whom_before_after_and_reason(
    world: World,
) -> None:
    worker = member(world.caseworker_a)
    staffing.add_to_team(
        worker,
        world.team_b,
        discipline="social_worker",
        actor=world.administrator,
        reason="covers for a colleague",
        source=SRC,
    )
    assert world.team_b.pk in team_ids(world.caseworker_a)
    event = AuditEvent.objects.get(event_type=EventType.STAFF_CHANGED)
    assert event.actor_id == world.administrator.pk
    assert event.changes["staff"] == "cw_a"
    assert event.changes["before"]["teams"] == ["Team A"]
    assert event.changes["after"]["teams"] == ["Team A", "Team B"]
    assert event.changes["reason"] == "covers for a colleague"
    assert services.verify() is None
    # … and the DPO's search finds it.
    found = search.events(search.Criteria(event_type=EventType.STAFF_CHANGED))
    assert list(found) == [event]


def test_ending_a_membership_takes_the_team_away_now(world: World) -> None:
    worker = member(world.caseworker_a)
    membership = worker.memberships.get(team=world.team_a)
    staffing.end_membership(membership, actor=world.administrator, reason="left", source=SRC)
    assert team_ids(world.caseworker_a) == set()


def test_a_role_reaching_every_team_needs_a_second_administrator(
    world: World, second_admin: object
) -> None:
    leader = member(world.team_leader)
    outcome = staffing.change_role(
        leader, Role.DEPARTMENT_MANAGER, actor=world.administrator, reason="promoted", source=SRC
    )
    assert not outcome.applied
    assert outcome.request is not None
    assert scope_of(world.team_leader) is Scope.OWN_TEAMS  # nothing granted yet

    with pytest.raises(staffing.AccessRefused) as refused:
        approvals.approve(outcome.request, actor=world.administrator, source=SRC)
    assert refused.value.code == "same_person"

    approvals.approve(outcome.request, actor=second_admin, source=SRC)
    world.team_leader.refresh_from_db()
    assert member(world.team_leader).role == Role.DEPARTMENT_MANAGER
    event = AuditEvent.objects.filter(event_type=EventType.STAFF_CHANGED).get()
    assert event.changes["requested_by"] == "admin"
    assert event.changes["approved_by"] == "admin2"
    assert event.changes["before"]["role"] == Role.TEAM_LEADER
    assert event.changes["after"]["role"] == Role.DEPARTMENT_MANAGER
    assert AuditEvent.objects.filter(event_type=EventType.ACCESS_REQUESTED).count() == 1


def test_the_dpo_may_approve_the_research_group(world: World) -> None:
    worker = member(world.caseworker_a)
    outcome = staffing.add_to_group(
        worker, RESEARCH_GROUP, actor=world.administrator, reason="study 7", source=SRC
    )
    assert outcome.request is not None
    assert not has_perm(world.caseworker_a, Perm.RESEARCH_EXTRACT)
    assert not Group.objects.filter(name=RESEARCH_GROUP, user=world.caseworker_a).exists()
    approvals.approve(outcome.request, actor=world.dpo, source=SRC)
    assert Group.objects.filter(name=RESEARCH_GROUP, user=world.caseworker_a).exists()
    outcome.request.refresh_from_db()
    assert outcome.request.outcome == GrantOutcome.APPROVED


def test_the_person_a_grant_is_for_cannot_approve_it(world: World) -> None:
    """An administrator asks for a second administrator's wider role; that one cannot approve."""
    other = staff(Role.CONTROLLER, username="becoming_admin")
    outcome = staffing.change_role(
        other, Role.ADMINISTRATOR, actor=world.administrator, reason="new IT", source=SRC
    )
    assert outcome.request is not None
    with pytest.raises(staffing.AccessRefused):
        approvals.approve(outcome.request, actor=other.user, source=SRC)


def test_a_rejected_request_grants_nothing_and_is_recorded(world: World) -> None:
    leader = member(world.team_leader)
    outcome = staffing.change_role(
        leader, Role.DEPARTMENT_MANAGER, actor=world.administrator, reason="x", source=SRC
    )
    assert outcome.request is not None
    approvals.reject(outcome.request, actor=world.dpo, note="not agreed", source=SRC)
    assert member(world.team_leader).role == Role.TEAM_LEADER
    event = AuditEvent.objects.get(event_type=EventType.ACCESS_REJECTED)
    assert event.changes["note"] == "not agreed"
    with pytest.raises(ValidationError):
        approvals.approve(outcome.request, actor=world.dpo, source=SRC)


def test_a_role_without_wide_access_is_changed_at_once(world: World) -> None:
    worker = member(world.caseworker_a)
    outcome = staffing.change_role(
        worker, Role.TEAM_LEADER, actor=world.administrator, reason="new job", source=SRC
    )
    assert outcome.applied
    assert member(world.caseworker_a).role == Role.TEAM_LEADER


def test_deactivation_is_immediate_and_reactivating_a_wide_role_needs_approval(
    world: World, second_admin: object
) -> None:
    manager = member(world.manager)
    staffing.set_active(manager, False, actor=world.administrator, reason="left", source=SRC)
    world.manager.refresh_from_db()
    assert not world.manager.is_active
    outcome = staffing.set_active(
        manager, True, actor=world.administrator, reason="back", source=SRC
    )
    assert outcome.request is not None
    world.manager.refresh_from_db()
    assert not world.manager.is_active
    approvals.approve(outcome.request, actor=second_admin, source=SRC)
    world.manager.refresh_from_db()
    assert world.manager.is_active


def test_enrolling_a_new_account_gives_it_a_role_and_is_recorded(world: World) -> None:
    from tests.factories import UserFactory

    account = UserFactory(username="new_worker")
    staffing.enrol(account, Role.CASEWORKER, actor=world.administrator, reason="hired", source=SRC)
    assert member(account).role == Role.CASEWORKER
    event = AuditEvent.objects.get(event_type=EventType.STAFF_CHANGED)
    assert event.changes["change"] == "enrol"
    with pytest.raises(ValidationError):
        staffing.enrol(
            UserFactory(),
            Role.DEPARTMENT_MANAGER,
            actor=world.administrator,
            reason="x",
            source=SRC,
        )
