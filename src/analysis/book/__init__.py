"""The book layer: this book's sources, curated tables and findings.

Paths to ``data/``, the verified sources and their provenance, the voices and themes, the one
loader of the curated tables, history and claims, trade indicators, synthesis, the register of
conventions, citation and the environment report. It imports :mod:`analysis.core`, never
:mod:`analysis.display`.
"""
