"""Disclosure control against an attacker with a spreadsheet and a linear-programming solver.

The attacker knows every published number, how the tables add up, which counts two tables
share, that counts are never negative and that a share's numerator is at most its denominator
(``docs/disclosure.md``). Tables are built by hand here (``evaluate`` on given counts for given
districts), so each rule is checked on figures worked out in the test."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from herningmodel.monitoring import attacker, linking, publication
from herningmodel.monitoring import indicators as ind
from herningmodel.monitoring.indicators import Part
from herningmodel.monitoring.scope import Scope, parse_period

Q3 = Scope(parse_period("2025Q3"))


@dataclass
class FakeDistrict:
    pk: int
    name: str
    model_status: str


DISTRICTS = [
    FakeDistrict(1, "Midtby", "pilot"),
    FakeDistrict(2, "Nordby", "pilot"),
    FakeDistrict(3, "Sydby", "control"),
    FakeDistrict(4, "Vestby", "control"),
]


@pytest.fixture(autouse=True)
def districts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ind, "districts_in", lambda scope: DISTRICTS)


def table(indicator_id: str, parts: dict[tuple[int, str], Part]) -> ind.Result:
    """The indicator evaluated on the given district counts (instead of the database)."""
    indicator = replace(ind.get(indicator_id), compute=lambda scope: parts)
    return ind.evaluate(indicator, Q3)


def share(num: int, den: int) -> Part:
    return Part(num, den, den if num in (0, den) else min(num, den - num))


def shown_numbers(result: ind.Result) -> list[tuple[str, str, float, float]]:
    return [
        (row.label, key, cell.numerator, cell.denominator)  # type: ignore[misc]
        for row in result.rows
        for (key, _label), cell in zip(result.columns, row.cells, strict=True)
        if not cell.suppressed
    ]


def test_the_municipality_row_is_judged_on_its_own_sum() -> None:
    # Each district alone looks harmless or is hidden, but the municipality's 1 of 29 names
    # one child (the case the issue found: every district hidden, "1 of 29" shown).
    result = table(
        "evidence_based_share",
        {(1, ""): share(1, 10), (2, ""): share(0, 7), (3, ""): share(0, 6), (4, ""): share(0, 6)},
    )
    published = ind.suppress(result)
    for label, _key, num, den in shown_numbers(published):
        assert not 0 < num < 5, label
        assert not 0 < den - num < 5, label
    assert published.total().suppressed


def test_a_share_whose_complement_is_small_is_hidden_after_aggregation() -> None:
    # 27 of 29: the two without are as exposed as one with.
    result = table(
        "evidence_based_share",
        {(1, ""): share(9, 10), (2, ""): share(7, 7), (3, ""): share(5, 6), (4, ""): share(6, 6)},
    )
    published = ind.suppress(result)
    assert published.total().suppressed
    assert published.row("group", "pilot").cells[0].suppressed  # 16 of 17


def test_a_count_table_total_of_one_to_four_is_hidden() -> None:
    moves = table(
        "step_moves",
        {(1, "down"): Part(1, None, 1), (3, "down"): Part(2, None, 2), (3, "up"): Part(9, None, 8)},
    )
    published = ind.suppress(moves)
    for label, key, num, _den in shown_numbers(published):
        assert not 0 < num < 5, (label, key)


def linked_moves() -> dict[linking.TableKey, ind.Result]:
    """Midtby: 6 step-downs, 2 step-ups; after none of the step-downs did the child step up."""
    moves = table(
        "step_moves",
        {
            (1, "down"): Part(6, None, 6),
            (1, "up"): Part(2, None, 2),
            (2, "down"): Part(8, None, 8),
            (2, "up"): Part(9, None, 9),
            (3, "down"): Part(12, None, 11),
            (3, "up"): Part(7, None, 7),
            (4, "down"): Part(10, None, 10),
            (4, "up"): Part(6, None, 6),
        },
    )
    after = table(
        "step_up_after_step_down",
        {(1, ""): share(0, 6), (2, ""): share(0, 8), (3, ""): share(6, 12), (4, ""): share(5, 10)},
    )
    return {("step_moves", ""): moves, ("step_up_after_step_down", ""): after}


def attack(tables: dict[linking.TableKey, ind.Result], hidden: dict) -> dict:  # type: ignore[type-arg]
    linked = linking.build(tables, hidden)
    return attacker.intervals(linked.system, linked.known, linked.targets)


def test_one_table_at_a_time_leaks_through_the_linked_table() -> None:
    tables = linked_moves()
    hidden = {key: ind.protect_table(result) for key, result in tables.items()}
    found = attack(tables, hidden)
    # Midtby's 2 step-ups: step_moves hides them, but its row total (8) and the other
    # table's step-downs (6) give them away exactly.
    up = next(k for k in found if k[0] == ("step_moves", "") and k[1] == 1)
    assert found[up].width == 0
    assert found[up].low == 2


def test_protecting_the_tables_together_leaves_every_small_count_a_wide_interval() -> None:
    tables = linked_moves()
    pattern = publication.protect(tables, "2025Q3")
    assert pattern.audit.passed
    found = attack(tables, pattern.hidden)
    assert found  # the small counts are hidden and audited
    assert all(interval.width >= attacker.PROTECTION for interval in found.values())


def test_the_interval_of_a_hidden_cell_comes_from_the_shown_ones() -> None:
    system = attacker.System()
    system.sum_is("total", ["a", "b"])
    found = attacker.intervals(system, {"total": 6.0}, {"a": {"a": 1.0}})
    assert (found["a"].low, found["a"].high) == (0.0, 6.0)
    found = attacker.intervals(system, {"total": 3.0}, {"a": {"a": 1.0}})
    assert not found["a"].safe


def test_contradicting_numbers_are_refused() -> None:
    system = attacker.System()
    system.sum_is("total", ["a", "b"])
    with pytest.raises(attacker.Infeasible):
        attacker.intervals(system, {"total": 3.0, "a": 2.0, "b": 2.0}, {})


@st.composite
def municipalities(draw: st.DrawFn) -> dict[linking.TableKey, ind.Result]:
    """Random small step-move figures for four districts, the two tables linked."""
    small = st.one_of(st.integers(0, 4), st.integers(0, 30))
    moves: dict[tuple[int, str], Part] = {}
    after: dict[tuple[int, str], Part] = {}
    for d in DISTRICTS:
        down, up = draw(small), draw(small)
        back = draw(st.integers(0, down))
        moves[(d.pk, "down")] = Part(down, None, down)
        moves[(d.pk, "up")] = Part(up, None, up)
        if down:
            after[(d.pk, "")] = share(back, down)
    return {
        ("step_moves", ""): table("step_moves", moves),
        ("step_up_after_step_down", ""): table("step_up_after_step_down", after),
    }


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(municipalities())
def test_no_random_municipality_publishes_a_small_count_or_a_narrow_interval(
    tables: dict[linking.TableKey, ind.Result],
) -> None:
    pattern = publication.protect(tables, "random")
    assert pattern.audit.passed
    for key, result in tables.items():
        published = ind.hide(result, pattern.hidden[key])
        for row in published.rows:
            for cell in row.cells:
                assert cell.suppressed or not ind.is_sensitive(result.indicator, cell)
    for interval in attack(tables, pattern.hidden).values():
        assert interval.width >= attacker.PROTECTION


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(municipalities())
def test_the_direct_solver_agrees_with_linprog(tables: dict[linking.TableKey, ind.Result]) -> None:
    """The audit calls HiGHS directly for speed; ``linprog(method="highs")`` is the reference."""
    hidden = {key: ind.protect_table(result) for key, result in tables.items()}
    linked = linking.build(tables, hidden)
    fast = attacker.intervals(linked.system, linked.known, linked.targets)
    reference = attacker.intervals(linked.system, linked.known, linked.targets, solver="linprog")
    assert fast.keys() == reference.keys()
    for key, interval in fast.items():
        assert interval.low == pytest.approx(reference[key].low, abs=1e-6), key
        assert interval.high == pytest.approx(reference[key].high, abs=1e-6), key


@st.composite
def banded(draw: st.DrawFn) -> dict[linking.TableKey, ind.Result]:
    """Random step-ups per district for two age bands and for all ages (bands plus a few
    young people over 17, who are in no band)."""
    small = st.one_of(st.integers(0, 4), st.integers(0, 25))
    bands: dict[str, dict[tuple[int, str], Part]] = {"0-5": {}, "6-11": {}}
    total: dict[tuple[int, str], Part] = {}
    for d in DISTRICTS:
        for series in ("down", "up"):
            counts = {band: draw(small) for band in bands}
            for band, n in counts.items():
                bands[band][(d.pk, series)] = Part(n, None, n)
            n = sum(counts.values()) + draw(st.integers(0, 2))
            total[(d.pk, series)] = Part(n, None, n)
    tables = {("step_moves", ""): table("step_moves", total)}
    for band, parts in bands.items():
        tables[("step_moves", band)] = table("step_moves", parts)
    return tables


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(banded())
def test_age_bands_and_all_ages_together_leave_no_small_count_narrow(
    tables: dict[linking.TableKey, ind.Result],
) -> None:
    pattern = publication.protect(tables, "random")
    assert pattern.audit.passed
    for interval in attack(tables, pattern.hidden).values():
        assert interval.width >= attacker.PROTECTION


def test_an_age_band_leaks_through_the_table_for_all_ages_unless_protected_together() -> None:
    # Midtby's step-ups: 2 aged 0–5 and 5 aged 6–11, so 7 for all ages. The 0–5 table hides
    # the 2, but 7 − 5 leaves at most 2: the interval 0–2 is narrower than 5.
    young = {(1, "up"): Part(2, None, 2), (2, "up"): Part(9, None, 9)}
    young |= {(3, "up"): Part(8, None, 8), (4, "up"): Part(12, None, 12)}
    school = {(1, "up"): Part(5, None, 5), (2, "up"): Part(6, None, 6)}
    school |= {(3, "up"): Part(7, None, 7), (4, "up"): Part(10, None, 10)}
    every = {k: Part(young[k].numerator + school[k].numerator, None, 9) for k in young}
    tables = {
        ("step_moves", ""): table("step_moves", every),
        ("step_moves", "0-5"): table("step_moves", young),
        ("step_moves", "6-11"): table("step_moves", school),
    }
    alone = {key: ind.protect_table(result) for key, result in tables.items()}
    assert any(not interval.safe for interval in attack(tables, alone).values())
    pattern = publication.protect(tables, "2025Q3")
    assert pattern.audit.passed
    assert all(interval.safe for interval in attack(tables, pattern.hidden).values())


def test_a_filter_on_several_districts_shows_a_new_sum_only_where_every_part_is_shown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Midtby's 2 of 10 is hidden in the period's table; a filter on Midtby and Sydby must not
    # publish their sum, 8 of 30, harmless in itself but Sydby's shown row would give Midtby away.
    parts = {
        (1, ""): share(2, 10),
        (2, ""): share(0, 7),
        (3, ""): share(6, 20),
        (4, ""): share(7, 30),
    }
    master = table("evidence_based_share", parts)
    pattern = publication.protect({("evidence_based_share", ""): master}, "2025Q3")
    hidden = pattern.hidden[("evidence_based_share", "")]
    chosen = [DISTRICTS[0], DISTRICTS[2]]
    monkeypatch.setattr(ind, "districts_in", lambda scope: chosen)
    scope = replace(Q3, district_ids=frozenset({1, 3}))
    filtered = ind.evaluate(
        replace(ind.get("evidence_based_share"), compute=lambda s: parts), scope
    )
    out, _reason = publication._project(filtered, master, hidden, scope)
    shown = ind.hide(filtered, out)
    assert shown.rows[0].district_id == 1
    assert shown.rows[0].cells[0].suppressed  # Midtby, as in the period's table
    assert shown.total().suppressed  # Midtby + Sydby: not a row of the period's table
    midtby_in_master = next(i for i, r in enumerate(master.rows) if r.district_id == 1)
    assert midtby_in_master in hidden
