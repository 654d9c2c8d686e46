"""The demo records the child population the "per 1,000 children" indicators divide by."""

from __future__ import annotations

import datetime as dt

from herningmodel.demo.generator.population import population_counts
from herningmodel.demo.generator.records import ChildRec, History


def _child(birth: dt.date, district: int = 0) -> ChildRec:
    return ChildRec(first_name="A", last_name="B", birth=birth, district=district, team=0, risk=1.0)


def test_children_are_counted_on_1_january_by_age() -> None:
    history = History(
        children=[
            _child(dt.date(2019, 6, 1)),  # 0 on 1 Jan 2020, 1 on 1 Jan 2021
            _child(
                dt.date(2020, 1, 1)
            ),  # born on 1 Jan 2020: not yet living on 1 Jan 2020? counted from 2021
            _child(dt.date(2020, 3, 1), district=1),
        ]
    )
    counts = population_counts(history, 2020, 2021)
    assert counts == {(0, 2020, 0): 2, (0, 2021, 1): 2, (1, 2021, 0): 1}
