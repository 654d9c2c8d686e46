"""On the default demo (the one `herningmodel demo` serves), the evaluation finds the pilot's
effect on institutional placements with the sign the generator built in.

The default demo takes about 30 s to generate on SQLite (50 s on PostgreSQL), so it is made once
for this module, inside an outer transaction that is rolled back afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
import pytest
from django.db import transaction

from herningmodel.demo import seed
from herningmodel.evaluation import child_panels, panels, staggered
from herningmodel.organisation.models import District
from tests.evaluation.conftest import TODAY

pytestmark = pytest.mark.django_db

#: The seed `herningmodel demo` uses by default.
DEFAULT_SEED = 1


@pytest.fixture(scope="module")
def default_demo(django_db_setup: None, django_db_blocker) -> Iterator[None]:  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        with transaction.atomic():
            seed.load(TODAY, size="default", seed=DEFAULT_SEED)
            yield
            transaction.set_rollback(True)


@pytest.fixture(scope="module")
def district_panel(default_demo, django_db_blocker) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        # As the page does: from two years before the first district's start, by year.
        first = min(d.model_start for d in District.objects.exclude(model_start=None))
        chosen = panels.periods(first.replace(year=first.year - 2), TODAY, "year")
        return panels.district_panel(panels.OUTCOMES, chosen)


def test_pilot_lowers_institutional_placements_on_the_default_demo(district_panel) -> None:  # type: ignore[no-untyped-def]
    # The generator sends fewer children to institutions in districts working by the model
    # (DOMAIN §2: KORA found the savings almost all came from fewer institutional placements).
    # With ten districts the estimate is negative and its 95 % interval excludes zero.
    result = staggered.callaway_santanna(
        district_panel,
        outcome="institution_per_1000",
        unit="district",
        time="time",
        first_treated="first_treated",
    )
    overall = result.overall
    assert overall.estimate < 0
    assert overall.ci_high < 0
    assert overall.p_value < 0.05
    assert overall.n_clusters == 10
    # Ten clusters: the result must still carry the small-cluster warning.
    assert any("fewer than 30" in w for w in overall.warnings)
    # The share of placed children in institutions falls too.
    share = staggered.callaway_santanna(
        district_panel,
        outcome="institution_share",
        unit="district",
        time="time",
        first_treated="first_treated",
    ).overall
    assert share.ci_high < 0


def test_child_level_did_on_the_default_demo_points_the_same_way(default_demo) -> None:  # type: ignore[no-untyped-def]
    # The child-level panel weighs districts by their children; its estimate is less precise
    # (children × periods before the controls adopt, clustered by ten districts) but has the
    # sign the generator built in.
    first = min(d.model_start for d in District.objects.exclude(model_start=None))
    chosen = panels.periods(first.replace(year=first.year - 2), TODAY, "year")
    panel = child_panels.build(child_panels.load_records(), chosen)
    estimate = child_panels.child_did(panel, "institution")
    assert estimate.estimate < 0
    assert estimate.n_clusters == 10
    assert estimate.extra["children"] > 5000


def test_the_default_demo_exported_and_imported_into_an_empty_database_is_the_same(  # type: ignore[no-untyped-def]
    default_demo, tmp_path
) -> None:
    """Issue #10's round trip on the default demo (bench/round_trip.py times it): every row
    count, every link and every indicator of every year are identical after export, removing
    the demo and importing the export. Inside a savepoint, so the module keeps its demo."""
    from herningmodel.demo.reset import remove_demo
    from herningmodel.interchange import full_export, full_import
    from herningmodel.people.models import Child
    from tests.interchange.test_round_trip import counts, indicators, links

    with transaction.atomic():
        years = [str(year) for year in range(2018, TODAY.year + 1)]
        before = {year: indicators(year) for year in years}
        rows, linked = counts(), links()
        archive = tmp_path / "full.zip"
        full_export.export_full(archive, actor=None, actor_label="test")
        # Issue #19: the unmodified export, imported back as a dry run, changes nothing.
        dry = full_import.import_all(archive, actor=None, origin="test", today=TODAY, dry_run=True)
        assert dry.ok, "\n".join(str(e) for r in dry.results for e in r.errors[:5])
        changed = [r.lines for r in dry.results[1:] if "0 new, 0 changed" not in r.lines[1]]
        assert not changed, changed
        remove_demo()
        assert not Child.objects.exists()
        outcome = full_import.import_all(archive, actor=None, origin="test", today=TODAY)
        problems = [str(e) for r in outcome.results for e in r.errors]
        assert outcome.ok, "\n".join(problems[:20])
        assert counts() == rows
        assert links() == linked
        for year in years:
            assert indicators(year) == before[year], year
        transaction.set_rollback(True)
