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
