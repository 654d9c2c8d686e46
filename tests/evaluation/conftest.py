"""One small demo for the module, rolled back afterwards (as in tests/demo/conftest.py)."""

from __future__ import annotations

from tests.demo.conftest import SEED, TODAY, small_demo  # noqa: F401 - the fixture, reused

__all__ = ["SEED", "TODAY"]
