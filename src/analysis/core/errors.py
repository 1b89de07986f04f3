"""Errors the package raises on bad input, each with a message that names the problem."""

from __future__ import annotations

import os
import unicodedata

__all__ = ["AnalysisError", "SourceError", "ProvenanceError", "shown"]


class AnalysisError(ValueError):
    """Base class: bad input to a public function of :mod:`analysis`."""


class SourceError(AnalysisError):
    """A source file or its metadata is missing, changed, malformed or unknown."""


class ProvenanceError(AnalysisError):
    """A quote, paragraph id or curated row does not match the cleaned source text."""


def shown(name) -> str:
    """A file name (str, bytes or path) as a message may print it: bytes that are not UTF-8
    (which Python keeps as lone surrogates) as ``\\xNN``, control and format characters (escape
    sequences, bidirectional overrides, line breaks) as ``\\uNNNN``, so that a name can neither
    drive the terminal nor break a UTF-8 report.

    >>> shown("a\\x1b[31m.txt"), shown(b"caf\\xe9.txt")
    ('a\\\\u001b[31m.txt', 'caf\\\\xe9.txt')
    """
    text = os.fsdecode(name) if isinstance(name, (bytes, os.PathLike)) else str(name)
    out = []
    for ch in text:
        cp = ord(ch)
        if 0xDC80 <= cp <= 0xDCFF:
            out.append(f"\\x{cp - 0xDC00:02x}")
        elif 0xD800 <= cp <= 0xDFFF or unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp"):
            out.append(f"\\u{cp:04x}")
        else:
            out.append(ch)
    return "".join(out)
