"""What a reader may see: which indicators, suppressed or not, and the page's messages.

The one place that joins the access policy to the indicators; the pages, the API, the reports
and the command line all ask here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from herningmodel.access.policy import Perm, User, has_perm, scope_of
from herningmodel.access.policy import Scope as Reach
from herningmodel.monitoring import indicators as ind
from herningmodel.monitoring import publication, shared, warnings
from herningmodel.monitoring.indicators import Indicator, Result, Theme
from herningmodel.monitoring.scope import Period, Scope, parse_period


def may_view(user: User) -> bool:
    return has_perm(user, Perm.VIEW_AGGREGATES)


def sees_costs(user: User | None) -> bool:
    return user is None or has_perm(user, Perm.VIEW_COSTS)


def sees_small_cells(user: User | None) -> bool:
    """Only those with case access to every team see unsuppressed cells; exports (user None)
    and everyone else get disclosure control."""
    return user is not None and has_perm(user, Perm.VIEW_CHILD) and scope_of(user) is Reach.ALL


def default_period(today: dt.date | None = None) -> Period:
    """The last complete quarter."""
    day = today or timezone.localdate()
    q = (day.month - 1) // 3 + 1
    return parse_period(f"{day.year - 1}Q4" if q == 1 else f"{day.year}Q{q - 1}")


def indicators_for(costs: bool, theme: Theme | None = None) -> list[Indicator]:
    return [
        i
        for i in ind.all_indicators()
        if (theme is None or i.theme == theme) and (costs or not i.costs)
    ]


def compute(scope: Scope, chosen: list[Indicator], *, suppressed: bool) -> dict[str, Result]:
    """The chosen indicators for the scope; ``suppressed`` as anyone without case access may
    see them, protected with everything else published for the period
    (``publication.publish``: every channel comes here, so none can leave it out)."""
    if suppressed:
        return publication.publish(scope, chosen)
    results = {}
    with shared.computing():
        for indicator in chosen:
            results[indicator.id] = ind.evaluate(indicator, scope)
    return results


class OnDemand(Mapping[str, Result]):
    """Results computed when first looked up: the early warnings read only a few indicators
    of the previous period, so a page that shows no comparison computes only those (the
    overview spent half its time on the other previous-period indicators). Each figure is
    the one ``compute`` would give; look-ups inside :func:`shared.computing` share facts."""

    def __init__(self, scope: Scope, chosen: list[Indicator], *, suppressed: bool) -> None:
        self._scope = scope
        self._chosen = {i.id: i for i in chosen}
        self._suppressed = suppressed
        self._done: dict[str, Result] = {}

    def __getitem__(self, key: str) -> Result:
        if key not in self._done:
            self._done[key] = compute(
                self._scope, [self._chosen[key]], suppressed=self._suppressed
            )[key]
        return self._done[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._chosen)

    def __len__(self) -> int:
        return len(self._chosen)


@dataclass
class Board:
    scope: Scope
    results: dict[str, Result]
    previous: Mapping[str, Result]
    warnings: list[warnings.EarlyWarning]
    messages: list[str] = field(default_factory=list)
    suppressed: bool = True


def for_user(
    scope: Scope, user: User, theme: Theme | None = None, *, with_warnings: bool = True
) -> Board:
    """The board as the user may see it on screen (which shows no comparison with the
    previous period, so only what the warnings read of it is computed)."""
    return board(
        scope,
        costs=sees_costs(user),
        suppressed=not sees_small_cells(user),
        theme=theme,
        with_warnings=with_warnings,
        every_previous=False,
    )


def board(
    scope: Scope,
    *,
    costs: bool,
    suppressed: bool = True,
    theme: Theme | None = None,
    with_warnings: bool = True,
    every_previous: bool = True,
) -> Board:
    """Indicators (of a theme, or all) for the scope, the previous period for comparison, the
    open early warnings and messages about empty or tiny data.

    With ``every_previous`` false, ``previous`` computes an indicator only when it is first
    read (by the warnings, or later by the caller, then without shared facts)."""
    chosen = indicators_for(costs, theme)
    previous: Mapping[str, Result] = {}
    found: list[warnings.EarlyWarning] = []
    with shared.computing():
        results = compute(scope, chosen, suppressed=suppressed)
        if with_warnings:
            every = indicators_for(costs)
            now = results if theme is None else compute(scope, every, suppressed=suppressed)
            before = scope.with_period(scope.period.previous())
            previous = OnDemand(before, every, suppressed=suppressed)
            found = warnings.early_warnings(now, previous)
            if every_previous:
                previous = dict(previous)
    messages = sorted({str(r.withheld) for r in results.values() if r.withheld})
    raw_children = sum(r.children for r in results.values() if not r.suppressed)
    # Every figure about some children is hidden: only true zeros (about no child) are left.
    all_hidden = all(
        c.suppressed or c.value is None or c.children == 0
        for r in results.values()
        for row in r.rows
        for c in row.cells
    )
    cells = [c for r in results.values() for row in r.rows for c in row.cells]
    any_hidden = any(c.suppressed for c in cells)
    if not raw_children and not any_hidden and all(c.value in (None, 0.0) for c in cells):
        messages.append(_("There are no data for this period and filter."))
    elif suppressed and all_hidden:
        messages.append(
            _(
                "The filter leaves so few children that every figure is hidden (fewer than 5 "
                "children per cell). Widen the period or remove a filter."
            )
        )
    return Board(scope, results, previous, found, messages, suppressed)
