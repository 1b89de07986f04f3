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
    for path in sorted(PACKAGE.rglob("*.py")):
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
                    found.setdefault(re.sub(r"[-_.]+", "-", dist).lower(), set()).add(
                        path.relative_to(PACKAGE).as_posix())
    return found


def _declared() -> set[str]:
    """Dependencies and optional extras (``dask``, for analysis.core.distributed, whose imports are
    deferred and whose absence is a clear error: tests/test_engine.py)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    deps = project["dependencies"] + [d for extra in project.get("optional-dependencies", {}).values() for d in extra]
    return {re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9_.\-]+", d).group()).lower() for d in deps}


def test_every_imported_package_is_declared():
    missing = {dist: sorted(mods) for dist, mods in _imported_distributions().items() if dist not in _declared()}
    assert not missing, f"imported but not in pyproject.toml's dependencies: {missing}"


def test_the_scan_sees_deferred_imports():
    found = _imported_distributions()
    assert "ipywidgets" in found and "display/widgets.py" in found["ipywidgets"]  # imported inside functions only
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
    "analysis.book.citation": lambda m: m.bibtex(m.with_repository(m.load_citation())),
    "analysis.book.claims": lambda m: m.record_values(),
    "analysis.book.conventions": lambda m: (m.conventions_table(), m.reference_labels("dunning1993")),
    "analysis.book.environment": lambda m: (m.requirement_pins(), m.bench_summary(m.load_bench_results())),
    "analysis.book.editions": lambda m: m.compare({"p": {"k": {"text/plain": "1"}}}, {"p": {"k": {"text/plain": "2"}}}),
    "analysis.book.findings": lambda m: m.conclusions_findings(),
    "analysis.book.keywords": lambda m: m.length_artefact(),
    "analysis.core.lexemes": lambda m: m.stem("relations"),
    "analysis.core.reference": lambda m: m.simple_maths(10.0, 5.0),
    "analysis.book.history": lambda m: m.mention_coverage(),
    "analysis.book.limits": lambda m: m.load_limits_record(),
    "analysis.book.paths": lambda m: m.data_dir(),
    "analysis.book.provenance": lambda m: m.locate_quote("article", "Cambodia"),
    "analysis.book.repository": lambda m: m.github_slug("git@github.com:o/b.git"),
    "analysis.book.sources": lambda m: m.voice_counts(),
    "analysis.book.synthesis": lambda m: m.theme_period_table("article"),
    "analysis.book.tables": lambda m: (m.check_package(), m.files_table()),
    "analysis.book.trade": lambda m: m.trade_indicators(),
    "analysis.book.voices": lambda m: m.voices(),
    "analysis.core.cli": lambda m: m.render_html(m.compare(a, b)),
    "analysis.core.corpus": lambda m: m.count_corpus(a),
    "analysis.core.dates": lambda m: m.find_dates("in May 1956"),
    # without the optional extra [dask]: the module imports, and says how to install it
    "analysis.core.distributed": lambda m: m.scheduler_kind("local"),
    "analysis.core.distribution": lambda m: m.collocations("we trade and we trade".split()),
    "analysis.core.diversity": lambda m: m.diversity("a rose is a rose".split()),
    "analysis.core.errors": lambda m: m.AnalysisError("x"),
    "analysis.core.intervals": lambda m: m.wilson_interval(3, 10),
    "analysis.core.keyness": lambda m: m.keyness("a b b".split(), "a c".split()),
    "analysis.core.numbers": lambda m: m.is_year("in 2050", 3, 7),
    "analysis.core.quantities": lambda m: m.find_quantities("about USD$246 million"),
    "analysis.core.scripts": lambda m: m.script_of("\u1780"),
    "analysis.core.tokens": lambda m: m.tokenize(open(a).read()),
    "analysis.corpus": lambda m: m.count_corpus(a),
    "analysis.display.glue": lambda m: m.glue_findings({"n": 1}, lambda name, value, display: None),
    "analysis.display.history_figures": lambda m: m.timeline_figure(),
    "analysis.display.labels": lambda m: m.label_for("p_bh"),
    "analysis.display.lexical_figures": lexical_display,
    "analysis.display.plotting": lambda m: m.legible(m.new_figure()[0]),
    "analysis.display.reader_tables": lambda m: m.source_html("interview"),
    "analysis.display.synthesis_figures": lambda m: m.theme_period_figure(
        {"article": importlib.import_module("analysis.book.synthesis").theme_period_table("article")}),
    "analysis.display.trade_figures": lambda m: m.mirror_figure(
        importlib.import_module("analysis.book.trade").mirror_table()),
    # a filter that lists fewer events than the page: a pandas Styler table (jinja2)
    "analysis.display.widgets": lambda m: m.timeline_explorer(category="visits"),
    "analysis.lexical": lambda m: m.collocations(m.tokenize(open(a).read())),
}
modules = {i.name for i in pkgutil.walk_packages(analysis.__path__, "analysis.") if not i.ispkg} - {"analysis.__main__"}
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
    # every module of the source tree but __main__ was imported and called in the installed copy
    src = ROOT / "src"
    modules = {".".join(f.relative_to(src).with_suffix("").parts) for f in (src / "analysis").rglob("*.py")
               if f.name not in ("__init__.py", "__main__.py") and "__pycache__" not in f.parts}
    assert set(report["calls"]) == modules, sorted(modules ^ set(report["calls"]))

    # the same regular install, from the repository root and from outside any checkout
    where = "from analysis.book.paths import repo_root; print(repo_root())"
    root = subprocess.run([str(bin_dir / "python"), "-c", where], cwd=copy, env=env, capture_output=True, text=True)
    assert root.stdout.strip() == str(copy.resolve()), root.stderr
    outside = subprocess.run([str(bin_dir / "python"), "-c", "from analysis.book.sources import load_source; load_source('article')"],
                             cwd=tmp_path, env=env, capture_output=True, text=True)
    assert outside.returncode == 1
    last = outside.stderr.strip().splitlines()[-1]
    assert last.startswith("analysis.book.paths.BookFilesNotFound: no checkout of the book found: none of ") and \
        str(tmp_path.resolve()) in last and "Run from the repository (its root or notebooks/)" in last, last
    # and the override still points the data elsewhere
    moved = subprocess.run([str(bin_dir / "python"), "-c", "from analysis.book.paths import data_dir; print(data_dir())"],
                           cwd=tmp_path, env={**env, "BOROVIK_BOOK_DATA": str(copy / "data")},
                           capture_output=True, text=True)
    assert moved.stdout.strip() == str(copy / "data"), moved.stderr
