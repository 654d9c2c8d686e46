"""A process killed in the middle of an import leaves the database as it was.

A real SIGKILL in a separate process on its own SQLite file: no Python clean-up runs, so this
checks the one-transaction design, not an exception handler.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "examples" / "children.csv"

DRIVER = """
import os, signal, sys
sys.path.insert(0, os.getcwd())  # this checkout's code, not an installed copy
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "herningmodel.settings")
import django
django.setup()
from herningmodel.interchange.children_import import import_children
from herningmodel.organisation.models import AreaTeam, District, Municipality
from herningmodel.interchange import bulk
from herningmodel.people.models import Household

if sys.argv[2] == "setup":
    town = Municipality.objects.create(name="Testkommune", code="999")
    for name in ("Nord", "Syd"):
        district = District.objects.create(municipality=town, name=name)
        AreaTeam.objects.create(district=district, name=f"Områdeteam {name}")
    for external_id in ("HUS-1", "HUS-2"):
        Household.objects.create(external_id=external_id, label=external_id)
    sys.exit(0)

real = bulk.insert

def insert(model, rows):
    real(model, rows)
    # The children are inserted (uncommitted): die without any clean-up.
    os.kill(os.getpid(), signal.SIGKILL)

if sys.argv[2] == "kill":
    bulk.insert = insert
import_children(sys.argv[1], actor=None, source="test")
"""

COUNT = (
    "from herningmodel.people.models import Child; from herningmodel.audit.models import "
    "AuditEvent; print(Child.objects.count(), AuditEvent.objects.count())"
)


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    env.pop("HERNINGMODEL_MODE", None)
    return subprocess.run(  # noqa: S603 - fixed interpreter and arguments
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_killed_import_leaves_the_database_as_before(tmp_path: Path) -> None:
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    assert _run(tmp_path, "manage.py", "migrate", "-v0").returncode == 0
    assert _run(tmp_path, str(driver), str(EXAMPLE), "setup").returncode == 0
    before = _run(tmp_path, "manage.py", "shell", "-v0", "-c", COUNT).stdout.split()

    killed = _run(tmp_path, str(driver), str(EXAMPLE), "kill")
    assert killed.returncode == -signal.SIGKILL, killed.stderr

    assert _run(tmp_path, "manage.py", "shell", "-v0", "-c", COUNT).stdout.split() == before
    assert (
        _run(
            tmp_path, "-c", "from herningmodel.cli import main; main()", "audit", "verify"
        ).returncode
        == 0
    )
    # And the same file imports completely afterwards.
    assert _run(tmp_path, str(driver), str(EXAMPLE), "import").returncode == 0
    assert _run(tmp_path, "manage.py", "shell", "-v0", "-c", COUNT).stdout.split()[0] == "4"


ALL_DRIVER = """
import os, signal, sys
sys.path.insert(0, os.getcwd())  # this checkout's code, not an installed copy
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "herningmodel.settings")
import django
django.setup()
from herningmodel.interchange import bulk, full_import
from herningmodel.staircase.models import Episode

real = bulk.insert

def insert(model, rows):
    if model is Episode:  # every kind before the episodes is written (uncommitted): die
        os.kill(os.getpid(), signal.SIGKILL)
    return real(model, rows)

if sys.argv[2] == "kill":
    bulk.insert = insert
outcome = full_import.import_all(sys.argv[1], actor=None, origin="test")
sys.exit(0 if outcome.ok else 1)
"""

ALL_COUNT = (
    "from herningmodel.organisation.models import District; from herningmodel.cases.models "
    "import Case; from herningmodel.audit.models import AuditEvent; "
    "print(District.objects.count(), Case.objects.count(), AuditEvent.objects.count())"
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_killed_import_of_every_kind_leaves_the_database_as_before(tmp_path: Path) -> None:
    driver = tmp_path / "driver.py"
    driver.write_text(ALL_DRIVER, encoding="utf-8")
    assert _run(tmp_path, "manage.py", "migrate", "-v0").returncode == 0
    before = _run(tmp_path, "manage.py", "shell", "-v0", "-c", ALL_COUNT).stdout.split()
    assert before[:2] == ["0", "0"]

    killed = _run(tmp_path, str(driver), str(EXAMPLE.parent), "kill")
    assert killed.returncode == -signal.SIGKILL, killed.stderr

    assert _run(tmp_path, "manage.py", "shell", "-v0", "-c", ALL_COUNT).stdout.split() == before
    done = _run(tmp_path, str(driver), str(EXAMPLE.parent), "import")
    assert done.returncode == 0, done.stderr
    after = _run(tmp_path, "manage.py", "shell", "-v0", "-c", ALL_COUNT).stdout.split()
    assert after[:2] == ["2", "4"]
