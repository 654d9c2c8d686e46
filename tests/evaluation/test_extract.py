"""The research extract: only for DPO-approved users, pseudonymised, audited."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from typer.testing import CliRunner

from herningmodel.audit.models import AuditEvent, EventType
from herningmodel.cli import app
from herningmodel.evaluation import extract
from herningmodel.people.models import Child

pytestmark = pytest.mark.django_db


def user(name: str):  # type: ignore[no-untyped-def]
    return get_user_model().objects.get(username=name)


def approve(person) -> None:  # type: ignore[no-untyped-def]
    group, _created = Group.objects.get_or_create(name=extract.RESEARCH_GROUP)
    person.groups.add(group)


def test_refused_without_the_dpo_approval(small_demo) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(extract.ExtractRefused):
        extract.research_extract(actor=user("controller"), purpose="study")
    assert not AuditEvent.objects.filter(event_type=EventType.EXPORT).exists()


def test_pseudonymised_coarsened_and_audited(small_demo) -> None:  # type: ignore[no-untyped-def]
    researcher = user("controller")
    approve(researcher)
    key = b"k" * 32
    made = extract.research_extract(actor=researcher, purpose="Pilot study 2026", key=key)
    rows = list(csv.DictReader(io.StringIO(made.csv)))
    assert len(rows) == made.rows > 0
    assert list(rows[0]) == [name for name, _t, _m in extract.COLUMNS]
    child = Child.objects.filter(episodes__isnull=False).first()
    assert child is not None
    mine = [r for r in rows if r["child"] == extract.pseudonym(key, child.pk)]
    assert mine  # stable within the extract: every episode of the child under one pseudonym
    assert {r["birth_month"] for r in mine} == {f"{child.birth_date:%Y-%m}"}
    text = made.csv
    assert child.last_name not in text
    assert child.cpr not in text
    assert all(len(r["start_month"]) == 7 for r in rows)
    other = extract.research_extract(actor=researcher, purpose="Another study", key=b"x" * 32)
    assert not set(r["child"] for r in rows) & {
        r["child"] for r in csv.DictReader(io.StringIO(other.csv))
    }  # unlinkable across keys
    event = AuditEvent.objects.filter(event_type=EventType.EXPORT).first()
    assert event is not None
    assert event.actor_id == researcher.pk
    assert event.changes["purpose"] == "Pilot study 2026"
    assert "| child |" in made.dictionary


def test_cli_writes_extract_and_dictionary(small_demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    runner = CliRunner()
    refused = runner.invoke(
        app,
        ["evaluate", "extract", "--user", "controller", "--purpose", "x", "--out", str(tmp_path)],
    )
    assert refused.exit_code == 1
    approve(user("controller"))
    result = runner.invoke(
        app,
        ["evaluate", "extract", "--user", "controller", "--purpose", "x", "--out", str(tmp_path)],
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "extract.csv").read_text().startswith("child,birth_month")
    assert "Data dictionary" in (tmp_path / "data-dictionary.md").read_text()
