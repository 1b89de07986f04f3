"""The package as `pyproject.toml` alone describes it: every run-time import declared, and a
regular install (`pip install .` in a fresh, offline environment, nothing else) that finds the
book's files from the checkout and runs one public function of every module, so imports deferred
inside functions run too."""

import ast
import json
import re
import subprocess
import sys
import time
import tomllib
from importlib import metadata

import pytest

from conftest import ROOT
from fresh_env import clean_copy, new_venv, offline_env, pip, require_wheelhouse

PACKAGE = ROOT / "src" / "analysis"


def _imported_distributions() -> dict[str, set[str]]:
    """Distribution → modules of the package that import it (standard library and the package
    itself left out), from every import statement, at any depth."""
    owners = metadata.packages_distributions()
    found: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in sys.stdlib_module_names or top == "analysis":
                    continue
                assert top in owners, f"{path.name} imports {top}, which no installed distribution provides"
                for dist in owners[top]:
                    found.setdefault(re.sub(r"[-_.]+", "-", dist).lower(), set()).add(path.name)
    return found


def _declared() -> set[str]:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    return {re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9_.\-]+", d).group()).lower() for d in deps}


def test_every_imported_package_is_declared():
    missing = {dist: sorted(mods) for dist, mods in _imported_distributions().items() if dist not in _declared()}
    assert not missing, f"imported but not in pyproject.toml's dependencies: {missing}"


def test_the_scan_sees_deferred_imports():
    found = _imported_distributions()
    assert "ipywidgets" in found and "widgets.py" in found["ipywidgets"]  # imported inside functions only
    assert "pybtex" in found and "jinja2" in _declared()  # pandas' Styler needs jinja2, imported by pandas


# Runs in the fresh environment, from the copy's notebooks/ folder: one public call per module.
CALLS = r"""
import importlib, json, pkgutil, sys, tempfile
from pathlib import Path
import matplotlib
matplotlib.use("Agg")
import analysis

here = Path.cwd()
corpus = Path(tempfile.mkdtemp())
(corpus / "a.txt").write_text("Russia and Cambodia trade rice. Trade grew and grew. " * 20, encoding="utf-8")
(corpus / "b.txt").write_text("Friendship and trust between the peoples of two countries. " * 20, encoding="utf-8")
a, b = str(corpus / "a.txt"), str(corpus / "b.txt")

def lexical_display(m):
    from analysis.lexical import keyness, tokenize
    return m.keyness_chart(keyness(tokenize(open(a).read()), tokenize(open(b).read())), "A", "B")

CALLS = {
    "analysis.citation": lambda m: m.bibtex(m.with_repository(m.load_citation())),
    "analysis.cli": lambda m: m.render_html(m.compare(a, b)),
    "analysis.conventions": lambda m: (m.conventions_table(), m.reference_labels("dunning1993")),
    "analysis.corpus": lambda m: m.count_corpus(a),
    "analysis.datadict": lambda m: (m.check_dictionary(), m.files_table()),
    "analysis.environment": lambda m: (m.requirement_pins(), m.bench_summary(m.load_bench_results())),
    "analysis.errors": lambda m: m.AnalysisError("x"),
    "analysis.lexical": lambda m: m.collocations(m.tokenize(open(a).read())),
    "analysis.lexical_display": lexical_display,
    "analysis.paths": lambda m: m.data_dir(),
    "analysis.plotting": lambda m: m.legible(m.new_figure()[0]),
    "analysis.provenance": lambda m: m.locate_quote("article", "Cambodia"),
    "analysis.repository": lambda m: m.github_slug("git@github.com:o/b.git"),
    "analysis.sources": lambda m: m.source_html("interview"),
    "analysis.synthesis": lambda m: m.theme_period_figure({"article": m.theme_period_table("article")}),
    "analysis.timeline": lambda m: m.timeline_figure(),
    "analysis.trade": lambda m: m.mirror_figure(m.mirror_table()),
    # a filter that lists fewer events than the page: a pandas Styler table (jinja2)
    "analysis.widgets": lambda m: m.timeline_explorer(category="visits"),
}
modules = {f"analysis.{i.name}" for i in pkgutil.iter_modules(analysis.__path__)} - {"analysis.__main__"}
assert modules == set(CALLS), f"modules without a call here: {sorted(modules - set(CALLS))}"
done = {}
for name in sorted(CALLS):
    module = importlib.import_module(name)
    result = CALLS[name](module)
    done[name] = type(result).__name__
print(json.dumps({"file": analysis.__file__, "calls": done}))
"""


@pytest.mark.slow
def test_pyproject_alone_installs_a_package_that_runs(tmp_path):
    require_wheelhouse()
    copy = clean_copy(tmp_path / "copy")
    venv = tmp_path / "venv"
    bin_dir = new_venv(venv, f"{sys.version_info.major}.{sys.version_info.minor}")
    env = offline_env(tmp_path, venv)
    start = time.perf_counter()
    pip(bin_dir, ["install", "--quiet", "."], cwd=copy, env=env)
    seconds = round(time.perf_counter() - start, 1)
    # nothing of requirements.txt that pyproject.toml did not ask for
    freeze = subprocess.run([str(bin_dir / "python"), "-m", "pip", "freeze"], env=env, capture_output=True,
                            text=True, check=True).stdout.lower()
    for absent in ("jupyter-book", "ipykernel", "myst-nb"):
        assert f"{absent}==" not in freeze, f"{absent} was installed though pyproject.toml does not ask for it"

    run = subprocess.run([str(bin_dir / "python"), "-c", CALLS], cwd=copy / "notebooks", env=env,
                         capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, f"a module fails with pyproject.toml's dependencies only ({seconds} s install):\n{run.stderr[-4000:]}"
    report = json.loads(run.stdout.strip().splitlines()[-1])
    assert "site-packages" in report["file"], f"not a regular install: {report['file']}"
    assert len(report["calls"]) >= 18

    # the same regular install, from the repository root and from outside any checkout
    where = "from analysis.paths import repo_root; print(repo_root())"
    root = subprocess.run([str(bin_dir / "python"), "-c", where], cwd=copy, env=env, capture_output=True, text=True)
    assert root.stdout.strip() == str(copy.resolve()), root.stderr
    outside = subprocess.run([str(bin_dir / "python"), "-c", "from analysis.sources import load_source; load_source('article')"],
                             cwd=tmp_path, env=env, capture_output=True, text=True)
    assert outside.returncode == 1
    last = outside.stderr.strip().splitlines()[-1]
    assert last.startswith("analysis.paths.BookFilesNotFound: no checkout of the book found: none of ") and \
        str(tmp_path.resolve()) in last and "Run from the repository (its root or notebooks/)" in last, last
    # and the override still points the data elsewhere
    moved = subprocess.run([str(bin_dir / "python"), "-c", "from analysis.paths import data_dir; print(data_dir())"],
                           cwd=tmp_path, env={**env, "BOROVIK_BOOK_DATA": str(copy / "data")},
                           capture_output=True, text=True)
    assert moved.stdout.strip() == str(copy / "data"), moved.stderr
