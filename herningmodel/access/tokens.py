"""Creating, checking and revoking personal API tokens.

Tokens are 256-bit random strings, so a plain SHA-256 digest is enough to store them: there is
nothing to brute-force that a slow hash would protect.

A token is a standing credential, so it ends with the reasons its user's access ends: it
expires (``HERNINGMODEL_API_TOKEN_DAYS``, 90 by default), and it is revoked, with an audit
event naming why, as soon as it is used after its user was locked out (django-axes),
deactivated, or moved to another role (one without API access, or one with more powers than
the token was made for). Staff changes (access/staffing.py) and lock-outs (access/signals.py)
revoke at once; the check at use is the backstop for changes made any other way.
"""

from __future__ import annotations

import enum
import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from herningmodel.access.backends import StaffBackend
from herningmodel.access.lockout import is_locked_out
from herningmodel.access.models import ApiToken
from herningmodel.access.policy import Perm, User, has_perm, role_of
from herningmodel.audit import services as audit
from herningmodel.audit.models import EventType

PREFIX = "hm_"


class TokenNotAllowed(Exception):
    """The user's role has no use for API access."""


class Revocation(enum.StrEnum):
    """Why a token ended; recorded on the token and in its TOKEN_REVOKED event."""

    BY_HAND = "revoked"
    EXPIRED = "expired"
    LOCKED_OUT = "locked_out"
    DEACTIVATED = "deactivated"
    ROLE_CHANGED = "role_changed"
    PERMISSION_LOST = "permission_lost"


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def lifetime() -> timedelta:
    return timedelta(days=settings.HERNINGMODEL_API_TOKEN_DAYS)


def create_token(
    user: Any, name: str, *, actor: User, source: str = "cli:token create"
) -> tuple[ApiToken, str]:
    """Return the stored token and the raw secret, which is shown once and never stored."""
    role = role_of(user)
    if role is None or not has_perm(user, Perm.USE_API_TOKEN) or is_locked_out(user.get_username()):
        raise TokenNotAllowed(user.get_username())
    raw = PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name[:100],
            prefix=raw[:10],
            digest=_digest(raw),
            role=role,
        )
        token.expires_at = token.created_at + lifetime()
        token.save(update_fields=["expires_at"])
        audit.record(
            EventType.TOKEN_CREATED,
            actor=actor,
            obj=token,
            changes={
                "user": user.get_username(),
                "name": token.name,
                "role": str(role),
                "expires_at": token.expires_at.isoformat() if token.expires_at else None,
            },
            source=source,
        )
    return token, raw


def revoke_token(
    token: ApiToken,
    *,
    actor: User | None,
    source: str = "",
    because: Revocation = Revocation.BY_HAND,
) -> None:
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.revoked_because = str(because)
        token.save(update_fields=["revoked_at", "revoked_because"])
        audit.record(
            EventType.TOKEN_REVOKED,
            actor=actor,
            actor_label=None if actor is not None else "system",
            obj=token,
            source=source,
            changes={"user": token.user.get_username(), "reason": str(because)},
        )


def revoke_tokens_of(
    user: Any,
    *,
    because: Revocation,
    actor: User | None,
    source: str,
    keep_role: str | None = None,
) -> int:
    """Revoke the user's active tokens (except those made for ``keep_role``); the count."""
    active = ApiToken.objects.filter(user=user, revoked_at__isnull=True).select_related("user")
    if keep_role is not None:
        active = active.exclude(role=keep_role)
    tokens = list(active)
    for token in tokens:
        revoke_token(token, actor=actor, source=source, because=because)
    return len(tokens)


def why_refused(token: ApiToken) -> Revocation | None:
    """The reason a token may no longer act, or None while it still may."""
    user = token.user
    if token.expires_at is not None and token.expires_at <= timezone.now():
        return Revocation.EXPIRED
    if not user.is_active:
        return Revocation.DEACTIVATED
    if is_locked_out(user.get_username()):
        return Revocation.LOCKED_OUT
    if not has_perm(user, Perm.USE_API_TOKEN):
        return Revocation.PERMISSION_LOST
    if token.role != role_of(user):
        return Revocation.ROLE_CHANGED
    return None


def user_for_token(raw: str, *, source: str = "api") -> AbstractBaseUser | None:
    if not raw.startswith(PREFIX) or len(raw) > 100:
        return None
    token = (
        ApiToken.objects.select_related("user", "user__staff")
        .filter(digest=_digest(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None:
        return None
    refused = why_refused(token)
    if refused is not None:
        revoke_token(token, actor=None, source=source[:200], because=refused)
        return None
    if not StaffBackend().user_can_authenticate(token.user):
        return None  # a demo account outside demo mode: refused, but the token stays
    now = timezone.now()
    # Write last-use at most once a minute: a busy integration should not write on every call.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
