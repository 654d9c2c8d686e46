"""--reset replaces a loaded demo (and only a demo); the audit trail survives it."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from herningmodel.audit import services as audit
from herningmodel.audit.models import AuditEvent, EventType
from herningmodel.demo import seed
from herningmodel.people.models import Child
from tests.demo.conftest import TODAY


def test_reset_replaces_the_demo_and_keeps_the_audit_trail(db):
    seed.load(TODAY, size="small", seed=3)
    first = set(Child.objects.values_list("cpr", flat=True))
    user = get_user_model().objects.get(username="sagsbehandler-nord")
    audit.record(EventType.READ, actor=user, child_id=Child.objects.first().pk)

    assert seed.load(TODAY, size="small", seed=3) == seed.logins()  # no reset: left as it is
    logins = seed.load(TODAY, size="small", seed=4, reset=True)

    assert "sagsbehandler-nord" in {login.username for login in logins}
    assert set(Child.objects.values_list("cpr", flat=True)) != first
    user.refresh_from_db()
    assert not user.is_active
    assert user.username.startswith("sagsbehandler-nord-arkiv")
    assert AuditEvent.objects.filter(source="cli:demo").count() == 2
    assert audit.verify() is None
