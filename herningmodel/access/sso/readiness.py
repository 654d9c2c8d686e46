"""What ``herningmodel check`` says about single sign-on: whether it is configured, and every
reason it would not work (a wrong issuer, an unreadable provider, a mapping naming area teams
that do not exist). A problem fails the check; it never quietly falls back to passwords."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings

from herningmodel.access.sso import discovery, mapping
from herningmodel.organisation.models import AreaTeam


@dataclass
class Report:
    summary: str
    problems: list[str] = field(default_factory=list)


def report() -> Report:
    passwords = "on" if settings.HERNINGMODEL_LOCAL_PASSWORDS else "off"
    if not settings.SSO_ENABLED:
        return Report(f"Single sign-on: not configured (local passwords {passwords}).")
    issuer = settings.HERNINGMODEL_OIDC_ISSUER
    problems: list[str] = []
    groups = 0
    try:
        loaded = mapping.load(settings.HERNINGMODEL_SSO_MAPPING)
        groups = len(loaded.grants)
        missing = sorted(loaded.team_names() - set(AreaTeam.objects.values_list("name", flat=True)))
        if missing:
            problems.append(
                f"The group mapping names area teams that do not exist: {', '.join(missing)}."
            )
    except mapping.MappingError as exc:
        problems.append(f"HERNINGMODEL_SSO_MAPPING: {exc}")
    try:
        discovery.fetch(issuer)
    except discovery.ProviderMisconfigured as exc:
        problems.append(str(exc))
    summary = (
        f"Single sign-on: OpenID Connect with {issuer} (client {settings.OIDC_RP_CLIENT_ID}, "
        f"{groups} mapped groups, local passwords {passwords})."
    )
    return Report(summary, problems)
