"""Log-ins, failed log-ins and lock-outs are security events and go into the audit trail."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from herningmodel.audit import services
from herningmodel.audit.models import EventType


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    services.record(EventType.LOGIN, actor=user, source=_path(request))


@receiver(user_login_failed)
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kw: Any) -> None:
    username = str(credentials.get("username", ""))[:150]
    services.record(
        EventType.LOGIN_FAILED,
        actor=None,
        changes={"username": username},
        source=_path(request),
    )


@receiver(user_locked_out)
def _locked_out(sender: Any, request: Any, username: str | None = None, **kw: Any) -> None:
    services.record(
        EventType.LOCKED_OUT,
        actor=None,
        changes={"username": (username or "")[:150]},
        source=_path(request),
    )


def _path(request: Any) -> str:
    return str(getattr(request, "path", ""))[:200]
