"""The estimators' names, warnings and errors are made in the active language: Danish on the
(Danish by default) site, English in English and on the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from django.utils import translation
from pypdf import PdfReader
from typer.testing import CliRunner

from herningmodel.cli import app
from herningmodel.evaluation import child_panels, did
from herningmodel.evaluation.results import EvaluationInputError
from tests.evaluation.simulate import panel

#: English estimator texts that must not appear in Danish.
ENGLISH = (
    "fewer than",
    "difference-in-differences",
    "simple aggregation",
    "comparisons)",
    "clustered by",
    "left out",
)


@pytest.fixture
def danish(settings):  # type: ignore[no-untyped-def]
    """The site's own default, in place of this module's English (conftest.py)."""
    settings.LANGUAGE_CODE = "da"
    with translation.override("da"):
        yield


def test_warnings_names_and_se_types_are_danish_in_danish(danish) -> None:  # type: ignore[no-untyped-def]
    frame = panel(1, units=10)
    frame.loc[:1, "y"] = None
    estimate = did.twfe(frame, outcome="y", unit="unit", time="time", treatment="d")
    assert "2 rækker med manglende værdier blev udeladt." in estimate.warnings
    assert any("Kun 10 klynger (færre end 30)" in w for w in estimate.warnings)
    assert estimate.estimator.startswith("forskel-i-forskelle med tosidede faste effekter")
    assert estimate.se_type == "klyngerobuste (CR1)"
    assert not any(english in text for english in ENGLISH for text in estimate.warnings)


def test_the_bootstrap_drops_the_small_cluster_warning_in_danish_too(danish) -> None:  # type: ignore[no-untyped-def]
    estimate = did.twfe(
        panel(1, units=10), outcome="y", unit="unit", time="time", treatment="d", bootstrap=99
    )
    assert not any("færre end 30" in w for w in estimate.warnings)
    assert estimate.se_type.startswith("wild cluster bootstrap-t (Rademacher, 99 træk, seed 0")


def test_staggered_names_and_plural_warnings_in_danish(danish) -> None:  # type: ignore[no-untyped-def]
    frame = panel(1, units=10, cohorts=(4.0, 6.0)).drop(index=[0])
    result = did.callaway_santanna(
        frame, outcome="y", unit="unit", time="time", first_treated="first_treated"
    )
    overall = result.overall
    assert overall.estimator == (
        "Callaway–Sant'Anna gruppe-tid-ATT, simpel aggregering "
        "(sammenligning med endnu ikke behandlede enheder)"
    )
    assert overall.extra["comparison"] == "not-yet-treated"  # a code, not a text
    assert overall.se_type == "analytiske (influensfunktion), klynger efter enhed"
    assert "1 enhed uden udfald i alle perioder blev udeladt" in " ".join(overall.warnings)
    assert result.event_study.estimator.startswith("Callaway–Sant'Anna gruppe-tid-ATT, dynamisk")


def test_input_errors_are_danish_in_danish(danish) -> None:  # type: ignore[no-untyped-def]
    frame = panel(1)
    frame["y"] = frame["y"].astype(object)
    frame.loc[0, "y"] = "mange"
    with pytest.raises(EvaluationInputError, match="Kolonnen 'y' \\(udfald\\) skal være numerisk"):
        did.did_2x2(frame, outcome="y", treated="treated", post="post")
    with pytest.raises(EvaluationInputError, match="Kolonnen mangler: nope"):
        did.did_2x2(panel(1), outcome="nope", treated="treated", post="post")
    with pytest.raises(EvaluationInputError, match="Ukendt udfald på børneniveau 'name'"):
        child_panels.child_did(pd.DataFrame({"first_treated": [0], "time": [1]}), "name")


def test_the_estimators_speak_english_in_english() -> None:
    estimate = did.twfe(panel(1, units=10), outcome="y", unit="unit", time="time", treatment="d")
    assert any("Only 10 clusters (fewer than 30)" in w for w in estimate.warnings)
    assert estimate.se_type == "cluster-robust (CR1)"


def test_the_command_line_without_django_prints_the_english_texts(tmp_path: Path) -> None:
    """`evaluate did` runs the estimators on a CSV without setting Django up (text and JSON)."""
    path = tmp_path / "panel.csv"
    panel(1, units=10).to_csv(path, index=False)
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    done = subprocess.run(  # noqa: S603 - our own interpreter and command line
        [
            sys.executable,
            "-c",
            "from herningmodel.cli import main; main()",
            *("evaluate", "did", "--csv", str(path), "--outcome", "y", "--treated", "treated"),
            *("--post", "post", "--unit", "unit"),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "SE type:   cluster-robust (CR1)" in done.stdout
    assert "Warning:   Only 10 clusters (fewer than 30)" in done.stdout


def test_the_command_line_prints_english_whatever_the_site_language(danish, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Its help and labels are English, and so are the estimator's texts (a researcher's tool)."""
    path = tmp_path / "panel.csv"
    panel(1, units=10).to_csv(path, index=False)
    base = ["evaluate", "did", "--csv", str(path), "--outcome", "y"]
    result = CliRunner().invoke(
        app, [*base, "--treated", "treated", "--post", "post", "--unit", "unit", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["se_type"] == "cluster-robust (CR1)"
    assert any("Only 10 clusters (fewer than 30)" in w for w in data["warnings"])
    result = CliRunner().invoke(app, [*base, "--treated", "treated"])
    assert result.exit_code == 2
    assert "Give --treated and --post" in result.output
    assert translation.get_language() == "da"  # the override ends with the command
    out = tmp_path / "did.pdf"
    result = CliRunner().invoke(
        app,
        [*base, "--treated", "treated", "--post", "post", "--unit", "unit"]
        + ["--format", "pdf", "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Estimated effect" in text  # the report's headings too, not a Danish-English mix
    assert "Only 10 clusters (fewer than 30)" in text
    assert "Standardfejl" not in text
