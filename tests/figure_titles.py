"""The title of every figure a chapter glues, as the chapter's own code draws it.

The titles are computed where the figures are (some from data, in the display functions, some as
strings in the notebooks), so this runs each chapter's code cells in order, with ``myst_nb.glue``
replaced by a recorder that keeps the first title of every figure glued and draws nothing else.
Used by tests/test_editions.py to compare this edition's figure titles with the first edition's.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
from pathlib import Path

CHAPTERS = ("02_history", "03_trade", "04_lexical", "05_conclusions")


def first_title(fig) -> str:
    """A figure's title: its suptitle, else the first axes title (left, then centre), whitespace
    collapsed ('' if it has none)."""
    texts = [fig._suptitle.get_text()] if getattr(fig, "_suptitle", None) else []
    texts += [ax.get_title(loc=loc) for ax in fig.axes for loc in ("left", "center")]
    return " ".join(next((t for t in texts if t), "").split())


def chapter_titles(notebook: Path) -> dict[str, str]:
    """``{glue key: title}`` of every figure ``notebook``'s code glues, its cells run in order
    from the notebook's folder."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import myst_nb
    from matplotlib.figure import Figure

    found: dict[str, str] = {}

    def record(name, obj, display=True):
        if isinstance(obj, Figure):
            found[name] = first_title(obj)

    original, cwd = myst_nb.glue, os.getcwd()
    nb = json.loads(Path(notebook).read_text(encoding="utf-8"))
    namespace: dict = {"__name__": "__main__"}
    myst_nb.glue = record
    try:
        os.chdir(Path(notebook).parent)
        with contextlib.redirect_stdout(io.StringIO()):
            for cell in nb["cells"]:
                if cell["cell_type"] == "code":
                    exec(compile("".join(cell["source"]), f"{notebook}:cell", "exec"), namespace)
                    namespace["glue"] = record
    finally:
        myst_nb.glue = original
        os.chdir(cwd)
        plt.close("all")
    return found


def book_titles(root: Path) -> dict[str, str]:
    """The figure titles of every chapter in :data:`CHAPTERS`."""
    out: dict[str, str] = {}
    for chapter in CHAPTERS:
        out.update(chapter_titles(Path(root) / "notebooks" / f"{chapter}.ipynb"))
    return out
