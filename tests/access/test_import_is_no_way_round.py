"""Importing a staff or memberships file is not a way round the staff page: an administrator
importing cannot touch its own account or grant a wide role, and each imported staff row is
its own event in the audit chain."""

from __future__ import annotations

from pathlib import Path

import pytest

from herningmodel.audit.models import AuditEvent, EventType
from herningmodel.interchange import importing
from herningmodel.interchange.pipeline import ImportFailed
from herningmodel.organisation.models import Role, StaffMember, TeamMembership
from tests.conftest import World

STAFF_HEADER = "username;first_name;last_name;email;role;active\n"
MEMBERSHIP_HEADER = "username;team;discipline;start;end\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def messages(exc: pytest.ExceptionInfo[ImportFailed]) -> str:
    return " ".join(e.message for e in exc.value.errors)


def test_an_import_cannot_change_the_importers_own_role(world: World, tmp_path: Path) -> None:
    path = write(tmp_path, "staff.csv", STAFF_HEADER + "admin;A;B;;department_manager;ja\n")
    with pytest.raises(ImportFailed) as failed:
        importing.import_kind(importing.kinds_organisation.STAFF, path, actor=world.administrator)
    assert "egen adgang" in messages(failed)  # no one changes their own access
    assert StaffMember.objects.get(user=world.administrator).role == Role.ADMINISTRATOR


def test_an_import_cannot_add_the_importer_to_a_team(world: World, tmp_path: Path) -> None:
    path = write(
        tmp_path, "memberships.csv", MEMBERSHIP_HEADER + "admin;Team A;social_worker;01-01-2024;\n"
    )
    with pytest.raises(ImportFailed) as failed:
        importing.import_kind(
            importing.kinds_organisation.MEMBERSHIPS, path, actor=world.administrator
        )
    assert "egen adgang" in messages(failed)  # no one changes their own access
    assert not TeamMembership.objects.filter(staff__user=world.administrator).exists()


def test_an_import_grants_no_wide_role(world: World, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "staff.csv",
        STAFF_HEADER + "cw_a;C;A;;department_manager;ja\nnewboss;N;B;;administrator;ja\n",
    )
    with pytest.raises(ImportFailed) as failed:
        importing.import_kind(importing.kinds_organisation.STAFF, path, actor=world.administrator)
    assert len(failed.value.errors) == 2
    assert StaffMember.objects.get(user=world.caseworker_a).role == Role.CASEWORKER


def test_imported_staff_rows_are_each_in_the_chain(world: World, tmp_path: Path) -> None:
    staff_file = write(tmp_path, "staff.csv", STAFF_HEADER + "newbie;N;B;;caseworker;ja\n")
    importing.import_kind(importing.kinds_organisation.STAFF, staff_file, actor=world.administrator)
    memberships = write(
        tmp_path, "memberships.csv", MEMBERSHIP_HEADER + "newbie;Team B;social_worker;01-01-2024;\n"
    )
    importing.import_kind(
        importing.kinds_organisation.MEMBERSHIPS, memberships, actor=world.administrator
    )
    events = AuditEvent.objects.filter(event_type=EventType.STAFF_CHANGED).order_by("seq")
    assert [e.changes["staff"] for e in events] == ["newbie", "newbie"]
    assert events[1].changes["team"] == "Team B"
    assert all(e.actor_id == world.administrator.pk for e in events)


def test_the_command_line_may_migrate_wide_roles_and_is_recorded(
    world: World, tmp_path: Path
) -> None:
    path = write(tmp_path, "staff.csv", STAFF_HEADER + "newboss;N;B;;department_manager;ja\n")
    importing.import_kind(importing.kinds_organisation.STAFF, path, actor=None)
    assert StaffMember.objects.get(user__username="newboss").role == Role.DEPARTMENT_MANAGER
    event = AuditEvent.objects.get(event_type=EventType.STAFF_CHANGED)
    assert event.actor_label == "cli"


def test_reading_back_ones_own_unchanged_rows_is_no_change(world: World, tmp_path: Path) -> None:
    """A full export read back holds the importer's own rows as they are: nothing to refuse."""
    from tests.factories import staff

    me = StaffMember.objects.get(user=world.administrator)
    me.delete()
    me = staff(Role.ADMINISTRATOR, world.team_a, username="admin2")
    staff_file = write(tmp_path, "staff.csv", STAFF_HEADER + "admin2;A;B;;administrator;ja\n")
    importing.import_kind(importing.kinds_organisation.STAFF, staff_file, actor=me.user)
    memberships = write(
        tmp_path,
        "memberships.csv",
        MEMBERSHIP_HEADER + "admin2;Team A;social_worker;01-01-2020;\n",
    )
    importing.import_kind(importing.kinds_organisation.MEMBERSHIPS, memberships, actor=me.user)
    assert StaffMember.objects.get(user=me.user).role == Role.ADMINISTRATOR
