"""Setting prices: bad input writes nothing; closed months keep their figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from herningmodel.audit.models import AuditEvent
from herningmodel.staircase import services
from herningmodel.staircase.models import InterventionType, LedgerEntry, Price, Step

pytestmark = pytest.mark.django_db


def _set(world, catalogue, **kwargs):
    kwargs.setdefault("valid_from", dt.date(2024, 6, 1))
    kwargs.setdefault("amount", Decimal("1500.00"))
    return services.set_price(
        actor=world.controller,
        provider=catalogue.provider,
        intervention_type=catalogue.foster,
        **kwargs,
    )


@pytest.mark.parametrize(
    ("kwargs", "field", "code"),
    [
        ({"valid_from": None}, "valid_from", "required"),
        ({"amount": Decimal("-0.01")}, "amount", "negative_price"),
        ({"amount": None}, "amount", "required"),
        ({"valid_from": dt.date(2016, 1, 1)}, "valid_from", "duplicate_price"),
    ],
)
def test_bad_prices_are_refused_and_nothing_is_written(world, catalogue, kwargs, field, code):
    before = Price.objects.count()
    with pytest.raises(ValidationError) as caught:
        _set(world, catalogue, **kwargs)
    assert caught.value.error_dict[field][0].code == code
    assert Price.objects.count() == before
    assert not AuditEvent.objects.filter(event_type="price_set").exists()


def test_the_database_refuses_a_negative_price_too(catalogue):
    with pytest.raises(IntegrityError), transaction.atomic():
        Price.objects.create(
            provider=catalogue.provider,
            intervention_type=catalogue.consultant,
            valid_from=dt.date(2025, 1, 1),
            amount=Decimal("-1"),
        )


def test_a_type_without_a_step_is_refused():
    kind = InterventionType(code="no-step", name="No step", legal_basis="§ 32", unit="day")
    with pytest.raises(ValidationError) as caught:
        kind.full_clean()
    assert "step" in caught.value.error_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        kind.save()


def test_the_shipped_steps_and_catalogue():
    assert list(Step.objects.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6]
    types = InterventionType.objects.exclude(code__startswith="test-")
    assert types.count() >= 28
    assert set(types.values_list("step__number", flat=True)) == {1, 2, 3, 4, 5, 6}
    foster = Price.objects.get(intervention_type__code="plejefamilie", valid_from="2016-01-01")
    assert 450_000 < foster.amount * 365 < 500_000  # DOMAIN.md: about 470,000 kr a year
    fft = Price.objects.filter(intervention_type__code="fft", amount=Decimal("51379"))
    assert fft.exists()


@pytest.fixture
def placement(world, catalogue):
    """A foster placement over 2024 whose months are all closed by now."""
    episode = services.start_episode(
        actor=world.caseworker_a,
        child=world.child_a,
        intervention_type=catalogue.foster,
        provider=catalogue.provider,
        start=dt.date(2024, 3, 15),
        justification="Acute.",
    )
    return services.end_episode(
        actor=world.caseworker_a,
        episode=episode,
        end=dt.date(2024, 8, 20),
        reason="other",
        expected_version=1,
    )


def _ledger(episode):
    return dict(LedgerEntry.objects.filter(episode=episode).values_list("month", "amount"))


def test_a_price_change_leaves_closed_months_alone(world, catalogue, placement):
    before = _ledger(placement)
    _set(world, catalogue, valid_from=dt.date(2024, 6, 1), amount=Decimal("2000.00"))
    assert _ledger(placement) == before
    assert AuditEvent.objects.get(event_type="price_set").changes["amount"] == "2000.00"


def test_a_price_change_recomputes_the_open_months(world, catalogue, placement):
    # As if today were 15 July 2024: March–June are closed, July and August are open.
    before = _ledger(placement)
    _set(
        world,
        catalogue,
        valid_from=dt.date(2024, 6, 1),
        amount=Decimal("2000.00"),
        today=dt.date(2024, 7, 15),
    )
    after = _ledger(placement)
    for month in (dt.date(2024, m, 1) for m in (3, 4, 5, 6)):
        assert after[month] == before[month]
    assert after[dt.date(2024, 7, 1)] == Decimal("62000.00")  # 31 × 2,000
    assert after[dt.date(2024, 8, 1)] == Decimal("40000.00")  # 20 × 2,000


def test_the_controllers_recalculation_rewrites_closed_months_and_is_audited(
    world, catalogue, placement
):
    _set(world, catalogue, valid_from=dt.date(2024, 6, 1), amount=Decimal("2000.00"))
    services.recalculate_closed_months(actor=world.controller, month_from=dt.date(2024, 6, 1))
    after = _ledger(placement)
    assert after[dt.date(2024, 5, 1)] == Decimal("39917.77")  # before month_from: untouched
    assert after[dt.date(2024, 6, 1)] == Decimal("60000.00")  # 30 × 2,000
    event = AuditEvent.objects.get(event_type="ledger_recalculated")
    assert event.actor_id == world.controller.pk
    assert event.changes["month_from"] == "2024-06-01"
    assert event.changes["total"]["new"] != event.changes["total"]["old"]


def test_month_costs_groups_one_month_in_one_query(
    world, catalogue, placement, django_assert_num_queries
):
    with django_assert_num_queries(1):
        rows = services.month_costs(dt.date(2024, 4, 1), group_by=("district", "step"))
    step5 = Step.objects.get(number=5)
    assert rows == [
        {
            "district_id": world.child_a.district_id,
            "step_id": step5.pk,
            "amount": Decimal("38630.10"),
        }
    ]
    with pytest.raises(ValueError, match="cpr"):
        services.month_costs(dt.date(2024, 4, 1), group_by=("cpr",))


def test_rebuilding_all_ledgers_gives_the_same_figures(world, catalogue, placement):
    before = _ledger(placement)
    LedgerEntry.objects.all().delete()
    written = services.rebuild_ledgers(include_closed=True)
    assert written == 6
    assert _ledger(placement) == before


def test_the_routine_rebuild_leaves_closed_months_alone(world, catalogue, placement):
    before = _ledger(placement)
    Price.objects.create(
        provider=catalogue.provider,
        intervention_type=catalogue.foster,
        valid_from=dt.date(2024, 1, 1),
        amount=Decimal("9999.00"),
    )
    # As if today were 1 July 2024: March–June are closed, July–August are rewritten.
    services.rebuild_ledgers(today=dt.date(2024, 7, 1))
    after = _ledger(placement)
    assert {m: a for m, a in after.items() if m < dt.date(2024, 7, 1)} == {
        m: a for m, a in before.items() if m < dt.date(2024, 7, 1)
    }
    assert after[dt.date(2024, 7, 1)] == Decimal("309969.00")  # 31 × 9,999
