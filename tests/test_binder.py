"""What Binder does, asked of Binder's own tool, replayed offline.

mybinder.org builds a repository with repo2docker. The test asks ``jupyter-repo2docker
--no-build --debug`` for its plan of a clean copy of this repository (tests/binder_plan.py reads
it), makes a fresh virtual environment of the Python version the plan names, seeds it with the
PyPI equivalents of the kernel packages repo2docker's conda environment pins (that environment
cannot be built here), replays the plan's pip steps in order from the copy's folder, and then
executes every notebook of the book from its own folder, as a reader does in JupyterLab. A
future repo2docker with other steps changes what is replayed, or fails the test naming the step
it does not know. Everything installs from the wheelhouse ``make`` builds (``--no-index``);
pip and every kernel run under the network guard. Plan, versions and timings are written to
``_build/test/binder/replay.json``.
"""

import json
import re
import subprocess
import time
from pathlib import Path

import pytest
from binder_plan import PlanError, kernel_requirements, parse_plan, plan_of
from conftest import ROOT, toc_files
from fresh_env import clean_copy, new_venv, offline_env, pip, require_wheelhouse

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
    "import os, sys, analysis; print(sys.prefix, os.getcwd(), analysis.__file__, sep='\\n')")])
NotebookClient(probe, timeout=120, kernel_name="python3",
               resources={"metadata": {"path": sys.argv[1]}}).execute()
prefix, cwd, module = probe.cells[0].outputs[0]["text"].split()
assert prefix == sys.prefix, f"the kernel ran in {prefix}, not the fresh environment {sys.prefix}"
assert Path(cwd) == Path(sys.argv[1]).resolve(), cwd
assert "site-packages" in module, f"the package is not a regular install: {module}"
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


def _toc_notebooks(root: Path) -> list[Path]:
    return [root / f"{f}.ipynb" for f in toc_files(root) if (root / f"{f}.ipynb").is_file()]


def test_every_notebook_of_the_toc_is_found():
    names = {p.name for p in _toc_notebooks(ROOT)}
    assert {nb.name for nb in (ROOT / "notebooks").glob("*.ipynb")} <= names


def test_binder_reads_a_python_version_and_no_conda_environment():
    """One Python version everywhere: Binder's runtime.txt, the Makefile's interpreter and
    pyproject.toml's floor name the same minor version."""
    import tomllib

    runtime = re.fullmatch(r"python-(\d+\.\d+)", (ROOT / "runtime.txt").read_text().strip())
    assert runtime, "runtime.txt must read python-X.Y"
    version = runtime.group(1)
    makefile = re.search(r"^PYTHON \?= .*?command -v python(\d+\.\d+)", (ROOT / "Makefile").read_text(), re.M)
    assert makefile and makefile.group(1) == version, "the Makefile prefers another Python than Binder's"
    floor = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert floor == f">={version}", f"pyproject.toml asks for {floor}, Binder runs {version}"
    assert not (ROOT / "environment.yml").exists(), "repo2docker would ignore requirements.txt"


def test_the_plan_of_this_repository_is_read(tmp_path):
    plan = plan_of(clean_copy(tmp_path / "copy"))
    assert plan.python == "3.11"
    assert plan.steps[0][-2:] == ["-r", "requirements.txt"]
    assert plan.lock.is_file() and plan.lock.name.startswith("environment.py-3.11-")
    assert [r.split("==")[0] for r in kernel_requirements(plan.lock)] == [
        "ipykernel", "ipywidgets", "pyzmq", "jupyter-client"]


PLAN = """WORKDIR ${{REPO_DIR}}
COPY --chown=1000:1000 build_script_files/{lock} /tmp/env/environment.lock
COPY --chown=1000:1000 src/ ${{REPO_DIR}}/
USER ${{NB_USER}}
RUN ${{KERNEL_PYTHON_PREFIX}}/bin/pip install --no-cache-dir -r "requirements.txt"
{extra}
LABEL repo2docker.version="9.9"
"""


def _lock_name(path: Path) -> str:
    import hashlib
    import string

    import escapism

    slug = escapism.escape(str(path), safe=set(string.ascii_letters + string.digits), escape_char="-")
    return f"{slug}-{hashlib.sha256(str(path).encode()).hexdigest()[:6]}".lower()  # as repo2docker names it


def test_the_parser_follows_new_steps_and_refuses_unknown_ones(tmp_path):
    lock = tmp_path / "environment.py-3.12-linux-64.lock"
    lock.write_text("https://conda.anaconda.org/conda-forge/noarch/ipykernel-7.1.0-pyh_0.conda#ab\n"
                    "https://conda.anaconda.org/conda-forge/noarch/ipywidgets-8.2.0-pyh_0.conda#ab\n"
                    "https://conda.anaconda.org/conda-forge/linux-64/pyzmq-28.0.0-py312h_0.conda#ab\n"
                    "https://conda.anaconda.org/conda-forge/noarch/jupyter_client-9.0.0-pyh_0.conda#ab\n")
    extra = "RUN ${NB_PYTHON_PREFIX}/bin/pip install --no-cache-dir --no-deps ."
    plan = parse_plan(PLAN.format(lock=_lock_name(lock), extra=extra), "conda environment for python=3.12")
    assert plan.python == "3.12" and plan.version == "9.9" and plan.lock == lock
    assert plan.steps == [["install", "--no-cache-dir", "-r", "requirements.txt"],
                          ["install", "--no-cache-dir", "--no-deps", "."]]
    assert kernel_requirements(lock) == ["ipykernel==7.1.0", "ipywidgets==8.2.0", "pyzmq==28.0.0",
                                         "jupyter-client==9.0.0"]
    with pytest.raises(PlanError, match="a step on the repository the replay does not know: ./postBuild"):
        parse_plan(PLAN.format(lock=_lock_name(lock), extra="RUN ./postBuild"), "python=3.12")
    with pytest.raises(PlanError, match="names 0 Python versions"):
        parse_plan(PLAN.format(lock=_lock_name(lock), extra=""), "no version here")
    with pytest.raises(PlanError, match="is not for Python 3.11"):
        parse_plan(PLAN.format(lock=_lock_name(lock), extra=""), "python=3.11")
    lock.write_text("https://conda.anaconda.org/conda-forge/noarch/ipykernel-7.1.0-pyh_0.conda#ab\n")
    with pytest.raises(PlanError, match=r"pins none of \['ipywidgets', 'jupyter_client', 'pyzmq'\]"):
        kernel_requirements(lock)


@pytest.mark.book
@pytest.mark.slow
def test_binder_steps_replayed_run_every_notebook(tmp_path):
    require_wheelhouse()
    OUT.mkdir(parents=True, exist_ok=True)
    for old in ("netguard-refused.log", "netguard-armed.log", "replay.json"):
        (OUT / old).unlink(missing_ok=True)
    copy = clean_copy(tmp_path / "copy")
    report = {}
    start = time.perf_counter()
    plan = plan_of(copy)
    report["repo2docker"] = plan.version
    report["python"] = plan.python
    report["steps"] = [["pip", *step] for step in plan.steps]
    seed = kernel_requirements(plan.lock)
    report["kernel seed"] = seed

    venv = tmp_path / "venv"
    bin_dir = new_venv(venv, plan.python)
    env = offline_env(OUT, venv)
    pip(bin_dir, ["install", "--quiet", *seed], cwd=copy, env=env)
    for step in plan.steps:
        pip(bin_dir, step, cwd=copy, env=env)
    report["install seconds"] = round(time.perf_counter() - start, 1)
    freeze = subprocess.run([str(bin_dir / "python"), "-m", "pip", "freeze"], env=env, capture_output=True,
                            text=True, check=True).stdout.splitlines()
    report["installed"] = [l for l in freeze if re.split(r"[ =@]", l)[0].lower().replace("_", "-") in
                           {"ipykernel", "ipywidgets", "pyzmq", "jupyter-client", "borovik-texts"}]
    assert any(l.startswith("borovik-texts @ file:") for l in freeze), f"no regular install of the book: {freeze}"

    notebooks = _toc_notebooks(copy)
    assert len(notebooks) == len(list((copy / "notebooks").glob("*.ipynb"))) > 0
    start = time.perf_counter()
    run = subprocess.run([str(bin_dir / "python"), "-c", RUNNER, str(copy / "notebooks"), *map(str, notebooks)],
                         cwd=copy, env=env, capture_output=True, text=True, timeout=3000)
    report["execute seconds"] = round(time.perf_counter() - start, 1)
    assert run.returncode == 0, f"a notebook failed in Binder's environment:\n{run.stderr[-4000:]}"
    report["notebooks"] = json.loads(run.stdout.strip().splitlines()[-1])
    (OUT / "replay.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    assert set(report["notebooks"]) == {p.name for p in notebooks}
    refused = OUT / "netguard-refused.log"
    assert not refused.exists(), f"the fresh environment reached for the network:\n{refused.read_text()}"
    assert (OUT / "netguard-armed.log").is_file(), "the network guard did not load"
