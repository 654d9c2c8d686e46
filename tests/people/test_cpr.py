"""CPR numbers: validated by date and format, masked for display, never written to logs."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from herningmodel.demo.fictitious import fictitious_cpr, is_fictitious, passes_modulus_11
from herningmodel.people import cpr


@pytest.mark.parametrize("value", ["090817-4944", "0908174944", "010100-4000"])
def test_valid_numbers(value):
    cpr.validate_cpr(value)


@pytest.mark.parametrize(
    "value", ["320117-1234", "091317-4944", "12345", "abcdefghij", "0908174944999"]
)
def test_invalid_numbers(value):
    with pytest.raises(ValidationError) as info:
        cpr.validate_cpr(value)
    assert info.value.code == "cpr_invalid"


def test_modulus_11_is_not_required():
    assert not passes_modulus_11("0908174944")
    cpr.validate_cpr("090817-4944")


def test_mask_hides_the_serial():
    assert cpr.mask("0908174944") == "090817-XXXX"


@given(
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2025, 12, 31)), st.integers(0, 500)
)
def test_fictitious_numbers_validate_and_are_recognisable(birth, n):
    number = fictitious_cpr(birth, n)
    cpr.validate_cpr(number)
    assert cpr.birth_date(number) == birth
    assert is_fictitious(number)


def test_the_log_filter_redacts_cpr_numbers():
    record = logging.LogRecord(
        "x", logging.ERROR, __file__, 1, "child %s failed", ("090817-4944",), None
    )
    cpr.CprRedactingFilter().filter(record)
    assert "090817-4944" not in record.getMessage()
    assert "XXXXXX-XXXX" in record.getMessage()


def test_the_configured_logger_redacts(caplog):
    handler_filters = logging.getLogger("django").handlers[0].filters
    assert any(isinstance(f, cpr.CprRedactingFilter) for f in handler_filters)
