"""What Binder would do with this repository, as Binder's own tool plans it.

``jupyter-repo2docker --no-build --debug`` prints the Dockerfile it would build, without Docker.
From it this module takes the Python version, the conda lock file of the kernel environment, and
the install steps that concern the repository: the ``pip`` commands run with the kernel
environment's pip, in order, from the repository's folder. Anything else among the
repository's steps (a ``postBuild``, a new kind of step in a future repo2docker) is reported as
a step the replay does not know, rather than skipped.

The conda environment itself cannot be built here (no conda channel is reachable), so its kernel
packages are seeded from PyPI at the versions its lock file pins (:data:`KERNEL_PACKAGES`).

``python tests/binder_plan.py kernel-requirements`` prints those pins for this repository; the
Makefile puts them in the wheelhouse so that the replay runs offline.
"""

from __future__ import annotations

import hashlib
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPO2DOCKER = Path(sys.executable).parent / "jupyter-repo2docker"
#: conda-forge name → PyPI name of the kernel packages repo2docker's environment pins.
KERNEL_PACKAGES = {"ipykernel": "ipykernel", "ipywidgets": "ipywidgets", "pyzmq": "pyzmq",
                   "jupyter_client": "jupyter-client"}
#: The pip of the environment the notebooks' kernel runs in (both name one environment today).
_PIP = re.compile(r"^\$\{(?:KERNEL|NB)_PYTHON_PREFIX\}/bin/pip\s+(?P<args>.+)$")
_REPO_COPY = re.compile(r"^COPY\s+(?:--\S+\s+)*src/\s+\$\{REPO_DIR\}/?$")


class PlanError(RuntimeError):
    """repo2docker's plan is not what this replay understands."""


@dataclass
class Plan:
    version: str  # repo2docker's
    python: str  # "3.11"
    lock: Path  # the conda lock file of the kernel environment
    steps: list[list[str]] = field(default_factory=list)  # pip arguments, in order
    dockerfile: str = ""
    log: str = ""


def _instructions(dockerfile: str) -> list[str]:
    joined = re.sub(r"\\\n", " ", dockerfile)
    return [" ".join(line.split()) for line in joined.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def _build_file(name: str) -> Path:
    """The source of a ``build_script_files/<escaped path>-<hash>`` name (repo2docker's
    ``generate_build_context_filename``: the path escaped with ``-``, lower-cased, maybe cut
    short, then the start of its SHA-256). The escaped path is tried first, then the files of
    the installed repo2docker, each known by its hash."""
    import warnings

    import escapism

    with warnings.catch_warnings():  # repo2docker's logging library warns of its own rename
        warnings.simplefilter("ignore", DeprecationWarning)
        import repo2docker

    slug, digest = name.rsplit("-", 1)
    candidates = [Path(escapism.unescape(slug, escape_char="-")), *Path(repo2docker.__file__).parent.rglob("*")]
    for path in candidates:
        if path.is_file() and hashlib.sha256(str(path).encode("utf-8")).hexdigest()[: len(digest)] == digest:
            return path
    raise PlanError(f"cannot find the file behind the build file name {name!r}")


def parse_plan(dockerfile: str, log: str) -> Plan:
    """The Python version, kernel lock file and repository install steps of a printed plan."""
    versions = set(re.findall(r"python=(\d+\.\d+)", log))
    if len(versions) != 1:
        raise PlanError(f"the plan names {len(versions)} Python versions ({sorted(versions)}), not one")
    python = versions.pop()
    version = re.search(r'LABEL repo2docker\.version="([^"]+)"', dockerfile)
    locks = [_build_file(m) for m in re.findall(r"build_script_files/(\S+)\s+/tmp/env/environment\.lock", dockerfile)]
    if len(locks) != 1:
        raise PlanError(f"the plan copies no single readable environment lock file: {locks}")
    if f"py-{python}-" not in locks[0].name:
        raise PlanError(f"the lock file {locks[0].name} is not for Python {python}")
    plan = Plan(version.group(1) if version else "unknown", python, locks[0], dockerfile=dockerfile, log=log)
    copied = False
    workdir = None
    for line in _instructions(dockerfile):
        keyword, _, rest = line.partition(" ")
        if keyword == "WORKDIR":
            workdir = rest
        elif keyword == "COPY" and _REPO_COPY.match(line):
            copied = True
        elif keyword == "RUN":
            match = _PIP.match(rest)
            if match:
                if workdir != "${REPO_DIR}":
                    raise PlanError(f"a pip step runs in {workdir}, not in the repository: {rest}")
                args = shlex.split(match["args"])
                if args[:1] != ["install"]:
                    raise PlanError(f"a pip step the replay does not know: {rest}")
                plan.steps.append(args)
            elif copied:
                raise PlanError(f"a step on the repository the replay does not know: {rest}")
    if not copied:
        raise PlanError("the plan never copies the repository (COPY src/ ${REPO_DIR}/)")
    if not plan.steps:
        raise PlanError("the plan installs nothing with the kernel environment's pip")
    return plan


def plan_of(folder: Path, timeout: int = 300) -> Plan:
    """Ask repo2docker for its plan of ``folder``, run from there as ``.``, as Binder does."""
    if not REPO2DOCKER.is_file():
        raise PlanError(f"no {REPO2DOCKER}: jupyter-repo2docker is in requirements-test.txt; run make")
    proc = subprocess.run([str(REPO2DOCKER), "--no-build", "--debug", "--user-id", "1000", "--user-name", "jovyan", "."],
                          cwd=folder, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        raise PlanError(f"jupyter-repo2docker failed:\n{proc.stderr[-3000:]}")
    return parse_plan(proc.stdout, proc.stderr)


def kernel_requirements(lock: Path) -> list[str]:
    """``name==version`` on PyPI of each package of :data:`KERNEL_PACKAGES` the lock file pins."""
    pins = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        match = re.search(r"/(?P<name>[A-Za-z0-9_.-]+?)-(?P<version>[^-/]+)-[^-/]+\.(?:conda|tar\.bz2)(?:#|$)", line)
        if match and match["name"] in KERNEL_PACKAGES:
            pins[match["name"]] = match["version"]
    missing = sorted(set(KERNEL_PACKAGES) - set(pins))
    if missing:
        raise PlanError(f"{lock.name} pins none of {missing}")
    return [f"{KERNEL_PACKAGES[name]}=={pins[name]}" for name in KERNEL_PACKAGES]


if __name__ == "__main__":
    if sys.argv[1:] != ["kernel-requirements"]:
        sys.exit("usage: python tests/binder_plan.py kernel-requirements")
    print("\n".join(kernel_requirements(plan_of(ROOT).lock)))
