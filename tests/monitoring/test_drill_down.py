"""Drill-down from a dashboard figure to the cases behind it: only for roles with case access,
only the cases they may read, every case shown audited, no personal data in the address."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest

from herningmodel.audit.models import AuditEvent, EventType
from herningmodel.cases.models import Case
from herningmodel.organisation.models import Role
from tests.factories import staff

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


def case_of(name: str) -> Case:
    return Case.objects.get(child__first_name=name)


def listed(html: str) -> dict[int, str]:
    """Case id → the 'in the figure' note, from the drill-down table."""
    rows = re.findall(r'<tr><td><a href="/cases/(\d+)/">\d+</a></td>(.*?)</tr>', html)
    return {int(pk): re.findall(r"<td>([^<]*)</td>", rest)[-1] for pk, rest in rows}


def drill(client, indicator: str, **params):  # type: ignore[no-untyped-def]
    return client.get(f"/monitoring/cases/{indicator}/", {"period": "2025Q1", **params})


def test_continuity_lists_the_districts_active_cases_and_who_was_handed_over(
    client, town, people
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people["manager"])
    response = drill(client, "continuity", district=town.north.pk)
    assert response.status_code == 200
    got = listed(response.content.decode())
    north = {case_of(n).pk for n in ("C1", "C2", "C6", "C7", "C8")}
    assert set(got) == north  # five North cases active in Q1, as the indicator counts
    assert got[case_of("C1").pk] == "handed over"
    assert got[case_of("C2").pk] == "one caseworker"


def test_deadlines_list_each_case_with_its_deadlines_met(client, town, people) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people["manager"])
    got = listed(
        drill(
            client, "deadlines_on_time", district=town.north.pk, series="acute_24h"
        ).content.decode()
    )
    # The indicator's 2 of 3: C1 once on time and once late, C2 on time.
    assert got == {case_of("C1").pk: "1 of 2 on time", case_of("C2").pk: "1 of 1 on time"}


def test_renotification_and_step_up_list_their_cases(client, town, people) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people["manager"])
    renotified = listed(drill(client, "renotified_within_12_months").content.decode())
    assert renotified == {case_of("C8").pk: "notified again"}
    back_up = listed(drill(client, "step_up_after_step_down").content.decode())
    assert back_up == {case_of("C2").pk: "back up within 6 months"}
    opened = listed(drill(client, "opened_before_birth_or_age_0").content.decode())
    assert set(opened) == {case_of(n).pk for n in ("C6", "C7", "C8")}


def test_every_case_shown_is_audited(client, town, people) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people["manager"])
    drill(client, "open_cases_per_caseworker", district=town.south.pk)
    events = AuditEvent.objects.filter(
        event_type=EventType.READ, source="page:monitoring:cases", actor=people["manager"]
    )
    assert set(events.values_list("child_id", flat=True)) == {
        case_of("C5").child_id,
        case_of("C9").child_id,
    }


def test_a_team_leader_sees_only_the_cases_of_their_teams(client, town, people) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people["leader_south"])
    got = listed(drill(client, "continuity").content.decode())  # all districts
    assert set(got) == {case_of("C5").pk, case_of("C9").pk}


def test_dashboard_links_carry_ids_and_the_period_only(client, town, people) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people["manager"])
    html = client.get("/monitoring/caseload/", {"period": "2025Q1"}).content.decode()
    links = re.findall(r'href="(/monitoring/cases/[^"]+)"', html)
    assert links
    for link in links:
        query = parse_qs(urlparse(link.replace("&amp;", "&")).query)
        assert set(query) <= {"period", "age", "district", "series"}
        assert all(re.fullmatch(r"[\w-]+", v[0]) for v in query.values())
    assert f"district={town.north.pk}" in html


@pytest.mark.parametrize("who", ["controller", "politician"])
def test_roles_without_case_access_get_no_links_and_no_list(client, town, people, who) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people[who])
    for page in ("/monitoring/", "/monitoring/caseload/", "/monitoring/deadlines/"):
        assert "/monitoring/cases/" not in client.get(page, {"period": "2025Q1"}).content.decode()
    assert drill(client, "continuity", district=town.north.pk).status_code == 404
    assert not AuditEvent.objects.filter(source="page:monitoring:cases").exists()


def test_roles_without_aggregates_get_no_list_either(client, town, people) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people["caseworker"])
    assert drill(client, "continuity").status_code == 404


def test_bad_drill_down_requests(client, town, people) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people["manager"])
    assert drill(client, "cost_per_child").status_code == 404  # not case-based
    assert drill(client, "no_such_indicator").status_code == 404
    assert drill(client, "deadlines_on_time", series="bogus").status_code == 404
    response = drill(client, "continuity", period="2025Q9")
    assert response.status_code == 400
    assert "quarter" in response.content.decode()
    assert drill(client, "continuity", district="99999").status_code == 400
