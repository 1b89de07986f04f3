"""Counting a corpus on a Dask cluster: its files counted in parallel, the counts merged in order.

The optional extra ``pip install .[dask]`` installs ``dask[distributed]``; nothing else in the
package needs it. ``scheduler`` is ``"local"`` (a :class:`distributed.LocalCluster` of one
single-threaded worker process per core, started here and closed afterwards) or the address of
a running scheduler (``tcp://host:8786``), whose workers must have this package installed and
see the same files at the same paths.

Each file is counted by :func:`analysis.core.corpus.count_corpus` on a worker; the per-file
:class:`~analysis.core.corpus.CorpusCounts` are merged by
:func:`analysis.core.corpus.merge_counts`, an associative merge that keeps the files' order, so
counts, file lists, empty files and the in-order sample are exactly what one process reading
the folder gives (a test checks the whole report).

>>> scheduler_kind("local"), scheduler_kind("tcp://10.0.0.5:8786")
('local', 'address')
"""

from __future__ import annotations

import os

from analysis.core.corpus import CorpusCounts, CorpusError, corpus_files, count_corpus, merge_counts

__all__ = ["scheduler_kind", "dask_client", "count_corpus_dask"]

#: How long to try to reach a scheduler at an address before giving up.
CONNECT_TIMEOUT = "10s"


def scheduler_kind(scheduler) -> str:
    """``"local"`` or ``"address"`` for a ``--dask`` value; :class:`CorpusError` for anything else."""
    if not isinstance(scheduler, str) or not scheduler.strip():
        raise CorpusError(f"--dask needs 'local' or a scheduler address such as tcp://host:8786, got {scheduler!r}")
    if scheduler == "local":
        return "local"
    if "://" in scheduler or ":" in scheduler:
        return "address"
    raise CorpusError(f"--dask needs 'local' or a scheduler address such as tcp://host:8786, got {scheduler!r}")


def _distributed():
    try:
        import distributed  # deferred: the optional extra [dask]; absent, a clear CorpusError
    except ImportError:
        raise CorpusError("--dask needs Dask's distributed scheduler: pip install '.[dask]' "
                          "(or pip install 'dask[distributed]')") from None
    return distributed


def dask_client(scheduler: str, workers: int | None = None):
    """A ``distributed.Client``: on a new local cluster (``"local"``) or connected to an address.

    The caller closes it (and its cluster: ``client.cluster``, ``None`` for an address).
    """
    kind = scheduler_kind(scheduler)
    distributed = _distributed()
    if kind == "local":
        n = workers or os.cpu_count() or 1
        cluster = distributed.LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                           host="127.0.0.1", dashboard_address=None)
        return distributed.Client(cluster)
    try:
        return distributed.Client(scheduler, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as exc:
        raise CorpusError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None


def _count_file(path: str, numbers: bool, sample_tokens: int) -> CorpusCounts:
    return count_corpus(path, numbers=numbers, sample_tokens=sample_tokens, allow_empty=True)


def _merge(parts) -> CorpusCounts:
    return merge_counts(list(parts))


def count_corpus_dask(spec, client, numbers: bool = True, sample_tokens: int = 0,
                      partitions: int | None = None) -> CorpusCounts:
    """Count a file or folder on a Dask ``client``: what :func:`count_corpus` gives, in parallel.

    Raises :class:`CorpusError` for standard input (``-``, which a cluster cannot read), for
    what :func:`count_corpus` refuses, and for a corpus with no word tokens.
    """
    import dask.bag as db  # deferred: the optional extra [dask]

    files = corpus_files(spec)
    if files is None:
        raise CorpusError("--dask counts files and folders, not standard input")
    paths = [str(p) for p in files]
    n_workers = max(1, len(client.scheduler_info().get("workers", {})))
    npartitions = min(len(paths), partitions or 4 * n_workers)
    bag = db.from_sequence(paths, npartitions=npartitions)
    per_file = bag.map(_count_file, numbers=numbers, sample_tokens=sample_tokens)
    merged = per_file.reduction(_merge, _merge)
    result = client.compute(merged).result()
    if not result.counts:
        raise CorpusError(f"corpus {spec} holds no word tokens")
    return result
