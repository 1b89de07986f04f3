"""Fresh, offline environments for the tests that install the book as a stranger would.

A clean copy of the repository (the files git tracks or would track, none of this machine's
build output), a new virtual environment of a chosen Python, and pip told to install from the
wheelhouse ``make`` builds in ``.venv/wheelhouse`` only (``--no-index``), so nothing is fetched;
the build isolation of ``pip install .`` draws setuptools and wheel from the same place.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, guarded_env

WHEELHOUSE = ROOT / ".venv" / "wheelhouse"


def require_wheelhouse() -> Path:
    if not (WHEELHOUSE / ".complete").is_file():
        pytest.fail("no wheelhouse in .venv/wheelhouse: run `make test` (its set-up step builds it)")
    return WHEELHOUSE


def clean_copy(dest: Path) -> Path:
    """The working tree as a clean clone would have it (tracked and new files, nothing ignored)."""
    listed = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            capture_output=True, text=True, check=True).stdout
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    return dest


def python_of(version: str) -> str:
    """An interpreter of ``version`` ("3.11") on this machine."""
    base = getattr(sys, "_base_executable", sys.executable)
    if f"{sys.version_info.major}.{sys.version_info.minor}" == version:
        return base
    found = shutil.which(f"python{version}")
    if not found:
        pytest.fail(f"no python{version} on this machine, which the plan asks for")
    return found


def new_venv(path: Path, version: str) -> Path:
    """A new virtual environment at ``path``; returns its ``bin`` folder."""
    subprocess.run([python_of(version), "-m", "venv", str(path)], check=True, timeout=300)
    return path / "bin"


def offline_env(log_dir: Path, venv: Path) -> dict[str, str]:
    """Environment for pip and kernels of ``venv``: under the network guard, pip from the
    wheelhouse only, none of this machine's pip settings, no repository variables."""
    env = guarded_env(log_dir)
    for name in ("VIRTUAL_ENV", "PIP_FIND_LINKS", "PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PYTHONHOME",
                 "GITHUB_REPOSITORY", "GITHUB_REF_NAME", "BOROVIK_BOOK_DATA"):
        env.pop(name, None)
    env["PIP_CONFIG_FILE"] = os.devnull
    env["PIP_NO_INDEX"] = "1"
    env["PIP_FIND_LINKS"] = str(require_wheelhouse())
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env["PATH"] = os.pathsep.join([str(venv / "bin"), env["PATH"]])
    return env


def pip(bin_dir: Path, args: list[str], cwd: Path, env: dict[str, str], timeout: int = 1500):
    """``pip <args>`` in the environment of ``bin_dir``; fails the test with pip's own words."""
    proc = subprocess.run([str(bin_dir / "python"), "-m", "pip", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, f"pip {' '.join(args)} failed in {cwd}:\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}"
    return proc
