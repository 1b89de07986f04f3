"""Analysis package of the book *One Ambassador, Two Texts*.

Modules, one job each: :mod:`analysis.sources` (verified, cleaned source texts),
:mod:`analysis.provenance` (locating and checking quotes), :mod:`analysis.lexical`
(tokens and word statistics).
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("borovik-texts")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0+unknown"

__all__ = ["__version__"]
