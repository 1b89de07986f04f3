"""One execution per notebook, cached under a key that covers everything the notebooks read.

jupyter-cache (myst-nb's ``execute_notebooks: cache``) keys a notebook on its code cells only,
so a change in ``src/analysis``, ``data/`` or the pinned requirements would not re-execute it.
Here the cache lives in a folder named by a digest of those inputs,
``<cache root>/<digest>``: a change in any of them starts an empty cache (and removes the old
one), a change in a notebook's code is caught by jupyter-cache itself, and a rebuild with no
change executes nothing.

Two ways in, sharing :func:`cache_folder`:

* as a Sphinx extension (``_config.yml``), it points myst-nb at that folder and makes Sphinx
  re-read every notebook when the digest differs from the one the saved environment was built
  with (Sphinx itself notices only changed notebooks);
* as a script, ``python _ext/execution_cache.py execute`` executes the notebooks of the table of
  contents that the cache lacks, in parallel (jupyter-cache's ``local-parallel`` executor: one
  kernel per core), before Sphinx runs; the builds then only read the cache, so the single-page
  build for the PDF and the HTML build share one execution. ``... digest`` prints the key.

The cache root is ``$BOOK_EXECUTION_CACHE`` (the Makefile sets it beside each build's output)
or ``_build/.jupyter_cache``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE_ENV = "BOOK_EXECUTION_CACHE"
#: What the notebooks' outputs depend on besides their own code, relative to the book's root.
INPUTS = ("src/analysis", "data", "requirements.txt", "requirements-test.txt", "pyproject.toml")
_SKIP = {"__pycache__", ".ipynb_checkpoints", ".pytest_cache"}


def input_digest(root: Path = ROOT) -> str:
    """SHA-256 (first 16 hex digits) over the paths and bytes of every file of :data:`INPUTS`."""
    h = hashlib.sha256()
    for name in INPUTS:
        base = root / name
        files = [base] if base.is_file() else sorted(
            p for p in base.rglob("*") if p.is_file() and not _SKIP.intersection(p.relative_to(root).parts)
        ) if base.is_dir() else []
        for path in files:
            if path.suffix in {".pyc", ".pyo"}:
                continue
            h.update(path.relative_to(root).as_posix().encode() + b"\0")
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()[:16]


def cache_root(root: Path = ROOT) -> Path:
    env = os.environ.get(CACHE_ENV)
    return Path(env).resolve() if env else root / "_build" / ".jupyter_cache"


def cache_folder(root: Path = ROOT) -> Path:
    """The jupyter-cache folder for the current inputs, ``<cache root>/<digest>``."""
    return cache_root(root) / input_digest(root)


def _prune(folder: Path) -> None:
    """Remove the caches of other digests beside ``folder`` (their inputs are gone)."""
    if folder.parent.is_dir():
        for other in folder.parent.iterdir():
            if other.is_dir() and other != folder and len(other.name) == 16:
                shutil.rmtree(other, ignore_errors=True)


def toc_notebooks(root: Path = ROOT) -> list[Path]:
    """The notebooks the table of contents lists, in its order."""
    import yaml

    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    entries = [toc.get("root")] + [c.get("file") for p in toc.get("parts", []) for c in p.get("chapters", [])]
    return [root / f"{e}.ipynb" for e in entries if e and (root / f"{e}.ipynb").is_file()]


def stalled(seconds: float, timeout: float) -> bool:
    """Whether a cell that ran ``seconds`` waited out the cell ``timeout``.

    A stalled cell need not raise: when the kernel's reply sat unnoticed in the client's socket
    (see :mod:`analysis.widgets`), nbclient picks it up as the timeout ends and goes on. Such a
    cell is failed here, so that a stall fails the build instead of slowing it down.

    >>> stalled(119.0, 120), stalled(120.0, 120)
    (False, True)
    """
    return seconds >= timeout


def _worker_class():
    """jupyter-cache's parallel worker, with each cell timed (see :func:`stalled`)."""
    from jupyter_cache.executors.basic import ExecutionWorkerLocalMProc
    from jupyter_cache.executors.utils import single_nb_execution
    from nbclient.exceptions import CellTimeoutError

    class TimedWorker(ExecutionWorkerLocalMProc):
        @staticmethod
        def execute(project_nb, data):
            started: dict[int, float] = {}

            def on_cell_execute(cell, cell_index):
                started[cell_index] = time.monotonic()

            def on_cell_executed(cell, cell_index, execute_reply):
                seconds = time.monotonic() - started[cell_index]
                if data.timeout and stalled(seconds, data.timeout):
                    raise CellTimeoutError(
                        f"{project_nb.uri}: cell {cell_index} waited out the cell timeout "
                        f"({seconds:.0f} s of {data.timeout} s), a stalled execution:\n{cell.source}")

            return single_nb_execution(project_nb.nb, cwd=str(Path(project_nb.uri).parent),
                                       timeout=data.timeout, allow_errors=data.allow_errors,
                                       on_cell_execute=on_cell_execute, on_cell_executed=on_cell_executed)

    # pool.map pickles the worker by reference: make it findable as a module attribute (the
    # pool's processes are forked after this, so they hold it too)
    TimedWorker.__qualname__ = TimedWorker.__name__
    TimedWorker.__module__ = __name__
    globals()["TimedWorker"] = TimedWorker
    return TimedWorker


def execute(root: Path = ROOT) -> int:
    """Execute, in parallel, the table of contents' notebooks missing from the cache; 0 if all ran."""
    import logging

    import yaml

    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    timeout = config.get("execute", {}).get("timeout", 30)
    folder = cache_folder(root)
    _prune(folder)
    notebooks = toc_notebooks(root)
    # the same notebook files as at the last complete run: nothing to ask jupyter-cache
    stamp = folder / "complete.json"
    files = {str(nb): hashlib.sha256(nb.read_bytes()).hexdigest() for nb in notebooks}
    if stamp.is_file() and json.loads(stamp.read_text(encoding="utf-8")) == files:
        print(f"execution_cache: all notebooks cached in {folder}")
        return 0
    from jupyter_cache import get_cache
    from jupyter_cache.executors import load_executor

    cache = get_cache(str(folder))
    for nb in notebooks:
        cache.add_nb_to_project(str(nb))
    pending = cache.list_unexecuted()
    if not pending:
        stamp.write_text(json.dumps(files), encoding="utf-8")
        print(f"execution_cache: all notebooks cached in {folder}")
        return 0
    logger = logging.getLogger("execution_cache")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    print(f"execution_cache: executing {len(pending)} notebook(s) in parallel into {folder}", flush=True)
    started = time.perf_counter()
    executor = load_executor("local-parallel", cache, logger=logger)
    executor._EXECUTION_WORKER = _worker_class()
    result = executor.run_and_cache(timeout=timeout, allow_errors=False)
    seconds = {r.uri: r.data.get("execution_seconds") for r in cache.list_cache_records()}
    for uri in result.succeeded:
        print(f"execution_cache: Executed notebook {uri} in {seconds.get(uri, float('nan')):.2f} s")
    failed = result.excepted + result.errored
    for uri in failed:
        record = cache.get_project_record(uri)
        print(f"execution_cache: FAILED {uri}\n{record.traceback or '(no traceback)'}", file=sys.stderr)
    print(f"execution_cache: {len(result.succeeded)} executed, {len(failed)} failed, "
          f"{time.perf_counter() - started:.1f} s wall", flush=True)
    if not failed:
        stamp.write_text(json.dumps(files), encoding="utf-8")
    return 1 if failed else 0


# ------------------------------------------------------------------------------ Sphinx


def _point_myst_nb_at_cache(app, config):
    folder = cache_folder(Path(app.confdir))
    config.nb_execution_cache_path = str(folder)
    app.execution_digest = folder.name


def _reread_notebooks_when_inputs_change(app, env, added, changed, removed):
    digest = app.execution_digest
    stale = []
    if getattr(env, "execution_digest", None) != digest:
        stale = [d for d in env.found_docs if str(env.doc2path(d)).endswith(".ipynb")
                 and d not in added and d not in changed]
    env.execution_digest = digest
    return stale


def setup(app):
    app.connect("config-inited", _point_myst_nb_at_cache)
    app.connect("env-get-outdated", _reread_notebooks_when_inputs_change)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The book's execution cache (see the module docstring).")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("execute", help="execute the notebooks the cache lacks, one process per core")
    sub.add_parser("digest", help="print the cache key of the current inputs")
    sub.add_parser("path", help="print the cache folder of the current inputs")
    args = parser.parse_args(argv)
    if args.command == "digest":
        print(input_digest())
        return 0
    if args.command == "path":
        print(cache_folder())
        return 0
    return execute(ROOT)


if __name__ == "__main__":
    sys.exit(main())
