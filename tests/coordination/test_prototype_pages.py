"""The prototype pages: register with a monitoring metric, see trial vs comparison, decide."""

from __future__ import annotations

from herningmodel.coordination.models import Prototype
from tests.coordination.test_prototypes import METRIC

FORM = {
    "title": "Financial adviser in the job centre",
    "hypothesis": "Debt advice steadies families so that help comes early.",
    "intervention": "A financial adviser every other week.",
    "target_group": "Families in the trial district",
    "success_metric": METRIC,
    "comparison_group": "Families in the other district",
    "trial_start": "2024-01-01",
    "trial_end": "2024-06-30",
    "decision_on": "2024-08-01",
}


def form(groups) -> dict[str, object]:  # type: ignore[no-untyped-def]
    trial, other = groups
    return {**FORM, "trial_districts": [trial.pk], "comparison_districts": [other.pk]}


def test_a_manager_tries_and_stops_a_prototype(world, login, groups) -> None:  # type: ignore[no-untyped-def]
    client = login(world.manager)
    assert client.post("/coordination/prototypes/new/", form(groups)).status_code == 302
    prototype = Prototype.objects.get()
    url = f"/coordination/prototypes/{prototype.pk}/"
    page = client.get(url).content.decode()
    assert "7 / 12" in page
    assert "5 / 20" in page
    assert "ingen tydelig effekt" in page
    assert "Newcombe" in page
    # The interval includes zero but is too wide to rule out an effect: stopping needs a reason.
    decision = {"decision-decision": "stop", "decision-note": "It moved no one."}
    refused = client.post(url, decision)
    assert refused.status_code == 422
    assert "for bredt" in refused.content.decode()
    reason = "Two years without anyone moving into work, whatever the interval."
    assert client.post(url, {**decision, "decision-justification": reason}).status_code == 302
    prototype.refresh_from_db()
    assert prototype.decision == "stop"
    assert reason in client.get(url).content.decode()
    # A stopped prototype stays visible with its result.
    assert "Financial adviser" in client.get("/coordination/prototypes/").content.decode()
    assert "7 / 12" in client.get(url).content.decode()


def test_a_prototype_without_metric_or_decision_date_shows_errors(world, login, groups) -> None:  # type: ignore[no-untyped-def]
    data = {**form(groups), "success_metric": "", "decision_on": ""}
    response = login(world.manager).post("/coordination/prototypes/new/", data)
    assert response.status_code == 422
    assert not Prototype.objects.exists()


def test_who_sees_and_who_decides(world, login, groups) -> None:  # type: ignore[no-untyped-def]
    login(world.manager).post("/coordination/prototypes/new/", form(groups))
    url = f"/coordination/prototypes/{Prototype.objects.get().pk}/"
    politician = login(world.politician)
    assert politician.get(url).status_code == 200
    assert politician.post(url, {"decision-decision": "scale"}).status_code == 404
    assert politician.get("/coordination/prototypes/new/").status_code == 404
    for user in (world.caseworker_a, world.dpo):
        assert login(user).get(url).status_code == 404
