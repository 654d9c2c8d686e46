"""Same seed, same data; another seed, other data."""

from __future__ import annotations

import datetime as dt
import hashlib

from herningmodel.demo.generator import params_for, simulate
from herningmodel.demo.generator.records import History
from herningmodel.demo.generator.writer import catalogue_for

TODAY = dt.date(2026, 6, 15)


def fingerprint(history: History) -> str:
    return hashlib.sha256(repr(history).encode()).hexdigest()


def test_the_same_seed_gives_identical_data(db):
    params = params_for("small", seed=11, today=TODAY)
    catalogue = catalogue_for(params)
    first = simulate(params, catalogue)
    assert fingerprint(first) == fingerprint(simulate(params, catalogue))
    other = simulate(params_for("small", seed=12, today=TODAY), catalogue)
    assert fingerprint(other) != fingerprint(first)
    assert len(first.cases) > 50
