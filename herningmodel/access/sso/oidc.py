"""Logging in through an OpenID Connect provider (mozilla-django-oidc, with PKCE and a nonce).

mozilla-django-oidc checks the ID token's signature and nonce but not its audience or issuer,
and lets an expired token through as an unhandled error. ``ProviderBackend`` checks all of it:
signature (the provider's published keys), ``iss`` equal to the configured issuer, ``aud``
containing our client id (and ``azp`` when there are several), ``exp``/``iat`` present and
current, and, when configured, the assurance level (``acr``) and methods (``amr``, e.g. MFA).
Then the person's access follows the provider's groups (``provisioning.follow_provider``).
"""

from __future__ import annotations

import enum
import logging
from typing import Any

import jwt
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings

from herningmodel.access.backends import StaffBackend
from herningmodel.access.sso import discovery, mapping
from herningmodel.access.sso.provisioning import ProviderSays, follow_provider

logger = logging.getLogger(__name__)

# Clock difference allowed between the provider and us when checking exp and iat.
LEEWAY_SECONDS = 60


class TokenProblem(enum.StrEnum):
    SIGNATURE = "bad_signature"
    EXPIRED = "expired"
    AUDIENCE = "wrong_audience"
    ISSUER = "wrong_issuer"
    MALFORMED = "malformed_token"
    ASSURANCE = "assurance_too_low"
    SUBJECT = "subject_mismatch"


class TokenRefused(Exception):
    """The provider's answer is not one we accept; ``code`` says which check failed."""

    def __init__(self, code: TokenProblem, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code


_PROBLEMS: list[tuple[type[jwt.InvalidTokenError], TokenProblem]] = [
    (jwt.InvalidSignatureError, TokenProblem.SIGNATURE),
    (jwt.ExpiredSignatureError, TokenProblem.EXPIRED),
    (jwt.ImmatureSignatureError, TokenProblem.EXPIRED),
    (jwt.InvalidAudienceError, TokenProblem.AUDIENCE),
    (jwt.InvalidIssuerError, TokenProblem.ISSUER),
]


def _problem(exc: jwt.InvalidTokenError) -> TokenProblem:
    return next((code for kind, code in _PROBLEMS if isinstance(exc, kind)), TokenProblem.MALFORMED)


def provider_setting(attr: str, *args: Any) -> Any:
    """mozilla-django-oidc's settings, with the endpoints taken from the discovery document."""
    if attr in discovery.ENDPOINTS:
        return discovery.endpoint(attr)
    return import_from_settings(attr, *args)


def check_assurance(claims: dict[str, Any]) -> None:
    """Refuse a log-in below the configured assurance level or without the required methods."""
    wanted_acr = settings.HERNINGMODEL_OIDC_REQUIRED_ACR
    if wanted_acr and claims.get("acr") not in wanted_acr:
        raise TokenRefused(TokenProblem.ASSURANCE, f"acr {claims.get('acr')!r} not accepted")
    amr = claims.get("amr") or []
    missing = [m for m in settings.HERNINGMODEL_OIDC_REQUIRED_AMR if m not in amr]
    if missing:
        raise TokenRefused(TokenProblem.ASSURANCE, f"amr lacks {missing!r}")


class ProviderBackend(OIDCAuthenticationBackend):
    get_settings = staticmethod(provider_setting)

    def _verify_jws(self, payload: str, key: Any) -> dict[str, Any]:
        try:
            header = jwt.get_unverified_header(payload)
            if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
                raise TokenRefused(TokenProblem.MALFORMED, f"algorithm {header.get('alg')!r}")
            claims: dict[str, Any] = jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=settings.HERNINGMODEL_OIDC_ISSUER,
                leeway=LEEWAY_SECONDS,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.InvalidTokenError as exc:
            raise TokenRefused(_problem(exc), str(exc)) from exc
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise TokenRefused(TokenProblem.AUDIENCE, "several audiences and azp is not ours")
        return claims

    def retrieve_matching_jwk(self, token: str) -> Any:
        try:
            return super().retrieve_matching_jwk(token)
        except Exception as exc:  # an unknown kid, a malformed header, an unreadable JWKS
            if isinstance(exc, TokenRefused):
                raise
            raise TokenRefused(TokenProblem.SIGNATURE, f"no matching key: {exc}") from exc

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        claims: dict[str, Any] = super().verify_token(token, **kwargs)
        if kwargs.get("nonce") is not None:  # the ID token, not a signed userinfo answer
            check_assurance(claims)
        return claims

    def get_or_create_user(
        self, access_token: str, id_token: str, payload: dict[str, Any]
    ) -> AbstractBaseUser:
        claims = dict(payload)
        group_claim = settings.HERNINGMODEL_OIDC_GROUPS_CLAIM
        if group_claim not in claims or "email" not in claims:
            userinfo = self.get_userinfo(access_token, id_token, payload)
            if userinfo.get("sub") != payload["sub"]:
                raise TokenRefused(TokenProblem.SUBJECT, "userinfo is about someone else")
            claims = {**userinfo, **payload}
        return follow_provider(says_from(claims), current_mapping().entitlement(groups_of(claims)))

    def get_user(self, user_id: Any) -> AbstractBaseUser | None:
        user: AbstractBaseUser | None = super().get_user(user_id)
        return user if user is not None and StaffBackend().user_can_authenticate(user) else None


def groups_of(claims: dict[str, Any]) -> tuple[str, ...]:
    raw = claims.get(settings.HERNINGMODEL_OIDC_GROUPS_CLAIM, [])
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list):
        return ()
    return tuple(g for g in raw if isinstance(g, str))


def says_from(claims: dict[str, Any]) -> ProviderSays:
    username = claims.get(settings.HERNINGMODEL_OIDC_USERNAME_CLAIM)
    if not isinstance(username, str) or not username or len(username) > 150:
        raise TokenRefused(
            TokenProblem.MALFORMED, f"no usable {settings.HERNINGMODEL_OIDC_USERNAME_CLAIM} claim"
        )
    profile = {
        "email": str(claims.get("email") or "")[:254],
        "first_name": str(claims.get("given_name") or "")[:150],
        "last_name": str(claims.get("family_name") or "")[:150],
    }
    return ProviderSays(
        provider=settings.HERNINGMODEL_OIDC_ISSUER,
        username=username,
        groups=groups_of(claims),
        claim=settings.HERNINGMODEL_OIDC_GROUPS_CLAIM,
        profile=profile,
    )


def current_mapping() -> mapping.Mapping:
    return mapping.load(settings.HERNINGMODEL_SSO_MAPPING)
