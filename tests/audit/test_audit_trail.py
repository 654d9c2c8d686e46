"""Reads and writes leave audit rows; tampering with them is detected."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from herningmodel.audit import services
from herningmodel.audit.models import AuditEvent, EventType

pytestmark = pytest.mark.django_db


def test_reading_a_child_page_is_audited(world, login):
    login(world.caseworker_a).get(reverse("people:detail", args=[world.child_a.pk]))
    event = AuditEvent.objects.get(event_type=EventType.READ, child_id=world.child_a.pk)
    assert event.actor_id == world.caseworker_a.pk
    assert event.source == "page:people:detail"


def test_reading_a_child_over_the_api_is_audited(world, login):
    login(world.caseworker_a).get(f"/api/children/{world.child_a.pk}")
    event = AuditEvent.objects.get(event_type=EventType.READ, child_id=world.child_a.pk)
    assert event.source == f"api:GET /api/children/{world.child_a.pk}"


def test_a_list_records_every_child_it_showed(world, login):
    login(world.manager).get(reverse("people:list"))
    seen = set(
        AuditEvent.objects.filter(event_type=EventType.READ).values_list("child_id", flat=True)
    )
    assert seen == {world.child_a.pk, world.child_b.pk}


def test_a_refused_read_writes_no_read_event(world, login):
    login(world.caseworker_b).get(f"/api/children/{world.child_a.pk}")
    assert not AuditEvent.objects.filter(child_id=world.child_a.pk).exists()


def test_an_update_records_old_and_new_values(world, login):
    login(world.caseworker_a).patch(
        f"/api/children/{world.child_a.pk}",
        {"first_name": "Astrid"},
        content_type="application/json",
    )
    event = AuditEvent.objects.get(event_type=EventType.UPDATE)
    assert event.changes == {"first_name": {"old": "Asta", "new": "Astrid"}}


def test_the_audit_trail_never_holds_a_full_cpr(world, login):
    login(world.caseworker_a).patch(
        f"/api/children/{world.child_a.pk}",
        {"first_name": "Astrid"},
        content_type="application/json",
    )
    login(world.caseworker_a).post(
        "/api/children",
        {
            "first_name": "Ny",
            "last_name": "Barn",
            "district_id": world.team_a.district_id,
            "area_team_id": world.team_a.pk,
            "cpr": "170515-4977",
        },
        content_type="application/json",
    )
    dump = str(list(AuditEvent.objects.values()))
    assert world.child_a.cpr not in dump
    assert "170515-4977" not in dump
    assert "170515-XXXX" in dump


def test_an_intact_chain_verifies(world, login):
    login(world.caseworker_a).get(reverse("people:detail", args=[world.child_a.pk]))
    login(world.manager).get("/api/children")
    assert services.verify() is None


def _tamper(sql: str, *params: object) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _three_events(world):
    for _ in range(3):
        services.record(EventType.READ, actor=world.caseworker_a, child_id=world.child_a.pk)


def test_editing_a_row_with_raw_sql_breaks_the_chain(world):
    _three_events(world)
    _tamper("UPDATE audit_auditevent SET actor_label = %s WHERE seq = 2", "someone-else")
    broken = services.verify()
    assert broken is not None
    assert broken.seq == 2


def test_deleting_a_middle_row_breaks_the_chain(world):
    _three_events(world)
    _tamper("DELETE FROM audit_auditevent WHERE seq = 2")
    broken = services.verify()
    assert broken is not None
    assert broken.seq == 2


def test_deleting_the_last_row_breaks_the_chain(world):
    _three_events(world)
    _tamper("DELETE FROM audit_auditevent WHERE seq = 3")
    assert services.verify() is not None


def test_audit_rows_cannot_be_changed_through_the_orm(world):
    event = services.record(EventType.READ, actor=world.dpo)
    event.actor_label = "x"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()


def test_dpo_finds_who_viewed_a_child_and_the_search_is_audited(world, login):
    login(world.caseworker_a).get(reverse("people:detail", args=[world.child_a.pk]))
    page = login(world.dpo).get(reverse("audit:search"), {"child_id": world.child_a.pk})
    assert "cw_a" in page.content.decode()
    search = AuditEvent.objects.get(event_type=EventType.SEARCH)
    assert search.actor_id == world.dpo.pk
    assert search.changes == {"child_id": world.child_a.pk}


def test_dpo_exports_csv_and_the_export_is_audited(world, login):
    login(world.caseworker_a).get(reverse("people:detail", args=[world.child_a.pk]))
    response = login(world.dpo).get(reverse("audit:export"), {"username": "cw_a"})
    body = b"".join(response.streaming_content).decode()
    lines = body.strip().splitlines()
    assert lines[0].startswith("seq,time,actor")
    assert any("cw_a" in line and "read" in line for line in lines[1:])
    assert AuditEvent.objects.filter(event_type=EventType.EXPORT, actor_id=world.dpo.pk).exists()


def test_export_neutralises_spreadsheet_formulas(world):
    services.record(EventType.LOGIN_FAILED, actor=None, actor_label="=HYPERLINK(1)")
    from herningmodel.audit.views import neutralise_formula

    assert neutralise_formula("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert neutralise_formula("cw_a") == "cw_a"


def test_audit_search_rejects_a_reversed_period(world, login):
    response = login(world.dpo).get(
        reverse("audit:search"), {"date_from": "2026-02-01", "date_to": "2026-01-01"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["date_to"]
    assert not AuditEvent.objects.filter(event_type=EventType.SEARCH).exists()
