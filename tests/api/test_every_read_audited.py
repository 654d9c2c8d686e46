"""Every GET operation of the API, as every role: each child or adult whose full name a response
shows was read (a READ event by that user, written while the response was made).

The API's counterpart of the every-link crawl (tests/quality/test_every_link.py), on a small
world: two teams' children, a case, a family in coordination with an adult, every persona."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from herningmodel.api import api
from herningmodel.people.models import Person, Relation
from tests.audit.reads import full_names, last_seq, reads_since
from tests.coordination.conftest import family  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

PARAM = re.compile(r"{(\w+)}")


def _texts(value: object) -> list[str]:
    """Every string of a JSON document, with "first last" for each object that has both."""
    if isinstance(value, dict):
        found = [f"{value['first_name']} {value['last_name']}"] if "first_name" in value else []
        return found + [t for item in value.values() for t in _texts(item)]
    if isinstance(value, list):
        return [t for item in value for t in _texts(item)]
    return [value] if isinstance(value, str) else []


def test_every_api_response_that_names_a_person_read_them(family):  # noqa: F811
    world = family.world
    case = family.case
    Relation.objects.create(
        child=world.child_a,
        person=Person.objects.get(first_name="Mette"),
        kind="mother",
        has_custody=True,
    )
    ids = {
        "child_id": world.child_a.pk,
        "case_id": case.pk,
        "coordination_id": family.coordination.pk,
    }
    paths = [p for p, ops in api.get_openapi_schema()["paths"].items() if "get" in ops]
    users = [
        world.caseworker_a,
        world.caseworker_b,
        world.team_leader,
        world.manager,
        world.controller,
        world.politician,
        world.dpo,
        world.administrator,
        family.coordinator,
        family.job_centre_worker,
    ]
    names = full_names()
    pattern = re.compile("|".join(map(re.escape, sorted(names, key=len, reverse=True))))
    problems, checked = [], 0
    for user in users:
        client = Client(raise_request_exception=False)
        client.force_login(user)
        for template in paths:
            if any(param not in ids for param in PARAM.findall(template)):
                continue  # prototypes, scenarios, supervisions: no person of their own
            path = PARAM.sub(lambda m: str(ids[m.group(1)]), template)
            since = last_seq()
            response = client.get(path)
            assert response.status_code < 500, f"{path} as {user}: {response.status_code}"
            if response.status_code != 200 or "json" not in response.get("Content-Type", ""):
                continue
            shown = set(pattern.findall("\n".join(_texts(response.json()))))
            if not shown:
                continue
            checked += 1
            read = set(reads_since(since, actor_id=user.pk).values_list("child_id", "person_id"))
            missing = sorted(name for name in shown if not names[name] & read)
            if missing:
                problems.append(f"{path} as {user}: shows {', '.join(missing)} unread")
    assert checked > 10, "too few responses named anyone: the walk proves nothing"
    assert not problems, "\n".join(problems)
