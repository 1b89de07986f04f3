"""Shared fixtures: paths, a guard against changes to data/, the network guard, the book build."""

from __future__ import annotations

import csv
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
        self.singlehtml = out / "_build" / "pdf" / "_build" / "singlehtml"
        self.cache = out / "_build" / ".jupyter_cache"


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
#: The repository the test build pretends to be built for (as GitHub Actions would say).
BUILD_REPOSITORY = {"GITHUB_REPOSITORY": "example-org/example-book", "GITHUB_REF_NAME": "example-branch"}


def build_book(out: Path, target: str = "site", clean: bool = True, root: Path = ROOT) -> BookBuild:
    """A strict build of the book in ``root`` into ``out`` under the network guard, by the
    Makefile's own recipe: ``make site OUT=out`` executes the notebooks once (in parallel, into
    the execution cache beside the output), then prints the PDF (when there is a Chromium) and
    builds the HTML book from that execution; ``target="html"`` builds the HTML only. With
    ``clean`` the output folder, execution cache included, starts empty."""
    if clean and out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    env = guarded_env(out)
    env.update(BUILD_REPOSITORY)
    # BUILD_REPOSITORY: the repository the launch links must point at (test_publication checks them)
    cmd = ["make", "--no-print-directory", "-C", str(root), target, f"OUT={out}",
           f"VENV={BIN.parent}"]
    if CHROMIUM:
        cmd.append(f"CHROMIUM={CHROMIUM}")
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=3000)
    log = proc.stdout + proc.stderr
    (out / "build.log").write_text(log, encoding="utf-8")
    return BookBuild(out, proc.returncode, log)


@pytest.fixture(scope="session")
def book():
    """The book (PDF and HTML), built once per test session into _build/test/run1; every test
    that reads the built site uses this one build."""
    return build_book(ROOT / "_build" / "test" / "run1")


def pytest_collection_modifyitems(items):
    """A test that reads the built book is a ``book`` and a ``slow`` test (``make check`` skips both)."""
    for item in items:
        if "book" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.book)
            item.add_marker(pytest.mark.slow)
        if item.get_closest_marker("book"):
            item.add_marker(pytest.mark.slow)


# ---- shared helpers of the test modules (issue 13): one data copy, one _toc.yml reader, one _ext loader

@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A private copy of data/ that a test may damage; the package reads it ($BOROVIK_BOOK_DATA)."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    monkeypatch.setenv("BOROVIK_BOOK_DATA", str(target))
    return target


def toc_files(root: Path = ROOT) -> list[str]:
    """The book's pages in reading order, as ``root``'s _toc.yml lists them (without suffix)."""
    import yaml

    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
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


def csv_rows(name: str, root: Path = DATA) -> list[dict[str, str]]:
    """The rows of a curated table read with the standard library's csv module only: an
    independent recount for tests of the package's loaders (which go through datapackage.yaml)."""
    with (root / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))
