"""The benchmarks import the product lazily, inside their functions, so a renamed or moved name
breaks them only when someone runs them — as it once did. Every name they import from the
product must exist."""

from __future__ import annotations

import ast
import importlib
import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


def product_imports() -> list[tuple[str, str, str]]:
    found = []
    for script in sorted(BENCH.glob("*.py")):
        for node in ast.walk(ast.parse(script.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("herningmodel"):
                found += [(script.name, node.module or "", alias.name) for alias in node.names]
            elif isinstance(node, ast.Import):
                found += [
                    (script.name, alias.name, "")
                    for alias in node.names
                    if alias.name.startswith("herningmodel")
                ]
    return found


def test_the_benchmarks_import_the_product() -> None:
    assert len(product_imports()) > 20


@pytest.mark.parametrize(("script", "module", "name"), product_imports())
def test_every_name_a_benchmark_imports_exists(script: str, module: str, name: str) -> None:
    imported = importlib.import_module(module)
    if name:
        assert hasattr(imported, name) or importlib.util.find_spec(f"{module}.{name}"), (
            f"bench/{script} imports {name} from {module}, which has no such name"
        )
