"""Regenerate the user guide's screenshots (docs/guide/img/*.png) from the browser journeys.

    .venv/bin/python -m tests.e2e.screenshots

runs the journeys that take the guide's pictures, with the images copied into docs/guide/img.
Every browser run also saves them under out/screenshots/ (not committed).
"""

from __future__ import annotations

import os
import sys

import pytest

GUIDE_TESTS = [
    "tests/e2e/test_journeys.py::test_caseworker_takes_a_notification_to_plan_intervention_and_follow_up",
    "tests/e2e/test_journeys.py::test_team_leader_reviews_the_teams_deadlines",
    "tests/e2e/test_journeys.py::test_controller_reads_the_cost_dashboard_and_downloads_the_committee_report",
    "tests/e2e/test_journeys.py::test_economist_runs_and_saves_a_business_case",
    "tests/e2e/test_journeys.py::test_politician_reads_the_overview_without_any_child",
    "tests/e2e/test_journeys.py::test_dpo_finds_who_viewed_a_child",
]


def main() -> int:
    os.environ["HERNINGMODEL_GUIDE_IMAGES"] = "1"
    os.environ["HERNINGMODEL_REQUIRE_BROWSER"] = "1"  # a skipped run would leave old images
    return int(pytest.main(["-q", *GUIDE_TESTS, *sys.argv[1:]]))


if __name__ == "__main__":
    sys.exit(main())
