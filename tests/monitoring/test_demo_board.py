"""The monitoring on the demo generator's (small) municipality: real-shaped data, not a fixture
built for the indicators. The committee report renders with text and charts, and nothing a
politician sees describes 1–4 children or lets a hidden cell be worked out."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from django.db import transaction
from pypdf import PdfReader

from herningmodel.demo import seed
from herningmodel.monitoring import board as boards
from herningmodel.monitoring import disclosure, indicators, reports
from herningmodel.monitoring.scope import build_scope
from tests.demo.conftest import SEED, TODAY


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker) -> Iterator[None]:  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        with transaction.atomic():
            seed.load(TODAY, size="small", seed=SEED)
            yield
            transaction.set_rollback(True)


@pytest.fixture
def year_board(demo, db):  # type: ignore[no-untyped-def]
    return boards.board(build_scope("2025"), costs=True, suppressed=True)


def test_the_committee_report_renders_for_the_demo(year_board) -> None:  # type: ignore[no-untyped-def]
    body, content_type = reports.render(year_board, "pdf")
    assert content_type == "application/pdf"
    pdf = PdfReader(io.BytesIO(body))
    assert len(pdf.pages) >= 3
    text = " ".join(page.extract_text() for page in pdf.pages)
    for indicator in indicators.all_indicators():
        assert indicator.name_en in text or indicator.name_da in text, indicator.id
    assert "2025" in text
    assert reports.to_html(year_board).count("<svg") == len(year_board.results)
    # Every page fits A4 (595 × 842 points).
    for page in pdf.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)


def test_a_politician_sees_no_small_cell_on_the_demo(year_board) -> None:  # type: ignore[no-untyped-def]
    shown = 0
    for result in year_board.results.values():
        hidden = set()
        for i, row in enumerate(result.rows):
            for j, cell in enumerate(row.cells):
                if cell.suppressed:
                    hidden.add(i * len(result.columns) + j)
                elif result.indicator.small_cells:
                    assert not disclosure.is_small(cell.children), (result.indicator.id, row.label)
                    shown += 1
        assert not disclosure.recoverable(hidden, indicators.table_equations(result))
    assert shown  # the demo is large enough for some figures to be shown


def test_the_screen_board_warns_as_the_full_board_but_computes_less(
    year_board, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """The pages show no comparison with the previous period, so they compute only the
    previous-period indicators the early warnings read; the warnings and figures are the same."""
    evaluated: list[str] = []
    evaluate = indicators.evaluate

    def counting(indicator, scope):  # type: ignore[no-untyped-def]
        evaluated.append(indicator.id)
        return evaluate(indicator, scope)

    monkeypatch.setattr(boards.ind, "evaluate", counting)
    every = len(boards.indicators_for(costs=True))
    # With case access (no disclosure control) only what the warnings read is computed.
    boards.board(build_scope("2025"), costs=True, suppressed=False, every_previous=False)
    assert every < len(evaluated) < 2 * every
    # Suppressed, the previous period's disclosure pattern is keyed by the figures of all its
    # tables (docs/disclosure.md), so each is computed, but once: never more than the full board.
    evaluated.clear()
    screen = boards.board(build_scope("2025"), costs=True, suppressed=True, every_previous=False)
    assert len(evaluated) <= 2 * every
    assert year_board.warnings
    assert screen.warnings == year_board.warnings
    assert screen.messages == year_board.messages
    for key, result in year_board.results.items():
        assert screen.results[key].rows == result.rows, key
    for key, result in year_board.previous.items():
        assert screen.previous[key].rows == result.rows, key


def small_numbers_shown(results) -> list[str]:  # type: ignore[no-untyped-def]
    """Every shown cell that publishes a count, numerator or complement of 1–4."""
    found = []
    for result in results.values():
        for row in result.rows:
            for (key, _label), cell in zip(result.columns, row.cells, strict=True):
                if not cell.suppressed and indicators.is_sensitive(result.indicator, cell):
                    found.append(f"{result.indicator.id} {row.label} {key}")
    return found


@pytest.mark.parametrize("period", ["2025", "2025Q3"])
def test_no_channel_publishes_a_small_count_and_the_audit_passes(demo, db, period) -> None:  # type: ignore[no-untyped-def]
    from herningmodel.interchange import aggregates
    from herningmodel.monitoring import publication
    from herningmodel.organisation.models import District

    pattern = publication.pattern_for(build_scope(period).period)
    assert pattern.audit.passed, pattern.audit.breaches[:5]
    assert pattern.audit.sensitive  # the small demo has small cells to protect
    district = District.objects.order_by("name").first()
    for scope in (
        build_scope(period),
        build_scope(period, age="6-11"),
        build_scope(period, districts=[str(district.pk)]),
        build_scope(period, districts=[str(district.pk)], age="0-5"),
    ):
        board = boards.board(scope, costs=True, suppressed=True)
        assert not small_numbers_shown(board.results), scope
        assert not small_numbers_shown(dict(board.previous)), scope
        if scope.district_ids is None:  # every channel shows the period's pattern
            for result in board.results.values():
                flat = [c for r in result.rows for c in r.cells]
                hidden = {i for i, c in enumerate(flat) if c.suppressed}
                key = (result.indicator.id, scope.age_group or "")
                assert hidden == set(pattern.hidden[key]), key
    content = aggregates.payload(
        boards.board(build_scope(period), costs=True, suppressed=True, with_warnings=False)
    )
    for exported in content["indicators"]:  # the file for national comparison
        indicator = indicators.get(exported["id"])
        for row in exported["rows"]:
            for cell in row["cells"]:
                if cell.get("suppressed"):
                    continue
                numbers = {n: cell[n] for n in indicator.counted}
                if indicator.is_share:
                    numbers["complement"] = cell["denominator"] - cell["numerator"]
                for name, value in numbers.items():
                    assert not 0 < value < 5, (exported["id"], row["district"], name)


def test_the_counts_two_tables_share_are_equal_on_the_demo(demo, db) -> None:  # type: ignore[no-untyped-def]
    """The identities the audit relies on (``linking.FACTS``) hold on real-shaped data."""
    from herningmodel.monitoring import linking, publication

    pattern = publication.pattern_for(build_scope("2025Q3").period)
    values: dict = {}  # type: ignore[type-arg]
    for key, result in pattern.tables.items():
        n = len(result.columns)
        for flat in range(len(result.rows) * n):
            cell = result.rows[flat // n].cells[flat % n]
            for number in result.indicator.counted:
                var = linking.variable(key, result, flat, number)
                value = getattr(cell, number)
                if value is not None:
                    values.setdefault(var, set()).add(float(value))
    assert any(v[2] == "step_downs" for v in values)
    assert {v: s for v, s in values.items() if len(s) > 1} == {}


def test_every_quarter_and_year_of_the_demo_passes_its_audit(demo, db) -> None:  # type: ignore[no-untyped-def]
    """Every period the pages offer for 2024–2025: no table publishes a small count (all ages
    and each age band) and every hidden count of 1–4 keeps an interval of at least 5."""
    from herningmodel.monitoring import attacker, linking, publication

    periods = ["2024", "2025"] + [f"{y}Q{q}" for y in (2024, 2025) for q in (1, 2, 3, 4)]
    for period in periods:
        pattern = publication.pattern_for(build_scope(period).period)
        assert pattern.audit.passed, (period, pattern.audit.breaches[:3])
        published = {
            key: indicators.hide(result, pattern.hidden[key])
            for key, result in pattern.tables.items()
        }
        assert not small_numbers_shown({f"{k[0]}/{k[1]}": r for k, r in published.items()})
        linked = linking.build(pattern.tables, pattern.hidden)  # the attack, done afresh
        found = attacker.intervals(linked.system, linked.known, linked.targets)
        assert all(interval.safe for interval in found.values()), period
