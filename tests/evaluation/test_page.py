"""The evaluation page and PDF: who may see them, and what they show."""

from __future__ import annotations

from io import BytesIO

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.django_db


def test_the_page_denies_caseworkers_and_anonymous(world, login, client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/evaluation/").status_code == 302
    assert login(world.caseworker_a).get("/evaluation/").status_code == 403
    assert login(world.caseworker_a).get("/evaluation/report.pdf").status_code == 403


def test_the_page_without_a_started_district_says_so(world, login) -> None:  # type: ignore[no-untyped-def]
    response = login(world.controller).get("/evaluation/")
    assert response.status_code == 200
    assert "No district has started" in response.content.decode()


def test_the_page_offers_the_other_period_lengths(world, login) -> None:  # type: ignore[no-untyped-def]
    html = login(world.controller).get("/evaluation/", {"by": "month"}).content.decode()
    assert "?by=year" in html
    assert "?by=quarter" in html
    assert 'href="/evaluation/?by=month"' not in html
    assert 'report.pdf?by=month"' in html
    html = login(world.controller).get("/evaluation/", {"by": "fortnight"}).content.decode()
    assert "?by=quarter" in html
    assert "?by=month" in html
    assert 'report.pdf?by=year"' in html


def test_the_page_on_the_demo_shows_estimates_chart_fidelity_and_caveats(
    small_demo, client, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.HERNINGMODEL_DEMO = True  # demo accounts log in only in demo mode
    from django.contrib.auth import get_user_model

    controller = get_user_model().objects.get(username="controller")
    client.force_login(controller)
    response = client.get("/evaluation/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Callaway" in html
    assert "<svg" in html
    assert "Pre-trend test" in html
    assert "Association, not causation" in html
    assert "child level" in html
    assert "deadlines met on time, all kinds together" in html
    assert "child-level difference-in-differences" in html
    pdf = client.get("/evaluation/report.pdf")
    assert pdf.status_code == 200
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(pdf.content)).pages)
    assert "Callaway" in text


def test_the_page_shows_the_estimators_texts_in_the_readers_language(
    small_demo, client, settings
) -> None:  # type: ignore[no-untyped-def]
    """Danish by default: the estimator's names and warnings too, not only the headings."""
    settings.HERNINGMODEL_DEMO = True
    settings.LANGUAGE_CODE = "da"
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="controller"))
    html = client.get("/evaluation/", HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert "Kun 5 enheder (færre end 30): standardfejlene er asymptotiske" in html
    assert "klyngerobuste standardfejl kan være for små" in html
    assert "simpel aggregering (sammenligning med endnu ikke behandlede enheder)" in html
    assert "forskel-i-forskelle på børneniveau" in html
    assert "gruppe-periode-celler havde færre end 2 sammenligningsenheder" in html
    for english in ("fewer than", "difference-in-differences", "comparisons)", "left out"):
        assert english not in html
    pdf = client.get("/evaluation/report.pdf", HTTP_ACCEPT_LANGUAGE="da")
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(pdf.content)).pages)
    assert "færre end 30" in text
    assert "fewer than" not in text
    html = client.get("/evaluation/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Only 5 units (fewer than 30): the standard errors are asymptotic" in html
    assert "simple aggregation (not-yet-treated comparisons)" in html
    assert "færre end" not in html
