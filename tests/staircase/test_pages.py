"""The staircase pages: who sees them, and the controller's price form."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from herningmodel.audit.models import AuditEvent
from herningmodel.staircase import services
from herningmodel.staircase.models import Budget, Price, Step

pytestmark = pytest.mark.django_db

CATALOGUE_PAGES = [
    reverse("staircase:catalogue"),
    reverse("staircase:type", args=["plejefamilie"]),
]


@pytest.mark.parametrize("url", CATALOGUE_PAGES)
def test_catalogue_pages_show_for_caseworkers_and_controllers(world, login, url):
    for user in (world.caseworker_a, world.team_leader, world.controller):
        response = login(user).get(url)
        assert response.status_code == 200
        assert "Plejefamilie" in response.content.decode() or "plejefamilie" in url


@pytest.mark.parametrize("url", CATALOGUE_PAGES)
def test_catalogue_pages_deny_the_politician_and_the_dpo(world, login, url):
    for user in (world.politician, world.dpo):
        assert login(user).get(url).status_code == 403


def test_the_catalogue_shows_current_prices_in_few_queries(
    world, login, django_assert_max_num_queries
):
    client = login(world.controller)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("staircase:catalogue"))
    html = response.content.decode()
    assert "Opholdsstedet Fjordlys" in html
    assert "Trin 6" in html  # Danish by default


def test_the_price_form_denies_caseworkers_and_team_leaders(world, login):
    for user in (world.caseworker_a, world.team_leader, world.manager):
        assert login(user).get(reverse("staircase:price_create")).status_code == 403


@pytest.mark.parametrize("who", ["controller", "administrator"])
def test_a_controller_or_administrator_adds_a_price(world, login, who):
    user = getattr(world, who)
    client = login(user)
    provider = Price.objects.filter(intervention_type__code="plejefamilie").first().provider
    response = client.post(
        reverse("staircase:price_create"),
        {
            "intervention_type": "plejefamilie",
            "provider": provider.pk,
            "valid_from": "2027-01-01",
            "amount": "1420.00",
        },
    )
    assert response.status_code == 302
    assert Price.objects.filter(valid_from=dt.date(2027, 1, 1), amount=Decimal("1420")).exists()
    assert AuditEvent.objects.filter(event_type="price_set", actor_id=user.pk).exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"amount": "-5"}, "amount", "negativ"),
        ({"amount": "mange penge"}, "amount", "tal"),
        ({"valid_from": ""}, "valid_from", "påkrævet"),
        ({"valid_from": "2016-01-01"}, "valid_from", "allerede"),
    ],
)
def test_bad_prices_show_an_error_next_to_the_field(world, login, changes, field, message):
    provider = Price.objects.filter(intervention_type__code="plejefamilie").first().provider
    data = {
        "intervention_type": "plejefamilie",
        "provider": provider.pk,
        "valid_from": "2027-01-01",
        "amount": "1420.00",
        **changes,
    }
    before = Price.objects.count()
    response = login(world.controller).post(reverse("staircase:price_create"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert message in " ".join(form.errors[field]).lower()
    assert Price.objects.count() == before


def test_budget_against_actual_for_the_controller(world, login):
    step5 = Step.objects.get(number=5)
    Budget.objects.create(step=step5, year=2024, amount=Decimal("1000000"))
    kind = step5.types.get(code="plejefamilie")
    services.start_episode(
        actor=world.caseworker_a,
        child=world.child_a,
        intervention_type=kind,
        provider=kind.prices.first().provider,
        start=dt.date(2024, 1, 1),
        justification="Acute.",
    )
    response = login(world.controller).get(reverse("staircase:budget") + "?year=2024")
    assert response.status_code == 200
    row = response.context["rows"][4]
    assert row["budget"] == Decimal("1000000")
    assert row["actual"] == Decimal("1380.00") * 366  # 2024 price for every day of 2024


def test_the_budget_page_denies_caseworkers_team_leaders_and_politicians(world, login):
    for user in (world.caseworker_a, world.team_leader, world.politician):
        assert login(user).get(reverse("staircase:budget")).status_code == 403


def test_the_navigation_shows_the_staircase_by_role(world, login):
    assert "Indsatstrappe" in login(world.caseworker_a).get("/").content.decode()
    assert "Indsatstrappe" not in login(world.politician).get("/").content.decode()
