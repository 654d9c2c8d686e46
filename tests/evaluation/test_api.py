"""The evaluation through the API: the page's estimates, for the roles that see aggregates."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from tests.conftest import World

pytestmark = pytest.mark.django_db


def test_without_a_pilot_the_evaluation_says_so(world: World, login: Any) -> None:
    response = login(world.politician).get("/api/evaluation", {"by": "quarter"})
    assert response.status_code == 200
    assert response.json() == {
        "title": "Evaluation: the Herning model, pilot against control",
        "by": "quarter",
        "analyses": [],
        "fidelity_columns": [],
        "fidelity": [],
        "associations_title": "",
        "associations": [],
        "messages": ["No district has started working by the model yet."],
    }


def test_the_evaluation_is_denied_to_roles_without_aggregates(world: World, login: Any) -> None:
    for user in (world.caseworker_a, world.dpo):
        assert login(user).get("/api/evaluation").status_code == 403
    assert login(world.controller).get("/api/evaluation", {"by": "week"}).status_code == 422


def test_the_evaluation_can_be_asked_for_by_month(world: World, login: Any) -> None:
    response = login(world.politician).get("/api/evaluation", {"by": "month"})
    assert response.status_code == 200
    assert response.json()["by"] == "month"


@pytest.mark.usefixtures("small_demo")
def test_on_the_demo_every_outcome_has_an_estimate(client: Any, settings: Any) -> None:
    settings.HERNINGMODEL_DEMO = True  # demo accounts log in only in demo mode
    client.force_login(get_user_model().objects.get(username="controller"))
    response = client.get("/api/evaluation")
    assert response.status_code == 200
    analyses = response.json()["analyses"]
    assert analyses
    assert all("estimate" in a and "ci_low" in a for a in analyses)
    body = response.json()
    assert body["fidelity_columns"][0] == "District"
    assert len(body["fidelity"]) == 5  # one row per district of the small demo


@pytest.mark.usefixtures("small_demo")
def test_the_estimators_texts_follow_the_requests_language(client: Any, settings: Any) -> None:
    """As on the page (the same report): Danish by default, English when asked for."""
    settings.HERNINGMODEL_DEMO = True
    settings.LANGUAGE_CODE = "da"
    client.force_login(get_user_model().objects.get(username="controller"))
    danish = client.get("/api/evaluation", HTTP_ACCEPT_LANGUAGE="da").json()["analyses"][0]
    assert danish["se_type"] == "analytiske (influensfunktion), klynger efter enhed"
    assert any("(færre end 30)" in w for w in danish["warnings"])
    assert danish["extra"]["comparison"] == "not-yet-treated"  # codes stay codes
    english = client.get("/api/evaluation", HTTP_ACCEPT_LANGUAGE="en").json()["analyses"][0]
    assert english["se_type"] == "analytic (influence function), clustered by unit"
    assert any("(fewer than 30)" in w for w in english["warnings"])
