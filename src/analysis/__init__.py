"""Analysis package of the book *One Ambassador, Two Texts*.

Three layers, imports pointing one way (display → book → core; ``tests/test_layers.py``):

* :mod:`analysis.core` knows no book: tokens, keyness, diversity, distribution, dates,
  quantities, corpus counting and the command line (``python -m analysis compare``).
* :mod:`analysis.book` is this book: paths, sources, provenance, voices, curated tables,
  history, claims, trade indicators, synthesis, conventions, citation, environment.
* :mod:`analysis.display` shows it: plotting, figures, reader tables, HTML, widgets.

:mod:`analysis.lexical` and :mod:`analysis.corpus` are the documented public names of the
core's word statistics and corpus counting; they re-export :mod:`analysis.core`.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("borovik-texts")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0+unknown"

__all__ = ["__version__"]
