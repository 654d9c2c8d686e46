"""The chain is checked against checkpoints kept outside the database, so what a database
administrator can do to the rows — cut the newest, delete all, reorder, edit any column, even
the id, and recompute every hash — is found and named."""

from __future__ import annotations

import json
import os
import socket

import pytest
from django.db import connection
from typer.testing import CliRunner

from herningmodel.audit import chain, checkpoints, services
from herningmodel.audit.models import AuditEvent, EventType
from herningmodel.cli import app

pytestmark = pytest.mark.django_db
runner = CliRunner()


def _sql(sql: str, *params: object) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _events(world, n: int = 5) -> None:
    for _ in range(n):
        services.record(EventType.READ, actor=world.caseworker_a, child_id=world.child_a.pk)


def _cut_to(seq: int) -> None:
    """The issue's attack: delete the newest rows and copy the new last row's hash into the
    stored head, so the chain on its own verifies."""
    last_hash = AuditEvent.objects.get(seq=seq).hash
    _sql("DELETE FROM audit_auditevent WHERE seq > %s", seq)
    _sql("UPDATE audit_chainhead SET last_seq = %s, last_hash = %s", seq, last_hash)


def _rehash_all() -> None:
    """What a database administrator who knows the (public) hash function can do: recompute
    every row's hash and link, and the head, after changing a row."""
    prev = chain.GENESIS
    for event in AuditEvent.objects.order_by("seq"):
        fields = chain.hashed_fields(
            seq=event.seq,
            at=event.at,
            actor_id=event.actor_id,
            actor_label=event.actor_label,
            event_type=event.event_type,
            child_id=event.child_id,
            person_id=event.person_id,
            object_type=event.object_type,
            object_id=event.object_id,
            source=event.source,
            changes=event.changes,
        )
        digest = chain.event_hash(prev, fields)
        _sql(
            "UPDATE audit_auditevent SET prev_hash = %s, hash = %s WHERE seq = %s",
            prev,
            digest,
            event.seq,
        )
        prev = digest
    _sql("UPDATE audit_chainhead SET last_seq = %s, last_hash = %s", event.seq, prev)


def test_cutting_the_newest_rows_and_moving_the_head_passes_the_chain_alone(world):
    _events(world)
    _cut_to(3)
    assert services.verify() is None  # why the checkpoints exist


def test_cutting_the_newest_rows_is_found_against_the_checkpoint(world):
    _events(world)
    checkpoints.write("test")
    _cut_to(3)
    broken = services.verify()
    assert broken is not None
    assert broken.seq == 4
    assert "newest rows were deleted" in broken.reason
    assert "recorded 5 rows" in broken.reason


def test_deleting_every_row_and_the_head_is_found(world):
    _events(world)
    checkpoints.write("test")
    _sql("DELETE FROM audit_auditevent")
    _sql("DELETE FROM audit_chainhead")
    broken = services.verify()
    assert broken is not None
    assert "every row was deleted" in broken.reason


def test_an_edited_id_is_found(world):
    _events(world)
    _sql("UPDATE audit_auditevent SET id = 1000 WHERE seq = 2")
    broken = services.verify()
    assert broken is not None
    assert broken.seq == 2
    assert "id was changed to 1000" in broken.reason


def test_a_row_id_is_its_sequence_number(world):
    _events(world, 3)
    assert list(AuditEvent.objects.values_list("id", "seq")) == [(1, 1), (2, 2), (3, 3)]


def test_swapping_two_rows_is_found(world):
    _events(world, 3)
    _sql("UPDATE audit_auditevent SET seq = -2 WHERE seq = 2")
    _sql("UPDATE audit_auditevent SET seq = 2 WHERE seq = 3")
    _sql("UPDATE audit_auditevent SET seq = 3 WHERE seq = -2")
    broken = services.verify()
    assert broken is not None
    assert broken.seq == 2


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("at", "2001-01-01 00:00:00"),
        ("actor_id", 999),
        ("actor_label", "someone-else"),
        ("event_type", "update"),
        ("child_id", 999),
        ("person_id", 999),
        ("object_type", "Case"),
        ("object_id", "7"),
        ("source", "page:elsewhere"),
        ("changes", '{"x": 1}'),
        ("prev_hash", "f" * 64),
        ("hash", "f" * 64),
        ("seq", 99),
        ("id", 99),
    ],
)
def test_an_edit_of_any_column_is_found(world, column, value):
    _events(world, 3)
    _sql(f"UPDATE audit_auditevent SET {column} = %s WHERE seq = 2", value)  # noqa: S608
    broken = services.verify()
    assert broken is not None
    assert broken.seq in {2, 3}


def test_an_edit_with_every_later_hash_recomputed_is_found_against_the_checkpoint(world):
    _events(world)
    checkpoints.write("test")
    _sql("UPDATE audit_auditevent SET actor_label = 'someone-else' WHERE seq = 2")
    _rehash_all()
    broken = services.verify()
    assert broken is not None
    assert broken.seq == 5
    assert "rewritten" in broken.reason


def test_reordering_with_every_hash_recomputed_is_found_against_the_checkpoint(world):
    _events(world, 2)
    services.record(EventType.UPDATE, actor=world.caseworker_a, child_id=world.child_a.pk)
    checkpoints.write("test")
    _sql("UPDATE audit_auditevent SET event_type = 'update' WHERE seq = 2")
    _sql("UPDATE audit_auditevent SET event_type = 'read' WHERE seq = 3")
    _rehash_all()
    broken = services.verify()
    assert broken is not None
    assert "rewritten" in broken.reason


def test_cutting_rows_then_writing_past_the_checkpoint_is_found(world):
    """A checkpoint written after the cut does not bless it: the older one still disagrees."""
    _events(world)
    checkpoints.write("test")
    _cut_to(3)
    _events(world, 4)
    checkpoints.write("daily")
    broken = services.verify()
    assert broken is not None
    assert broken.seq == 5
    assert "rewritten" in broken.reason


def test_an_intact_chain_with_checkpoints_verifies(world):
    _events(world, 2)
    checkpoints.write("test")
    _events(world, 2)
    checkpoints.write("test")
    _events(world, 1)
    assert services.verify() is None


# The checkpoint file itself.


def _lines() -> list[str]:
    return checkpoints.checkpoint_file().read_text().splitlines()


def test_a_checkpoint_records_seq_count_head_and_time_signed(world, settings):
    _events(world, 3)
    written = checkpoints.write("test")
    record = json.loads(_lines()[-1])
    assert record["seq"] == record["count"] == written.seq == 3
    assert record["head"] == AuditEvent.objects.get(seq=3).hash
    assert record["at"].endswith("Z")
    assert record["prev"] == ""
    assert len(record["mac"]) == 64
    key_file = settings.HERNINGMODEL_AUDIT_CHECKPOINT_KEY_FILE
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert checkpoints.checkpoint_file().stat().st_mode & 0o777 == 0o600


def test_an_edited_checkpoint_line_is_found(world):
    _events(world, 3)
    checkpoints.write("test")
    checkpoints.write("test")
    lines = _lines()
    record = json.loads(lines[0])
    record["seq"] = 2  # move the anchor back to hide the newest row
    lines[0] = json.dumps(record)
    checkpoints.checkpoint_file().write_text("\n".join(lines) + "\n")
    broken = services.verify()
    assert broken is not None
    assert broken.seq == 0
    assert "line 1's signature does not match" in broken.reason


def test_a_removed_checkpoint_line_is_found(world):
    for _ in range(3):
        _events(world, 1)
        checkpoints.write("test")
    lines = _lines()
    checkpoints.checkpoint_file().write_text(lines[0] + "\n" + lines[2] + "\n")
    broken = services.verify()
    assert broken is not None
    assert "line 2 does not follow" in broken.reason


def test_a_missing_key_is_found(world, settings):
    _events(world, 1)
    checkpoints.write("test")
    os.remove(settings.HERNINGMODEL_AUDIT_CHECKPOINT_KEY_FILE)
    broken = services.verify()
    assert broken is not None
    assert "key" in broken.reason


def test_a_deleted_checkpoint_file_is_found_while_its_key_remains(world):
    _events(world, 1)
    checkpoints.write("test")
    os.remove(checkpoints.checkpoint_file())
    broken = services.verify()
    assert broken is not None
    assert "file" in broken.reason


def test_a_line_cut_short_by_a_crash_is_skipped_and_the_next_links_past_it(world):
    _events(world, 2)
    checkpoints.write("test")
    with checkpoints.checkpoint_file().open("a") as out:
        out.write('{"v":1,"kind":"checkp')  # killed mid-write
    _events(world, 1)
    checkpoints.write("test")
    assert len(checkpoints.read()) == 2
    assert services.verify() is None


def test_a_key_from_the_environment_signs_instead_of_the_file(world, settings):
    settings.HERNINGMODEL_AUDIT_CHECKPOINT_KEY = "k" * 40
    _events(world, 1)
    checkpoints.write("test")
    assert not settings.HERNINGMODEL_AUDIT_CHECKPOINT_KEY_FILE.exists()
    assert services.verify() is None
    settings.HERNINGMODEL_AUDIT_CHECKPOINT_KEY = "z" * 40  # a different key
    broken = services.verify()
    assert broken is not None
    assert "signature" in broken.reason


def test_a_restart_starts_a_new_series_and_keeps_the_old_lines(world):
    _events(world)
    checkpoints.write("test")
    _cut_to(3)  # say: the database was restored from an older backup
    assert services.verify() is not None
    checkpoints.restart("restored the backup")
    assert services.verify() is None
    assert [c.kind for c in checkpoints.read()] == ["checkpoint", "restart"]


# When checkpoints are written.


def test_an_export_writes_a_checkpoint_when_it_commits(world, django_capture_on_commit_callbacks):
    _events(world, 2)
    with django_capture_on_commit_callbacks(execute=True):
        services.record(EventType.EXPORT, actor=world.dpo, source="test")
    [written] = checkpoints.read()
    assert (written.reason, written.seq) == ("export", 3)


def test_a_checkpoint_is_written_daily(world, django_capture_on_commit_callbacks):
    assert checkpoints.due()  # no checkpoint yet
    with django_capture_on_commit_callbacks(execute=True):
        _events(world, 1)
    assert [c.reason for c in checkpoints.read()] == ["daily"]
    assert not checkpoints.due()
    day_ago = checkpoints.checkpoint_file().stat().st_mtime - 25 * 3600
    os.utime(checkpoints.checkpoint_file(), (day_ago, day_ago))
    checkpoints._last_written.clear()  # a new process
    assert checkpoints.due()


def test_checkpoints_can_also_go_to_syslog(world, settings):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as server:
        server.bind(("127.0.0.1", 0))
        server.settimeout(5)
        settings.HERNINGMODEL_AUDIT_CHECKPOINT_SYSLOG = f"127.0.0.1:{server.getsockname()[1]}"
        _events(world, 1)
        checkpoints.write("test")
        message = server.recv(4096).decode()
    assert "herningmodel-audit:" in message
    assert message.rstrip("\x00").endswith(_lines()[-1])


# The commands.


def test_audit_verify_checkpoints_an_intact_chain_and_names_a_truncation(world):
    _events(world)
    ok = runner.invoke(app, ["audit", "verify"])
    assert ok.exit_code == 0, ok.output
    assert "intact" in ok.output
    assert [c.reason for c in checkpoints.read()] == ["verify"]
    _cut_to(3)
    broken = runner.invoke(app, ["audit", "verify"])
    assert broken.exit_code == 1
    assert "row 4: the newest rows were deleted" in broken.output
    assert len(checkpoints.read()) == 1  # a broken chain is never checkpointed


def test_check_finds_every_row_deleted(world):
    _events(world)
    assert runner.invoke(app, ["audit", "verify"]).exit_code == 0
    _sql("DELETE FROM audit_auditevent")
    _sql("DELETE FROM audit_chainhead")
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 1
    assert "every row was deleted" in result.output


def test_restart_checkpoints_needs_a_reason_and_then_verifies(world):
    _events(world)
    assert runner.invoke(app, ["audit", "verify"]).exit_code == 0
    _sql("DELETE FROM audit_auditevent")
    _sql("DELETE FROM audit_chainhead")
    assert runner.invoke(app, ["audit", "restart-checkpoints", "--reason", " "]).exit_code == 2
    result = runner.invoke(
        app, ["audit", "restart-checkpoints", "--reason", "new database for the test"]
    )
    assert result.exit_code == 0, result.output
    assert "every row was deleted" in result.output  # says what the restart accepts
    assert runner.invoke(app, ["audit", "verify"]).exit_code == 0


def test_a_demo_loaded_into_a_new_database_restarts_the_checkpoints_only_then(world):
    _events(world)
    checkpoints.write("test")
    assert checkpoints.restart_if_behind("demo loaded into a new database") is None
    _sql("DELETE FROM audit_auditevent")  # the database file was deleted and made again
    _sql("DELETE FROM audit_chainhead")
    restarted = checkpoints.restart_if_behind("demo loaded into a new database")
    assert restarted is not None
    assert restarted.kind == "restart"
    assert services.verify() is None
