"""One small demo, generated once for the invariant tests of a module and rolled back after.

The demo is written inside an outer transaction opened outside any test; each test's own
transaction nests in it (a savepoint), and the outer one is rolled back when the module is done,
so the rest of the suite sees the database as the migrations left it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.db import transaction

from herningmodel.demo import seed

TODAY = dt.date(2026, 6, 15)
SEED = 7


@pytest.fixture(scope="module")
def small_demo(django_db_setup: None, django_db_blocker) -> Iterator[list[seed.DemoLogin]]:  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        with transaction.atomic():
            logins = seed.load(TODAY, size="small", seed=SEED)
            yield logins
            transaction.set_rollback(True)
