"""The notebooks only display: their code passes ruff, defines nothing, loops over no data,
branches on nothing, asserts nothing, builds no pandas Styler chain or column rename and indexes
no period by position; every glued number comes from a package function (analysis.book.findings)
and every styled table from one (analysis.display.reader_tables)."""

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
RUFF = Path(sys.executable).parent / "ruff"
#: Styler methods and DataFrame renames that format a table for reading: the display layer's job.
STYLING = {"style", "format", "format_index", "hide", "set_caption", "set_uuid", "set_table_styles",
           "set_properties", "set_td_classes", "apply", "applymap", "map", "highlight_max", "highlight_min",
           "background_gradient", "bar", "relabel_index", "rename", "rename_axis",
           # reshaping a table for reading is the display layer's job too (reader_tables.styled_*)
           "round", "swaplevel", "fillna", "sort_index", "to_html"}


def _cells(path: Path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code":
            yield i, "".join(cell["source"])


def test_notebook_code_passes_ruff():
    result = subprocess.run([str(RUFF), "check", "--no-cache", "--config", str(ROOT / "pyproject.toml"),
                             *map(str, NOTEBOOKS)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def _on_a_string(node: ast.Attribute) -> bool:
    """``"...".format(...)``: string formatting, not a table's."""
    return isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)


def _faults(source: str) -> list[str]:
    faults = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            faults.append(f"line {node.lineno}: a definition")
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.While)):
            faults.append(f"line {node.lineno}: a loop")
        elif isinstance(node, (ast.If, ast.IfExp, ast.Match)):
            faults.append(f"line {node.lineno}: a branch")
        elif isinstance(node, ast.Attribute) and node.attr in STYLING and not _on_a_string(node):
            faults.append(f"line {node.lineno}: a Styler chain or rename (.{node.attr})")
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
    ("if bench is not None:\n    display(bench)", "a branch"),
    ("display(table if table is not None else other)", "a branch"),
    ("df.style.hide(axis='index').set_uuid('x')", "a Styler chain"),
    ("display(events[['a', 'b']].style)", "a Styler chain"),
    ("styler.format({'value': '{:.2f}'})", "a Styler chain"),
    ("styler.set_caption('Table 1')", "a Styler chain"),
    ("bench.rename(columns={'a': 'b'})", "rename (.rename)"),
    ("pd.DataFrame({'v': s}).rename_axis('interpreter')", "rename (.rename_axis)"),
    ("div.swaplevel().sort_index().round(3)", "(.round)"),
    ('voice_counts().fillna("—")', "(.fillna)"),
])
def test_the_check_catches_each_kind_of_logic(source, fault):
    assert any(fault in f for f in _faults(source))


@pytest.mark.parametrize("source", [
    "display(styled_events(events))",
    "verdicts, quotes = styled_claims(load_history_claims())\ndisplay(verdicts)",
    "display(Markdown('{} words'.format(n)))",
    "fig = ld.overlap_chart(overlaps, title='x')",
])
def test_the_check_passes_a_call_of_a_package_function(source):
    assert _faults(source) == []


def test_the_check_finds_the_cells_this_branch_moved_out():
    """Two cells as they stood before the styled tables moved into the display layer."""
    methods = ('bench = load_bench_results()\ndisplay(Markdown(bench_report(bench)))\nif bench is not None:\n'
               '    display(bench.rename(columns=short).style.hide(axis="index").set_uuid("methods-bench"))')
    lexical = 'vocabulary_table(key, stopwords()).style.set_uuid("lex-vocabulary").hide(axis="index")'
    assert {f.split(": ", 1)[1] for f in _faults(methods)} == {
        "a branch", "a Styler chain or rename (.rename)", "a Styler chain or rename (.style)",
        "a Styler chain or rename (.hide)", "a Styler chain or rename (.set_uuid)"}
    assert len(_faults(lexical)) == 3
