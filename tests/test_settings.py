"""Production settings: no start without a secret key, and `check --deploy` is clean."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "HERNINGMODEL_MODE"}}
    return subprocess.run(  # noqa: S603 - fixed interpreter and arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_without_secret_key_fails_clearly():
    result = _run("check", HERNINGMODEL_MODE="production", ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_check_deploy_is_clean_in_production():
    result = _run(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        HERNINGMODEL_MODE="production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="herningmodel.example.org",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_an_unknown_mode_is_refused():
    result = _run("check", HERNINGMODEL_MODE="staging")
    assert result.returncode != 0
    assert "HERNINGMODEL_MODE must be one of" in result.stderr


def test_database_url_accepts_an_sqlite_path(tmp_path):
    db = tmp_path / "other.sqlite3"
    result = _run("migrate", "--plan", DATABASE_URL=f"sqlite:///{db}")
    assert result.returncode == 0, result.stderr


def test_a_malformed_database_url_is_refused():
    result = _run("check", DATABASE_URL="nonsense://")
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_a_short_audit_checkpoint_key_is_refused_clearly():
    result = _run("check", HERNINGMODEL_AUDIT_CHECKPOINT_KEY="too-short")
    assert result.returncode != 0
    assert "HERNINGMODEL_AUDIT_CHECKPOINT_KEY must be at least 32 characters" in result.stderr


def test_audit_checkpoints_at_most_a_day_apart():
    result = _run("check", HERNINGMODEL_AUDIT_CHECKPOINT_HOURS="48")
    assert result.returncode != 0
    assert "HERNINGMODEL_AUDIT_CHECKPOINT_HOURS must be between 1 and 24" in result.stderr
