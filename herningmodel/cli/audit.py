"""Personal API tokens. (The audit trail's commands: ``audit_trail.py``.)"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from herningmodel.cli.base import app, setup

token_app = typer.Typer(help="Personal API tokens.", no_args_is_help=True)
app.add_typer(token_app, name="token")


@token_app.command("create")
def token_create(
    user: Annotated[str, typer.Option("--user", help="User name the token acts as.")],
    name: Annotated[str, typer.Option(help="What the token is for.")] = "integration",
) -> None:
    """Create a personal API token; it is printed once and stored only as a hash."""
    setup()
    from django.contrib.auth import get_user_model

    from herningmodel.access import tokens

    account = get_user_model().objects.filter(username=user).first()
    if account is None:
        typer.secho(f"No user named {user!r}.", fg="red", err=True)
        raise typer.Exit(1)
    try:
        _, raw = tokens.create_token(account, name, actor=account)
    except tokens.TokenNotAllowed as exc:
        typer.secho(
            f"{user!r} may not have an API token (a role without API access, inactive or "
            "locked out).",
            fg="red",
            err=True,
        )
        raise typer.Exit(1) from exc
    typer.echo(raw)


@token_app.command("revoke")
def token_revoke(
    prefix: Annotated[str, typer.Argument(help="The token's first 10 characters.")],
) -> None:
    """Revoke a token by its prefix (as shown when it was created)."""
    setup()
    from herningmodel.access import tokens
    from herningmodel.access.models import ApiToken

    found = list(ApiToken.objects.filter(prefix=prefix[:10], revoked_at__isnull=True))
    if len(found) != 1:
        typer.secho(
            f"{len(found)} active tokens match {prefix!r}; give a longer prefix.",
            fg="red",
            err=True,
        )
        raise typer.Exit(1)
    tokens.revoke_token(found[0], actor=None, source="cli:token revoke")
    typer.echo("Revoked.")


@token_app.command("list")
def token_list(
    user: Annotated[str | None, typer.Option("--user", help="Only this user's tokens.")] = None,
) -> None:
    """Active tokens: prefix, user, name, role, created, last used, expires."""
    setup()
    from herningmodel.access.models import ApiToken

    tokens = ApiToken.objects.filter(revoked_at__isnull=True).select_related("user")
    if user:
        tokens = tokens.filter(user__username=user)

    def when(moment: Any) -> str:
        return f"{moment:%Y-%m-%d %H:%M}" if moment else "never"

    for token in tokens.order_by("created_at"):
        typer.echo(
            f"{token.prefix}\t{token.user.get_username()}\t{token.name}\t{token.role}\t"
            f"created {when(token.created_at)}\tlast used {when(token.last_used_at)}\t"
            f"expires {when(token.expires_at)}"
        )
