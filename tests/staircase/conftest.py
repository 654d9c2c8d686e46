"""A small catalogue of our own, so tests do not depend on the shipped default prices."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from herningmodel.staircase.models import InterventionType, Price, Provider, Step, Unit


@dataclass
class Catalogue:
    provider: Provider
    foster: InterventionType  # step 5, per day
    consultant: InterventionType  # step 3, per hour
    home_support: InterventionType  # step 3, per day
    counselling: InterventionType  # step 2, per hour
    institution: InterventionType  # step 6, per day


def make_type(code: str, step: int, unit: str, basis: str = "§ 32") -> InterventionType:
    return InterventionType.objects.create(
        code=code,
        name=code.replace("-", " ").title(),
        step=Step.objects.get(number=step),
        legal_basis=basis,
        unit=unit,
    )


@pytest.fixture
def catalogue(db: None) -> Catalogue:
    provider = Provider.objects.create(name="Testleverandøren (fiktiv)", kind="external")
    cat = Catalogue(
        provider=provider,
        foster=make_type("test-foster", 5, Unit.DAY, "§ 43"),
        consultant=make_type("test-consultant", 3, Unit.HOUR),
        home_support=make_type("test-home-support", 3, Unit.DAY),
        counselling=make_type("test-counselling", 2, Unit.HOUR, "§ 30"),
        institution=make_type("test-institution", 6, Unit.DAY, "§ 43"),
    )
    for kind, amount in [
        (cat.foster, "1287.67"),
        (cat.consultant, "688.00"),
        (cat.home_support, "1000.00"),
        (cat.counselling, "650.00"),
        (cat.institution, "3859.00"),
    ]:
        Price.objects.create(
            provider=provider,
            intervention_type=kind,
            valid_from=dt.date(2016, 1, 1),
            amount=Decimal(amount),
        )
    return cat
