from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from herningmodel.access.sso import discovery
from tests.sso import provider as op
from tests.sso.fixtures import sso_settings


@pytest.fixture(scope="session")
def oidc_provider() -> Iterator[op.LocalProvider]:
    op.require()
    local = op.LocalProvider(redirect_uris=["http://testserver/oidc/callback/"])
    local.start()
    yield local
    local.stop()


@pytest.fixture
def sso(settings: Any, oidc_provider: op.LocalProvider, tmp_path: Path) -> Iterator[Path]:
    yield sso_settings(settings, oidc_provider, tmp_path)
    discovery.forget()
