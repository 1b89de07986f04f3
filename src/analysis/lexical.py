"""Public name of the word statistics (documented in the README and the book).

Re-exports the core: :mod:`analysis.core.tokens` (``tokenize``), :mod:`analysis.core.keyness`
(``keyness``, ``keyness_from_counts``), :mod:`analysis.core.diversity` (``diversity`` and its
measures) and :mod:`analysis.core.distribution` (collocations, concordance, dispersion). The
book's voices and themes are in :mod:`analysis.book.voices`.

>>> tokenize("Friendship and mutual trust")
['friendship', 'and', 'mutual', 'trust']
"""

from analysis.core.distribution import (
           collocations,
           concordance,
           dispersion,
           term_matcher,
           term_positions,
)
from analysis.core.diversity import (
           compare_diversity,
           diversity,
           diversity_segments,
           hdd,
           maas,
           mattr,
           mtld,
           ttr,
           yule_k,
)
from analysis.core.keyness import (
           LOG_RATIO_ZERO,
           keyness,
           keyness_from_counts,
           vocabulary_overlap,
)
from analysis.core.tokens import (
           TOKEN_PATTERN,
           LexicalError,
           Token,
           Voice,
           tokenize,
           tokenize_with_offsets,
)

__all__ = ["LOG_RATIO_ZERO", "TOKEN_PATTERN", "LexicalError", "Token", "collocations", "compare_diversity",
           "concordance", "dispersion", "diversity", "diversity_segments", "hdd", "keyness",
           "keyness_from_counts", "maas", "mattr", "mtld", "term_matcher", "term_positions", "tokenize", "Voice",
           "tokenize_with_offsets", "ttr", "vocabulary_overlap", "yule_k"]
