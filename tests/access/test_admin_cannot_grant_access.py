"""Issue 26: the self-escalation through the Django admin's staff form is impossible. Tested
through the admin's own HTTP form posts, as the attack was made."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client

from herningmodel.access.policy import RESEARCH_GROUP
from herningmodel.organisation.models import Role, StaffMember, TeamMembership
from tests.conftest import World


@pytest.fixture
def admin_client(world: World, client: Client) -> Client:
    """The administrator as the demo sets it up: admin site access and every organisation
    permission."""
    user = world.administrator
    user.is_staff = True
    user.save()
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="organisation"))
    client.force_login(user)
    return client


@pytest.fixture
def superuser_client(world: World, client: Client) -> Client:
    user = world.administrator
    user.is_staff = user.is_superuser = True
    user.save()
    client.force_login(user)
    return client


def test_the_staff_form_does_not_take_a_new_role(world: World, admin_client: Client) -> None:
    me = StaffMember.objects.get(user=world.administrator)
    url = f"/admin/organisation/staffmember/{me.pk}/change/"
    assert admin_client.get(url).status_code == 200  # shown…
    response = admin_client.post(
        url,
        {
            "user": world.administrator.pk,
            "role": Role.DEPARTMENT_MANAGER,
            "is_demo_account": "",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-team": world.team_a.pk,
            "memberships-0-discipline": "social_worker",
            "memberships-0-start": "2020-01-01",
        },
    )
    assert response.status_code == 403  # …never changed
    me.refresh_from_db()
    assert me.role == Role.ADMINISTRATOR
    assert not TeamMembership.objects.filter(staff=me).exists()


def test_no_staff_member_is_added_in_the_admin(world: World, admin_client: Client) -> None:
    response = admin_client.post(
        "/admin/organisation/staffmember/add/",
        {"user": world.administrator.pk, "role": Role.DEPARTMENT_MANAGER},
    )
    assert response.status_code == 403


def test_the_area_team_form_does_not_add_members(world: World, admin_client: Client) -> None:
    me = StaffMember.objects.get(user=world.administrator)
    url = f"/admin/organisation/areateam/{world.team_b.pk}/change/"
    response = admin_client.post(
        url,
        {
            "district": world.team_b.district_id,
            "name": world.team_b.name,
            "caseload_target": 25,
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-staff": me.pk,
            "memberships-0-discipline": "social_worker",
            "memberships-0-start": "2020-01-01",
        },
    )
    assert response.status_code == 302  # the team itself is configuration and saves
    assert not TeamMembership.objects.filter(staff=me).exists()


def test_even_a_superuser_cannot_change_activation_or_groups_in_the_admin(
    world: World, superuser_client: Client
) -> None:
    research = Group.objects.create(name=RESEARCH_GROUP)
    target = world.caseworker_a
    response = superuser_client.post(
        f"/admin/auth/user/{target.pk}/change/",
        {
            "username": target.username,
            "first_name": "",
            "last_name": "",
            "email": "",
            "is_active": "",
            "is_staff": "on",
            "is_superuser": "on",
            "groups": [research.pk],
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2020-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    assert response.status_code == 302  # the name fields may be saved…
    target.refresh_from_db()
    assert target.is_active  # …access never
    assert not target.is_staff
    assert not target.is_superuser
    assert not target.groups.exists()


def test_groups_are_read_only_in_the_admin(world: World, superuser_client: Client) -> None:
    research = Group.objects.create(name=RESEARCH_GROUP)
    response = superuser_client.post(
        f"/admin/auth/group/{research.pk}/change/",
        {"name": "renamed", "permissions": list(Permission.objects.values_list("pk", flat=True))},
    )
    assert response.status_code == 403
    research.refresh_from_db()
    assert research.name == RESEARCH_GROUP
    assert not research.permissions.exists()
