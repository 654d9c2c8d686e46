"""The ledger of a foster-family placement equals the hand-computed sum to the øre."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from herningmodel.staircase import services
from herningmodel.staircase.models import LedgerEntry, Price

pytestmark = pytest.mark.django_db


def test_foster_family_15_march_to_20_august_with_a_price_change_on_1_july(world, catalogue):
    # Given a foster family at 1,287.67 kr a day, changed to 1,330.45 kr a day from 1 July 2024
    Price.objects.create(
        provider=catalogue.provider,
        intervention_type=catalogue.foster,
        valid_from=dt.date(2024, 7, 1),
        amount=Decimal("1330.45"),
    )
    # When a child is placed from 15 March to 20 August 2024
    episode = services.start_episode(
        actor=world.caseworker_a,
        child=world.child_a,
        intervention_type=catalogue.foster,
        provider=catalogue.provider,
        start=dt.date(2024, 3, 15),
        justification="Acute placement after a § 20 assessment.",
    )
    services.end_episode(
        actor=world.caseworker_a,
        episode=episode,
        end=dt.date(2024, 8, 20),
        reason="step_down",
        expected_version=1,
    )
    # Then each month is the days in force × the day price, by hand:
    expected = {
        dt.date(2024, 3, 1): Decimal("21890.39"),  # 17 days (15–31 March) × 1,287.67
        dt.date(2024, 4, 1): Decimal("38630.10"),  # 30 days × 1,287.67
        dt.date(2024, 5, 1): Decimal("39917.77"),  # 31 days × 1,287.67
        dt.date(2024, 6, 1): Decimal("38630.10"),  # 30 days × 1,287.67
        dt.date(2024, 7, 1): Decimal("41243.95"),  # 31 days × 1,330.45
        dt.date(2024, 8, 1): Decimal("26609.00"),  # 20 days (1–20 August) × 1,330.45
    }
    ledger = dict(LedgerEntry.objects.filter(episode=episode).values_list("month", "amount"))
    assert ledger == expected
    # 21,890.39 + 38,630.10 + 39,917.77 + 38,630.10 + 41,243.95 + 26,609.00 = 206,921.31
    assert sum(ledger.values()) == Decimal("206921.31")


def test_a_price_change_in_the_middle_of_a_month_splits_that_month(world, catalogue):
    Price.objects.create(
        provider=catalogue.provider,
        intervention_type=catalogue.foster,
        valid_from=dt.date(2024, 7, 10),
        amount=Decimal("1330.45"),
    )
    episode = services.start_episode(
        actor=world.caseworker_a,
        child=world.child_a,
        intervention_type=catalogue.foster,
        provider=catalogue.provider,
        start=dt.date(2024, 7, 1),
        justification="Acute.",
    )
    services.end_episode(
        actor=world.caseworker_a,
        episode=episode,
        end=dt.date(2024, 7, 31),
        reason="other",
        expected_version=1,
    )
    # 9 days (1–9 July) × 1,287.67 = 11,589.03; 22 days (10–31 July) × 1,330.45 = 29,269.90
    assert LedgerEntry.objects.get(episode=episode).amount == Decimal("40858.93")
