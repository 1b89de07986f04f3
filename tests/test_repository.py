"""Repository rules: notebooks stored without outputs, pinned requirements, no downloads,
no network access, and the licences and citation file present."""

import json
import re
import subprocess
import sys

import pytest
import yaml
from conftest import ROOT, guarded_env, toc_files

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
CODE_FILES = sorted((ROOT / "src").rglob("*.py")) + NOTEBOOKS


def test_there_are_notebooks_and_each_is_in_the_toc():
    pages = set(toc_files())
    assert NOTEBOOKS, "no notebooks found"
    for nb in NOTEBOOKS:
        assert f"notebooks/{nb.stem}" in pages, f"{nb.name} is not in _toc.yml"
    assert re.fullmatch(r"\d\d_[a-z_]+", NOTEBOOKS[0].stem)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_without_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], f"{path.name} cell {i} has stored outputs"
            assert cell.get("execution_count") is None, f"{path.name} cell {i} has an execution count"
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    assert "widgets" not in nb["metadata"], f"{path.name} stores widget state"


@pytest.mark.parametrize("pattern", [
    r"nltk\.download\s*\(", r"\burllib\.request\b", r"\bimport requests\b", r"\bhttp\.client\b",
    r"\burlopen\s*\(", r"\bsocket\.(?:socket|create_connection)\s*\(", r"\bpd\.read_\w+\(\s*['\"]https?:",
])
def test_no_code_downloads_anything(pattern):
    offenders = [str(p.relative_to(ROOT)) for p in CODE_FILES
                 if re.search(pattern, p.read_text(encoding="utf-8"))]
    assert not offenders, f"{pattern} appears in {offenders}"


def test_network_guard_refuses_and_records_outside_connections(tmp_path):
    """The guard that the book build runs under does refuse a real outside connection."""
    script = "import urllib.request\ntry:\n urllib.request.urlopen('http://example.org', timeout=5)\nexcept OSError as e:\n print('refused', e)\n"
    proc = subprocess.run([sys.executable, "-c", script], env=guarded_env(tmp_path),
                          capture_output=True, text=True, timeout=60)
    assert "refused" in proc.stdout and "test suite's guard" in proc.stdout
    assert "example.org" in (tmp_path / "netguard-refused.log").read_text()
    assert (tmp_path / "netguard-armed.log").read_text().strip()


def test_network_guard_allows_loopback(tmp_path):
    script = ("import socket\ns = socket.socket()\ns.bind(('127.0.0.1', 0))\ns.listen()\n"
              "c = socket.create_connection(s.getsockname(), timeout=5)\nprint('ok')\n")
    proc = subprocess.run([sys.executable, "-c", script], env=guarded_env(tmp_path),
                          capture_output=True, text=True, timeout=60)
    assert proc.stdout.strip() == "ok", proc.stderr
    assert not (tmp_path / "netguard-refused.log").exists()


def test_nltk_has_no_data_to_lean_on(tmp_path):
    """The package works without NLTK data: importing it loads no corpus or model."""
    script = ("import nltk, analysis.book.sources, analysis.core.keyness, analysis.book.provenance\n"
              "from analysis.book.sources import load_source, sentences\n"
              "print(len(sentences(load_source('article').text)))\n")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          env={**guarded_env(tmp_path), "NLTK_DATA": "/nonexistent"})
    assert proc.returncode == 0, proc.stderr
    assert int(proc.stdout) > 20


def test_requirements_are_pinned_and_keep_jupyter_book_1():
    lines = [l.strip() for l in (ROOT / "requirements.txt").read_text().splitlines()
             if l.strip() and not l.startswith("#")]
    assert "-e ." in lines, "Binder must install the book's package"
    pins = [l for l in lines if l != "-e ."]
    assert all(re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[\w.]+", l) for l in pins), pins
    jb = next(l for l in pins if l.startswith("jupyter-book=="))
    assert jb.split("==")[1].startswith("1.")
    for name in ("matplotlib", "nltk", "ipywidgets", "pandas"):
        assert any(l.startswith(name + "==") for l in pins), name


def test_the_configured_extensions_are_the_files_of_ext():
    """_config.yml loads every extension of _ext/ and names none that is not there (two places
    agree). The settings themselves are tested by what they do: the execution cache, its
    re-execution and the stalled-cell rule in test_execution_cache, the strict build in
    test_book, the repository links in test_repository_links."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    loaded = config["sphinx"]["local_extensions"]
    assert set(loaded) == {p.stem for p in (ROOT / "_ext").glob("*.py")}
    assert all((ROOT / folder / f"{name}.py").is_file() for name, folder in loaded.items())


def test_the_book_has_one_bibliography():
    bib_directives = [p for p in ROOT.rglob("*.md") if ".venv" not in p.parts and "_build" not in p.parts
                      and "```{bibliography}" in p.read_text(encoding="utf-8")]
    assert [p.name for p in bib_directives] == ["bibliography.md"]


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in readme and "make book" in readme
    assert re.search(r"^make test$", ci, re.M)


def test_the_licence_files_agree_with_the_citation_file_and_the_data_package():
    """The licences CITATION.cff declares are the licence files of the repository, and the Data
    Package's licence is the prose licence (CITATION.cff itself is validated in test_citation)."""
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    files = {"MIT": ("LICENSE", "MIT License"), "CC-BY-4.0": ("LICENSE-prose.md", "(CC BY 4.0)")}
    assert set(cff["license"]) == set(files), cff["license"]
    for name, (path, phrase) in files.items():
        assert phrase in (ROOT / path).read_text(encoding="utf-8"), f"{path} is not the {name} licence"
    package = yaml.safe_load((ROOT / "data" / "datapackage.yaml").read_text(encoding="utf-8"))
    assert [lic["name"] for lic in package["licenses"]] == ["CC-BY-4.0"]
