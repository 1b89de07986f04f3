"""Errors the package raises on bad input, each with a message that names the problem."""

__all__ = ["AnalysisError", "SourceError", "ProvenanceError"]


class AnalysisError(ValueError):
    """Base class: bad input to a public function of :mod:`analysis`."""


class SourceError(AnalysisError):
    """A source file or its metadata is missing, changed, malformed or unknown."""


class ProvenanceError(AnalysisError):
    """A quote, paragraph id or curated row does not match the cleaned source text."""
