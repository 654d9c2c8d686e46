"""The cell rules themselves (``interchange.cells``), one rule per test: how a number's text is
read, what a file's own cells say about its convention, and formula-safe text."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from herningmodel.interchange.cells import (
    DANISH,
    CellError,
    Convention,
    detect_convention,
    parse_decimal,
    parse_whole,
    protect,
    unprotect,
)

PLAIN = Convention(decimal=".")
UNKNOWN = Convention()


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12,5", Decimal("12.5")),  # Danish only
        ("1.234,50", Decimal("1234.50")),
        ("1.234.567", Decimal("1234567")),
        ("6.5", Decimal("6.5")),  # plain only: Danish groups thousands in threes
        ("1,234.5", Decimal("1234.5")),
        ("1 234,5", Decimal("1234.5")),
        ("\u22125", Decimal("-5")),
    ],
)
def test_a_number_with_one_reading_is_that_number_in_any_file(text: str, value: Decimal) -> None:
    for convention in (DANISH, PLAIN, UNKNOWN):
        assert parse_decimal(text, convention) == value


def test_a_number_with_two_readings_follows_the_file_or_is_refused() -> None:
    assert parse_decimal("7.125", DANISH) == Decimal("7125")
    assert parse_decimal("7.125", PLAIN) == Decimal("7.125")
    with pytest.raises(CellError, match="7125.*7,125"):
        parse_decimal("7.125", UNKNOWN)


@pytest.mark.parametrize(("text", "value"), [("6", 6), ("6.0", 6), ("6,0", 6), ("6,00", 6)])
def test_a_whole_number_may_carry_zero_decimals(text: str, value: int) -> None:
    assert parse_whole(text, UNKNOWN) == value


@pytest.mark.parametrize("text", ["6.5", "1,5", "abc", "6,0,0"])
def test_anything_else_is_not_a_whole_number(text: str) -> None:
    with pytest.raises(CellError):
        parse_whole(text, UNKNOWN)


@pytest.mark.parametrize(
    ("cells", "decimal", "day_first"),
    [
        (["12,5", "1.234"], ",", True),  # Danish Excel
        (["6.0", "25.0", "1.234"], ".", True),  # pandas/SAS with blanks in a column
        (["1.234", "7"], "", True),  # nothing to tell by
        (["12,5", "6.5"], "", True),  # both: nothing is assumed
        (["12/24/2019", "01/02/2020"], "", False),  # month first shown
        (["24/12/2019", "12/24/2019"], "", True),  # both: day first, the Danish default
        (["2019-12-24", "A-12"], "", True),
    ],
)
def test_a_files_convention_comes_from_its_own_unambiguous_cells(
    cells: list[str], decimal: str, day_first: bool
) -> None:
    convention = detect_convention(cells)
    assert (convention.decimal, convention.day_first) == (decimal, day_first)


@given(st.text(alphabet="'=+-@ab\t", max_size=8))
def test_formula_safe_text_comes_back_exactly(text: str) -> None:
    """The exporter's apostrophe is undone exactly, for any text — also text that itself
    begins with apostrophes — and protected text never begins with = + - @."""
    written = protect(text)
    assert unprotect(written) == text
    assert written[:1] not in ("=", "+", "-", "@", "\t")


def test_an_apostrophe_before_ordinary_text_is_kept() -> None:
    assert unprotect("'Hansen") == "'Hansen"
    assert unprotect("'=SUM(A1)") == "=SUM(A1)"
    assert unprotect("''=x") == "'=x"
