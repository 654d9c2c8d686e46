"""The database restarted under a running server: the server recovers without a restart.

A restart of PostgreSQL ends every client connection; the server's pooled connection
(CONN_MAX_AGE) is then dead. With CONN_HEALTH_CHECKS Django tests a pooled connection at the start
of each request and opens a new one when it is gone, so the first request after the restart
already succeeds. This test runs the production server (gunicorn, through `herningmodel serve`)
against the test database and ends its connections from the database side
(`pg_terminate_backend`, what a restart or failover does to clients) — without stopping the
cluster the rest of the suite runs on. PostgreSQL only: SQLite has no server to restart.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from herningmodel.access.tokens import create_token
from herningmodel.organisation.models import Role
from tests.factories import AreaTeamFactory, staff

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    # serialized_rollback: the flush afterwards must not leave rows that the browser tests,
    # which restore the data migrations' rows themselves, would then meet twice.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def database_url() -> str:
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    host = f"{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}"
    return f"postgresql://{s['USER']}{password}@{host}/{s['NAME']}"


def server_connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return int(cursor.fetchone()[0])


def end_server_connections() -> int:
    """What a restart does to the server's connections, seen from the server."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return int(cursor.fetchone()[0])


def test_the_server_answers_again_right_after_its_database_connections_are_cut(tmp_path):  # type: ignore[no-untyped-def]
    team = AreaTeamFactory(name="Team A")
    user = staff(Role.CASEWORKER, team, username="cw_a").user
    _, token = create_token(user, "restart test", actor=user)
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "HERNINGMODEL_VAR_DIR": str(tmp_path),
        "PYTHONPATH": str(ROOT),
    }
    env.pop("HERNINGMODEL_MODE", None)
    server = subprocess.Popen(  # noqa: S603 - fixed interpreter and arguments
        [sys.executable, "-c", "from herningmodel.cli import main; main()", "serve"]
        + ["--port", str(port), "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def cases() -> int:
        request = urllib.request.Request(  # noqa: S310 - a local http URL
            f"http://127.0.0.1:{port}/api/cases", headers={"Authorization": f"Bearer {token}"}
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                json.loads(response.read())
                return int(response.status)
        except urllib.error.HTTPError as error:
            return error.code

    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        assert cases() == 200
        assert server_connections() >= 1  # the worker keeps its connection (CONN_MAX_AGE)

        assert end_server_connections() >= 1
        # The very next request is answered, by a new connection; nothing was restarted.
        assert cases() == 200
        assert cases() == 200
        assert server.poll() is None
    finally:
        server.terminate()
        server.wait(timeout=30)
