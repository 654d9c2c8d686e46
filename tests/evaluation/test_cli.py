"""`herningmodel evaluate did` on a researcher's CSV."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from herningmodel.cli import app
from tests.evaluation.simulate import panel

runner = CliRunner()


@pytest.fixture
def csv(tmp_path: Path) -> Path:
    path = tmp_path / "panel.csv"
    panel(4, cohorts=(4.0, 6.0), never_share=0.4).to_csv(path, index=False)
    return path


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["evaluate", "did", *args])
    return result.exit_code, result.output


def test_2x2_json_names_the_estimator_and_se_type(csv: Path) -> None:
    code, output = invoke(
        "--csv",
        str(csv),
        "--outcome",
        "y",
        "--treated",
        "treated",
        "--post",
        "post",
        "--se",
        "cluster",
        "--cluster",
        "unit",
        "--format",
        "json",
    )
    assert code == 0, output
    data = json.loads(output)
    assert data["estimator"].startswith("2x2 difference-in-differences")
    assert data["se_type"] == "cluster-robust (CR1)"
    for key in ("estimate", "se", "ci_low", "ci_high", "p_value", "n", "n_clusters", "warnings"):
        assert key in data
    assert data["n"] == 320


def test_unit_adds_fixed_effects_and_text_prints_the_numbers(csv: Path) -> None:
    code, output = invoke(
        "--csv",
        str(csv),
        "--outcome",
        "y",
        "--treated",
        "treated",
        "--post",
        "post",
        "--unit",
        "unit",
        "--time",
        "time",
        "--covariates",
        "time",
    )
    assert code == 2  # time is collinear with the period fixed effects
    assert "collinear" in output
    code, output = invoke(
        "--csv",
        str(csv),
        "--outcome",
        "y",
        "--treated",
        "treated",
        "--post",
        "post",
        "--unit",
        "unit",
        "--time",
        "time",
    )
    assert code == 0, output
    for label in ("Estimator: two-way fixed effects", "SE:", "95% CI:", "p-value:", "n:"):
        assert label in output


def test_staggered_json_has_the_event_study(csv: Path) -> None:
    code, output = invoke(
        "--csv",
        str(csv),
        "--outcome",
        "y",
        "--first-treated",
        "first_treated",
        "--time",
        "time",
        "--unit",
        "unit",
        "--format",
        "json",
    )
    assert code == 0, output
    data = json.loads(output)
    assert "Callaway–Sant'Anna" in data["estimator"]
    assert data["event_study"]["pretrend_df"] >= 1
    reference = [c for c in data["event_study"]["coefficients"] if c["reference"]]
    assert [c["relative"] for c in reference] == [-1]


def test_pdf_report(csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "did.pdf"
    code, output = invoke(
        "--csv",
        str(csv),
        "--outcome",
        "y",
        "--first-treated",
        "first_treated",
        "--time",
        "time",
        "--unit",
        "unit",
        "--format",
        "pdf",
        "--out",
        str(out),
    )
    assert code == 0, output
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Callaway" in text
    assert "Pre-trend test" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--outcome", "nope", "--treated", "treated", "--post", "post"], "Missing column"),
        (["--outcome", "y"], "Give --treated and --post"),
        (["--outcome", "y", "--first-treated", "first_treated", "--time", "time"], "--unit"),
        (["--outcome", "unit", "--treated", "treated", "--post", "post"], "must be numeric"),
    ],
)
def test_bad_input_exits_2_with_a_clear_message(csv: Path, args: list[str], message: str) -> None:
    code, output = invoke("--csv", str(csv), *args)
    assert code == 2
    assert message in output


def test_unreadable_csv(tmp_path: Path) -> None:
    code, output = invoke("--csv", str(tmp_path / "missing.csv"), "--outcome", "y")
    assert code == 2
    assert "Cannot read" in output


def _write(frame, tmp_path: Path) -> str:  # type: ignore[no-untyped-def]
    path = tmp_path / "bad.csv"
    frame.to_csv(path, index=False)
    return str(path)


def test_treatment_that_never_varies_exits_2(tmp_path: Path) -> None:
    frame = panel(1)
    frame["treated"] = 1
    code, output = invoke(
        "--csv",
        _write(frame, tmp_path),
        "--outcome",
        "y",
        "--treated",
        "treated",
        "--post",
        "post",
    )
    assert code == 2
    assert "treatment never varies" in output


def test_all_units_treated_at_once_exits_2(tmp_path: Path) -> None:
    frame = panel(1, never_share=0.0, cohorts=(5.0,))
    path = _write(frame, tmp_path)
    for args in (
        ["--first-treated", "first_treated", "--time", "time", "--unit", "unit"],
        ["--treated", "treated", "--post", "post", "--unit", "unit", "--time", "time"],
    ):
        code, output = invoke("--csv", path, "--outcome", "y", *args)
        assert code == 2, output
        assert "treated at once" in output or "never varies" in output


def test_fewer_than_two_units_per_group_exits_2(tmp_path: Path) -> None:
    frame = panel(1, units=10)
    one_treated = frame[(frame["treated"] == 0) | (frame["unit"] == "u9")]
    code, output = invoke(
        "--csv",
        _write(one_treated, tmp_path),
        "--outcome",
        "y",
        "--treated",
        "treated",
        "--post",
        "post",
        "--unit",
        "unit",
        "--time",
        "time",
    )
    assert code == 2
    assert "Fewer than 2 units per group" in output
