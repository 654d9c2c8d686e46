"""Bad input gets a clear error naming the field, with a stable code; nothing is written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from herningmodel.audit.models import AuditEvent
from herningmodel.organisation.models import Municipality
from herningmodel.people.models import Child

pytestmark = pytest.mark.django_db


def _body(world, **overrides):
    body = {
        "first_name": "Carla",
        "last_name": "Clausen",
        "district_id": world.team_a.district_id,
        "area_team_id": world.team_a.pk,
        "birth_date": "2017-08-09",
    }
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not None}


def _post(world, login, **overrides):
    return login(world.caseworker_a).post(
        "/api/children", _body(world, **overrides), content_type="application/json"
    )


def test_a_valid_child_is_created_with_an_audit_event(world, login):
    response = _post(world, login, cpr="090817-4944")
    assert response.status_code == 201, response.json()
    child = Child.objects.get(pk=response.json()["id"])
    assert child.cpr == "090817-4944"
    assert AuditEvent.objects.filter(child_id=child.pk, event_type="create").exists()


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"cpr": "320117-1234"}, "cpr", "cpr_invalid"),
        ({"cpr": "12345"}, "cpr", "cpr_invalid"),
        ({"district_id": 987654}, "district", "unknown_district"),
        ({"first_name": "Ca\x00rla"}, "first_name", "null_characters_not_allowed"),
        ({"first_name": "x" * 101}, "first_name", "max_length"),
        ({"first_name": None}, "first_name", "required"),
        ({"birth_date": "not-a-date"}, "birth_date", "invalid"),
        ({"nickname": "C"}, "nickname", "unknown_field"),
        (
            {"birth_date": "2017-08-10", "cpr": "090817-4944"},
            "birth_date",
            "birth_date_cpr_mismatch",
        ),
    ],
)
def test_bad_input_over_the_api(world, login, overrides, field, code):
    before = Child.objects.count()
    response = _post(world, login, **overrides)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input"
    assert {"field": field, "code": code} in [
        {"field": e["field"], "code": e["code"]} for e in body["errors"]
    ]
    assert Child.objects.count() == before


def test_a_future_birth_date_without_the_unborn_flag_is_refused(world, login):
    future = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    response = _post(world, login, birth_date=future)
    assert response.status_code == 422
    assert response.json()["errors"][0]["code"] == "birth_date_in_future"


def test_an_unborn_child_is_registered_with_an_expected_date(world, login):
    future = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    response = _post(world, login, birth_date=None, is_unborn=True, expected_birth_date=future)
    assert response.status_code == 201
    assert response.json()["is_unborn"] is True


def test_an_unborn_child_needs_an_expected_date(world, login):
    response = _post(world, login, birth_date=None, is_unborn=True)
    assert response.json()["errors"][0]["code"] == "unborn_without_expected_date"


def test_error_messages_are_translated(world, login):
    response = login(world.caseworker_a).post(
        "/api/children",
        _body(world, cpr="320117-1234"),
        content_type="application/json",
        headers={"accept-language": "da"},
    )
    assert "ikke et gyldigt CPR-nummer" in response.json()["errors"][0]["message"]


def test_a_duplicate_cpr_is_refused(world, login):
    _post(world, login, cpr="090817-4944")
    response = _post(world, login, cpr="090817-4944", first_name="Other")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "cpr"


def test_bad_input_in_the_form_is_shown_next_to_the_field(world, login):
    form = {
        "first_name": "Carla",
        "last_name": "Clausen",
        "cpr": "320117-1234",
        "district": world.team_a.district_id,
        "area_team": world.team_a.pk,
    }
    response = login(world.caseworker_a).post(reverse("people:create"), form)
    assert response.status_code == 200
    assert response.context["form"].errors["cpr"]
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Child.objects.filter(first_name="Carla").exists()


def test_the_form_registers_a_child(world, login):
    form = {
        "first_name": "Carla",
        "last_name": "Clausen",
        "cpr": "090817-4944",
        "district": world.team_a.district_id,
        "area_team": world.team_a.pk,
    }
    response = login(world.caseworker_a).post(reverse("people:create"), form)
    child = Child.objects.get(first_name="Carla")
    assert response.status_code == 302
    assert child.birth_date == dt.date(2017, 8, 9)


def test_the_form_offers_only_own_teams(world, login):
    form = {
        "first_name": "Carla",
        "last_name": "Clausen",
        "birth_date": "2017-08-09",
        "district": world.team_b.district_id,
        "area_team": world.team_b.pk,
    }
    response = login(world.caseworker_a).post(reverse("people:create"), form)
    assert response.context["form"].errors["area_team"]
    assert not Child.objects.filter(first_name="Carla").exists()


def test_a_second_save_of_a_stale_version_is_a_conflict(world, login):
    client = login(world.caseworker_a)
    url = f"/api/children/{world.child_a.pk}"
    first = client.patch(url, {"first_name": "A1", "version": 1}, content_type="application/json")
    second = client.patch(url, {"first_name": "A2", "version": 1}, content_type="application/json")
    assert first.status_code == 200
    assert second.status_code == 409
    assert second.json()["code"] == "conflict"
    world.child_a.refresh_from_db()
    assert world.child_a.first_name == "A1"


def test_the_form_reports_a_conflict_and_keeps_the_other_save(world, login):
    client = login(world.caseworker_a)
    url = reverse("people:edit", args=[world.child_a.pk])
    form = {
        "first_name": "Mine",
        "last_name": world.child_a.last_name,
        "cpr": world.child_a.cpr,
        "district": world.child_a.district_id,
        "area_team": world.child_a.area_team_id,
        "version": 1,
    }
    client.patch(
        f"/api/children/{world.child_a.pk}",
        {"first_name": "Theirs"},
        content_type="application/json",
    )
    response = client.post(url, form)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    world.child_a.refresh_from_db()
    assert world.child_a.first_name == "Theirs"


def test_only_one_municipality(world):
    second = Municipality(name="Anden Kommune", code="997")
    with pytest.raises(ValidationError) as info:
        second.full_clean()
    assert info.value.error_dict["__all__"][0].code == "municipality_exists"


def test_a_team_must_serve_the_childs_district(world, login):
    response = _post(world, login, district_id=world.team_b.district_id)
    assert response.status_code == 422
    assert response.json()["errors"][0]["code"] == "team_not_in_district"


def test_a_nul_byte_in_a_search_is_a_422(world, login):
    response = login(world.caseworker_a).post(
        "/api/children/search", {"q": "a\x00b"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["errors"][0] == {
        "field": "q",
        "code": "null_characters_not_allowed",
        "message": response.json()["errors"][0]["message"],
    }


def test_paging_limits_are_enforced(world, login):
    assert login(world.caseworker_a).get("/api/children", {"limit": 0}).status_code == 422
    assert login(world.caseworker_a).get("/api/children", {"limit": 201}).status_code == 422
