"""A caseworker without an area team (the demo's job-centre log-in, who only takes part in
family coordination) has nowhere to register a child: no link to the form, and the form itself
says why instead of offering an empty list of teams."""

from __future__ import annotations

import pytest
from django.urls import reverse

from herningmodel.organisation.models import Role
from herningmodel.people.models import Child
from tests.factories import staff

pytestmark = pytest.mark.django_db


def test_a_caseworker_without_a_team_is_not_offered_the_form(world, login):  # type: ignore[no-untyped-def]
    client = login(staff(Role.CASEWORKER, username="jobcenter").user)
    listing = client.get(reverse("people:list"))
    assert listing.status_code == 200
    assert reverse("people:create") not in listing.content.decode()

    children = Child.objects.count()
    for response in (
        client.get(reverse("people:create"), follow=True, headers={"accept-language": "en"}),
        client.post(
            reverse("people:create"),
            {"first_name": "Ny"},
            follow=True,
            headers={"accept-language": "en"},
        ),
    ):
        assert response.redirect_chain[-1][0] == reverse("people:list")
        assert "not a member of an area team" in response.content.decode()
    assert Child.objects.count() == children


def test_a_caseworker_with_a_team_is(world, login):  # type: ignore[no-untyped-def]
    client = login(world.caseworker_a)
    assert reverse("people:create") in client.get(reverse("people:list")).content.decode()
    assert client.get(reverse("people:create")).status_code == 200
