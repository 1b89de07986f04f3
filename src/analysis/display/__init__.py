"""The display layer: plotting style, figures, reader tables, HTML and widgets.

It imports :mod:`analysis.book` and :mod:`analysis.core`; nothing imports it but the notebooks.
"""
