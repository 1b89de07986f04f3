"""Public name of corpus counting (documented in the README): re-exports :mod:`analysis.core.corpus`.

Map :func:`count_corpus` over files on many workers and reduce with :func:`merge_counts`, then
call :func:`analysis.lexical.keyness_from_counts`.
"""

from analysis.core.corpus import (
                                  CHUNK_BYTES,
                                  CorpusCounts,
                                  CorpusError,
                                  corpus_files,
                                  count_corpus,
                                  count_tokens,
                                  merge_counts,
                                  normalise_counts,
                                  read_chunks,
)

__all__ = ["CHUNK_BYTES", "CorpusCounts", "CorpusError", "corpus_files", "count_corpus", "count_tokens",
           "merge_counts", "normalise_counts", "read_chunks"]
