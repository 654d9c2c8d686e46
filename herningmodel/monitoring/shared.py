"""Facts shared by several indicators, computed once per board.

Some indicators read the same rows (the two cost indicators the same ledger aggregate, the two
opening indicators the same openings). While :func:`computing` is active, :func:`once` keeps
each fact per scope, so a board reads it once; outside it (a single indicator) nothing is
kept, so no figure can go stale between requests.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from herningmodel.monitoring.scope import Scope

T = TypeVar("T")
_memo: ContextVar[dict[tuple[str, Scope], Any] | None] = ContextVar(
    "monitoring_facts", default=None
)


@contextmanager
def computing() -> Iterator[None]:
    """Share facts between the indicators computed inside the block."""
    if _memo.get() is not None:  # already inside: keep the outer memo
        yield
        return
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def once(fact: Callable[[Scope], T]) -> Callable[[Scope], T]:
    """Decorate a fact (a function of the scope) so a board computes it once per scope."""
    name = f"{fact.__module__}.{fact.__qualname__}"

    @functools.wraps(fact)
    def shared(scope: Scope) -> T:
        compute = shared.__wrapped__
        memo = _memo.get()
        if memo is None:
            return compute(scope)
        key = (name, scope)
        if key not in memo:
            memo[key] = compute(scope)
        return memo[key]

    return shared
