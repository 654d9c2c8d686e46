"""A lock-out ends the account's API tokens at once, not only at their next use."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.dispatch import receiver

from herningmodel.access.tokens import Revocation, revoke_tokens_of


@receiver(user_locked_out)
def _revoke_on_lock_out(sender: Any, request: Any, username: str | None = None, **kw: Any) -> None:
    user = get_user_model().objects.filter(username=username or "").first()
    if user is not None:
        revoke_tokens_of(user, because=Revocation.LOCKED_OUT, actor=None, source="axes:lock-out")
