"""Backups that restore: the restore drill on the small demo, and the refusals.

The drill runs the product's own commands in separate processes against real database files,
as an operator would: generate the demo, back it up, restore into a fresh database, then
compare row counts per table, an indicator and the audit chain's verification.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from herningmodel.operations import backup

CLI = "from herningmodel.cli import main; main()"
PERIOD = "2025"


def herningmodel(args: list[str], database: Path, var: Path, *, check: bool = True):  # type: ignore[no-untyped-def]
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "HERNINGMODEL_VAR_DIR": str(var),
        "HERNINGMODEL_MODE": "development",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run(  # noqa: S603 - our own interpreter and command
        [sys.executable, "-c", CLI, *args], env=env, capture_output=True, text=True, timeout=600
    )
    if check:
        assert done.returncode == 0, done.stderr
    return done


def table_counts(database: Path) -> dict[str, int]:
    db = sqlite3.connect(database)
    try:
        tables = [
            row[0]
            for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")
            if not row[0].startswith("sqlite_")
        ]
        return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608
    finally:
        db.close()


@pytest.fixture(scope="module")
def drill(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("drill")
    source, fresh, var = root / "source.sqlite3", root / "fresh.sqlite3", root / "var"
    herningmodel(["demo", "--size", "small", "--seed", "7", "--no-serve"], source, var)
    herningmodel(["backup", "--out", str(root / "backup")], source, var)
    return {"root": root, "source": source, "fresh": fresh, "var": var, "backup": root / "backup"}


def test_the_restore_drill_gives_back_every_row_indicator_and_an_intact_audit_chain(
    drill: dict[str, Path],
) -> None:
    # A restore lands on a new installation: a fresh database and an empty var directory, into
    # which the backup's audit checkpoints and their key are put back.
    fresh_var = drill["root"] / "fresh-var"
    restored = herningmodel(["restore", str(drill["backup"])], drill["fresh"], fresh_var)
    assert "row counts match the manifest" in restored.stdout
    manifest = json.loads((drill["backup"] / "manifest.json").read_text())
    fresh_counts = table_counts(drill["fresh"])
    assert {t: fresh_counts[t] for t in manifest["row_counts"]} == manifest["row_counts"]
    assert manifest["row_counts"]["people_child"] > 100
    # The source went on (the backup's own job-run row); every other table is as backed up.
    source_counts = table_counts(drill["source"])
    source_counts["operations_jobrun"] -= 1
    assert source_counts == fresh_counts
    indicators = ["indicators", "--period", PERIOD, "--format", "json"]
    before = herningmodel(indicators, drill["source"], drill["var"]).stdout
    after = herningmodel(indicators, drill["fresh"], fresh_var).stdout
    assert json.loads(before) == json.loads(after)
    assert (
        "Audit chain intact" in herningmodel(["audit", "verify"], drill["fresh"], fresh_var).stdout
    )


def test_a_restore_into_a_database_with_tables_is_refused(drill: dict[str, Path]) -> None:
    refused = herningmodel(
        ["restore", str(drill["backup"])], drill["source"], drill["var"], check=False
    )
    assert refused.returncode == 1
    assert "not empty" in refused.stderr


def test_a_backup_into_a_used_directory_is_refused(drill: dict[str, Path]) -> None:
    again = herningmodel(
        ["backup", "--out", str(drill["backup"])], drill["source"], drill["var"], check=False
    )
    assert again.returncode == 1
    assert "is not empty" in again.stderr


@pytest.fixture
def written(drill: dict[str, Path], tmp_path: Path) -> Path:
    """A copy of the drill's backup, to damage."""
    return Path(shutil.copytree(drill["backup"], tmp_path / "b"))


def _edit_manifest(path: Path, **changes: object) -> None:
    manifest = json.loads((path / "manifest.json").read_text())
    manifest.update(changes)
    (path / "manifest.json").write_text(json.dumps(manifest))


def test_a_backup_from_a_newer_version_is_refused(written: Path) -> None:
    _edit_manifest(written, app_version="99.0.0")
    with pytest.raises(backup.BackupRefused, match="made by Herningmodel 99.0.0"):
        backup.check_backup(written)


def test_a_backup_with_unknown_migrations_is_refused(written: Path) -> None:
    manifest = json.loads((written / "manifest.json").read_text())
    _edit_manifest(written, migrations=[*manifest["migrations"], "cases.9999_from_the_future"])
    with pytest.raises(backup.BackupRefused, match="newer version"):
        backup.check_backup(written)


def test_a_damaged_backup_is_refused(written: Path) -> None:
    with (written / backup.SQLITE_FILE).open("ab") as damaged:
        damaged.write(b"\0")
    with pytest.raises(backup.BackupRefused, match="does not match its checksum"):
        backup.check_backup(written)


def test_a_directory_without_a_manifest_is_refused(tmp_path: Path) -> None:
    with pytest.raises(backup.BackupRefused, match="not a Herningmodel backup"):
        backup.read_manifest(tmp_path)


WITH_CHECKPOINTS = """
import sys, django
from pathlib import Path
django.setup()
from django.conf import settings
from herningmodel.operations import backup
settings.HERNINGMODEL_AUDIT_CHECKPOINT_FILE = Path(sys.argv[1])
backup.write_backup(Path(sys.argv[2]))
"""


def test_the_audit_checkpoints_are_backed_up_when_the_installation_has_them(
    drill: dict[str, Path], tmp_path: Path
) -> None:
    """Run as the installation would once audit checkpoints exist (their setting is set)."""
    checkpoints = tmp_path / "audit-checkpoints.jsonl"
    checkpoints.write_text('{"at": "2026-12-07T10:00:00Z"}\n')
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{drill['source']}",
        "HERNINGMODEL_VAR_DIR": str(drill["var"]),
        "DJANGO_SETTINGS_MODULE": "herningmodel.settings",
    }
    out = tmp_path / "b"
    subprocess.run(  # noqa: S603
        [sys.executable, "-c", WITH_CHECKPOINTS, str(checkpoints), str(out)],
        env=env,
        check=True,
        timeout=600,
    )
    manifest = json.loads((out / "manifest.json").read_text())
    assert "audit/audit-checkpoints.jsonl" in manifest["files"]
    assert (out / "audit" / "audit-checkpoints.jsonl").read_text() == checkpoints.read_text()


def test_a_backup_inside_a_transaction_is_refused(db: None, tmp_path: Path) -> None:
    with pytest.raises(backup.BackupRefused, match="inside a database transaction"):
        backup.write_backup(tmp_path / "b")


def test_the_test_database_is_not_empty(db: None) -> None:
    """The guard the restore relies on sees Django's tables."""
    assert connection.introspection.table_names()
    assert not backup.database_is_empty()
