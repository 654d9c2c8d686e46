"""Adopting a scenario version and following it against the cost ledger on the page."""

from __future__ import annotations

import datetime as dt

import pytest

from herningmodel.audit.models import AuditEvent
from herningmodel.economics import actuals, services
from herningmodel.economics.models import Adoption, Scenario
from herningmodel.economics.realisation import closed_quarters, compare, forecast_of
from herningmodel.economics.scenario import parse
from herningmodel.staircase import services as staircase
from tests.economics.test_scenario_file import MINIMAL

pytestmark = pytest.mark.django_db
URL = "/economics/realisation/"

# One foster child (step 5) and one institution child (step 6) in the baseline; at full effect
# 40–80 % (uniform, 60 % at the point) of the institution child is in foster care instead.
# Baseline 1,180,000 kr a year = 295,000 a quarter; forecast savings 0.6 × 580,000 = 348,000 a
# year = 87,000 a quarter, band about 61,000–113,000 a quarter.
PLAN = """\
[scenario]
name = "Plan"
horizon_years = 3

[baseline]
children = [0, 0, 0, 0, 1, 1]
cost_per_child = [0, 0, 0, 0, 300_000, 880_000]

[[effects.shift]]
from = 6
to = 5
share = 0.6

[uncertainty]
draws = 2000

[uncertainty.parameters]
"effects.shift.6-5" = { kind = "uniform", min = 0.4, max = 0.8 }
"""


def _episode(world, kind, child, start, end):  # type: ignore[no-untyped-def]
    episode = staircase.start_episode(
        actor=world.caseworker_a,
        child=child,
        intervention_type=kind,
        provider=kind.prices.first().provider,
        start=start,
        justification="Decided after a § 20 assessment.",
    )
    staircase.end_episode(
        actor=world.caseworker_a, episode=episode, end=end, reason="step_down", expected_version=1
    )


@pytest.fixture
def ledger(world, catalogue):  # type: ignore[no-untyped-def]
    """2024: Asta in a foster family all year (1,287.67 kr a day); Bjørn in an institution in
    Q1 (3,859 kr a day), then home support in Q2 (1,000 kr a day)."""
    _episode(world, catalogue.foster, world.child_a, dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    _episode(world, catalogue.institution, world.child_b, dt.date(2024, 1, 1), dt.date(2024, 3, 31))
    _episode(
        world, catalogue.home_support, world.child_b, dt.date(2024, 4, 1), dt.date(2024, 6, 30)
    )


def _adopt(world, text: str = PLAN) -> Adoption:  # type: ignore[no-untyped-def]
    scenario, _parsed = services.save_scenario(text, actor=world.controller)
    return services.adopt_scenario(scenario, starts_on=dt.date(2024, 1, 1), actor=world.controller)


def test_a_quarter_under_the_band_warns_and_one_within_does_not(world, ledger) -> None:  # type: ignore[no-untyped-def]
    adoption = _adopt(world)
    forecast = forecast_of(parse(PLAN))
    quarters = closed_quarters(adoption.starts_on, dt.date(2025, 1, 15), forecast.horizon)
    result = compare(forecast, adoption.starts_on, actuals.ledger_quarters(quarters))
    q1, q2 = result.rows[0], result.rows[1]
    # Q1: 91 days of foster care and 91 of institution: 117,177.97 + 351,169 kr spent.
    assert q1.actual_savings == pytest.approx(295_000 - 91 * 1287.67 - 91 * 3859)
    assert q1.steps[5].actual_children == pytest.approx(1)
    assert q1.below_band
    # Q2: foster care and home support: 117,177.97 + 91,000 -> savings 86,822 kr, in the band.
    assert q2.actual_savings == pytest.approx(295_000 - 91 * 1287.67 - 91 * 1000)
    assert q2.band_low < q2.actual_savings < q2.band_high
    assert not q2.below_band
    assert [w.quarter.label for w in result.warnings] == ["2024 Q1"]


def test_the_page_shows_the_warning_table_and_chart(world, login, ledger) -> None:  # type: ignore[no-untyped-def]
    _adopt(world)
    response = login(world.manager).get(URL)
    body = response.content.decode()
    assert response.status_code == 200
    assert "savings_below_band" in body
    assert body.count('class="warning"') == 1
    assert "2024 Q1" in body
    assert "2024 Q2" in body
    assert 'id="chart-realisation"' in body
    assert 'id="monitoring-charts"' in body


@pytest.mark.parametrize("persona", ["caseworker_a", "team_leader", "politician", "dpo"])
def test_denies_without_the_cost_permission(world, login, persona) -> None:  # type: ignore[no-untyped-def]
    scenario, _p = services.save_scenario(MINIMAL, actor=world.controller)
    client = login(getattr(world, persona))
    assert client.get(URL).status_code == 403
    post = {"scenario": scenario.pk, "starts_on": "2024-01-01", "confirm": "on"}
    assert client.post(URL, post).status_code == 403
    assert not Adoption.objects.exists()


def test_adopting_is_audited_and_replaces_the_current_adoption(world, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.controller)
    first, _p = services.save_scenario(MINIMAL, actor=world.controller)
    second, _p = services.save_scenario(PLAN, actor=world.controller)
    for scenario in (first, second):
        post = {"scenario": scenario.pk, "starts_on": "2024-01-01", "confirm": "on"}
        assert client.post(URL, post).status_code == 302
    old, new = Adoption.objects.order_by("pk")
    assert (old.current, old.ended_by, new.current) == (False, world.controller, True)
    assert new.adopted_by == world.controller
    assert services.current_adoption() == new
    adoption_events = AuditEvent.objects.filter(source="economics", object_type="Adoption")
    assert adoption_events.count() == 3  # two adoptions and one ending
    assert "Plan v1" in client.get(URL).content.decode()


@pytest.mark.parametrize(
    ("post", "field", "message"),
    [
        ({"starts_on": "2024-02-01", "confirm": "on"}, "starts_on", "første dag i et kvartal"),
        ({"starts_on": "2024-01-01"}, "confirm", "Dette felt er påkrævet"),
        ({"starts_on": "not a date", "confirm": "on"}, "starts_on", "gyldig dato"),
    ],
)
def test_bad_adoption_names_the_field_and_saves_nothing(world, login, post, field, message) -> None:  # type: ignore[no-untyped-def]
    scenario, _p = services.save_scenario(MINIMAL, actor=world.controller)
    response = login(world.controller).post(URL, {"scenario": scenario.pk, **post})
    body = response.content.decode()
    assert response.status_code == 400
    assert f'id="id_{field}_error"' in body
    assert message in body
    assert not Adoption.objects.exists()


def test_without_an_adoption_the_page_says_so(world, login) -> None:  # type: ignore[no-untyped-def]
    Scenario.objects.all().delete()
    response = login(world.controller).get(URL)
    assert response.status_code == 200
    assert "Intet scenarie er vedtaget endnu." in response.content.decode()


def test_the_business_case_page_shows_the_warning_too(world, login, ledger) -> None:  # type: ignore[no-untyped-def]
    _adopt(world)
    body = login(world.controller).get("/economics/").content.decode()
    assert 'class="warning"' in body
    assert "Plan v1: besparelser under prognosens nedre grænse i 1 kvartal" in body
    assert "2024 Q1." in body


def test_no_warning_on_the_business_case_page_without_one(world, login) -> None:  # type: ignore[no-untyped-def]
    _adopt(world)  # no ledger: every quarter saves the whole baseline, above the band
    body = login(world.controller).get("/economics/").content.decode()
    assert 'class="warning"' not in body


def test_without_case_access_small_actual_cells_are_hidden(world, login, ledger) -> None:  # type: ignore[no-untyped-def]
    # Two children in the ledger: a controller (no case access) must not see their figures;
    # a department manager (case access to every team) does.
    _adopt(world)
    controller = login(world.controller).get(URL).content.decode()
    assert "&lt;5" in controller
    assert "117178" not in controller.replace(".", "")  # Q2's foster-care spend
    # Hidden kroner are a dash with the footnote, never "<5" ("less than 5 kroner").
    quarters = controller.split("<tbody>")[1].split("</tbody>")[0]
    assert "&lt;5" not in quarters
    assert "–<sup" in quarters
    assert "skjult: færre end 5 børn" in controller.split("</table>")[1]
    manager = login(world.manager).get(URL).content.decode()
    assert "&lt;5" not in manager
