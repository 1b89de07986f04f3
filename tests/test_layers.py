"""The package's architecture: three layers whose imports point one way (display → book → core),
no import cycle, a core that knows no book, and imports at module level.

The layer contracts live in pyproject.toml ([tool.importlinter]) and are checked with
import-linter; a copy of the package with one planted upward import shows that the check fails.
"""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "src" / "analysis"
LINT = Path(sys.executable).parent / "lint-imports"
#: Imports a function may defer, each for a stated reason (a comment beside it in the module):
#: widget and IPython modules load only in a kernel; NLTK's Punkt only where sentences are counted
#: (``import nltk`` costs about 2 s of every notebook's start, measured for issue 12); Dask only
#: where ``compare --dask`` asks for it (an optional extra, issue 20).
# dask: the optional extra [dask]; wordfreq: its import costs more than the English look-up itself,
# and only tokens it must split need it (analysis.core.reference)
DEFERRED = ("ipywidgets", "IPython", "nltk", "dask", "distributed", "wordfreq")
PENDING: set[str] = set()


def _lint(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT), "--no-cache", "--config", str(root / "pyproject.toml")],
                          cwd=root, capture_output=True, text=True, timeout=300,
                          env={"PATH": str(LINT.parent), "PYTHONPATH": str(root / "src")})


def test_layers_hold():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    # every contract pyproject.toml declares is checked and kept (not a count typed in here)
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    assert f"{len(contracts)} kept, 0 broken" in result.stdout, result.stdout


@pytest.mark.parametrize("module, planted, contract", [
    ("core/tokens.py", "from analysis.book.paths import data_dir", "display → book → core BROKEN"),
    ("book/history.py", "from analysis.display.plotting import OKABE_ITO", "display → book → core BROKEN"),
    ("core/keyness.py", "from analysis import lexical", "the core imports nothing of the book"),
    ("book/paths.py", "from analysis.book import sources", "no import cycle"),
])
def test_a_planted_bad_import_breaks_a_contract(tmp_path, module, planted, contract):
    shutil.copytree(PACKAGE, tmp_path / "src" / "analysis", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / "src" / "analysis" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{planted}  # planted\n", encoding="utf-8")
    result = _lint(tmp_path)
    assert result.returncode != 0
    assert contract in result.stdout, result.stdout


def _modules(sub: str = ""):
    return sorted(p for p in (PACKAGE / sub).rglob("*.py") if "__pycache__" not in p.parts)


def test_imports_are_at_module_level_unless_deferred_for_a_reason():
    found = []
    for path in _modules():
        rel = path.relative_to(PACKAGE).as_posix()
        if rel in PENDING:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for sub in ast.walk(node):
                    if isinstance(sub, (ast.Import, ast.ImportFrom)):
                        name = sub.module if isinstance(sub, ast.ImportFrom) else sub.names[0].name
                        if not (name or "").startswith(DEFERRED):
                            found.append(f"{rel}:{sub.lineno} imports {name} inside {node.name}()")
    assert not found, "\n".join(found)


def _code_strings(tree: ast.AST) -> list[str]:
    """String constants that are not docstrings."""
    docs = {id(n.body[0].value) for n in ast.walk(tree)
            if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
            and n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    return [n.value for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs]


def test_the_core_knows_neither_the_data_folder_nor_the_two_texts():
    for path in _modules("core"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} | {
            n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
        assert not names & {"data_dir", "repo_root", "load_source", "voices"}, path.name
        for s in _code_strings(tree):
            words = set(s.lower().replace(".", " ").split())
            assert not {"article", "interview", "borovik"} & words and "data/" not in s, \
                f"{path.name} names the book in code: {s!r}"


def test_module_names_say_what_they_hold():
    vague = {"utils", "helpers", "misc", "common", "tools", "stuff"}
    assert not {p.stem for p in _modules()} & vague


def test_the_documented_api_lives_where_the_readme_says():
    """README and book: analysis.lexical.tokenize, keyness, keyness_from_counts, diversity;
    analysis.corpus.count_corpus, merge_counts; they are the core's own functions."""
    from collections import Counter

    from analysis import corpus, lexical
    from analysis.core import corpus as core_corpus
    from analysis.core import diversity, keyness, tokens

    assert lexical.tokenize is tokens.tokenize and lexical.diversity is diversity.diversity
    assert lexical.keyness is keyness.keyness and lexical.keyness_from_counts is keyness.keyness_from_counts
    assert corpus.count_corpus is core_corpus.count_corpus and corpus.merge_counts is core_corpus.merge_counts
    merged = corpus.merge_counts([Counter(lexical.tokenize("trade grew")), Counter(lexical.tokenize("trade fell"))])
    table = lexical.keyness_from_counts(merged, Counter(lexical.tokenize("friendship and trust")))
    assert table.loc["trade", "count_a"] == 2
    assert set(lexical.__all__) <= set(dir(lexical)) and set(corpus.__all__) <= set(dir(corpus))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("analysis.corpus.count_corpus", "analysis.corpus.merge_counts", "analysis.lexical.keyness_from_counts"):
        assert name in readme
