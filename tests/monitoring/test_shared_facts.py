"""Facts several indicators read are computed once per board, and never kept beyond it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from herningmodel.monitoring import board, publication, shared
from herningmodel.monitoring import indicators as ind
from herningmodel.monitoring.themes import costs

pytestmark = pytest.mark.django_db


def test_a_fact_is_computed_once_inside_a_board_and_afresh_outside(town, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    calls = []
    original = costs._by_district_step.__wrapped__  # type: ignore[attr-defined]

    def counting(scope):  # type: ignore[no-untyped-def]
        calls.append(scope)
        return original(scope)

    monkeypatch.setattr(costs._by_district_step, "__wrapped__", counting)
    with shared.computing():
        ind.evaluate(ind.get("cost_per_child"), town.q1)
        ind.evaluate(ind.get("unit_cost_by_step"), town.q1)
    assert len(calls) == 1
    ind.evaluate(ind.get("cost_per_child"), town.q1)
    ind.evaluate(ind.get("cost_per_child"), town.q1)
    assert len(calls) == 3


def test_sharing_changes_no_figure(town) -> None:  # type: ignore[no-untyped-def]
    together = board.compute(town.q1, ind.all_indicators(), suppressed=False)
    for indicator in ind.all_indicators():
        alone = ind.evaluate(indicator, town.q1)
        assert together[indicator.id].rows == alone.rows, indicator.id


def test_a_board_reads_districts_and_population_once(town) -> None:  # type: ignore[no-untyped-def]
    # The period's disclosure pattern (every table for all ages and each age band, computed once
    # per period and data version, docs/disclosure.md) is a job of its own; the board on top of
    # it shares its facts.
    publication.pattern_for(town.q1.period)
    with CaptureQueriesContext(connection) as ctx:
        board.board(town.q1, costs=True, suppressed=True, with_warnings=False)
    sql = [q["sql"] for q in ctx.captured_queries]
    districts = [s for s in sql if s.startswith('SELECT "organisation_district"."id"')]
    population = [s for s in sql if 'FROM "monitoring_childpopulation"' in s]
    assert len(districts) == 1
    assert len(population) == 2  # the latest year, then its counts
    # 22 indicators; was 56 queries before districts and population were shared.
    assert len(sql) <= 31
