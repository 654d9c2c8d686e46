"""Aggregate exports of fictitious municipalities, for the demo and the tests of the comparison.

Each one is a demo municipality of its own size and seed, generated inside a transaction that
is rolled back once its exports are written: the database is left exactly as it was (a loaded
demo stays loaded). The files are real aggregate exports (suppressed, hashed), so importing
them exercises the same path as another municipality's files.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

from django.db import transaction

from herningmodel.demo import generator
from herningmodel.demo.generator.params import Size
from herningmodel.demo.reset import remove_demo
from herningmodel.demo.seed import DemoRefused
from herningmodel.interchange import aggregates
from herningmodel.organisation.models import Municipality


@dataclass(frozen=True)
class Fictitious:
    name: str
    code: str
    seed: int
    children: int
    districts: int


# Codes 991–993 are no real Danish municipality code (those run 101–860).
MUNICIPALITIES = (
    Fictitious("Nordby Kommune (fiktiv)", "991", seed=11, children=1500, districts=5),
    Fictitious("Sønderå Kommune (fiktiv)", "992", seed=12, children=2400, districts=6),
    Fictitious("Vestlund Kommune (fiktiv)", "993", seed=13, children=1000, districts=4),
)


def write_files(out_dir: Path, *, periods: list[str], today: dt.date, count: int = 3) -> list[Path]:
    """Write ``count`` fictitious municipalities' JSON exports for each period into out_dir."""
    existing = Municipality.objects.first()
    if existing is not None and not existing.is_demo:
        raise DemoRefused(
            f"The database holds the municipality {existing.name!r}, which is not a demo; "
            "fictitious exports are made only next to a demo or an empty database."
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for town in MUNICIPALITIES[:count]:
        params = generator.params_for("small", seed=town.seed, today=today)
        params = replace(
            params,
            size=Size(children=town.children, districts=town.districts, teams_per_district=1),
        )
        with transaction.atomic():
            if Municipality.objects.exists():
                remove_demo()
            generator.generate(params, validate="sample")
            Municipality.objects.update(name=town.name, code=town.code)
            for period in periods:
                body = aggregates.export(
                    period, ".json", today=today, source="cli:benchmark demo-files"
                )
                path = out_dir / f"aggregates-{town.code}-{period}.json"
                path.write_bytes(body)
                written.append(path)
            transaction.set_rollback(True)
    return written
