"""Whether django-axes has locked an account, asked without a log-in request.

A token is refused and revoked once its user is locked out (access/tokens.py): the lock-out
is the sign that someone else is trying the account, so its standing credentials end too.
"""

from __future__ import annotations

from typing import Any

from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.db.models import Sum
from django.utils import timezone


def is_locked_out(username: str) -> bool:
    """The same count axes keeps (failures since the last success, within the cool-off if one
    is set), against the same limit."""
    attempts = AccessAttempt.objects.filter(username=username)
    cool_off = get_cool_off()
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
    limit: Any = get_failure_limit(None, {"username": username})
    return bool(failures >= limit)
