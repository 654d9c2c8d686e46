"""The server process killed (SIGKILL) in the middle of saving a plan loses nothing that was
committed and leaves nothing half-written.

A real HTTP server (Django's WSGI server, as `runserver` uses) runs in its own process on its own
SQLite file. A plan is saved through the API and committed; then a second save of the same plan
kills the server process from inside the save, after the plan row has been changed, its old goals
deleted and the first new goal and its tasks written — but before the transaction commits. No
Python clean-up runs. Afterwards the database holds exactly the first save, the audit chain
verifies, and a restarted server saves the same change.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
MARKER = "DIE-DURING-SAVE"

DRIVER = r"""
import os, signal, sys, types
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "herningmodel.settings")
import django
django.setup()

if sys.argv[1] == "setup":
    from herningmodel.access.tokens import create_token
    from herningmodel.organisation.models import Role
    from tests.cases.journey import open_case_by_notification
    from tests.factories import AreaTeamFactory, ChildFactory, staff
    team = AreaTeamFactory(name="Team A")
    user = staff(Role.CASEWORKER, team, username="cw_a").user
    world = types.SimpleNamespace(caseworker_a=user, child_a=ChildFactory(area_team=team))
    case = open_case_by_notification(world)
    _, raw = create_token(user, "fault test", actor=user)
    print(case.pk, raw)
    sys.exit(0)

# serve PORT: a real HTTP server; a plan saved with the marker in the family's words kills
# the process as the second goal is about to be written.
from django.core.servers.basehttp import WSGIServer, WSGIRequestHandler
from django.core.wsgi import get_wsgi_application
from herningmodel.cases.models import Goal

real_create = Goal.objects.create

def create(**kwargs):
    plan = kwargs["plan"]
    if MARKER in plan.familys_words and plan.goals.count() == 1:
        os.kill(os.getpid(), signal.SIGKILL)
    return real_create(**kwargs)

Goal.objects.create = create
server = WSGIServer(("127.0.0.1", int(sys.argv[2])), WSGIRequestHandler)
server.set_app(get_wsgi_application())
server.serve_forever()
""".replace("MARKER", repr(MARKER))

SNAPSHOT = (
    "from herningmodel.cases.models import Plan, Goal, Task; "
    "from herningmodel.audit.models import AuditEvent; "
    "from django.db import connection; c = connection.cursor(); "
    "c.execute('PRAGMA integrity_check'); "
    "p = Plan.objects.get(); "
    "import json; print(json.dumps({'version': p.version, 'family': p.familys_words, "
    "'goals': sorted(Goal.objects.values_list('text', flat=True)), "
    "'tasks': sorted(Task.objects.values_list('description', flat=True)), "
    "'audit': AuditEvent.objects.count(), 'integrity': c.fetchone()[0]}))"
)


def plan(words: str, goals: list[str], version: int | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "familys_words": words,
        "goals": [
            {
                "text": goal,
                "tasks": [
                    {
                        "description": f"{goal}: opgave {i}",
                        "responsible_kind": "family",
                        "responsible_name": "Mor",
                    }
                    for i in (1, 2)
                ],
            }
            for goal in goals
        ],
    }
    if version is not None:
        body["version"] = version
    return body


class Server:
    def __init__(self, tmp_path: Path) -> None:
        self.env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
        self.env.pop("HERNINGMODEL_MODE", None)
        self.env["HERNINGMODEL_VAR_DIR"] = str(tmp_path / "var")
        # The driver script lives in tmp_path: import this checkout (and its tests) first.
        self.env["PYTHONPATH"] = os.pathsep.join(
            filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])
        )
        self.driver = tmp_path / "driver.py"
        self.driver.write_text(DRIVER, encoding="utf-8")
        self.process: subprocess.Popen[bytes] | None = None
        self.port = 0

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603 - fixed interpreter and arguments
            [sys.executable, *args], cwd=ROOT, env=self.env, capture_output=True, text=True
        )

    def start(self) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.process = subprocess.Popen(  # noqa: S603 - fixed interpreter and arguments
            [sys.executable, str(self.driver), "serve", str(self.port)],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(300):  # wait (at most ~30 s on a busy machine) until it accepts
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise AssertionError("the server did not start")

    def send(self, method: str, path: str, body: dict[str, Any], token: str) -> Any:
        request = urllib.request.Request(  # noqa: S310 - a local http URL
            f"http://127.0.0.1:{self.port}{path}",
            data=json.dumps(body).encode(),
            method=method,
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"{}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def snapshot(self) -> dict[str, Any]:
        result = self.run("manage.py", "shell", "-v0", "-c", SNAPSHOT)
        assert result.returncode == 0, result.stderr
        return dict(json.loads(result.stdout))


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_server_killed_during_a_save_keeps_the_last_commit_whole(tmp_path: Path) -> None:
    server = Server(tmp_path)
    assert server.run("manage.py", "migrate", "-v0").returncode == 0
    setup = server.run(str(server.driver), "setup")
    assert setup.returncode == 0, setup.stderr
    case_id, token = setup.stdout.split()
    server.start()
    try:
        # A plan saved and committed.
        status, saved = server.send(
            "POST",
            f"/api/cases/{case_id}/plans",
            plan("Ro om aftenen.", ["Sover", "Spiser"]),
            token,
        )
        assert status == 201, saved
        committed = server.snapshot()
        assert committed["goals"] == ["Sover", "Spiser"]

        # A second save of the same plan, and the server dies half-way through it.
        change = plan(f"{MARKER} Ro om morgenen.", ["Leger", "Læser", "Cykler"], version=1)
        with pytest.raises((urllib.error.URLError, ConnectionError, OSError)):
            server.send("PUT", f"/api/cases/{case_id}/plans/{saved['id']}", change, token)
        assert server.process is not None
        assert server.process.wait(timeout=30) == -signal.SIGKILL
    finally:
        server.stop()

    # Nothing committed is lost and nothing of the killed save is there: plan, goals, tasks
    # and the audit trail are exactly the first save, and the file is sound.
    assert server.snapshot() == committed
    assert committed["integrity"] == "ok"
    verify = server.run("-c", "from herningmodel.cli import main; main()", "audit", "verify")
    assert verify.returncode == 0, verify.stdout + verify.stderr

    # A restarted server saves the change (without the marker) from the same version.
    server.start()
    try:
        change = plan("Ro om morgenen.", ["Leger", "Læser", "Cykler"], version=1)
        status, updated = server.send(
            "PUT", f"/api/cases/{case_id}/plans/{saved['id']}", change, token
        )
    finally:
        server.stop()
    assert (status, updated["version"]) == (200, 2)
    after = server.snapshot()
    assert after["goals"] == ["Cykler", "Leger", "Læser"]
    assert len(after["tasks"]) == 6
    assert after["audit"] > committed["audit"]
