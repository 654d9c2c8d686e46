"""``herningmodel staff``: the staff page on the command line (separation of duties).

Every command names the administrator (or DPO) acting with ``--by``: the service refuses
changes to that person's own account and asks a second person for wide grants exactly as the
page does, and the audit trail names them. Whoever runs the command has the server's
database anyway; ``--by`` is about the record and the rules, not about authentication.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from herningmodel.cli.base import app, setup

staff_app = typer.Typer(help="Staff, roles, teams, groups and approvals.", no_args_is_help=True)
app.add_typer(staff_app, name="staff")

SOURCE = "cli:staff"


def _fail(message: str) -> typer.Exit:
    typer.secho(message, fg="red", err=True)
    return typer.Exit(1)


def _user(username: str) -> Any:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise _fail(f"No user named {username!r}.")
    return user


def _run(perform: Any) -> Any:
    """Call a service; print its refusal or field errors and exit 1 on either."""
    from django.core.exceptions import ValidationError

    from herningmodel.access import staffing
    from herningmodel.validation import field_errors

    try:
        return perform()
    except staffing.AccessRefused as refused:
        raise _fail(f"Refused ({refused.code}): {refused.message}") from refused
    except ValidationError as error:
        lines = [f"{e.field}: {e.message}" for e in field_errors(error)]
        raise _fail("\n".join(lines)) from error


def _said(outcome: Any) -> None:
    if outcome.applied:
        typer.echo("Changed.")
    else:
        typer.echo(
            f"Request {outcome.request.pk} waits for approval by another administrator or "
            f"the DPO: herningmodel staff approve {outcome.request.pk} --by NAME"
        )


@staff_app.command("list")
def staff_list() -> None:
    """Every staff member: role, activation, current teams, groups, API tokens' last use."""
    setup()
    from herningmodel.access.roster import roster

    for row in roster():
        user = row.staff.user
        teams = ", ".join(m.team.name for m in row.memberships if m.end is None) or "-"
        tokens = "; ".join(
            f"{t.prefix} last used {t.last_used_at:%Y-%m-%d %H:%M}"
            if t.last_used_at
            else f"{t.prefix} never used"
            for t in row.tokens
        )
        active = "active" if user.is_active else "INACTIVE"
        typer.echo(
            f"{user.get_username()}\t{row.staff.role}\t{active}\tteams: {teams}\t"
            f"groups: {', '.join(row.groups) or '-'}\ttokens: {tokens or '-'}"
        )


@staff_app.command("change")
def staff_change(
    username: Annotated[str, typer.Argument(help="Whose access changes.")],
    by: Annotated[str, typer.Option("--by", help="The administrator making the change.")],
    reason: Annotated[str, typer.Option(help="Why; recorded in the audit trail.")],
    role: Annotated[str | None, typer.Option(help="A new role, e.g. team_leader.")] = None,
    add_team: Annotated[str | None, typer.Option(help="An area team's name to join.")] = None,
    end_team: Annotated[str | None, typer.Option(help="An area team's name to leave.")] = None,
    discipline: Annotated[str, typer.Option(help="Discipline in the added team.")] = (
        "social_worker"
    ),
    add_group: Annotated[str | None, typer.Option(help="A group to join.")] = None,
    remove_group: Annotated[str | None, typer.Option(help="A group to leave.")] = None,
    activate: Annotated[bool, typer.Option("--activate", help="Activate the account.")] = False,
    deactivate: Annotated[
        bool, typer.Option("--deactivate", help="Deactivate it (and revoke its tokens).")
    ] = False,
) -> None:
    """Change one thing about another person's access (exactly one option)."""
    setup()
    from herningmodel.access.changes import Change, ChangeArgs, make_change
    from herningmodel.organisation.models import AreaTeam, StaffMember

    chosen = {
        Change.ROLE: role,
        Change.ADD_TEAM: add_team,
        Change.END_TEAM: end_team,
        Change.ADD_GROUP: add_group,
        Change.REMOVE_GROUP: remove_group,
        Change.ACTIVATE: activate or None,
        Change.DEACTIVATE: deactivate or None,
    }
    given = [change for change, value in chosen.items() if value is not None]
    if len(given) != 1:
        raise _fail("Give exactly one change.")
    staff = StaffMember.objects.filter(user=_user(username)).first()
    if staff is None:
        raise _fail(f"{username!r} is not staff; enrol the account first.")
    team = AreaTeam.objects.filter(name=add_team or end_team or "").first()
    if (add_team or end_team) and team is None:
        raise _fail(f"No area team named {add_team or end_team!r}.")
    membership = staff.memberships.filter(team=team, end__isnull=True).first() if team else None
    args = ChangeArgs(
        role=role or "",
        team=team.pk if team else None,
        discipline=discipline,
        membership=membership.pk if membership else None,
        group=add_group or remove_group or "",
    )
    actor = _user(by)
    _said(
        _run(lambda: make_change(staff, given[0], args, actor=actor, reason=reason, source=SOURCE))
    )


@staff_app.command("enrol")
def staff_enrol(
    username: Annotated[str, typer.Argument(help="The user account to enrol.")],
    role: Annotated[str, typer.Option(help="Its role (one without wide access).")],
    by: Annotated[str, typer.Option("--by", help="The administrator enrolling it.")],
    reason: Annotated[str, typer.Option(help="Why; recorded in the audit trail.")],
) -> None:
    """Give a user account its staff record and role."""
    setup()
    from herningmodel.access import staffing

    user, actor = _user(username), _user(by)
    _said(_run(lambda: staffing.enrol(user, role, actor=actor, reason=reason, source=SOURCE)))


@staff_app.command("requests")
def staff_requests() -> None:
    """Grants waiting for a second person's approval."""
    setup()
    from herningmodel.access import approvals

    for r in approvals.pending():
        typer.echo(
            f"{r.pk}\t{r.staff.user.get_username()}\t{r.kind} {r.value}\t"
            f"asked by {r.requested_by.get_username()}\t{r.reason}"
        )


def _request(request_id: int) -> Any:
    from herningmodel.access.models import AccessRequest, GrantOutcome

    found = AccessRequest.objects.filter(pk=request_id, outcome=GrantOutcome.PENDING).first()
    if found is None:
        raise _fail(f"No waiting request {request_id}.")
    return found


@staff_app.command("approve")
def staff_approve(
    request_id: Annotated[int, typer.Argument(help="The request's number.")],
    by: Annotated[str, typer.Option("--by", help="Another administrator, or the DPO.")],
) -> None:
    """Approve a waiting grant; the one who asked for it cannot."""
    setup()
    from herningmodel.access import approvals

    grant, actor = _request(request_id), _user(by)
    _run(lambda: approvals.approve(grant, actor=actor, source=SOURCE))
    typer.echo("Approved.")


@staff_app.command("reject")
def staff_reject(
    request_id: Annotated[int, typer.Argument(help="The request's number.")],
    by: Annotated[str, typer.Option("--by", help="An administrator or the DPO.")],
    note: Annotated[str, typer.Option(help="Why it is rejected.")],
) -> None:
    """Reject (or, as the one who asked, withdraw) a waiting grant."""
    setup()
    from herningmodel.access import approvals

    grant, actor = _request(request_id), _user(by)
    _run(lambda: approvals.reject(grant, actor=actor, note=note, source=SOURCE))
    typer.echo("Rejected.")
