"""How a hidden cell reads, the same in every channel (pages, PDF, Excel, JSON, API).

Which cells are hidden is decided by ``disclosure``; this module only says how a hidden cell is
written. A hidden count reads "<5" (fewer than five children). A hidden amount of money must
not: in a kroner column "<5" reads as "less than 5 kroner", a figure the cell does not have.
Money is therefore a dash with a footnote, "skjult: færre end 5 børn" ("hidden: fewer than 5
children"); the footnote also tells it apart from the plain dash of a cell with no value.

Machine-readable channels (JSON, the API) give a hidden cell's numbers as ``null``, with
``suppressed: true`` and the reason code :data:`REASON`. One code serves every hidden cell:
telling the small cells from the cells hidden to protect them would point at the small ones.
"""

from __future__ import annotations

from typing import Any, Final, Literal

from django.utils.translation import gettext as _

from herningmodel.monitoring import disclosure

Reason = Literal["fewer_than_5_children"]
REASON: Final[Reason] = "fewer_than_5_children"
DASH = "–"
MARK = "*"  # the footnote mark after a hidden amount


def text(*, money: bool) -> str:
    """A hidden cell as text in a table (Excel): "<5", or for money the dash with its footnote
    mark (the footnote itself is written under the table)."""
    return DASH + MARK if money else disclosure.SUPPRESSED


def shown(*, money: bool) -> str:
    """A hidden cell where no footnote follows (JSON, beside its reason code; the aggregate CSV,
    where a cell with no value is blank): "<5", or a dash for money."""
    return DASH if money else disclosure.SUPPRESSED


def footnote() -> str:
    """The footnote under a table with hidden amounts, mark included."""
    return f"{MARK} {_('hidden: fewer than 5 children')}"


def reason(suppressed: bool) -> Reason | None:
    """The JSON reason code beside a cell's ``suppressed`` flag (``None`` for a shown cell)."""
    return REASON if suppressed else None


def json_cell(*, money: bool) -> dict[str, Any]:
    """A hidden cell in JSON: the same keys as a shown cell, numbers ``null``, and the reason.
    ``shown`` is what the pages print (the dash for money, without the footnote mark: the
    reason code says why)."""
    return {
        "value": None,
        "numerator": None,
        "denominator": None,
        "shown": shown(money=money),
        "suppressed": True,
        "suppressed_reason": REASON,
    }
