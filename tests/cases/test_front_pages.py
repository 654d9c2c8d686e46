"""The caseworker starts the day with the deadlines; the child page shows cases and progress."""

from __future__ import annotations

import datetime as dt

from herningmodel.cases import services
from herningmodel.progress.models import Instrument
from tests.cases.journey import SRC, open_case_by_notification, section_32_decision


def test_the_front_page_lists_the_caseworkers_deadlines(world, login):  # type: ignore[no-untyped-def]
    case = open_case_by_notification(world)
    page = login(world.caseworker_a).get("/").content.decode()
    assert 'id="work-h"' in page
    assert f"/cases/{case.pk}/" in page  # the open assessment's deadline links to the case


def test_roles_without_cases_get_no_deadline_section(world, login):  # type: ignore[no-untyped-def]
    page = login(world.controller).get("/").content.decode()
    assert 'id="work-h"' not in page


def test_the_childs_page_shows_cases_and_a_progression_chart(world, login):  # type: ignore[no-untyped-def]
    case = open_case_by_notification(world)
    section_32_decision(world, case)
    services.record_follow_up(
        actor=world.caseworker_a,
        case=case,
        held_on=dt.date(2025, 7, 1),
        goals_moved="yes",
        decision="continue",
        instrument=Instrument.objects.get(code="ics-scaling"),
        scores={"child": 4, "parenting": 6, "family": 7},
        source=SRC,
    )
    page = login(world.caseworker_a).get(f"/children/{world.child_a.pk}/").content.decode()
    assert f"/cases/{case.pk}/" in page
    assert "<svg" in page
    assert "<polyline" in page


def test_sdq_scores_can_be_entered_and_are_range_checked(world, login):  # type: ignore[no-untyped-def]
    from herningmodel.progress.models import Measurement

    case = open_case_by_notification(world)
    client = login(world.caseworker_a)
    url = f"/cases/{case.pk}/measure/sdq/"
    scores = {"score_emotional": 3, "score_conduct": 2, "score_hyperactivity": 5}
    too_high = client.post(url, {"measured_on": "2025-02-01", **scores, "score_peer": 11})
    assert too_high.status_code == 422
    assert not Measurement.objects.exists()
    saved = client.post(url, {"measured_on": "2025-02-01", **scores, "score_peer": 1})
    assert saved.status_code == 302
    measurement = Measurement.objects.get()
    assert measurement.instrument.code == "sdq"
    assert sorted(s.value for s in measurement.scores.all()) == [1, 2, 3, 5]
    assert login(world.caseworker_b).get(url).status_code == 404
