"""Shared fixtures: paths, a guard against changes to data/, the network guard, the book build."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
NETGUARD = Path(__file__).resolve().parent / "netguard"
BIN = Path(sys.executable).parent


def _digest_tree(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture
def data_unchanged():
    """Fails the test if any file under data/ changed while it ran."""
    before = _digest_tree(DATA)
    yield
    assert _digest_tree(DATA) == before, "a test changed a file in data/"


def guarded_env(log_dir: Path) -> dict[str, str]:
    """Environment for a subprocess that runs under the network guard."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(NETGUARD), env.get("PYTHONPATH", "")]))
    env["NETGUARD_LOG"] = str(log_dir / "netguard-refused.log")
    env["NETGUARD_ARMED"] = str(log_dir / "netguard-armed.log")
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    return env


class BookBuild:
    def __init__(self, out: Path, returncode: int, log: str):
        self.out = out
        self.html = out / "_build" / "html"
        self.returncode = returncode
        self.log = log
        self.refused = (out / "netguard-refused.log")
        self.armed = (out / "netguard-armed.log")
        self.pdf = out / "_build" / "pdf" / "book.pdf"
        self.singlehtml = out / "_build" / "singlehtml"


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def build_book(out: Path, pdf: bool = True) -> BookBuild:
    """A clean, strict build of the whole book into ``out`` under the network guard, as
    ``make book`` does it: with ``pdf``, first the single-page build printed to
    ``out/_build/pdf/book.pdf`` by Chromium (when there is one), then the HTML book."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    log, returncode = "", 0
    builders = ["singlehtml", "html"] if pdf and CHROMIUM else ["html"]
    for builder in builders:
        cmd = [str(BIN / "jupyter-book"), "build", str(ROOT), "--path-output", str(out),
               "--builder", builder, "--all", "-W", "-n", "--keep-going"]
        # the repository the launch links must point at (tests/test_publication.py checks them)
        env = {**guarded_env(out), "GITHUB_REPOSITORY": "example-org/example-book",
               "GITHUB_REF_NAME": "example-branch"}
        proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=3000)
        log += proc.stdout + proc.stderr
        returncode = returncode or proc.returncode
        if builder == "singlehtml" and proc.returncode == 0:
            printer = subprocess.run(
                [str(BIN / "python"), str(ROOT / "_ext" / "book_edition.py"), "print",
                 str(out / "_build" / "singlehtml" / "index.html"),
                 str(out / "_build" / "pdf" / "book.pdf"), "--chromium", CHROMIUM],
                cwd=ROOT, capture_output=True, text=True, timeout=600)
            log += printer.stdout + printer.stderr
            returncode = returncode or printer.returncode
    (out / "build.log").write_text(log, encoding="utf-8")
    return BookBuild(out, returncode, log)


@pytest.fixture(scope="session")
def book():
    """The book, built once per test session into _build/test/run1."""
    return build_book(ROOT / "_build" / "test" / "run1")


# ---- shared helpers of the test modules (issue 13): one data copy, one _toc.yml reader, one _ext loader

@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A private copy of data/ that a test may damage; the package reads it ($BOROVIK_BOOK_DATA)."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    monkeypatch.setenv("BOROVIK_BOOK_DATA", str(target))
    return target


def toc_files() -> list[str]:
    """The book's pages in reading order, as _toc.yml lists them (without suffix)."""
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [c["file"] for c in part["chapters"]]
    return files


def load_ext(name: str):
    """A Sphinx extension of _ext/ imported as a module (they are not a package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(f"_ext_{name}", ROOT / "_ext" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
