"""What `herningmodel check` warns about in production: a backup, a retention run or an
audit checkpoint that is older than its setting allows (a timer that stopped firing)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from herningmodel.operations import health
from herningmodel.operations.models import JobRun


def _last(job: str) -> dt.datetime | None:
    run = JobRun.objects.filter(job=job).order_by("-finished_at").first()
    return run.finished_at if run else None


def _hours(delta: dt.timedelta) -> int:
    return int(delta.total_seconds() // 3600)


def warnings(now: dt.datetime | None = None) -> list[str]:
    now = now or timezone.now()
    found = []
    jobs = (
        (JobRun.Job.BACKUP, settings.HERNINGMODEL_BACKUP_MAX_AGE_HOURS, "herningmodel backup"),
        (
            JobRun.Job.RETENTION,
            settings.HERNINGMODEL_RETENTION_MAX_AGE_HOURS,
            "herningmodel retention run",
        ),
    )
    for job, max_hours, command in jobs:
        last = _last(job)
        if last is None:
            found.append(f"No {job} has ever run: schedule `{command}` (docs/deployment.md).")
        elif now - last > dt.timedelta(hours=max_hours):
            found.append(
                f"The last {job} finished {_hours(now - last)} hours ago (more than {max_hours}): "
                f"check the timer that runs `{command}`."
            )
    checkpoint = health.audit_checkpoint(now)
    if checkpoint is not None and (not checkpoint.ok or checkpoint.detail == health.NO_CHECKPOINT):
        found.append(f"Audit checkpoint not fresh: {checkpoint.detail}.")
    return found
