"""The identity provider's endpoints, from its OpenID Connect discovery document.

Read once per process and issuer, and refused unless the document's ``issuer`` is exactly the
configured one: a wrong issuer is a misconfiguration (or someone else's provider), never
something to log in through.
"""

from __future__ import annotations

import threading
from typing import Any

import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

_lock = threading.Lock()
_cache: dict[str, dict[str, Any]] = {}

ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}


class ProviderMisconfigured(ImproperlyConfigured):
    """The provider cannot be used as configured; the message says why."""


def document_url(issuer: str) -> str:
    return issuer.rstrip("/") + "/.well-known/openid-configuration"


def fetch(issuer: str) -> dict[str, Any]:
    """The discovery document, checked; raises ``ProviderMisconfigured``."""
    url = document_url(issuer)
    try:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise ProviderMisconfigured(f"Cannot read the discovery document {url}: {exc}") from exc
    if not isinstance(document, dict):
        raise ProviderMisconfigured(f"The discovery document {url} is not a JSON object.")
    if document.get("issuer") != issuer:
        raise ProviderMisconfigured(
            f"Wrong issuer: HERNINGMODEL_OIDC_ISSUER is {issuer!r}, but the provider at {url} "
            f"says it is {document.get('issuer')!r}. They must be identical."
        )
    missing = [key for key in ENDPOINTS.values() if not document.get(key)]
    if missing:
        raise ProviderMisconfigured(f"The discovery document {url} lacks {', '.join(missing)}.")
    if "S256" not in document.get("code_challenge_methods_supported", []):
        raise ProviderMisconfigured(
            f"The provider at {url} does not announce PKCE with S256, which log-in requires."
        )
    return document


def document() -> dict[str, Any]:
    issuer = settings.HERNINGMODEL_OIDC_ISSUER
    with _lock:
        if issuer not in _cache:
            _cache[issuer] = fetch(issuer)
        return _cache[issuer]


def forget() -> None:
    """Read the document again next time (after the provider rotated its endpoints; tests)."""
    with _lock:
        _cache.clear()


def endpoint(setting: str) -> str:
    return str(document()[ENDPOINTS[setting]])
