"""Two fictitious municipalities' real aggregate exports, generated once for the module.

Each is a small demo generated and rolled back inside ``fictitious.write_files``; the files
are exported exactly as ``herningmodel export aggregates`` writes them. No personal data is
committed: the files are made here, from seeds.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.utils import translation

from herningmodel.comparison import fictitious
from herningmodel.interchange import aggregates

TODAY = dt.date(2026, 6, 15)
PERIODS = ["2024", "2025"]


@pytest.fixture(scope="module")
def export_files(
    django_db_setup: None,
    django_db_blocker: Any,
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("aggregates")
    with django_db_blocker.unblock(), transaction.atomic():
        paths = fictitious.write_files(out, periods=PERIODS, today=TODAY, count=2)
        transaction.set_rollback(True)
    return {p.name: p.read_bytes() for p in paths}


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def resigned(body: bytes, change: Any) -> bytes:
    """A file changed and signed again, as another (possibly faulty) exporter might write it."""
    content = json.loads(body)["content"]
    change(content)
    return aggregates.to_json(content)
