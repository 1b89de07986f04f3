"""The core: text statistics that know no book.

Tokens, keyness, diversity, distribution (collocations, concordance, dispersion), dates and
quantities in English prose, corpus counting and the ``compare`` command line. Nothing here reads
``data/`` or knows the two texts of the book; :mod:`analysis.book` builds on it, and a test
(``tests/test_layers.py``) keeps the imports pointing that way.
"""
