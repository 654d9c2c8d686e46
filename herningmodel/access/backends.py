"""Authentication that refuses demo accounts unless the instance runs in demo mode.

ModelBackend.get_user also asks ``user_can_authenticate``, so an existing session of a demo
account ends as soon as the instance leaves demo mode.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class StaffBackend(ModelBackend):
    def user_can_authenticate(self, user: Any) -> bool:
        if not super().user_can_authenticate(user):
            return False
        staff = getattr(user, "staff", None)
        return not (staff is not None and staff.is_demo_account and not settings.HERNINGMODEL_DEMO)
