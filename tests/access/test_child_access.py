"""Every page and endpoint with a child's data: who is let in, and who gets a 404 or 403."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

CASE_ROLES_WITH_ACCESS_TO_A = ["caseworker_a", "team_leader", "manager"]
NO_ACCESS_TO_A = ["caseworker_b", "controller", "politician", "dpo", "administrator"]


@pytest.mark.parametrize("persona", CASE_ROLES_WITH_ACCESS_TO_A)
def test_child_page_is_shown_within_scope(world, login, persona):
    response = login(getattr(world, persona)).get(reverse("people:detail", args=[world.child_a.pk]))
    assert response.status_code == 200
    assert "Asta" in response.content.decode()


@pytest.mark.parametrize("persona", NO_ACCESS_TO_A)
def test_child_page_is_404_outside_scope(world, login, persona):
    response = login(getattr(world, persona)).get(reverse("people:detail", args=[world.child_a.pk]))
    assert response.status_code == 404


def test_missing_and_forbidden_child_look_the_same(world, login):
    client = login(world.caseworker_b)
    forbidden = client.get(f"/api/children/{world.child_a.pk}")
    missing = client.get("/api/children/999999")
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.json() == missing.json()


@pytest.mark.parametrize("persona", CASE_ROLES_WITH_ACCESS_TO_A)
def test_api_child_read_within_scope(world, login, persona):
    response = login(getattr(world, persona)).get(f"/api/children/{world.child_a.pk}")
    assert response.status_code == 200
    assert response.json()["first_name"] == "Asta"


@pytest.mark.parametrize("persona", NO_ACCESS_TO_A)
def test_api_child_read_outside_scope(world, login, persona):
    assert (
        login(getattr(world, persona)).get(f"/api/children/{world.child_a.pk}").status_code == 404
    )


def test_list_shows_only_own_team(world, login):
    names = [
        c["first_name"] for c in login(world.caseworker_a).get("/api/children").json()["items"]
    ]
    assert names == ["Asta"]
    page = login(world.caseworker_a).get(reverse("people:list")).content.decode()
    assert "Asta" in page
    assert "Bjørn" not in page


def test_manager_sees_every_team(world, login):
    items = login(world.manager).get("/api/children").json()["items"]
    assert {c["first_name"] for c in items} == {"Asta", "Bjørn"}


@pytest.mark.parametrize("persona", ["controller", "politician", "dpo", "administrator"])
def test_roles_without_case_access_see_no_children(world, login, persona):
    client = login(getattr(world, persona))
    assert client.get("/api/children").json() == {"count": 0, "items": []}
    assert client.get(reverse("people:list")).status_code == 403


@pytest.mark.parametrize("persona", ["caseworker_b", "politician", "controller"])
def test_edit_outside_scope_is_refused(world, login, persona):
    client = login(getattr(world, persona))
    assert client.get(reverse("people:edit", args=[world.child_a.pk])).status_code == 404
    response = client.patch(
        f"/api/children/{world.child_a.pk}", {"first_name": "X"}, content_type="application/json"
    )
    assert response.status_code == 404
    world.child_a.refresh_from_db()
    assert world.child_a.first_name == "Asta"


def test_edit_within_scope_is_allowed(world, login):
    response = login(world.caseworker_a).patch(
        f"/api/children/{world.child_a.pk}",
        {"first_name": "Astrid"},
        content_type="application/json",
    )
    assert response.status_code == 200
    world.child_a.refresh_from_db()
    assert world.child_a.first_name == "Astrid"


@pytest.mark.parametrize("persona", ["politician", "controller", "dpo"])
def test_create_is_refused_without_case_role(world, login, persona):
    body = {
        "first_name": "Ny",
        "last_name": "Person",
        "district_id": world.team_a.district_id,
        "area_team_id": world.team_a.pk,
        "birth_date": "2019-01-01",
    }
    response = login(getattr(world, persona)).post(
        "/api/children", body, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_caseworker_cannot_register_child_in_another_team(world, login):
    body = {
        "first_name": "Ny",
        "last_name": "Person",
        "district_id": world.team_b.district_id,
        "area_team_id": world.team_b.pk,
        "birth_date": "2019-01-01",
    }
    response = login(world.caseworker_a).post(
        "/api/children", body, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["code"] == "team_not_permitted"


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("dpo", 200),
        ("caseworker_a", 403),
        ("politician", 403),
        ("manager", 403),
        ("controller", 403),
    ],
)
def test_audit_page_is_for_the_dpo_only(world, login, persona, status):
    client = login(getattr(world, persona))
    assert client.get(reverse("audit:search")).status_code == status
    assert client.get(reverse("audit:export")).status_code == status


def test_anonymous_is_sent_to_login(client, world):
    for url in [reverse("home"), reverse("people:list"), reverse("audit:search")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert client.get("/api/children").status_code == 401


def test_full_cpr_only_for_roles_that_need_it(world, login):
    from herningmodel.organisation.models import Role
    from tests.factories import staff

    nurse = staff(Role.HEALTH_NURSE, world.team_a).user
    assert (
        login(world.caseworker_a).get(f"/api/children/{world.child_a.pk}").json()["cpr"]
        == world.child_a.cpr
    )
    masked = login(nurse).get(f"/api/children/{world.child_a.pk}").json()["cpr"]
    assert masked.endswith("-XXXX")
    assert masked != world.child_a.cpr


def test_admin_site_is_for_administrators_only(world, login):
    world.administrator.is_staff = True
    world.administrator.save()
    assert login(world.administrator).get("/admin/").status_code == 200
    assert login(world.caseworker_a).get("/admin/").status_code == 302


def test_a_name_search_stays_out_of_the_url_and_survives_paging(world, login):  # type: ignore[no-untyped-def]
    client = login(world.caseworker_a)
    found = client.post(reverse("people:list"), {"q": "Asta"}).content.decode()
    assert "Asta" in found
    assert "?q=" not in found
    paged = client.get(reverse("people:list"), {"page": 1}).content.decode()
    assert 'value="Asta"' in paged  # the search is remembered for paging, not put in the URL
    fresh = client.get(reverse("people:list")).content.decode()
    assert 'value="Asta"' not in fresh
