"""Settings that turn single sign-on on against a ``LocalProvider``, for unit and browser tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from herningmodel.access.sso import discovery
from tests.sso.provider import CLIENT_ID, CLIENT_SECRET, LocalProvider

MAPPING = """
[groups."GG-Herning-Teamledere"]
role = "team_leader"
teams = ["Team A"]
discipline = "team_leader"

[groups."GG-Herning-Sagsbehandlere-A"]
role = "caseworker"
teams = ["Team A"]

[groups."GG-Herning-Sagsbehandlere-B"]
teams = ["Team B"]

[groups."GG-Herning-Databeskyttelse"]
role = "dpo"
wide_access = true
"""


def sso_settings(settings: Any, provider: LocalProvider, tmp_path: Path) -> Path:
    """Point the settings at the provider; returns the mapping file (tests may rewrite it)."""
    mapping_file = tmp_path / "sso-mapping.toml"
    mapping_file.write_text(MAPPING, encoding="utf-8")
    settings.SSO_ENABLED = True
    settings.OIDC_ENABLED = True
    settings.HERNINGMODEL_OIDC_ISSUER = provider.issuer
    settings.HERNINGMODEL_OIDC_NAME = "Herning Kommune (test)"
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.HERNINGMODEL_SSO_MAPPING = str(mapping_file)
    settings.HERNINGMODEL_OIDC_REQUIRED_ACR = []
    settings.HERNINGMODEL_OIDC_REQUIRED_AMR = []
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "herningmodel.access.sso.oidc.ProviderBackend",
    ]
    discovery.forget()
    return mapping_file
