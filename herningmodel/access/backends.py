"""Authentication that refuses demo accounts unless the instance runs in demo mode, and local
passwords when they are turned off.

ModelBackend.get_user also asks ``user_can_authenticate``, so an existing session of a demo
account ends as soon as the instance leaves demo mode.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class StaffBackend(ModelBackend):
    def authenticate(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        # With HERNINGMODEL_LOCAL_PASSWORDS=off staff log in only through single sign-on; the
        # log-in form hides the password, and this refuses it everywhere else (admin, API).
        if not settings.HERNINGMODEL_LOCAL_PASSWORDS:
            return None
        return super().authenticate(request, *args, **kwargs)

    def user_can_authenticate(self, user: Any) -> bool:
        if not super().user_can_authenticate(user):
            return False
        staff = getattr(user, "staff", None)
        return not (staff is not None and staff.is_demo_account and not settings.HERNINGMODEL_DEMO)
