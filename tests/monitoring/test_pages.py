"""Dashboards: who may see them, what a politician sees, bad input answered clearly."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from herningmodel.monitoring import board as boards
from herningmodel.monitoring import disclosure, indicators
from herningmodel.organisation.models import District, Role
from tests.factories import staff

pytestmark = pytest.mark.django_db

PAGES = ["/monitoring/", *(f"/monitoring/{t}/" for t in ("caseload", "deadlines", "intake"))]
PAGES += ["/monitoring/staircase/", "/monitoring/placements/", "/monitoring/outcomes/"]


def numbers_in_cells(html: str) -> list[str]:
    return re.findall(r"<td>([^<]*)</td>", html)


@pytest.fixture
def people(town):  # type: ignore[no-untyped-def]
    return {
        "manager": staff(Role.DEPARTMENT_MANAGER, username="m").user,
        "controller": staff(Role.CONTROLLER, username="c").user,
        "politician": staff(Role.POLITICIAN, username="p").user,
        "caseworker": staff(Role.CASEWORKER, town.team_n, username="cw").user,
        "dpo": staff(Role.DPO, username="d").user,
        "leader": staff(Role.TEAM_LEADER, town.team_n, username="tl").user,
    }


@pytest.mark.parametrize("page", [*PAGES, "/monitoring/costs/", "/monitoring/report.json"])
@pytest.mark.parametrize("who", ["caseworker", "dpo"])
def test_roles_without_aggregates_are_denied(client, people, page, who) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people[who])
    assert client.get(page, {"period": "2025Q1"}).status_code == 403


def test_anonymous_is_sent_to_log_in(client, town) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/monitoring/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.parametrize("who", ["politician", "leader"])
def test_costs_page_needs_cost_permission(client, people, who) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people[who])
    assert client.get("/monitoring/costs/", {"period": "2025Q1"}).status_code == 403


@pytest.mark.parametrize("page", [*PAGES, "/monitoring/costs/"])
def test_manager_sees_every_page_with_charts_and_tables(client, people, page) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people["manager"])
    response = client.get(page, {"period": "2025Q1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "vendor/plotly/plotly.min.js" in html
    assert 'id="monitoring-charts" type="application/json"' in html
    assert "<table>" in html
    assert "<script>" not in html  # no inline script under the strict CSP


@pytest.mark.parametrize("page", PAGES)
def test_politician_never_sees_a_cell_under_5(client, people, page) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people["politician"])
    response = client.get(page, {"period": "2025Q1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "&lt;5" in numbers_in_cells(html)
    assert "80.0" not in numbers_in_cells(html)  # North's continuity: 4 of 5 cases


def test_no_cell_a_politician_sees_describes_1_to_4_children(town, people) -> None:  # type: ignore[no-untyped-def]
    board = boards.for_user(town.q1, people["politician"])
    assert board.results
    for result in board.results.values():
        hidden = set()
        for i, row in enumerate(result.rows):
            for j, cell in enumerate(row.cells):
                if cell.suppressed:
                    hidden.add(i * len(result.columns) + j)
                    assert cell.value is None
                    assert cell.numerator is None
                else:
                    assert not disclosure.is_small(cell.children), (result.indicator.id, row.label)
        assert not disclosure.recoverable(hidden, indicators.table_equations(result))


def test_manager_sees_the_small_numbers(client, people) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people["manager"])
    html = client.get("/monitoring/caseload/", {"period": "2025Q1"}).content.decode()
    assert "80.0" in html  # North's continuity


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"period": "2025Q9"}, "Give the period as a year"),
        ({"period": "2099"}, "has not begun yet"),
        ({"period": "2025Q1", "district": "999999"}, "do not exist"),
        ({"period": "2025Q1", "district": "x"}, "Unknown district"),
        ({"period": "2025Q1", "age": "99"}, "Unknown age group"),
        ({"period": "2003"}, "no data"),
    ],
)
def test_bad_input_gives_a_clear_message(client, people, query, message) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people["manager"])
    response = client.get("/monitoring/", query)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_filter_leaving_fewer_than_5_children_says_so_and_hides_them(client, people) -> None:  # type: ignore[no-untyped-def]
    """South aged 6–11 is C5 and C9: two children. A politician gets the message, and no cell
    but true zeros and "<5"."""
    client.force_login(people["politician"])
    south = District.objects.get(name="South")
    for page in PAGES:
        response = client.get(page, {"period": "2025Q1", "district": south.pk, "age": "6-11"})
        assert response.status_code == 200
        html = response.content.decode()
        # A theme where these two children have no data (placements) may say so, but only when
        # no cell of it is hidden: "no data" beside a hidden cell would tell that it is 0 (the
        # cells of South aged 6–11 can be hidden to protect the period's other tables).
        hidden_message = "so few children that every figure is hidden" in html
        no_data = "There are no data for this period and filter." in html
        assert hidden_message or (page == "/monitoring/placements/" and no_data), page
        if no_data:
            assert "&lt;5" not in numbers_in_cells(html), page
        assert set(numbers_in_cells(html)) <= {"&lt;5", "0.0", "–"}, page


def test_unknown_theme_is_404(client, people) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people["manager"])
    assert client.get("/monitoring/nonsense/").status_code == 404


def test_navigation_shows_monitoring_to_those_who_may(client, people) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people["politician"])
    assert reverse("monitoring:overview") in client.get("/").content.decode()
    client.force_login(people["caseworker"])
    assert reverse("monitoring:overview") not in client.get("/").content.decode()


def test_plotly_is_served_as_a_static_file(client, people) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/static/vendor/plotly/plotly.min.js")
    assert response.status_code == 200


def test_the_dashboard_speaks_danish_by_default(client, people, settings):  # type: ignore[no-untyped-def]
    from django.utils import translation

    settings.LANGUAGE_CODE = "da"
    with translation.override("da"):
        client.force_login(people["manager"])
        page = client.get("/monitoring/?period=2099").content.decode()
    assert "er ikke begyndt endnu" in page
