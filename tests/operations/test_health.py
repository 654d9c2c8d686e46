"""Health, readiness, metrics and the trusted proxy: what a municipality's monitoring asks."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import subprocess
import sys

import pytest
from django.contrib.auth import authenticate
from django.test import Client, RequestFactory
from prometheus_client import REGISTRY

from herningmodel.operations import health
from herningmodel.operations.proxy import TrustedProxyMiddleware
from herningmodel.operations.requestlog import REQUEST_ID, JsonFormatter, RequestIdFilter


def test_healthz_answers_without_login_and_without_the_database(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_is_ready_when_the_database_is_reachable_and_migrated(
    client: Client,
    settings,
    tmp_path,  # type: ignore[no-untyped-def]
) -> None:
    settings.HERNINGMODEL_AUDIT_CHECKPOINT_FILE = tmp_path / "audit-checkpoints.jsonl"
    body = client.get("/readyz").json()
    assert body["status"] == "ready"
    assert body["checks"]["database"]["ok"]
    assert body["checks"]["migrations"] == {"ok": True, "detail": "all applied"}
    assert body["checks"]["job_worker"]["detail"] == "none in this version"
    assert body["checks"]["audit_checkpoint"]["detail"] == "no checkpoint written yet"


READYZ_IN_A_FRESH_PROCESS = """
import django, json
django.setup()
from django.test import Client
response = Client().get("/readyz")
print(json.dumps({"status": response.status_code, "body": response.json()}))
"""


def test_readyz_fails_with_503_when_the_database_is_unreachable(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A real server process whose PostgreSQL is down (nothing listens on port 9)."""
    env = {
        **os.environ,
        "DATABASE_URL": "postgresql://nobody@127.0.0.1:9/herningmodel?connect_timeout=2",
        "DJANGO_SETTINGS_MODULE": "herningmodel.settings",
        "HERNINGMODEL_VAR_DIR": str(tmp_path),
    }
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", READYZ_IN_A_FRESH_PROCESS],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    assert answer["status"] == 503
    assert answer["body"]["status"] == "not ready"
    assert answer["body"]["checks"]["database"] == {
        "ok": False,
        "detail": "unreachable (OperationalError)",
    }


@pytest.mark.django_db
def test_readyz_fails_when_a_migration_is_not_applied(client: Client, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(
        health, "migrations", lambda: health.Check("migrations", False, "1 not applied")
    )
    assert client.get("/readyz").status_code == 503


def test_readiness_reports_no_checkpoint_when_the_setting_is_absent(settings) -> None:  # type: ignore[no-untyped-def]
    if hasattr(settings, "HERNINGMODEL_AUDIT_CHECKPOINT_FILE"):
        del settings.HERNINGMODEL_AUDIT_CHECKPOINT_FILE
    assert health.audit_checkpoint() is None


def test_a_stale_checkpoint_is_not_ready(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "audit-checkpoints.jsonl"
    settings.HERNINGMODEL_AUDIT_CHECKPOINT_FILE = path
    now = dt.datetime(2026, 12, 7, 12, tzinfo=dt.UTC)
    # A new installation has none yet: ready (check warns), or it could never get one.
    assert health.audit_checkpoint(now) == health.Check(
        "audit_checkpoint", True, "no checkpoint written yet"
    )
    path.write_text(
        json.dumps({"at": "2026-12-05T12:00:00.000000Z"}) + "\n" + '{"at": "2026-12-07T1'
    )
    stale = health.audit_checkpoint(now)
    assert stale is not None
    assert not stale.ok
    assert stale.detail == "last checkpoint 48 h old"
    path.write_text(json.dumps({"at": "2026-12-07T11:00:00.000000Z"}) + "\n")
    fresh = health.audit_checkpoint(now)
    assert fresh is not None
    assert fresh.ok


@pytest.mark.django_db
def test_metrics_are_served_to_the_monitoring_address_only(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.HERNINGMODEL_METRICS_ALLOWED_ADDRESSES = ["10.0.0.7"]
    assert client.get("/metrics", REMOTE_ADDR="10.0.0.8").status_code == 403
    served = client.get("/metrics", REMOTE_ADDR="10.0.0.7")
    assert served.status_code == 200
    assert b"django_http_requests_latency_seconds_by_view_method" in served.content


@pytest.mark.django_db
def test_metrics_are_refused_through_the_public_proxy(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.HERNINGMODEL_TRUSTED_PROXIES = ["127.0.0.1"]
    settings.HERNINGMODEL_METRICS_ALLOWED_ADDRESSES = ["127.0.0.1"]
    relayed = client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert relayed.status_code == 403


@pytest.mark.django_db
def test_failed_log_ins_are_counted(world) -> None:  # type: ignore[no-untyped-def]
    before = REGISTRY.get_sample_value("herningmodel_login_failures_total") or 0
    assert authenticate(RequestFactory().post("/login/"), username="cw_a", password="wrong") is None
    assert REGISTRY.get_sample_value("herningmodel_login_failures_total") == before + 1


def _through_proxy_middleware(**meta: str) -> dict[str, object]:
    request = RequestFactory().get("/", **meta)  # type: ignore[arg-type]
    seen: dict[str, object] = {}

    def view(req):  # type: ignore[no-untyped-def]
        seen.update(req.META)
        seen["secure"] = req.is_secure()
        from django.http import HttpResponse

        return HttpResponse()

    TrustedProxyMiddleware(view)(request)
    return seen


def test_forwarded_proto_is_believed_only_from_the_proxy(settings, caplog) -> None:  # type: ignore[no-untyped-def]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.HERNINGMODEL_TRUSTED_PROXIES = ["127.0.0.2"]
    forged = _through_proxy_middleware(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    assert forged["secure"] is False
    assert "HTTP_X_FORWARDED_PROTO" not in forged
    assert "X-Forwarded-Proto from 127.0.0.1 ignored" in caplog.text
    relayed = _through_proxy_middleware(REMOTE_ADDR="127.0.0.2", HTTP_X_FORWARDED_PROTO="https")
    assert relayed["secure"] is True


def test_json_log_lines_carry_the_request_id_and_no_cpr_number() -> None:
    record = logging.LogRecord(
        "x", logging.ERROR, "f", 1, "child %s failed", ("010203-1234",), None
    )
    token = REQUEST_ID.set("abc12345")
    try:
        RequestIdFilter().filter(record)
        line = json.loads(JsonFormatter().format(record))
    finally:
        REQUEST_ID.reset(token)
    assert line["request_id"] == "abc12345"
    assert "010203-1234" not in line["message"]
    assert "XXXXXX-XXXX" in line["message"]


def test_every_response_names_its_request_id(client: Client) -> None:
    response = client.get("/healthz")
    assert len(response.headers["X-Request-ID"]) == 32
    forged = client.get("/healthz", HTTP_X_REQUEST_ID="from-anyone-1234", REMOTE_ADDR="10.9.9.9")
    assert forged.headers["X-Request-ID"] != "from-anyone-1234"
