"""Import kinds for the business case: saved scenario versions and their adoptions.

A scenario is named by its name and version (a save never overwrites, it adds the next
version), an adoption by external id. Both keep when they were made: ``created_at`` and
``adopted_at`` are set by the database on a new row, so the imported moment is written after
the row (as an extra) and compared on re-import like a column. A scenario's file must parse as
the business-case page would parse it, and name the scenario it is saved as.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from herningmodel.economics import realisation
from herningmodel.economics.models import Adoption, Scenario
from herningmodel.economics.scenario import MAX_TOML, ScenarioError, parse
from herningmodel.interchange.kinds_casework import EXTERNAL_ID
from herningmodel.interchange.kinds_organisation import (
    USER,
    Error,
    load_organisation,
    text_column,
)
from herningmodel.interchange.pipeline import (
    Built,
    Column,
    Context,
    Kind,
    boolean,
    by_external_id,
    date,
    integer,
    kept_moment,
    moment,
)

# ---------------------------------------------------------------- scenarios


def _build_scenario(values: dict[str, Any], ctx: Context, error: Error) -> Built | None:
    try:
        parsed = parse(values["toml"])
    except ScenarioError as exc:
        error("toml", str(exc))
        return None
    if parsed.name[:120] != values["name"]:
        error(
            "name", _("The scenario file names another scenario: %(name)s.") % {"name": parsed.name}
        )
        return None
    return Built(
        {
            "name": values["name"],
            "version": values["version"],
            "toml": values["toml"],
            "created_by_id": values["created_by"],
        },
        extras=values["created_at"],
    )


_read_created, _write_created = kept_moment(Scenario, "created_at")

SCENARIOS = Kind(
    name="scenarios",
    model=Scenario,
    columns=(
        text_column("name", 120, required=True),
        Column("version", integer(1, 1_000_000), required=True),
        text_column("toml", MAX_TOML, required=True),
        Column("created_by", USER, required=True),
        Column("created_at", moment, required=True),
    ),
    key=("name", "version"),
    key_column="name",
    load=load_organisation,
    build=_build_scenario,
    read_extras=_read_created,
    write_extras=_write_created,
)


# ---------------------------------------------------------------- adoptions


def _load_adoptions(ctx: Context) -> None:
    load_organisation(ctx)
    ctx["scenarios"] = {
        (name, version): pk
        for pk, name, version in Scenario.objects.values_list("pk", "name", "version")
    }
    # The current adoption's external id (None if it has none): only it may stay current.
    ctx["current"] = list(
        Adoption.objects.filter(current=True).values_list("external_id", flat=True)
    )
    ctx["current_in_file"] = None


def _build_adoption(values: dict[str, Any], ctx: Context, error: Error) -> Built | None:
    scenario = ctx["scenarios"].get((values["scenario"], values["scenario_version"]))
    if scenario is None:
        error(
            "scenario",
            _("No scenario has this name and version; import the scenarios first."),
        )
        return None
    if not realisation.is_quarter_start(values["starts_on"]):
        error(
            "starts_on",
            _(
                "Year 1 starts on the first day of a quarter "
                "(1 January, 1 April, 1 July, 1 October)."
            ),
        )
        return None
    current = bool(values["current"])
    ended = values["ended_at"] is not None
    if current == ended:
        error("ended_at", _("Give when the adoption ended exactly when it is not current."))
        return None
    if not ended and values["ended_by"] is not None:
        error("ended_by", _("Only an ended adoption names who ended it."))
        return None
    if ended and values["ended_at"] < values["adopted_at"]:
        error("ended_at", _("Ended before it was adopted."))
        return None
    if current:
        if ctx["current"] and ctx["current"][0] != values["external_id"]:
            error("current", _("Another adoption is current; only one can be."))
            return None
        if ctx["current_in_file"] is not None:
            error(
                "current",
                _("The adoption in row %(row)s is current; only one can be.")
                % {"row": ctx["current_in_file"]},
            )
            return None
        ctx["current_in_file"] = ctx["row"]
    return by_external_id(
        values,
        ("starts_on", "ended_at"),
        ("adopted_by", "ended_by"),
        extras=values["adopted_at"],
        scenario_id=scenario,
        current=current,
    )


_read_adopted, _write_adopted = kept_moment(Adoption, "adopted_at")

ADOPTIONS = Kind(
    name="adoptions",
    model=Adoption,
    columns=(
        EXTERNAL_ID,
        text_column("scenario", 120, required=True),
        Column("scenario_version", integer(1, 1_000_000), required=True),
        Column("starts_on", date, required=True),
        Column("adopted_by", USER, required=True),
        Column("adopted_at", moment, required=True),
        Column("current", boolean),
        Column("ended_at", moment),
        Column("ended_by", USER),
    ),
    key=("external_id",),
    load=_load_adoptions,
    build=_build_adoption,
    read_extras=_read_adopted,
    write_extras=_write_adopted,
)

KINDS: tuple[Kind, ...] = (SCENARIOS, ADOPTIONS)
