"""The child page and the family endpoint show the siblings' and the related adults' names:
their names are their data, so each is recorded as read, marked with the child whose page it
was — "who saw this child" finds the pages that showed it as somebody's sibling."""

from __future__ import annotations

import pytest

from herningmodel.audit import services as audit
from herningmodel.audit.models import AuditEvent, EventType
from herningmodel.people.models import Household, Person, Relation, RelationKind
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def family(world):  # type: ignore[no-untyped-def]
    household = Household.objects.create(label="Hjemmet")
    world.child_a.household = household
    world.child_a.save()
    sibling = ChildFactory(area_team=world.team_a, first_name="Bo", household=household)
    mother = Person.objects.create(first_name="Mette", last_name="Jensen")
    Relation.objects.create(child=world.child_a, person=mother, kind=RelationKind.MOTHER)
    return sibling, mother


@pytest.mark.parametrize("url", ["/children/{pk}/", "/api/children/{pk}/family"])
def test_siblings_and_adults_shown_are_recorded_as_read(world, login, family, url):  # type: ignore[no-untyped-def]
    sibling, mother = family
    response = login(world.caseworker_a).get(url.format(pk=world.child_a.pk))
    assert response.status_code == 200
    shown = response.content.decode()
    assert "Bo" in shown
    assert "Mette" in shown

    shown_with = {"shown_with": world.child_a.pk}
    reads = AuditEvent.objects.filter(event_type=EventType.READ)
    assert reads.filter(child_id=world.child_a.pk, object_type="Child").exists()
    assert reads.get(child_id=sibling.pk).changes == shown_with
    assert reads.get(person_id=mother.pk).changes == shown_with
    assert audit.verify() is None  # the chain still holds


def test_a_child_without_family_is_one_read(world, login):  # type: ignore[no-untyped-def]
    login(world.caseworker_a).get(f"/children/{world.child_a.pk}/")
    assert AuditEvent.objects.filter(event_type=EventType.READ).count() == 1


def test_refused_reads_record_nobody(world, login, family):  # type: ignore[no-untyped-def]
    sibling, mother = family
    response = login(world.caseworker_b).get(f"/api/children/{world.child_a.pk}/family")
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(child_id=sibling.pk).exists()
    assert not AuditEvent.objects.filter(person_id=mother.pk).exists()


def test_the_dpo_finds_who_saw_a_parent_by_person_id(world, login, family):  # type: ignore[no-untyped-def]
    _sibling, mother = family
    login(world.caseworker_a).get(f"/children/{world.child_a.pk}/")
    dpo = login(world.dpo)

    page = dpo.get("/audit/", {"person_id": mother.pk})
    assert [e.person_id for e in page.context["page"].object_list] == [mother.pk]
    found = dpo.post("/api/audit/search", {"person_id": mother.pk}, "application/json").json()
    assert [(e["person_id"], e["actor_label"]) for e in found["items"]] == [(mother.pk, "cw_a")]
    lines = b"".join(dpo.get("/audit/export.csv", {"person_id": mother.pk}).streaming_content)
    rows = lines.decode().splitlines()
    assert rows[0].split(",")[5] == "person_id"
    assert [r.split(",")[5] for r in rows[1:]] == [str(mother.pk)]
    # The searches themselves are recorded with the criterion.
    assert AuditEvent.objects.filter(
        event_type=EventType.SEARCH, changes={"person_id": mother.pk}
    ).exists()


def test_a_person_id_must_be_a_positive_number(world, login):  # type: ignore[no-untyped-def]
    dpo = login(world.dpo)
    assert dpo.post("/api/audit/search", {"person_id": 0}, "application/json").status_code == 422
    assert dpo.get("/audit/", {"person_id": "x"}).context["form"].errors["person_id"]
