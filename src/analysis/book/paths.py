"""Where the book's files live: in the checkout the code runs in, never in the installed package.

The package ships no data. Its files (``data/``, ``CITATION.cff``, ``references.bib``,
``requirements.txt``, ``bench/results.csv``) are found in the book's checkout: the nearest folder,
from the working directory upward, that holds ``_config.yml`` and ``data/sources.json``. That works
however the package is installed (editable, or a regular ``pip install .`` as repo2docker does
after ``pip install -r requirements.txt``) for a notebook run from the repository root or from
``notebooks/``. When the working directory is outside every checkout, the source tree of an
editable install is tried last; a regular install has none, since site-packages holds no
``_config.yml``. ``$BOROVIK_BOOK_DATA`` points :func:`data_dir` at another data folder.
"""

from __future__ import annotations

import os
from pathlib import Path

from analysis.core.errors import SourceError

__all__ = ["BookFilesNotFound", "DATA_ENV", "data_dir", "repo_root"]

#: Environment variable that points the package at another data folder.
DATA_ENV = "BOROVIK_BOOK_DATA"
#: The file that marks the root of the book's checkout (Jupyter Book's configuration).
MARKER = "_config.yml"


class BookFilesNotFound(SourceError):
    """No checkout of the book (or no data folder) where the package looked."""


def _is_book_root(folder: Path) -> bool:
    return (folder / MARKER).is_file() and (folder / "data" / "sources.json").is_file()


def _candidates(start: Path) -> list[Path]:
    """``start`` and its parents, then the source tree of an editable install."""
    folders = [start, *start.parents]
    source_tree = Path(__file__).resolve().parents[3]  # <root>/src/analysis/book/paths.py
    if source_tree not in folders:
        folders.append(source_tree)
    return folders


def repo_root(start: str | Path | None = None) -> Path:
    """The root of the book's checkout: the nearest folder, from ``start`` (default: the working
    directory) upward, that holds ``_config.yml`` and ``data/sources.json``; then the source tree
    of an editable install. Raises :class:`BookFilesNotFound` naming every folder it looked in.
    """
    start = Path.cwd() if start is None else Path(start)
    start = start.resolve()
    folders = _candidates(start)
    for folder in folders:
        if _is_book_root(folder):
            return folder
    raise BookFilesNotFound(
        f"no checkout of the book found: none of {', '.join(map(str, folders))} holds both "
        f"{MARKER} and data/sources.json. Run from the repository (its root or notebooks/), "
        f"or set {DATA_ENV} to a data folder"
    )


def data_dir() -> Path:
    """The ``data/`` folder of the book, or ``$BOROVIK_BOOK_DATA`` when that is set."""
    override = os.environ.get(DATA_ENV)
    if not override:
        return repo_root() / "data"
    path = Path(override)
    if not (path / "sources.json").is_file():
        raise BookFilesNotFound(f"no data folder with sources.json at {path} ({DATA_ENV}); point "
                                f"{DATA_ENV} at a folder like the book's data/, or unset it")
    return path
