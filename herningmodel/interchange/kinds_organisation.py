"""Import kinds for the organisation: districts, area teams, staff, their team memberships and
the training they completed in the model's methods.

Organisation rows are keyed by what every other file names them by: a district or area team by
its (unique) name, a staff member by username. Staff are created without a usable password:
they log in through the municipality's sign-on or get a password from an administrator.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from herningmodel.access import imported_staff
from herningmodel.interchange.pipeline import (
    Built,
    Column,
    Context,
    Kind,
    boolean,
    choice,
    date,
    integer,
    ref,
    text,
)
from herningmodel.organisation.models import (
    AreaTeam,
    Discipline,
    District,
    Method,
    ModelStatus,
    Municipality,
    Role,
    StaffMember,
    TeamMembership,
    TrainingRecord,
)

Error = Any  # Callable[[str, str], None]


def text_column(name: str, max_length: int, *, required: bool = False) -> Column:
    return Column(name, text(max_length), required=required, empty="")


def load_organisation(ctx: Context) -> None:
    ctx["districts"] = dict(District.objects.values_list("name", "pk"))
    ctx["teams"] = dict(AreaTeam.objects.values_list("name", "pk"))
    ctx["team_district"] = dict(AreaTeam.objects.values_list("pk", "district_id"))
    ctx["users"] = dict(get_user_model().objects.values_list("username", "pk"))


DISTRICT = ref("districts", gettext_lazy("No district has this name."))
TEAM = ref("teams", gettext_lazy("No area team has this name."))
USER = ref("users", gettext_lazy("No staff member has this username."))


# ---------------------------------------------------------------- districts


def _load_districts(ctx: Context) -> None:
    ctx["municipality"] = Municipality.objects.first()


def _build_district(values: dict[str, Any], ctx: Context, error: Error) -> Built | None:
    municipality: Municipality | None = ctx["municipality"]
    code, name = values["municipality"], values["municipality_name"]
    if municipality is not None and code != municipality.code:
        error(
            "municipality",
            _("This installation serves municipality %(code)s.") % {"code": municipality.code},
        )
        return None
    if municipality is None:
        if not code.isdigit() or len(code) != 3:
            error("municipality", _("Use the three-digit municipality number."))
            return None
        if not name:
            error("municipality_name", _("Name the municipality: it does not exist yet."))
            return None
        previous = ctx.setdefault("new_municipality", (code, name))
        if previous != (code, name):
            error("municipality_name", _("Every row must name the same municipality."))
            return None
    status = values["model_status"] or ModelStatus.CONTROL
    if status == ModelStatus.PILOT and values["model_start"] is None:
        error("model_start", _("A pilot district needs the date it switched to the model."))
        return None
    return Built(
        {
            "name": values["name"],
            "municipality_id": municipality.pk if municipality else None,
            "model_status": status,
            "model_start": values["model_start"],
        }
    )


def _prepare_districts(rows: list[Built], ctx: Context) -> None:
    if ctx["municipality"] is None and rows:
        code, name = ctx["new_municipality"]
        municipality = Municipality.objects.create(code=code, name=name)
        for row in rows:
            row.fields = {**row.fields, "municipality_id": municipality.pk}


DISTRICTS = Kind(
    name="districts",
    model=District,
    columns=(
        text_column("name", 100, required=True),
        text_column("municipality", 3, required=True),
        text_column("municipality_name", 100),
        Column("model_status", choice(ModelStatus), empty=""),
        Column("model_start", date),
    ),
    key=("name",),
    key_column="name",
    load=_load_districts,
    build=_build_district,
    prepare=_prepare_districts,
)


# ---------------------------------------------------------------- area teams


def _build_team(values: dict[str, Any], ctx: Context, error: Error) -> Built | None:
    return Built(
        {
            "name": values["name"],
            "district_id": values["district"],
            "caseload_target": values["caseload_target"] or 25,
        }
    )


AREA_TEAMS = Kind(
    name="area_teams",
    model=AreaTeam,
    columns=(
        text_column("name", 100, required=True),
        Column("district", DISTRICT, required=True),
        Column("caseload_target", integer(1, 500)),
    ),
    key=("name",),
    key_column="name",
    load=load_organisation,
    build=_build_team,
)


# ---------------------------------------------------------------- staff


def _load_staff(ctx: Context) -> None:
    accounts = get_user_model().objects.values_list("username", "staff__role", "is_active")
    ctx["accounts"] = {name: (role, active) for name, role, active in accounts}


def _build_staff(values: dict[str, Any], ctx: Context, error: Error) -> Built | None:
    username = values["username"]
    if any(ch.isspace() for ch in username):
        error("username", _("A username has no spaces."))
        return None
    active = values["active"]
    refused = imported_staff.staff_row_refusal(
        ctx.get("actor"),
        username,
        ctx.get("accounts", {}).get(username),
        values["role"],
        True if active is None else active,
    )
    if refused is not None:
        error("role", refused)
        return None
    return Built(
        {
            "username": username,
            "first_name": values["first_name"],
            "last_name": values["last_name"],
            "email": values["email"],
            "is_active": True if active is None else active,
        },
        extras=values["role"],
    )


def _staff_roles(pks: list[int]) -> dict[int, Any]:
    return dict(StaffMember.objects.filter(user_id__in=pks).values_list("user_id", "role"))


def _write_roles(rows: list[tuple[int, Any]], ctx: Context, fresh: bool) -> None:
    existing = {s.user_id: s for s in StaffMember.objects.filter(user_id__in=[p for p, _r in rows])}
    new, changed = [], []
    for pk, role in rows:
        member = existing.get(pk)
        if member is None:
            new.append(StaffMember(user_id=pk, role=role))
        elif member.role != role:
            member.role = role
            changed.append(member)
    StaffMember.objects.bulk_create(new)
    StaffMember.objects.bulk_update(changed, ["role"])
    written = StaffMember.objects.filter(
        user_id__in=[m.user_id for m in (*new, *changed)]
    ).select_related("user")
    imported_staff.record_imported(
        [(m, {"staff": m.user.get_username(), "after": {"role": m.role}}) for m in written],
        actor=ctx.get("actor"),
        source=ctx.get("source", ""),
    )
    # Imported accounts have no password until one is set: sign-on or an administrator.
    get_user_model().objects.filter(pk__in=[p for p, _r in rows], password="").update(
        password=make_password(None)
    )


STAFF = Kind(
    name="staff",
    model=get_user_model(),
    columns=(
        text_column("username", 150, required=True),
        text_column("first_name", 150, required=True),
        text_column("last_name", 150, required=True),
        text_column("email", 254),
        Column("role", choice(Role), required=True, empty=""),
        Column("active", boolean),
    ),
    key=("username",),
    key_column="username",
    load=_load_staff,
    build=_build_staff,
    read_extras=_staff_roles,
    write_extras=_write_roles,
)


# ---------------------------------------------------------------- memberships


def _load_memberships(ctx: Context) -> None:
    load_organisation(ctx)
    ctx["staff"] = dict(StaffMember.objects.values_list("user__username", "pk"))
    actor = ctx.get("actor")
    ctx["actor_staff"] = ctx["staff"].get(actor.get_username()) if actor is not None else None
    ctx["actor_memberships"] = set(
        TeamMembership.objects.filter(staff_id=ctx["actor_staff"]).values_list(
            "team_id", "discipline", "start", "end"
        )
    )


def _build_membership(values: dict[str, Any], ctx: Context, error: Error) -> Built | None:
    if values["end"] is not None and values["end"] < values["start"]:
        error("end", _("The end is before the start."))
        return None
    refused = imported_staff.membership_row_refusal(
        ctx.get("actor_staff"),
        values["username"],
        (values["team"], values["discipline"], values["start"], values["end"]),
        ctx.get("actor_memberships", set()),
    )
    if refused is not None:
        error("username", refused)
        return None
    return Built(
        {
            "staff_id": values["username"],
            "team_id": values["team"],
            "start": values["start"],
            "discipline": values["discipline"],
            "end": values["end"],
        }
    )


def _record_memberships(pks: list[int], ctx: Context) -> None:
    rows = TeamMembership.objects.filter(pk__in=pks).select_related("staff__user", "team")
    imported_staff.record_imported(
        [
            (
                m,
                {
                    "staff": m.staff.user.get_username(),
                    "team": m.team.name,
                    "start": m.start.isoformat(),
                    "end": m.end.isoformat() if m.end else None,
                },
            )
            for m in rows
        ],
        actor=ctx.get("actor"),
        source=ctx.get("source", ""),
    )


MEMBERSHIPS = Kind(
    name="memberships",
    model=TeamMembership,
    columns=(
        Column(
            "username",
            ref("staff", gettext_lazy("No staff member has this username.")),
            required=True,
        ),
        Column("team", TEAM, required=True),
        Column("discipline", choice(Discipline), required=True, empty=""),
        Column("start", date, required=True),
        Column("end", date),
    ),
    key=("staff_id", "team_id", "start"),
    key_column="username",
    load=_load_memberships,
    build=_build_membership,
    after=_record_memberships,
)


# ---------------------------------------------------------------- training records


def _build_training(values: dict[str, Any], ctx: Context, error: Error) -> Built | None:
    if values["completed_on"] > ctx["today"]:
        error("completed_on", _("The date cannot be in the future."))
        return None
    return Built(
        {
            "staff_id": values["username"],
            "method": values["method"],
            "completed_on": values["completed_on"],
        }
    )


TRAINING = Kind(
    name="training",
    model=TrainingRecord,
    columns=(
        Column(
            "username",
            ref("staff", gettext_lazy("No staff member has this username.")),
            required=True,
        ),
        Column("method", choice(Method), required=True, empty=""),
        Column("completed_on", date, required=True),
    ),
    key=("staff_id", "method", "completed_on"),
    key_column="username",
    load=_load_memberships,
    build=_build_training,
)
