from __future__ import annotations

from tests.staircase.conftest import catalogue  # noqa: F401 - the staircase's test catalogue
