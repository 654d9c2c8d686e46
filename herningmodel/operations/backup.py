"""Backups that restore: the database, the audit checkpoints, and a manifest with checksums.

``write_backup`` uses SQLite's online backup API (a consistent copy while the server runs) or
``pg_dump --format=custom`` on PostgreSQL. ``restore`` goes only into an empty database, and
refuses a backup whose checksums do not match or that was made by another version of
Herningmodel (restore with that version, then upgrade: docs/deployment.md, "Upgrades").
Herningmodel stores no uploaded documents outside the database, so the database holds them.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

MANIFEST = "manifest.json"
FORMAT = 1
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"


class BackupRefused(Exception):
    """A clear reason, printed as it is; nothing was written to the target database."""


def app_version() -> str:
    try:
        return importlib.metadata.version("herningmodel")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def applied_migrations() -> list[str]:
    return sorted(
        f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations()
    )


def row_counts() -> dict[str, int]:
    qn = connection.ops.quote_name
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.django_table_names(only_existing=True)):
            cursor.execute(f"SELECT COUNT(*) FROM {qn(table)}")  # noqa: S608 - Django's own names
            counts[table] = cursor.fetchone()[0]
    return counts


def _sqlite_counts(path: Path, tables: list[str]) -> dict[str, int]:
    copy = sqlite3.connect(path)
    try:
        return {
            table: copy.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]  # noqa: S608
            for table in tables
        }
    finally:
        copy.close()


def checkpoint_files() -> list[Path]:
    """The audit checkpoints and their key, where this installation has them (auditread)."""
    names = ("HERNINGMODEL_AUDIT_CHECKPOINT_FILE", "HERNINGMODEL_AUDIT_CHECKPOINT_KEY_FILE")
    found = []
    for name in names:
        configured = getattr(settings, name, None)
        if configured and Path(configured).exists():
            found.append(Path(configured))
    return found


def _pg_env() -> tuple[list[str], dict[str, str]]:
    db = settings.DATABASES["default"]
    args = ["--host", str(db.get("HOST") or "localhost"), "--port", str(db.get("PORT") or 5432)]
    args += ["--username", str(db.get("USER") or "postgres"), "--dbname", str(db["NAME"])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _dump_database(out: Path) -> str:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(out / SQLITE_FILE)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        return SQLITE_FILE
    if connection.vendor == "postgresql":
        args, env = _pg_env()
        command = ["pg_dump", "--format=custom", "--no-owner", "--file", str(out / PG_FILE)]
        done = subprocess.run(command + args, env=env, capture_output=True, text=True)  # noqa: S603
        if done.returncode != 0:
            raise BackupRefused(f"pg_dump failed: {done.stderr.strip()}")
        return PG_FILE
    raise BackupRefused(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")


def write_backup(out: Path) -> dict[str, Any]:
    if out.exists() and any(out.iterdir()):
        raise BackupRefused(f"{out} is not empty: give a new directory for each backup.")
    if connection.in_atomic_block:
        raise BackupRefused("A backup cannot be taken inside a database transaction.")
    out.mkdir(parents=True, exist_ok=True)
    counts = row_counts()
    migrations = applied_migrations()
    database_file = _dump_database(out)
    if database_file == SQLITE_FILE:
        # Counted in the copy itself, so the numbers are exactly what a restore gives back.
        counts = _sqlite_counts(out / SQLITE_FILE, list(counts))
    copied = []
    for source in checkpoint_files():
        target = out / "audit" / source.name
        target.parent.mkdir(exist_ok=True)
        shutil.copy2(source, target)
        copied.append(f"audit/{source.name}")
    files = [database_file, *copied]
    manifest = {
        "format": FORMAT,
        "app_version": app_version(),
        "engine": connection.vendor,
        "created_at": timezone.now().isoformat(),
        "database_file": database_file,
        "migrations": migrations,
        "row_counts": counts,
        "files": {name: sha256(out / name) for name in files},
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    from herningmodel.operations.models import JobRun

    JobRun.objects.create(
        job=JobRun.Job.BACKUP,
        finished_at=timezone.now(),
        summary={"directory": str(out), "rows": sum(counts.values())},
    )
    return manifest


@dataclass(frozen=True)
class Restored:
    manifest: dict[str, Any]
    row_counts: dict[str, int]


def read_manifest(backup: Path) -> dict[str, Any]:
    path = backup / MANIFEST
    if not path.exists():
        raise BackupRefused(f"{backup} has no {MANIFEST}: it is not a Herningmodel backup.")
    try:
        manifest = json.loads(path.read_text())
    except json.JSONDecodeError as exc:
        raise BackupRefused(f"{path} is not valid JSON: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupRefused(f"Backup format {manifest.get('format')!r} is not {FORMAT}.")
    return manifest


def check_backup(backup: Path) -> dict[str, Any]:
    """Refuse a backup from another version, with unknown migrations or a bad checksum."""
    manifest = read_manifest(backup)
    version = app_version()
    if manifest["app_version"] != version:
        raise BackupRefused(
            f"The backup was made by Herningmodel {manifest['app_version']}, this is {version}: "
            "restore it with the same version, then upgrade (docs/deployment.md, Upgrades)."
        )
    known = {f"{app}.{name}" for app, name in MigrationLoader(None).disk_migrations}
    unknown = sorted(set(manifest["migrations"]) - known)
    if unknown:
        raise BackupRefused(
            f"The backup has migrations this installation does not know ({', '.join(unknown[:5])}"
            f"{'…' if len(unknown) > 5 else ''}): it is from a newer version."
        )
    for name, expected in manifest["files"].items():
        path = backup / name
        if not path.exists():
            raise BackupRefused(f"{name} is missing from the backup.")
        if sha256(path) != expected:
            raise BackupRefused(f"{name} does not match its checksum: the backup is damaged.")
    if manifest["engine"] != connection.vendor:
        raise BackupRefused(
            f"The backup is of a {manifest['engine']} database; this one is {connection.vendor}."
        )
    return manifest


def database_is_empty() -> bool:
    return not connection.introspection.table_names()


def restore(backup: Path) -> Restored:
    manifest = check_backup(backup)
    if not database_is_empty():
        raise BackupRefused(
            "The target database is not empty: restore only into a new, empty database."
        )
    checkpoints = [backup / name for name in manifest["files"] if name.startswith("audit/")]
    targets = [_checkpoint_target(path) for path in checkpoints]
    for target in targets:
        if target is not None and target.exists():
            raise BackupRefused(f"{target} exists: move it away before restoring over it.")
    source = backup / manifest["database_file"]
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        origin = sqlite3.connect(source)
        try:
            origin.backup(connection.connection)
        finally:
            origin.close()
    else:
        args, env = _pg_env()
        command = ["pg_restore", "--no-owner", "--exit-on-error", *args, str(source)]
        done = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
        if done.returncode != 0:
            raise BackupRefused(f"pg_restore failed: {done.stderr.strip()}")
    for path, target in zip(checkpoints, targets, strict=True):
        if target is not None:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
    return Restored(manifest=manifest, row_counts=row_counts())


def _checkpoint_target(path: Path) -> Path | None:
    """Where this installation keeps the checkpoint file of that name (None: not configured)."""
    for setting in ("HERNINGMODEL_AUDIT_CHECKPOINT_FILE", "HERNINGMODEL_AUDIT_CHECKPOINT_KEY_FILE"):
        configured = getattr(settings, setting, None)
        if configured and Path(configured).name == path.name:
            return Path(configured)
    return None
