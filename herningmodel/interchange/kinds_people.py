"""Import kinds for the people around a child: households, persons (parents, custody holders,
network persons) and their relations to the children.

Households and persons are keyed by their external id; a relation by its child and person
(there is one relation per pair). A person's CPR number is checked as a child's is: it must
validate and belong to no other person. Children name their household in the children file.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from herningmodel.interchange.kinds_casework import CHILD, EXTERNAL_ID, load_children
from herningmodel.interchange.kinds_organisation import Error, text_column
from herningmodel.interchange.pipeline import (
    Built,
    Column,
    Context,
    Kind,
    boolean,
    by_external_id,
    choice,
    external_ids,
    ref,
)
from herningmodel.people import cpr as cprs
from herningmodel.people.models import Household, Person, Relation, RelationKind

HOUSEHOLD = ref(
    "households", gettext_lazy("No household has this external id; import the households first.")
)
PERSON = ref("persons", gettext_lazy("No person has this external id; import the persons first."))


def load_households(ctx: Context) -> None:
    ctx["households"] = external_ids(Household)


def load_persons(ctx: Context) -> None:
    load_children(ctx)
    load_households(ctx)
    ctx["persons"] = external_ids(Person)


# ---------------------------------------------------------------- households


HOUSEHOLDS = Kind(
    name="households",
    model=Household,
    columns=(EXTERNAL_ID, text_column("label", 100, required=True)),
    key=("external_id",),
    load=load_households,
    build=lambda values, ctx, error: by_external_id(values, ("label",)),
)


# ---------------------------------------------------------------- persons


def _load_person_kind(ctx: Context) -> None:
    load_households(ctx)
    # CPR numbers already known, with the external id of their person (None if not imported).
    ctx["known_cpr"] = dict(Person.objects.exclude(cpr=None).values_list("cpr", "external_id"))
    ctx["cpr_in_file"] = {}


def _build_person(values: dict[str, Any], ctx: Context, error: Error) -> Built | None:
    cpr = values["cpr"] or None
    if cpr:
        try:
            cprs.validate_cpr(cpr)
        except ValidationError as exc:
            error("cpr", " ".join(exc.messages))
            return None
        compact = cprs.normalise(cpr)
        cpr = f"{compact[:6]}-{compact[6:]}"
        if cpr in ctx["cpr_in_file"]:
            error(
                "cpr", _("The same CPR number as row %(row)s.") % {"row": ctx["cpr_in_file"][cpr]}
            )
            return None
        ctx["cpr_in_file"][cpr] = ctx["row"]
        if cpr in ctx["known_cpr"] and ctx["known_cpr"][cpr] != values["external_id"]:
            error("cpr", _("Another person already has this CPR number."))
            return None
    return by_external_id(values, ("first_name", "last_name", "phone"), ("household",), cpr=cpr)


PERSONS = Kind(
    name="persons",
    model=Person,
    columns=(
        EXTERNAL_ID,
        text_column("first_name", 100, required=True),
        text_column("last_name", 100, required=True),
        text_column("cpr", 11),
        text_column("phone", 30),
        Column("household", HOUSEHOLD),
    ),
    key=("external_id",),
    load=_load_person_kind,
    build=_build_person,
)


# ---------------------------------------------------------------- relations


RELATIONS = Kind(
    name="relations",
    model=Relation,
    columns=(
        Column("child", CHILD, required=True),
        Column("person", PERSON, required=True),
        Column("kind", choice(RelationKind), required=True, empty=""),
        Column("has_custody", boolean),
        Column("is_network", boolean),
    ),
    key=("child_id", "person_id"),
    key_column="child",
    load=load_persons,
    build=lambda values, ctx, error: Built(
        {
            "child_id": values["child"],
            "person_id": values["person"],
            "kind": values["kind"],
            "has_custody": bool(values["has_custody"]),
            "is_network": bool(values["is_network"]),
        }
    ),
)
