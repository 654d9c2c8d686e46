"""The group mapping: which of the identity provider's groups gives which role, area teams and
research-group membership. A TOML file the municipality's IT keeps with the deployment
(``HERNINGMODEL_SSO_MAPPING``; format in docs/deployment.md, "Single sign-on")::

    [groups."GG-Herning-Sagsbehandlere-Nord"]
    role = "caseworker"
    teams = ["Område Nord"]
    discipline = "social_worker"

    [groups."GG-Herning-Databeskyttelse"]
    role = "dpo"
    wide_access = true      # this role needs a second person: see below

The trust decision: the identity provider is trusted, the user is not. Only the configured
group claim of a token the provider signed is read, and only groups named here count; any
other claim (a "role" a user could edit in a profile, say) is ignored. A role or group that
would need a second person's approval when an administrator grants it (four eyes,
``policy.needs_second_person``) is granted by a group only when its entry says
``wide_access = true``: whoever writes that confirms that membership of the group is itself
approved by two people in the provider, so the mapping cannot hand out wide access by accident.

Parsing is pure (no database), so a broken file stops the start-up with a clear message;
``unknown_teams`` is the part ``herningmodel check`` asks of the database.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from herningmodel.access.policy import needs_second_person
from herningmodel.organisation.models import Discipline, Role


class MappingError(ValueError):
    """The mapping file is missing or wrong; the message says where."""


@dataclass(frozen=True)
class GroupGrant:
    group: str
    role: Role | None = None
    teams: tuple[str, ...] = ()
    discipline: str = Discipline.AUTHORITY_SOCIAL_WORKER
    research: bool = False


@dataclass(frozen=True)
class Entitlement:
    """What the provider's groups give one person: ``role`` None means no access at all."""

    role: Role | None
    teams: dict[str, str] = field(default_factory=dict)  # team name → discipline
    research: bool = False
    groups: tuple[str, ...] = ()  # the mapped groups it came from
    # A mapping that names no team (or no research group) leaves those to the staff pages.
    manages_teams: bool = True
    manages_research: bool = True


@dataclass(frozen=True)
class Mapping:
    """Grants in file order: the first group (in the file) that gives a role decides it, so
    list the groups with the most access first."""

    grants: tuple[GroupGrant, ...]

    def entitlement(self, groups: Iterable[str]) -> Entitlement:
        member = set(groups)
        mine = [g for g in self.grants if g.group in member]
        role = next((g.role for g in mine if g.role is not None), None)
        teams: dict[str, str] = {}
        for grant in mine:
            for team in grant.teams:
                teams.setdefault(team, grant.discipline)
        return Entitlement(
            role=role,
            teams=teams if role is not None else {},
            research=role is not None and any(g.research for g in mine),
            groups=tuple(g.group for g in mine),
            manages_teams=any(g.teams for g in self.grants),
            manages_research=any(g.research for g in self.grants),
        )

    def team_names(self) -> set[str]:
        return {team for grant in self.grants for team in grant.teams}


_KEYS = {"role", "teams", "discipline", "research", "wide_access"}


def _grant(name: str, entry: object) -> GroupGrant:
    where = f"group {name!r}"
    if not isinstance(entry, dict):
        raise MappingError(f"{where}: expected a table of role, teams, discipline, research.")
    unknown = set(entry) - _KEYS
    if unknown:
        raise MappingError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}.")
    role_value = entry.get("role")
    if role_value is not None and role_value not in Role.values:
        raise MappingError(f"{where}: role {role_value!r} is not one of {', '.join(Role.values)}.")
    role = Role(role_value) if role_value is not None else None
    teams = entry.get("teams", [])
    if not isinstance(teams, list) or not all(isinstance(t, str) and t for t in teams):
        raise MappingError(f"{where}: teams must be a list of area-team names.")
    discipline = entry.get("discipline", Discipline.AUTHORITY_SOCIAL_WORKER)
    if discipline not in Discipline.values:
        raise MappingError(
            f"{where}: discipline {discipline!r} is not one of {', '.join(Discipline.values)}."
        )
    research = entry.get("research", False)
    wide = entry.get("wide_access", False)
    if not isinstance(research, bool) or not isinstance(wide, bool):
        raise MappingError(f"{where}: research and wide_access are true or false.")
    if role is None and not (teams or research):
        raise MappingError(f"{where}: gives nothing; name a role, teams or research = true.")
    needs_two = (role is not None and needs_second_person(role)) or research
    if needs_two and not wide:
        raise MappingError(
            f"{where}: {role or 'the research group'} needs a second person's approval when an "
            "administrator grants it. Set wide_access = true only if membership of this group "
            "is itself approved by two people in the identity provider."
        )
    return GroupGrant(
        group=name, role=role, teams=tuple(teams), discipline=discipline, research=research
    )


def parse(text: str) -> Mapping:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise MappingError(f"not valid TOML: {exc}") from exc
    groups = data.get("groups")
    if not isinstance(groups, dict) or not groups:
        raise MappingError('no [groups."…"] tables: map at least one group to a role.')
    grants = tuple(_grant(name, entry) for name, entry in groups.items())
    if not any(g.role is not None for g in grants):
        raise MappingError("no group gives a role, so no one could log in.")
    return Mapping(grants=grants)


def load(path: str | Path) -> Mapping:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise MappingError(f"cannot read {path}: {exc.strerror}") from exc
    try:
        return parse(text)
    except MappingError as exc:
        raise MappingError(f"{path}: {exc}") from exc
