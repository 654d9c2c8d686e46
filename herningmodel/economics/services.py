"""Saving and adopting scenarios: validated first, versioned, audited in the same transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from herningmodel.audit import services as audit
from herningmodel.audit.models import EventType
from herningmodel.economics import actuals, realisation
from herningmodel.economics.models import Adoption, Scenario
from herningmodel.economics.scenario import Scenario as Parsed
from herningmodel.economics.scenario import ScenarioError, parse


def save_scenario(toml: str, *, actor: User) -> tuple[Scenario, Parsed]:
    """Parse ``toml`` (raising ScenarioError, nothing saved) and store it as the next version
    of the scenario named in the file."""
    parsed = parse(toml)
    name = parsed.name[:120]
    with transaction.atomic():
        # Lock the name's rows so two saves cannot take the same version number.
        latest = (
            Scenario.objects.select_for_update().filter(name=name).aggregate(v=Max("version"))["v"]
        )
        scenario = Scenario.objects.create(
            name=name, version=(latest or 0) + 1, toml=toml, created_by=actor
        )
        audit.record(
            EventType.CREATE,
            actor=actor,
            obj=scenario,
            source="economics",
            changes={"name": name, "version": scenario.version},
        )
    return scenario, parsed


class AdoptionError(ValueError):
    """Adopting failed; ``field`` names the form field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def adopt_scenario(scenario: Scenario, *, starts_on: dt.date, actor: User) -> Adoption:
    """Make ``scenario`` the adopted plan from ``starts_on`` (the first day of a quarter),
    ending the current adoption. The file must still parse; both changes are audited."""
    if not realisation.is_quarter_start(starts_on):
        raise AdoptionError(
            "starts_on",
            "must be the first day of a quarter (1 January, 1 April, 1 July, 1 October)",
        )
    parse(scenario.toml)  # raises ScenarioError: a file that no longer parses cannot be adopted
    with transaction.atomic():
        now = timezone.now()
        for old in Adoption.objects.select_for_update().filter(current=True):
            old.current, old.ended_at, old.ended_by = False, now, actor
            old.save(update_fields=["current", "ended_at", "ended_by"])
            audit.record(
                EventType.UPDATE,
                actor=actor,
                obj=old,
                source="economics",
                changes={"current": [True, False], "scenario": str(old.scenario)},
            )
        adoption = Adoption.objects.create(scenario=scenario, starts_on=starts_on, adopted_by=actor)
        audit.record(
            EventType.CREATE,
            actor=actor,
            obj=adoption,
            source="economics",
            changes={"adopted": str(scenario), "starts_on": starts_on.isoformat()},
        )
    return adoption


def current_adoption() -> Adoption | None:
    return Adoption.objects.select_related("scenario", "adopted_by").filter(current=True).first()


@dataclass(frozen=True)
class Following:
    """The current adoption and its comparison with the ledger (None when it cannot be run).

    ``hidden`` holds the (quarter row, step column) cells of the actual figures that disclosure
    control hides (``realisation.hidden_cells``); the last row is the total over the quarters,
    the last column (6) the total over the steps. Empty when nothing is suppressed.
    """

    adoption: Adoption
    scenario: Parsed | None
    result: realisation.Realisation | None
    error: str = ""
    hidden: frozenset[tuple[int, int]] = frozenset()

    def shows(self, row: int, column: int) -> bool:
        return (row, column) not in self.hidden


def follow_adopted(today: dt.date | None = None, *, suppress: bool = True) -> Following | None:
    """The adopted scenario against the ledger's closed quarters; None if none is adopted.
    With ``suppress``, actual cells about 1–4 children are marked hidden."""
    adoption = current_adoption()
    if adoption is None:
        return None
    try:
        parsed = parse(adoption.scenario.toml)
    except ScenarioError as exc:  # saved valid; a later schema change may reject it
        return Following(adoption, None, None, str(exc))
    forecast = realisation.forecast_of(parsed)
    quarters = realisation.closed_quarters(
        adoption.starts_on, today or timezone.localdate(), forecast.horizon
    )
    result = realisation.compare(forecast, adoption.starts_on, actuals.ledger_quarters(quarters))
    hidden: set[tuple[int, int]] = set()
    if suppress:
        hidden = realisation.hidden_cells(actuals.distinct_children(quarters))
    return Following(adoption, parsed, result, hidden=frozenset(hidden))
