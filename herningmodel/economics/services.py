"""Saving scenarios: validated first, versioned, audited in the same transaction."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max

from herningmodel.audit import services as audit
from herningmodel.audit.models import EventType
from herningmodel.economics.models import Scenario
from herningmodel.economics.scenario import Scenario as Parsed
from herningmodel.economics.scenario import parse


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
