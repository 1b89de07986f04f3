"""Where the book's data lives, resolved from the package, never from the working directory."""

from __future__ import annotations

import os
from pathlib import Path

from analysis.core.errors import SourceError

__all__ = ["data_dir", "repo_root"]

#: Environment variable that points the package at another data folder.
DATA_ENV = "BOROVIK_BOOK_DATA"


def repo_root() -> Path:
    """The repository root: the folder that holds ``src/analysis`` (an editable install)."""
    return Path(__file__).resolve().parents[3]


def data_dir() -> Path:
    """The ``data/`` folder of the book, or ``$BOROVIK_BOOK_DATA`` when that is set."""
    override = os.environ.get(DATA_ENV)
    path = Path(override) if override else repo_root() / "data"
    if not (path / "sources.json").is_file():
        raise SourceError(
            f"no data folder with sources.json at {path}; install the package in editable mode "
            f"from the repository (pip install -e .) or set {DATA_ENV}"
        )
    return path
