"""Creating, checking and revoking personal API tokens.

Tokens are 256-bit random strings, so a plain SHA-256 digest is enough to store them: there is
nothing to brute-force that a slow hash would protect.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from herningmodel.access.backends import StaffBackend
from herningmodel.access.models import ApiToken
from herningmodel.access.policy import Perm, User, has_perm
from herningmodel.audit import services as audit
from herningmodel.audit.models import EventType

PREFIX = "hm_"


class TokenNotAllowed(Exception):
    """The user's role has no use for API access."""


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def create_token(user: Any, name: str, *, actor: User) -> tuple[ApiToken, str]:
    """Return the stored token and the raw secret, which is shown once and never stored."""
    if not has_perm(user, Perm.USE_API_TOKEN):
        raise TokenNotAllowed(user.get_username())
    raw = PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name[:100], prefix=raw[:10], digest=_digest(raw)
        )
        audit.record(
            EventType.TOKEN_CREATED,
            actor=actor,
            obj=token,
            changes={"user": user.get_username(), "name": token.name},
            source="cli:token create",
        )
    return token, raw


def revoke_token(token: ApiToken, *, actor: User | None, source: str = "") -> None:
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(EventType.TOKEN_REVOKED, actor=actor, obj=token, source=source)


def user_for_token(raw: str) -> AbstractBaseUser | None:
    if not raw.startswith(PREFIX) or len(raw) > 100:
        return None
    token = (
        ApiToken.objects.select_related("user", "user__staff")
        .filter(digest=_digest(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not StaffBackend().user_can_authenticate(token.user):
        return None
    now = timezone.now()
    # Write last-use at most once a minute: a busy integration should not write on every call.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
