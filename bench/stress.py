"""Stress the notebook execution the book build uses, and count executions that stalled.

Executes every chapter notebook ``--runs`` times in a row with the client the build uses
(``jupyter_cache.executors.utils.single_nb_execution``, which myst-nb's and jupyter-cache's
executors call: nbclient's ``NotebookClient`` with the book's execution options), while
``--busy`` processes spin on the cores, with a short cell timeout. A cell that took the
timeout or longer, or a ``CellTimeoutError``, counts as a stalled execution. The last line
is ``stalled executions: N of M``; the exit status is 1 when N > 0.

    make stress                         # 20 runs of every notebook, 2 busy processes, 30 s
    .venv/bin/python bench/stress.py --runs 5 --only 03_trade --timeout 10

Not part of ``make test``: 20 runs of eight notebooks take some ten minutes on two cores.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
from pathlib import Path

import nbformat
from jupyter_cache.executors.utils import single_nb_execution

ROOT = Path(__file__).resolve().parents[1]


def _spin(stop) -> None:  # pragma: no cover - runs in a child process
    while not stop.is_set():
        for _ in range(100_000):
            pass


def chapter_notebooks(only: list[str] | None = None) -> list[Path]:
    """The notebooks of the table of contents, in reading order (optionally filtered by name)."""
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [ch["file"] for part in toc.get("parts", []) for ch in part.get("chapters", [])]
    paths = [ROOT / f"{f}.ipynb" for f in files if (ROOT / f"{f}.ipynb").exists()]
    if only:
        paths = [p for p in paths if any(o in p.stem for o in only)]
    return paths


def execute_once(path: Path, timeout: int) -> tuple[float, list[tuple[int, float]], str | None]:
    """Execute one notebook; return its wall time, the (cell, seconds) over the timeout, the error."""
    nb = nbformat.read(path, as_version=4)
    started: dict[int, float] = {}
    slow: list[tuple[int, float]] = []

    def on_cell_execute(cell, cell_index):
        started[cell_index] = time.monotonic()

    def on_cell_executed(cell, cell_index, execute_reply):
        seconds = time.monotonic() - started.get(cell_index, time.monotonic())
        if seconds >= timeout * 0.95:
            slow.append((cell_index, seconds))

    result = single_nb_execution(nb, cwd=str(path.parent), timeout=timeout, allow_errors=False,
                                 on_cell_execute=on_cell_execute, on_cell_executed=on_cell_executed)
    error = None if result.err is None else f"{type(result.err).__name__}: {str(result.err)[:200]}"
    return result.time, slow, error


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--timeout", type=int, default=30, help="cell timeout, seconds")
    parser.add_argument("--busy", type=int, default=2, help="busy processes loading the cores")
    parser.add_argument("--only", nargs="*", help="notebook name fragments (default: all)")
    args = parser.parse_args(argv)

    notebooks = chapter_notebooks(args.only)
    stop = multiprocessing.Event()
    spinners = [multiprocessing.Process(target=_spin, args=(stop,), daemon=True) for _ in range(args.busy)]
    for p in spinners:
        p.start()
    stalled = total = 0
    try:
        for run in range(1, args.runs + 1):
            for path in notebooks:
                seconds, slow, error = execute_once(path, args.timeout)
                total += 1
                bad = bool(slow) or (error is not None and "Timeout" in error)
                stalled += bad
                note = ""
                if slow:
                    note += " WAITED: " + ", ".join(f"cell {i} {s:.1f} s" for i, s in slow)
                if error:
                    note += f" ERROR {error}"
                print(f"run {run:2d} {path.stem:20s} {seconds:6.2f} s{note}", flush=True)
    finally:
        stop.set()
        for p in spinners:
            p.join(timeout=5)
            if p.is_alive():
                p.terminate()
    print(f"stalled executions: {stalled} of {total} "
          f"({len(notebooks)} notebooks x {args.runs} runs, {args.busy} busy processes, "
          f"cell timeout {args.timeout} s)")
    return 1 if stalled else 0


if __name__ == "__main__":
    sys.exit(main())
