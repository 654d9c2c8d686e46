"""When the database cannot write — full disk, read-only — the person saving sees a plain page
in their language saying nothing was saved, not a stack trace; nothing is half-written; and the
log names the fault without the child's data.

The faults are real, made in the database itself: SQLite's `max_page_count` makes it answer
"database or disk is full" exactly as a full disk does; `query_only` (SQLite) and
`default_transaction_read_only` (PostgreSQL) make it refuse writes as a read-only database does.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from herningmodel.audit.models import AuditEvent
from herningmodel.cases.models import Case, ChildTalk
from herningmodel.portal.errors import server_error
from tests.cases.journey import open_case_by_notification

# A long talk note: more than a few database pages, so it cannot fit in a page's free space.
LONG_VIEWS = "Asta fortæller om sin hverdag (fiktivt). " * 220


def da(message: str) -> str:
    with translation.override("da"):
        return translation.gettext(message)


@contextmanager
def read_only_database() -> Iterator[None]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA query_only = ON")
        else:
            cursor.execute("SET default_transaction_read_only = on")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA query_only = OFF")
            else:
                cursor.execute("SET default_transaction_read_only = off")


@contextmanager
def full_disk() -> Iterator[None]:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA max_page_count")
        limit = cursor.fetchone()[0]
        # Use up the free pages first (a flushed test database has many), then cap the file.
        cursor.execute("PRAGMA freelist_count")
        free = cursor.fetchone()[0]
        cursor.execute("PRAGMA page_size")
        size = cursor.fetchone()[0]
        cursor.execute("CREATE TABLE fault_filler (x BLOB)")
        cursor.execute("INSERT INTO fault_filler VALUES (zeroblob(%s))", [free * size])
        cursor.execute("PRAGMA page_count")
        cursor.execute(f"PRAGMA max_page_count = {cursor.fetchone()[0]}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA max_page_count = {limit}")
            cursor.execute("DROP TABLE fault_filler")


def save_talk(client, case: Case):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("cases:action", args=[case.pk, "child-talk"]),
        {"held_on": "2025-02-03", "child_views": LONG_VIEWS},
    )


def assert_nothing_saved_and_a_plain_page(response, before: tuple[int, int], case: Case) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    page = response.content.decode()
    assert da("The database is not available") in page
    assert "Traceback" not in page
    assert "OperationalError" not in page
    assert '<html lang="da">' in page
    assert (ChildTalk.objects.count(), AuditEvent.objects.count()) == before
    assert not case.child_talks.exists()


@pytest.fixture
def caseworker(world, login):  # type: ignore[no-untyped-def]
    client = login(world.caseworker_a)
    client.raise_request_exception = False
    return client


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_read_only_database_gives_a_plain_503_page_and_saves_nothing(world, caseworker, caplog):  # type: ignore[no-untyped-def]
    case = open_case_by_notification(world)
    before = (ChildTalk.objects.count(), AuditEvent.objects.count())
    with caplog.at_level(logging.ERROR), read_only_database():
        response = save_talk(caseworker, case)
    assert_nothing_saved_and_a_plain_page(response, before, case)
    # The log names the fault and the view, never the child.
    assert "Database unavailable" in caplog.text
    assert "cases:action" in caplog.text
    assert world.child_a.first_name not in caplog.text
    assert world.child_a.last_name not in caplog.text
    # And once the database writes again, the same save goes through, nothing restarted.
    response = save_talk(caseworker, case)
    assert response.status_code == 302
    assert case.child_talks.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's max_page_count fills the disk")
def test_a_full_disk_gives_a_plain_503_page_and_saves_nothing(world, caseworker, caplog):  # type: ignore[no-untyped-def]
    case = open_case_by_notification(world)
    before = (ChildTalk.objects.count(), AuditEvent.objects.count())
    with caplog.at_level(logging.ERROR), full_disk():
        response = save_talk(caseworker, case)
    assert_nothing_saved_and_a_plain_page(response, before, case)
    assert "database or disk is full" in caplog.text  # Django's own log of the exception
    assert "Database unavailable (OperationalError)" in caplog.text


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_api_answers_a_database_fault_with_its_error_shape(world, caseworker):  # type: ignore[no-untyped-def]
    case = open_case_by_notification(world)
    with read_only_database():
        response = caseworker.post(
            f"/api/cases/{case.pk}/child-talks",
            {"held_on": "2025-02-03", "child_views": "Asta (fiktivt)."},
            content_type="application/json",
        )
    assert response.status_code == 503
    assert response.json()["code"] == "database_unavailable"


def test_any_other_error_is_a_plain_500_page_in_english_too() -> None:
    request = RequestFactory().get("/cases/")
    with translation.override("en"):
        try:
            raise ValueError("a bug")  # noqa: TRY301 - the handler reads the current exception
        except ValueError:
            response = server_error(request)
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong" in page
    assert '<html lang="en">' in page
    assert "a bug" not in page
