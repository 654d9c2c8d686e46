"""Removing the demo removes the business cases its log-ins saved and adopted: a new demo must
not open with the old one's scenarios. A scenario a real (non-demo) user saved stays."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.contrib.auth import get_user_model

import herningmodel.economics
from herningmodel.demo import seed
from herningmodel.demo.reset import remove_demo
from herningmodel.economics.models import Adoption, Scenario
from herningmodel.economics.services import adopt_scenario, save_scenario

EXAMPLE = (Path(herningmodel.economics.__file__).parent / "example.toml").read_text("utf-8")


def test_the_demos_business_cases_go_with_it(db) -> None:  # type: ignore[no-untyped-def]
    seed.load(dt.date(2026, 6, 15), size="small", seed=5)
    demo_user = get_user_model().objects.get(username="leder")
    real_user = get_user_model().objects.create_user("okonom", password="x" * 20)
    demo_scenario, _ = save_scenario(EXAMPLE, actor=demo_user)
    adopt_scenario(demo_scenario, starts_on=dt.date(2026, 1, 1), actor=demo_user)
    kept, _ = save_scenario(EXAMPLE, actor=real_user)

    remove_demo()

    assert list(Scenario.objects.all()) == [kept]
    assert not Adoption.objects.exists()
