"""Glue for the book's pages: a chapter's findings, and its figures, into myst-nb's glue store.

The notebook passes myst-nb's ``glue`` in (``from myst_nb import glue``): myst-nb comes with the
book engine, not with this package, which therefore never imports it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import matplotlib.pyplot as plt

__all__ = ["glue_findings", "glue_statements", "glue_figure"]


def glue_findings(findings: Mapping[str, object], glue: Callable) -> None:
    """Glue every ``key: value`` of a chapter's findings (:mod:`analysis.book.findings`), not shown
    where the cell runs. Returns nothing, so that a cell ending with it shows no output.

    >>> store = {}
    >>> glue_findings({"n": 3}, lambda name, value, display: store.update({name: (value, display)}))
    >>> store
    {'n': (3, False)}
    """
    for name, value in findings.items():
        glue(name, value, display=False)


def glue_statements(findings: Mapping[str, object], glue: Callable) -> None:
    """Like :func:`glue_findings`, but a text value is glued as Markdown, so that a page pastes a
    sentence of the record with ``{glue:md}`` in the weight of the prose around it (``{glue:text}``
    sets pasted values in bold, right for a number, heavy for a sentence). Other values as they are.

    >>> store = {}
    >>> glue_statements({"s": "A *b*.", "n": 2}, lambda name, value, display: store.update({name: value}))
    >>> type(store["s"]).__name__, store["s"].data, store["n"]
    ('Markdown', 'A *b*.', 2)
    """
    from IPython.display import Markdown  # deferred: IPython exists only where a kernel runs

    for name, value in findings.items():
        glue(name, Markdown(value) if isinstance(value, str) else value, display=False)


def glue_figure(name: str, fig, glue: Callable) -> None:
    """Glue a figure under ``name`` and close it, so that it shows only where the prose places it."""
    glue(name, fig, display=False)
    plt.close(fig)
