"""Bad input to the demo: a clear error and nothing written."""

from __future__ import annotations

import datetime as dt

import pytest
from typer.testing import CliRunner

from herningmodel.cli import app
from herningmodel.demo import seed
from herningmodel.organisation.models import Municipality
from herningmodel.people.models import Child

TODAY = dt.date(2026, 6, 15)
runner = CliRunner()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"size": "huge"}, "Unknown size 'huge'"),
        ({"seed": -1}, "seed must be 0 or more"),
        ({"start_year": 2027}, "is in the future"),
        ({"start_year": 2026}, "leaves no time for the pilot"),
        ({"start_year": 2012}, "before the shipped price list"),
    ],
)
def test_bad_arguments_are_refused_before_anything_is_written(db, kwargs, message):
    with pytest.raises(seed.BadDemoInput, match=message):
        seed.load(TODAY, **kwargs)
    assert not Municipality.objects.exists()
    assert not Child.objects.exists()


def test_a_real_municipality_is_never_overwritten_not_even_with_reset(world):
    children = Child.objects.count()
    for reset in (False, True):
        with pytest.raises(seed.DemoRefused, match="not a demo"):
            seed.load(TODAY, size="small", reset=reset)
    assert Child.objects.count() == children
    assert not Municipality.objects.filter(is_demo=True).exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--size", "huge"], "Unknown size"),
        (["--seed", "-3"], "seed must be 0 or more"),
        (["--start-year", "2999"], "in the future"),
    ],
)
def test_the_command_exits_1_with_the_reason(db, monkeypatch, args, message):
    monkeypatch.setenv("HERNINGMODEL_MODE", "development")  # the command switches it to demo
    result = runner.invoke(app, ["demo", "--no-serve", *args])
    assert result.exit_code == 1
    assert message in result.output
    assert not Municipality.objects.exists()
