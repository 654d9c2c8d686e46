"""The early warnings and the drill-down to the cases behind a figure, through the API: the
same board, the same suppression and the same access and audit as the pages."""

from __future__ import annotations

import pytest
from django.utils import timezone

from herningmodel.audit.models import AuditEvent, EventType
from herningmodel.monitoring import board as boards
from herningmodel.monitoring.scope import build_scope
from herningmodel.organisation.models import Role
from tests.factories import staff
from tests.monitoring.test_drill_down import case_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(town):  # type: ignore[no-untyped-def]
    return {
        "manager": staff(Role.DEPARTMENT_MANAGER, username="m").user,
        "leader_south": staff(Role.TEAM_LEADER, town.team_s, username="tls").user,
        "controller": staff(Role.CONTROLLER, username="c").user,
        "politician": staff(Role.POLITICIAN, username="p").user,
        "caseworker": staff(Role.CASEWORKER, town.team_n, username="cw").user,
    }


def _warnings(client, **params):  # type: ignore[no-untyped-def]
    return client.get("/api/monitoring/warnings", {"period": "2025Q1", **params})


@pytest.mark.parametrize("who", ["manager", "controller"])
def test_the_warnings_are_the_boards_as_the_role_sees_them(client, town, people, who) -> None:  # type: ignore[no-untyped-def]
    user = people[who]
    client.force_login(user)
    body = _warnings(client).json()
    scope = build_scope("2025Q1", districts=[], age="", today=timezone.localdate())
    board = boards.for_user(scope, user)
    assert body["period"] == "2025Q1"
    assert body["suppressed"] is board.suppressed is (who == "controller")
    assert [w["code"] for w in body["warnings"]] == [w.code for w in board.warnings]
    if who == "manager":
        assert body["warnings"]  # the town has something to warn about
    for got, expected in zip(body["warnings"], board.warnings, strict=True):
        assert [(n["label"], n["value"]) for n in got["numbers"]] == [
            (str(label), value) for label, value in expected.numbers
        ]


def test_warnings_refuse_roles_without_aggregates_and_bad_periods(client, town, people) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people["caseworker"])
    assert _warnings(client).status_code == 403
    client.force_login(people["manager"])
    bad = _warnings(client, period="2025Q9")
    assert bad.status_code == 400
    assert _warnings(client, district="99999").status_code == 400
    assert _warnings(client, period="x" * 21).status_code == 422
    assert client.get("/api/monitoring/warnings").status_code == 200  # the default period


def _drill(client, indicator, **params):  # type: ignore[no-untyped-def]
    return client.get(
        "/api/monitoring/cases", {"period": "2025Q1", "indicator": indicator, **params}
    )


def test_the_cases_behind_a_figure_are_listed_and_audited(client, town, people) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people["manager"])
    body = _drill(client, "deadlines_on_time", district=town.north.pk, series="acute_24h").json()
    got = {item["case_id"]: item["contribution"] for item in body["items"]}
    assert got == {case_of("C1").pk: "1 of 2 on time", case_of("C2").pk: "1 of 1 on time"}
    assert body["count"] == 2
    events = AuditEvent.objects.filter(
        event_type=EventType.READ, source="api:GET /api/monitoring/cases"
    )
    assert set(events.values_list("child_id", flat=True)) == {
        case_of("C1").child_id,
        case_of("C2").child_id,
    }
    paged = _drill(
        client, "deadlines_on_time", district=town.north.pk, series="acute_24h", limit=1
    ).json()
    assert paged["count"] == 2
    assert paged["items"] == body["items"][:1]


def test_the_page_and_the_api_list_the_same_cases(client, town, people) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people["leader_south"])
    page = client.get("/monitoring/cases/continuity/", {"period": "2025Q1"})
    api = _drill(client, "continuity").json()
    assert [(c.pk, note) for c, note in page.context["rows"]] == [
        (i["case_id"], i["contribution"]) for i in api["items"]
    ]
    assert {i["case_id"] for i in api["items"]} == {case_of("C5").pk, case_of("C9").pk}


@pytest.mark.parametrize("who", ["controller", "politician", "caseworker"])
def test_roles_without_case_access_or_aggregates_get_404(client, town, people, who) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people[who])
    response = _drill(client, "continuity", district=town.north.pk)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert not AuditEvent.objects.filter(source="api:GET /api/monitoring/cases").exists()


def test_bad_drill_down_requests(client, town, people) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people["manager"])
    assert _drill(client, "cost_per_child").status_code == 404
    assert _drill(client, "no_such_indicator").status_code == 404
    assert _drill(client, "deadlines_on_time", series="bogus").status_code == 404
    assert _drill(client, "continuity", period="2025Q9").status_code == 400
    assert _drill(client, "continuity", district="99999").status_code == 400
    assert client.get("/api/monitoring/cases").status_code == 422  # no indicator
    assert _drill(client, "continuity", limit=0).status_code == 422


def test_the_indicator_definitions_as_the_role_may_see_them(client, town, people) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people["manager"])
    every = client.get("/api/monitoring/definitions").json()
    assert {i["id"] for i in every} == {i.id for i in boards.indicators_for(True)}
    continuity = next(i for i in every if i["id"] == "continuity")
    assert continuity["drillable"] is True
    assert continuity["definition"]
    deadlines = client.get("/api/monitoring/definitions", {"theme": "deadlines"}).json()
    assert {i["theme"] for i in deadlines} == {"deadlines"}
    assert client.get("/api/monitoring/definitions", {"theme": "nope"}).status_code == 422
    client.force_login(people["leader_south"])  # no costs.view
    assert not [i for i in client.get("/api/monitoring/definitions").json() if i["costs"]]
    client.force_login(people["caseworker"])
    assert client.get("/api/monitoring/definitions").status_code == 403
