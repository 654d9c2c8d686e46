"""Prototypes through the API: register with a monitoring metric, read the result, decide."""

from __future__ import annotations

import pytest

from herningmodel.coordination.models import Prototype
from tests.coordination.test_prototypes import METRIC

JSON = "application/json"


def body(groups) -> dict[str, object]:  # type: ignore[no-untyped-def]
    trial, other = groups
    return {
        "title": "Financial adviser in the job centre",
        "hypothesis": "Debt advice steadies families.",
        "intervention": "A financial adviser every other week.",
        "target_group": "Families in the trial district",
        "success_metric": METRIC,
        "comparison_group": "Families in the other district",
        "trial_start": "2024-01-01",
        "trial_end": "2024-06-30",
        "decision_on": "2024-08-01",
        "trial_districts": [trial.pk],
        "comparison_districts": [other.pk],
    }


def test_register_read_and_stop(world, login, groups) -> None:  # type: ignore[no-untyped-def]
    client = login(world.manager)
    assert METRIC in {m["id"] for m in client.get("/api/prototypes/metrics").json()}
    made = client.post("/api/prototypes", body(groups), content_type=JSON)
    assert made.status_code == 201, made.content
    result = made.json()["result"]
    assert (result["trial"]["successes"], result["trial"]["n"]) == (7, 12)
    assert (result["low"], result["high"]) == pytest.approx((-0.0094, 0.5960), abs=1e-4)
    assert result["clear"] is False
    pk = made.json()["id"]
    decided = client.post(
        f"/api/prototypes/{pk}/decision",
        {"decision": "stop", "note": "No effect.", "justification": "Nobody got a job."},
        content_type=JSON,
    )
    assert decided.status_code == 200
    assert decided.json()["decision"] == "stop"
    assert decided.json()["departure"] == "interval_too_wide"
    assert decided.json()["justification"] == "Nobody got a job."
    again = client.post(
        f"/api/prototypes/{pk}/decision", {"decision": "scale", "note": "x"}, content_type=JSON
    )
    assert again.status_code == 422
    assert {e["code"] for e in again.json()["errors"]} == {"already_decided"}
    listed = login(world.politician).get("/api/prototypes?limit=10").json()
    assert listed["count"] == 1
    assert listed["items"][0]["decision"] == "stop"


def test_bad_input_and_who_may(world, login, groups) -> None:  # type: ignore[no-untyped-def]
    client = login(world.manager)
    missing = client.post(
        "/api/prototypes",
        {**body(groups), "success_metric": "", "decision_on": None},
        content_type=JSON,
    )
    assert missing.status_code == 422
    assert {e["code"] for e in missing.json()["errors"]} == {"no_metric", "no_decision_date"}
    bad = client.post("/api/prototypes", {**body(groups), "decision": "x"}, content_type=JSON)
    assert bad.status_code == 422
    assert not Prototype.objects.exists()
    # Reading is for those who see aggregates; registering and deciding for leaders.
    assert (
        login(world.politician).post("/api/prototypes", body(groups), content_type=JSON).status_code
        == 404
    )
    assert login(world.caseworker_a).get("/api/prototypes").status_code == 404
    made = login(world.manager).post("/api/prototypes", body(groups), content_type=JSON).json()
    assert (
        login(world.politician)
        .post(
            f"/api/prototypes/{made['id']}/decision",
            {"decision": "stop", "note": "x"},
            content_type=JSON,
        )
        .status_code
        == 404
    )
    assert login(world.dpo).get(f"/api/prototypes/{made['id']}").status_code == 404
