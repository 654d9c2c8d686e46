"""Personas: the people every permission test is written for."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.test import Client
from hypothesis import HealthCheck, settings

from herningmodel.organisation.models import AreaTeam, Role
from herningmodel.people.models import Child
from tests.factories import AreaTeamFactory, ChildFactory, staff

# Property tests check rules, not speed: Hypothesis's per-example deadline and its "too slow"
# health check are wall-clock assertions that fail on a loaded CI machine, so both are off.
settings.register_profile(
    "herningmodel", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("herningmodel")


@dataclass
class World:
    team_a: AreaTeam
    team_b: AreaTeam
    child_a: Child
    child_b: Child
    caseworker_a: AbstractBaseUser
    caseworker_b: AbstractBaseUser
    team_leader: AbstractBaseUser
    manager: AbstractBaseUser
    controller: AbstractBaseUser
    politician: AbstractBaseUser
    dpo: AbstractBaseUser
    administrator: AbstractBaseUser


# The data migrations' rows (catalogue, instruments…) as the test database was created, per
# database: the browser tests start their demo from them (tests/e2e/demo.py), since the
# transactional tests before them may have flushed every table.
SERIALIZED_CONTENTS: dict[str, str] = {}


@pytest.fixture(scope="session")
def django_db_setup(
    django_db_setup: None, request: pytest.FixtureRequest, django_db_blocker: Any
) -> None:
    from django.db import connections

    if not any("e2e" in item.keywords for item in request.session.items):
        return
    for alias in connections:
        # Django's own snapshot for serialized_rollback when a test asked for one.
        contents = getattr(connections[alias], "_test_serialized_contents", None)
        if contents is None:
            with django_db_blocker.unblock():
                contents = connections[alias].creation.serialize_db_to_string()
        SERIALIZED_CONTENTS[alias] = contents


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Browser tests run last: playwright's event loop stays open in the test thread until the
    session ends, and the tests before it keep Django's async-safety check."""
    browser = [item for item in items if "e2e" in item.keywords]
    if browser:
        items[:] = [item for item in items if "e2e" not in item.keywords] + browser


# Argon2 is slow by design; tests that check hashing ask for it explicitly.
FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = FAST_PASSWORD_HASHERS


@pytest.fixture(autouse=True)
def audit_checkpoints_per_test(settings, tmp_path_factory):  # type: ignore[no-untyped-def]
    """Each test keeps its own audit checkpoints: its database is rolled back after it, so
    checkpoints another test wrote would (rightly) read as a truncated chain."""
    folder = tmp_path_factory.getbasetemp() / "audit" / uuid.uuid4().hex
    settings.HERNINGMODEL_AUDIT_CHECKPOINT_FILE = folder / "checkpoints.jsonl"
    settings.HERNINGMODEL_AUDIT_CHECKPOINT_KEY_FILE = folder / "checkpoint.key"
    settings.HERNINGMODEL_AUDIT_CHECKPOINT_KEY = ""
    settings.HERNINGMODEL_AUDIT_CHECKPOINT_SYSLOG = ""


@pytest.fixture
def world(db: None) -> World:
    team_a = AreaTeamFactory(name="Team A")
    team_b = AreaTeamFactory(name="Team B")
    return World(
        team_a=team_a,
        team_b=team_b,
        child_a=ChildFactory(area_team=team_a, first_name="Asta"),
        child_b=ChildFactory(area_team=team_b, first_name="Bjørn"),
        caseworker_a=staff(Role.CASEWORKER, team_a, username="cw_a").user,
        caseworker_b=staff(Role.CASEWORKER, team_b, username="cw_b").user,
        team_leader=staff(Role.TEAM_LEADER, team_a, username="leader_a").user,
        manager=staff(Role.DEPARTMENT_MANAGER, username="manager").user,
        controller=staff(Role.CONTROLLER, username="controller").user,
        politician=staff(Role.POLITICIAN, username="politician").user,
        dpo=staff(Role.DPO, username="dpo").user,
        administrator=staff(Role.ADMINISTRATOR, username="admin").user,
    )


@pytest.fixture
def login(client: Client):  # type: ignore[no-untyped-def]
    """Log the test client in as a persona and return it."""

    def as_user(user: AbstractBaseUser) -> Client:
        client.force_login(user)
        return client

    return as_user
