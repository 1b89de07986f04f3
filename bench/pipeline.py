"""Time the book's build pipeline, side by side in one run (``make pipeline``; not a test).

Measured, each in a fresh copy of the repository (``.venv`` linked, so nothing is installed):

1. where each notebook's time goes: every notebook executed alone by the build's client, with
   nbclient's per-cell timing (kernel start-up, then each cell's execute_input → execute_reply);
2. a clean strict HTML build, ``make html`` (notebooks executed in parallel, then Sphinx);
3. the same for an import-only skeleton of the book (every code cell keeps only its imports),
   built the same way; target: (2) ≤ 2.0 × (3);
4. a rebuild of (2) with nothing changed; target ≤ 3 s;
5. a clean ``make site`` (PDF and HTML from one execution); target ≤ 1.5 × (2).

    .venv/bin/python bench/pipeline.py [--out bench/pipeline.txt]
"""

from __future__ import annotations

import argparse
import ast
import json
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"


def copy_book(dest: Path) -> Path:
    shutil.copytree(ROOT, dest, ignore=shutil.ignore_patterns(
        ".venv", "_build", ".git", ".pytest_cache", "__pycache__", "*.egg-info"))
    (dest / ".venv").symlink_to(VENV)
    return dest


def import_lines(source: str) -> str:
    """Only the import statements of a code cell (the skeleton's cells)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return ""
    lines = source.splitlines()
    keep = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    return "\n".join("\n".join(lines[n.lineno - 1:n.end_lineno]) for n in keep)


def make_skeleton(book: Path) -> None:
    for path in sorted((book / "notebooks").glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                cell["source"] = import_lines("".join(cell["source"]))
        path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def make(book: Path, target: str, out: Path, flags: str | None = None) -> tuple[float, int, str]:
    cmd = ["make", "--no-print-directory", "-C", str(book), target, f"OUT={out}", f"VENV={VENV}"]
    if flags is not None:
        cmd.append(f"SPHINX_FLAGS={flags}")
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    return time.perf_counter() - start, proc.returncode, proc.stdout + proc.stderr


def _ts(value: str) -> float:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()


def notebook_profile(book: Path) -> list[dict]:
    """Each notebook executed alone, serially: wall time, kernel start-up and per-cell seconds."""
    import nbformat
    from jupyter_cache.executors.utils import single_nb_execution

    sys.path.insert(0, str(book / "_ext"))
    from execution_cache import toc_notebooks

    rows = []
    for path in toc_notebooks(book):
        nb = nbformat.read(path, as_version=4)
        first: list[float] = []
        result = single_nb_execution(nb, cwd=str(path.parent), timeout=120, allow_errors=False,
                                     record_timing=True,
                                     on_cell_execute=lambda cell, cell_index: first.append(time.time()) if not first else None)
        cells = []
        for i, cell in enumerate(nb.cells):
            t = cell.get("metadata", {}).get("execution", {})
            if cell.cell_type == "code" and "iopub.execute_input" in t and "shell.execute_reply" in t:
                cells.append((i, _ts(t["shell.execute_reply"]) - _ts(t["iopub.execute_input"]),
                              cell.source.splitlines()[0][:60] if cell.source else ""))
        rows.append({"notebook": path.stem, "wall": result.time, "cells": cells,
                     "error": None if result.err is None else str(result.err)[:200]})
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="also write the report here")
    parser.add_argument("--no-profile", action="store_true", help="skip the per-notebook profile")
    args = parser.parse_args(argv)
    report: list[str] = []

    def say(line: str = "") -> None:
        print(line, flush=True)
        report.append(line)

    with tempfile.TemporaryDirectory(prefix="book-pipeline-") as tmp:
        tmp = Path(tmp)
        full = copy_book(tmp / "full")
        skeleton = copy_book(tmp / "skeleton")
        make_skeleton(skeleton)

        if not args.no_profile:
            say("Where the notebooks' time goes (each executed alone; seconds)")
            total = 0.0
            for row in notebook_profile(full):
                cell_sum = sum(s for _, s, _ in row["cells"])
                total += row["wall"]
                say(f"  {row['notebook']:18s} wall {row['wall']:5.2f}  cells {cell_sum:5.2f}  "
                    f"start-up and teardown {row['wall'] - cell_sum:5.2f}" + (f"  ERROR {row['error']}" if row["error"] else ""))
                for i, s, first in sorted(row["cells"], key=lambda c: -c[1])[:3]:
                    say(f"      cell {i:2d} {s:5.2f}  {first}")
            say(f"  all notebooks, one after another: {total:.1f} s")
            say()

        html_s, html_rc, html_log = make(full, "html", tmp / "out-html")
        skel_s, skel_rc, skel_log = make(skeleton, "html", tmp / "out-skeleton")
        again_s, again_rc, again_log = make(full, "html", tmp / "out-html")
        site_s, site_rc, site_log = make(full, "site", tmp / "out-site")
        for name, rc, log in (("clean html", html_rc, html_log), ("no-change rebuild", again_rc, again_log),
                              ("clean site", site_rc, site_log)):
            if rc:
                say(f"{name} FAILED:\n{log[-3000:]}")
        executed = [l for l in html_log.splitlines() if "execution_cache:" in l and "wall" in l]
        say("Pipeline (wall seconds, this machine)")
        say(f"  clean strict HTML build (make html)        {html_s:6.1f}   {executed[0] if executed else ''}")
        say(f"  import-only skeleton, built the same way   {skel_s:6.1f}   (exit {skel_rc}: its glue keys are gone)")
        say(f"  ratio                                       {html_s / skel_s:6.2f}   target <= 2.0")
        say(f"  no-change rebuild (make html)              {again_s:6.1f}   target <= 3.0"
            + ("   executed nothing" if "Executed notebook" not in again_log else "   EXECUTED AGAIN"))
        say(f"  clean make site (PDF + HTML)               {site_s:6.1f}   "
            f"{site_s / html_s:.2f} x the HTML build, target <= 1.5")
    if args.out:
        args.out.write_text("\n".join(report) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
