"""Need-to-know: the coordinator sees all, a department only its part and only with consent."""

from __future__ import annotations

import pytest
from django.http import Http404

from herningmodel.coordination import services
from herningmodel.coordination.access import coordinations_for_user, get_sight_for_user
from herningmodel.coordination.models import Consent, PlanAction
from tests.coordination.conftest import SRC, Family, plan_data


def test_the_coordinator_sees_every_action(family: Family) -> None:
    services.save_common_plan(
        actor=family.coordinator, coordination=family.coordination, data=plan_data(), source=SRC
    )
    sight = get_sight_for_user(family.coordinator, family.coordination.pk, write=True)
    assert all(sight.sees_action(a) for a in PlanAction.objects.all())


def test_the_job_centre_sees_only_its_own_actions(family: Family) -> None:
    services.save_common_plan(
        actor=family.coordinator, coordination=family.coordination, data=plan_data(), source=SRC
    )
    sight = get_sight_for_user(family.job_centre_worker, family.coordination.pk)
    seen = {a.description for a in PlanAction.objects.all() if sight.sees_action(a)}
    assert seen == {"Job trial at the bakery"}
    assert list(coordinations_for_user(family.job_centre_worker)) == [family.coordination]


def test_a_department_cannot_change_the_plan(family: Family) -> None:
    with pytest.raises(Http404):
        get_sight_for_user(family.job_centre_worker, family.coordination.pk, write=True)


def test_others_get_404(family: Family) -> None:
    for user in (family.world.caseworker_a, family.world.manager, family.world.dpo):
        with pytest.raises(Http404):
            get_sight_for_user(user, family.coordination.pk)
        assert not coordinations_for_user(user).exists()


def test_withdrawn_consent_removes_access_at_once(family: Family) -> None:
    consent = Consent.objects.get(coordination=family.coordination, department="job_centre")
    services.withdraw_consent(actor=family.coordinator, consent=consent, source=SRC)
    with pytest.raises(Http404):
        get_sight_for_user(family.job_centre_worker, family.coordination.pk)
    assert not coordinations_for_user(family.job_centre_worker).exists()


def test_an_expired_consent_gives_no_access(family: Family) -> None:
    import datetime as dt

    Consent.objects.filter(department="job_centre").update(until=dt.date(2024, 1, 31))
    with pytest.raises(Http404):
        get_sight_for_user(family.job_centre_worker, family.coordination.pk)
    assert not coordinations_for_user(family.job_centre_worker).exists()
