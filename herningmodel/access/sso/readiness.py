"""What ``herningmodel check`` says about single sign-on: whether it is configured, and every
reason it would not work (a wrong issuer, an unreadable provider or IdP metadata, a mapping
naming area teams that do not exist). A problem fails the check; it never quietly falls back
to passwords."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings

from herningmodel.access.sso import discovery, mapping
from herningmodel.organisation.models import AreaTeam


@dataclass
class Report:
    summary: str
    problems: list[str] = field(default_factory=list)


def _mapping_problems() -> tuple[int, list[str]]:
    try:
        loaded = mapping.load(settings.HERNINGMODEL_SSO_MAPPING)
    except mapping.MappingError as exc:
        return 0, [f"HERNINGMODEL_SSO_MAPPING: {exc}"]
    missing = sorted(loaded.team_names() - set(AreaTeam.objects.values_list("name", flat=True)))
    if missing:
        return len(loaded.grants), [
            f"The group mapping names area teams that do not exist: {', '.join(missing)}."
        ]
    return len(loaded.grants), []


def _saml_problems() -> list[str]:
    from herningmodel.access.sso.saml import sp_config

    try:
        config = sp_config()
    except Exception as exc:  # pysaml2 raises many kinds for an unreadable file or key
        return [f"SAML configuration: {type(exc).__name__}: {exc}"]
    if not config.metadata or not list(config.metadata.identity_providers()):
        return [f"{settings.HERNINGMODEL_SAML_IDP_METADATA} describes no identity provider."]
    return []


def report() -> Report:
    passwords = "on" if settings.HERNINGMODEL_LOCAL_PASSWORDS else "off"
    if not settings.SSO_ENABLED:
        return Report(f"Single sign-on: not configured (local passwords {passwords}).")
    groups, problems = _mapping_problems()
    ways = []
    if settings.OIDC_ENABLED:
        issuer = settings.HERNINGMODEL_OIDC_ISSUER
        ways.append(f"OpenID Connect with {issuer} (client {settings.OIDC_RP_CLIENT_ID})")
        try:
            discovery.fetch(issuer)
        except discovery.ProviderMisconfigured as exc:
            problems.append(str(exc))
    if settings.SAML_ENABLED:
        ways.append(f"SAML 2.0 with the IdP in {settings.HERNINGMODEL_SAML_IDP_METADATA}")
        problems += _saml_problems()
    summary = (
        f"Single sign-on: {' and '.join(ways)}; {groups} mapped groups, "
        f"local passwords {passwords}."
    )
    return Report(summary, problems)
