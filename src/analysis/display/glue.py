"""Glue for the book's pages: a chapter's findings, and its figures, into myst-nb's glue store."""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt

__all__ = ["glue_findings", "glue_figure"]


def _glue(name: str, value) -> None:
    # deferred: myst_nb comes with the book engine (Jupyter Book), not with this package, and is
    # needed only inside a notebook that the book executes
    from myst_nb import glue

    glue(name, value, display=False)


def glue_findings(findings: Mapping[str, object]) -> None:
    """Glue every ``key: value`` of a chapter's findings (:mod:`analysis.book.findings`).

    Returns nothing, so that a cell ending with it shows no output."""
    for name, value in findings.items():
        _glue(name, value)


def glue_figure(name: str, fig) -> None:
    """Glue a figure under ``name`` and close it, so that it shows only where the prose places it."""
    _glue(name, fig)
    plt.close(fig)
