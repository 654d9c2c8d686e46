"""The front page shows each role its teams and what it can do, in Danish or English."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_caseworker_sees_own_team_and_case_work(world, login):
    page = (
        login(world.caseworker_a)
        .get(reverse("home"), headers={"accept-language": "en"})
        .content.decode()
    )
    assert "Team A" in page
    assert "Team B" not in page
    assert "See the children and cases of your teams" in page
    assert reverse("people:list") in page
    assert reverse("audit:search") not in page


def test_politician_sees_aggregates_only(world, login):
    page = (
        login(world.politician)
        .get(reverse("home"), headers={"accept-language": "en"})
        .content.decode()
    )
    assert "See aggregate figures" in page
    assert reverse("people:list") not in page


def test_dpo_sees_the_audit_trail(world, login):
    page = login(world.dpo).get(reverse("home")).content.decode()
    assert reverse("audit:search") in page


def test_danish_is_the_default(world, login):
    page = login(world.caseworker_a).get(reverse("home")).content.decode()
    assert 'lang="da"' in page
    assert "Forside" in page


def test_switching_to_english(world, login):
    client = login(world.caseworker_a)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("home")).content.decode()
    assert 'lang="en"' in page
    assert "Front page" in page


def test_layout_has_landmarks_and_a_skip_link(world, login):
    page = login(world.caseworker_a).get(reverse("home")).content.decode()
    assert 'href="#main"' in page
    assert '<main id="main"' in page
    assert "<nav" in page
    assert "<header" in page
    assert "<footer" in page
