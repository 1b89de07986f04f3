"""Shared fixtures: paths, a guard against changes to data/, the network guard, the book build."""

from __future__ import annotations

import hashlib
import os
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


def build_book(out: Path) -> BookBuild:
    """A clean, strict build of the whole book into ``out`` under the network guard."""
    import shutil

    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    cmd = [str(BIN / "jupyter-book"), "build", str(ROOT), "--path-output", str(out),
           "--builder", "html", "--all", "-W", "-n", "--keep-going"]
    proc = subprocess.run(cmd, cwd=ROOT, env=guarded_env(out), capture_output=True, text=True,
                          timeout=3000)
    log = proc.stdout + proc.stderr
    (out / "build.log").write_text(log, encoding="utf-8")
    return BookBuild(out, proc.returncode, log)


@pytest.fixture(scope="session")
def book():
    """The book, built once per test session into _build/test/run1."""
    return build_book(ROOT / "_build" / "test" / "run1")
