"""Retention on a hand-built fixture: erased when past its period, kept under a legal hold,
kept while a case is open, kept for a child too young; every erasure audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.utils import timezone
from typer.testing import CliRunner

from herningmodel.audit import services as audit_services
from herningmodel.audit.models import AuditEvent
from herningmodel.cases.models import Case, CaseStatus, Notification, NotificationOutcome
from herningmodel.cli import app
from herningmodel.operations import erasure, holds, retention
from herningmodel.operations.models import Erasure, JobRun
from herningmodel.operations.retention import DEFAULT_MONTHS, Kind
from herningmodel.people.models import Child
from tests.factories import ChildFactory

TODAY = dt.date(2026, 12, 7)
LONG_AGO = dt.date(2015, 3, 1)


def _case(child: Child, caseworker, *, closed_on: dt.date | None) -> Case:  # type: ignore[no-untyped-def]
    return Case.objects.create(
        child=child,
        area_team=child.area_team,
        district=child.district,
        caseworker=caseworker,
        opened_on=LONG_AGO,
        status=CaseStatus.CLOSED if closed_on else CaseStatus.OPEN,
        closed_on=closed_on,
        closure_note="Mor fortalte om volden i hjemmet." if closed_on else "",
    )


def _unfounded(child: Child, received: dt.date) -> Notification:
    return Notification.objects.create(
        child=child,
        source="school",
        notifier="Lærer Hansen",
        received_at=dt.datetime.combine(received, dt.time(9), tzinfo=dt.UTC),
        content="Barnet kommer sultent i skole.",
        outcome=NotificationOutcome.NO_ACTION,
        outcome_on=received,
    )


@pytest.fixture
def fixture(world):  # type: ignore[no-untyped-def]
    adult = dt.date(1999, 5, 17)
    past = ChildFactory(area_team=world.team_a, birth_date=adult, cpr=None, first_name="Past")
    held = ChildFactory(area_team=world.team_a, birth_date=adult, cpr=None, first_name="Held")
    still_open = ChildFactory(area_team=world.team_a, birth_date=adult, cpr=None, first_name="Open")
    young = ChildFactory(area_team=world.team_a, first_name="Young")
    recent = ChildFactory(area_team=world.team_a, birth_date=adult, cpr=None, first_name="Recent")
    for child in (past, held, young):
        _case(child, world.caseworker_a, closed_on=dt.date(2016, 1, 1))
    _case(still_open, world.caseworker_a, closed_on=dt.date(2016, 1, 1))
    _case(still_open, world.caseworker_a, closed_on=None)
    _case(recent, world.caseworker_a, closed_on=dt.date(2025, 1, 1))
    holds.place_hold(held.pk, reason="Klagesag i Ankestyrelsen", actor=world.dpo)
    old_note = _unfounded(young, dt.date(2020, 1, 1))
    new_note = _unfounded(young, dt.date(2026, 6, 1))
    held_note = _unfounded(held, dt.date(2020, 1, 1))
    return {
        "past": past,
        "held": held,
        "open": still_open,
        "young": young,
        "recent": recent,
        "old_note": old_note,
        "new_note": new_note,
        "held_note": held_note,
    }


def test_the_dry_run_names_what_is_due_and_changes_nothing(fixture) -> None:  # type: ignore[no-untyped-def]
    before = AuditEvent.objects.count()
    outcome = erasure.run(TODAY, DEFAULT_MONTHS, dry_run=True)
    due = {(item.kind, item.object_id) for item in outcome.plan.due}
    assert due == {
        (Kind.CASE_RECORDS, fixture["past"].pk),
        (Kind.UNFOUNDED_NOTIFICATIONS, fixture["old_note"].pk),
    }
    assert set(outcome.plan.kept_on_hold) == {fixture["held"].pk}
    assert AuditEvent.objects.count() == before
    assert Child.objects.get(pk=fixture["past"].pk).first_name == "Past"
    assert not JobRun.objects.exists()


def test_past_its_period_is_anonymised_and_audited(fixture) -> None:  # type: ignore[no-untyped-def]
    outcome = erasure.run(TODAY, DEFAULT_MONTHS, dry_run=False)
    assert outcome.done == 2
    past = Child.objects.get(pk=fixture["past"].pk)
    assert (past.first_name, past.cpr, past.birth_date) == (
        erasure.ANONYMISED_NAME,
        None,
        dt.date(1999, 5, 1),
    )
    assert past.cases.get().closure_note == erasure.REDACTED
    assert not Notification.objects.filter(pk=fixture["old_note"].pk).exists()
    events = AuditEvent.objects.filter(source__startswith="retention:")
    assert {e.child_id for e in events} == {fixture["past"].pk, fixture["young"].pk}
    assert Erasure.objects.count() == 2
    assert JobRun.objects.get().summary["done"] == 2
    assert audit_services.verify() is None


def test_kept_under_a_legal_hold_until_the_hold_is_lifted(fixture, world) -> None:  # type: ignore[no-untyped-def]
    erasure.run(TODAY, DEFAULT_MONTHS, dry_run=False)
    assert Child.objects.get(pk=fixture["held"].pk).first_name == "Held"
    assert Notification.objects.filter(pk=fixture["held_note"].pk).exists()
    holds.lift_hold(fixture["held"].pk, actor=world.dpo)
    erasure.run(TODAY, DEFAULT_MONTHS, dry_run=False)
    assert Child.objects.get(pk=fixture["held"].pk).first_name == erasure.ANONYMISED_NAME


def test_kept_while_a_case_is_open_and_while_the_child_is_young(fixture) -> None:  # type: ignore[no-untyped-def]
    erasure.run(TODAY, DEFAULT_MONTHS, dry_run=False)
    for name in ("open", "young", "recent"):
        assert Child.objects.get(pk=fixture[name].pk).first_name == fixture[name].first_name
    assert Notification.objects.filter(pk=fixture["new_note"].pk).exists()


def test_a_second_run_finds_nothing_left_to_do(fixture) -> None:  # type: ignore[no-untyped-def]
    erasure.run(TODAY, DEFAULT_MONTHS, dry_run=False)
    assert erasure.run(TODAY, DEFAULT_MONTHS, dry_run=False).done == 0


def test_only_the_dpo_places_a_hold(fixture, world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(holds.HoldRefused, match="data-protection officer"):
        holds.place_hold(fixture["past"].pk, reason="x", actor=world.caseworker_a)
    with pytest.raises(holds.HoldRefused, match="already under a legal hold"):
        holds.place_hold(fixture["held"].pk, reason="igen", actor=world.dpo)


def test_a_period_below_the_legal_minimum_is_refused() -> None:
    with pytest.raises(retention.PeriodTooShort, match="legal minimum of 60 months"):
        retention.validated({Kind.CASE_RECORDS: 12})


def test_the_settings_refuse_a_too_short_period_at_start_up(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import importlib

    import herningmodel.settings as settings_module

    monkeypatch.setenv("HERNINGMODEL_RETENTION_MONTHS_AUDIT_EVENTS", "3")
    with pytest.raises(ImproperlyConfigured, match="AUDIT_EVENTS=3 is shorter"):
        importlib.reload(settings_module)
    monkeypatch.delenv("HERNINGMODEL_RETENTION_MONTHS_AUDIT_EVENTS")
    importlib.reload(settings_module)


def test_months_before_keeps_to_the_last_day_of_a_short_month() -> None:
    assert retention.months_before(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)
    assert retention.months_before(dt.date(2026, 12, 7), 60) == dt.date(2021, 12, 7)


def test_the_cli_dry_run_reports_and_the_run_erases(fixture, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    runner = CliRunner()
    dry = runner.invoke(app, ["retention", "run", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "case_records" in dry.output
    assert "Dry run: nothing was changed." in dry.output
    real = runner.invoke(app, ["retention", "run"])
    assert "Anonymised or erased 2 records" in real.output


def test_the_dpo_sees_what_will_be_erased_next_by_number_only(fixture, world, login) -> None:  # type: ignore[no-untyped-def]
    page = login(world.dpo).get("/operations/retention/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Testesen" not in text
    assert f"<td>Child {fixture['past'].pk}</td>" in text
    assert AuditEvent.objects.filter(source="page:operations:retention").exists()


def test_the_retention_page_is_refused_to_a_caseworker(world, login) -> None:  # type: ignore[no-untyped-def]
    assert login(world.caseworker_a).get("/operations/retention/").status_code == 403


def test_the_retention_page_asks_for_a_login(client: Client, db) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/operations/retention/").status_code == 302
