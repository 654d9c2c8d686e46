"""`herningmodel check` in production warns, in plain words, about stale backups, retention
runs and audit checkpoints."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from herningmodel.operations import status
from herningmodel.operations.models import JobRun

NOW = dt.datetime(2026, 12, 7, 12, tzinfo=dt.UTC)


@pytest.fixture
def no_checkpoints(settings):  # type: ignore[no-untyped-def]
    if hasattr(settings, "HERNINGMODEL_AUDIT_CHECKPOINT_FILE"):
        del settings.HERNINGMODEL_AUDIT_CHECKPOINT_FILE


def test_a_job_that_never_ran_is_named_with_its_command(db, no_checkpoints) -> None:  # type: ignore[no-untyped-def]
    found = status.warnings(NOW)
    assert "No backup has ever run: schedule `herningmodel backup` (docs/deployment.md)." in found
    assert any("herningmodel retention run" in w for w in found)


def test_recent_runs_give_no_warning(db, no_checkpoints) -> None:  # type: ignore[no-untyped-def]
    for job in JobRun.Job:
        JobRun.objects.create(job=job, finished_at=NOW - dt.timedelta(hours=3))
    assert status.warnings(NOW) == []


def test_a_stale_backup_says_how_old_it_is(db, no_checkpoints, settings) -> None:  # type: ignore[no-untyped-def]
    settings.HERNINGMODEL_BACKUP_MAX_AGE_HOURS = 26
    JobRun.objects.create(job=JobRun.Job.BACKUP, finished_at=NOW - dt.timedelta(hours=50))
    JobRun.objects.create(job=JobRun.Job.RETENTION, finished_at=NOW)
    assert status.warnings(NOW) == [
        "The last backup finished 50 hours ago (more than 26): check the timer that runs "
        "`herningmodel backup`."
    ]


def test_a_stale_checkpoint_is_a_warning(db, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.HERNINGMODEL_AUDIT_CHECKPOINT_FILE = tmp_path / "audit-checkpoints.jsonl"
    for job in JobRun.Job:
        JobRun.objects.create(job=job, finished_at=timezone.now())
    assert status.warnings() == ["Audit checkpoint not fresh: no checkpoint written yet."]


def test_check_prints_the_warnings_in_production_only(db, no_checkpoints, capsys) -> None:  # type: ignore[no-untyped-def]
    from herningmodel.cli.operations import report_operations

    report_operations(False)
    assert capsys.readouterr().err == ""
    report_operations(True)
    assert "Warning: No backup has ever run" in capsys.readouterr().err
