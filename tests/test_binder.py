"""What Binder does, offline: a fresh virtual environment from requirements.txt alone, then every
notebook of the book executed top to bottom from its own folder.

mybinder.org (repo2docker) reads ``runtime.txt`` for the Python version and installs
``requirements.txt``; nothing else of this machine's set-up may be needed. The packages come from
the wheelhouse the set-up step (``make``) builds from that same file, installed with
``--no-index``, so the test fetches nothing; pip and every kernel run under the network guard.
The timings are written to ``_build/test/binder/timings.json``.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, guarded_env

WHEELHOUSE = ROOT / ".venv" / "wheelhouse"
OUT = ROOT / "_build" / "test" / "binder"

# Runs inside the fresh environment: one kernel per notebook, its working folder the notebook's.
RUNNER = r"""
import json, sys, time
from pathlib import Path
import nbformat
from nbclient import NotebookClient
times = {}
# A probe first: its kernel must be this environment's Python, started in the notebooks' folder.
probe = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
    "import os, sys, analysis; print(sys.prefix, os.getcwd(), analysis.__version__, sep='\\n')")])
NotebookClient(probe, timeout=120, kernel_name="python3",
               resources={"metadata": {"path": sys.argv[1]}}).execute()
prefix, cwd, version = probe.cells[0].outputs[0]["text"].split()
assert prefix == sys.prefix, f"the kernel ran in {prefix}, not the fresh environment {sys.prefix}"
assert Path(cwd) == Path(sys.argv[1]).resolve(), cwd
for name in sys.argv[2:]:
    path = Path(name)
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    times[path.name] = round(time.perf_counter() - start, 1)
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, f"{path.name}: {errors}"
print(json.dumps(times))
"""


def _toc_notebooks() -> list[Path]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]] + [c["file"] for part in toc.get("parts", []) for c in part["chapters"]]
    return [ROOT / f"{f}.ipynb" for f in files if (ROOT / f"{f}.ipynb").is_file()]


def test_binder_reads_a_python_version_and_pinned_requirements():
    assert (ROOT / "runtime.txt").read_text().strip() == "python-3.11"
    assert not (ROOT / "environment.yml").exists(), "repo2docker would ignore requirements.txt"


def test_every_notebook_of_the_toc_is_found():
    names = {p.name for p in _toc_notebooks()}
    assert {nb.name for nb in (ROOT / "notebooks").glob("*.ipynb")} <= names


@pytest.mark.book
def test_fresh_environment_from_requirements_runs_every_notebook():
    if not (WHEELHOUSE / ".complete").is_file():
        pytest.fail("no wheelhouse in .venv/wheelhouse: run `make test` (its set-up step builds it)")
    import shutil

    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    venv = OUT / "venv"
    env = guarded_env(OUT)
    env.pop("PIP_FIND_LINKS", None)
    env.pop("VIRTUAL_ENV", None)
    env["PIP_CONFIG_FILE"] = os.devnull  # this machine's pip settings are not Binder's
    env["PIP_NO_INDEX"] = "1"
    env["PIP_FIND_LINKS"] = str(WHEELHOUSE)
    env["PATH"] = os.pathsep.join([str(venv / "bin"), env["PATH"]])
    timings = {}

    start = time.perf_counter()
    subprocess.run([getattr(sys, "_base_executable", sys.executable), "-m", "venv", str(venv)],
                   check=True, timeout=300)
    pip = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
                          "-r", "requirements.txt"], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=1200)
    timings["install"] = round(time.perf_counter() - start, 1)
    assert pip.returncode == 0, f"requirements.txt does not install on its own:\n{pip.stderr[-3000:]}"

    notebooks = _toc_notebooks()
    assert notebooks
    start = time.perf_counter()
    run = subprocess.run([str(venv / "bin" / "python"), "-c", RUNNER, str(ROOT / "notebooks"),
                          *map(str, notebooks)],
                         cwd=OUT, env=env, capture_output=True, text=True, timeout=3000)
    timings["execute"] = round(time.perf_counter() - start, 1)
    assert run.returncode == 0, f"a notebook failed in the fresh environment:\n{run.stderr[-4000:]}"
    timings["notebooks"] = json.loads(run.stdout.strip().splitlines()[-1])
    (OUT / "timings.json").write_text(json.dumps(timings, indent=1), encoding="utf-8")
    assert set(timings["notebooks"]) == {p.name for p in notebooks}
    refused = OUT / "netguard-refused.log"
    assert not refused.exists(), f"the fresh environment reached for the network:\n{refused.read_text()}"
    assert (OUT / "netguard-armed.log").is_file(), "the network guard did not load"
