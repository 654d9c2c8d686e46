"""The prototype pages: register, record the result, see trial vs comparison, decide."""

from __future__ import annotations

from herningmodel.coordination.models import Prototype

FORM = {
    "title": "Financial adviser in the job centre",
    "hypothesis": "Debt advice moves parents toward work.",
    "intervention": "A financial adviser every other week.",
    "target_group": "Parents on benefits in Familier på vej",
    "success_metric": "Share in work or education after 6 months",
    "comparison_group": "Parents on benefits in other districts",
    "trial_start": "2024-01-01",
    "trial_end": "2024-06-30",
    "decision_on": "2024-08-01",
}


def test_a_manager_tries_and_stops_a_prototype(world, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.manager)
    assert client.post("/coordination/prototypes/new/", FORM).status_code == 302
    prototype = Prototype.objects.get()
    url = f"/coordination/prototypes/{prototype.pk}/"
    result = {
        "result-trial_n": 40,
        "result-trial_successes": 4,
        "result-comparison_n": 42,
        "result-comparison_successes": 5,
    }
    assert client.post(url, result).status_code == 302
    page = client.get(url).content.decode()
    assert "4 / 40" in page
    assert "ingen tydelig effekt" in page
    decision = {"decision-decision": "stop", "decision-note": "It moved no one to work."}
    assert client.post(url, decision).status_code == 302
    prototype.refresh_from_db()
    assert prototype.decision == "stop"
    # A stopped prototype stays visible with its result.
    assert "Financial adviser" in client.get("/coordination/prototypes/").content.decode()


def test_a_prototype_without_metric_or_decision_date_shows_errors(world, login) -> None:  # type: ignore[no-untyped-def]
    data = {**FORM, "success_metric": "", "decision_on": ""}
    response = login(world.manager).post("/coordination/prototypes/new/", data)
    assert response.status_code == 422
    assert not Prototype.objects.exists()


def test_who_sees_and_who_decides(world, login) -> None:  # type: ignore[no-untyped-def]
    login(world.manager).post("/coordination/prototypes/new/", FORM)
    url = f"/coordination/prototypes/{Prototype.objects.get().pk}/"
    politician = login(world.politician)
    assert politician.get(url).status_code == 200
    assert politician.post(url, {"decision-decision": "scale"}).status_code == 404
    assert politician.get("/coordination/prototypes/new/").status_code == 404
    for user in (world.caseworker_a, world.dpo):
        assert login(user).get(url).status_code == 404
