"""The demo municipality generator: a seeded simulation of years of case work.

``generate(params)`` runs the pure simulation (``population``, ``paths``, ``course``,
``staffing``), checks the service rules on its records (``invariants``) and bulk-writes them
(``writer``). See docs/demo-data.md.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

from django.db import transaction

from herningmodel.demo.generator import invariants, population, staffing, writer
from herningmodel.demo.generator.clip import clip
from herningmodel.demo.generator.params import BadDemoInput, Params, params_for
from herningmodel.demo.generator.paths import Simulator
from herningmodel.demo.generator.records import History

__all__ = ["BadDemoInput", "Params", "Result", "generate", "params_for", "simulate"]


def _quiet(stage: str, done: int, total: int) -> None:
    return None


@dataclass(frozen=True)
class Result:
    rows: int
    ledger_entries: int
    seconds: float
    counts: dict[str, int]


def simulate(params: Params, catalogue: dict[str, tuple[int, str]]) -> History:
    """The whole history in memory; identical for identical parameters and seed."""
    history = History()
    rng = random.Random(params.seed)
    population.organisation(params, history)
    population.children(params, history, rng)
    Simulator(params, history, catalogue).run()
    history = clip(history, params.start)
    staffing.assign(params, history, random.Random(params.seed + 1))
    return history


def generate(
    params: Params, *, validate: str = "sample", progress: writer.Progress = _quiet
) -> Result:
    """Simulate and write everything in one transaction (nothing is written on any error)."""
    began = time.perf_counter()
    progress("simulating", 0, writer.STAGES)
    catalogue = writer.catalogue_for(params)
    if not catalogue:
        raise BadDemoInput("The intervention catalogue has no prices for the start year.")
    history = simulate(params, catalogue)
    invariants.check(history, params.today)
    with transaction.atomic():
        written = writer.write(params, history, validate=validate, progress=progress)
    return Result(
        rows=written["rows"],
        ledger_entries=written["ledger_entries"],
        seconds=time.perf_counter() - began,
        counts=history.counts(),
    )
