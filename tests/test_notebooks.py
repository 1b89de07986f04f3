"""The notebooks only display: their code passes ruff, defines nothing, loops over no data,
asserts nothing and indexes no period by position; every glued number comes from a package
function (analysis.book.findings)."""

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
RUFF = Path(sys.executable).parent / "ruff"


def _cells(path: Path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code":
            yield i, "".join(cell["source"])


def test_notebook_code_passes_ruff():
    result = subprocess.run([str(RUFF), "check", "--no-cache", "--config", str(ROOT / "pyproject.toml"),
                             *map(str, NOTEBOOKS)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def _faults(source: str) -> list[str]:
    faults = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            faults.append(f"line {node.lineno}: a definition")
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.While)):
            faults.append(f"line {node.lineno}: a loop")
        elif isinstance(node, ast.Assert):
            faults.append(f"line {node.lineno}: an assert")
        elif (isinstance(node, ast.Subscript) and isinstance(node.value, (ast.Name, ast.Attribute))
              and getattr(node.value, "id", getattr(node.value, "attr", "")) == "PERIODS"):
            faults.append(f"line {node.lineno}: a period by position")
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "glue":
            faults.append(f"line {node.lineno}: glue() of a value computed in the cell")
    return faults


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_cells_only_display(path):
    found = [f"{path.name} cell {i}, {fault}" for i, src in _cells(path) for fault in _faults(src)]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("source, fault", [
    ("def f():\n    pass", "a definition"),
    ("for x in rows:\n    print(x)", "a loop"),
    ("assert n == 3", "an assert"),
    ("p = PERIODS[4]", "a period by position"),
    ("p = history.PERIODS[-1]", "a period by position"),
    ("glue('n', len(events), display=False)", "glue() of a value"),
])
def test_the_check_catches_each_kind_of_logic(source, fault):
    assert any(fault in f for f in _faults(source))
