"""One small demo for the module, rolled back afterwards (as in tests/demo/conftest.py)."""

from __future__ import annotations

import pytest
from django.utils import translation

from tests.demo.conftest import SEED, TODAY, small_demo  # noqa: F401 - the fixture, reused

__all__ = ["SEED", "TODAY"]


@pytest.fixture(autouse=True)
def english(settings):  # type: ignore[no-untyped-def]
    """These tests read the page and report texts in English; the browser tests check every
    page in Danish too."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
