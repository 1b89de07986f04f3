"""Intervals for a share at small counts: Wilson's score interval, and a bootstrap over clusters.

A share such as "10 of 16 theme words stand in dated paragraphs" has two kinds of uncertainty.
If the words were independent draws, the binomial would describe it, and :func:`wilson_interval`
gives the score interval of Wilson (1927), which never leaves [0, 1] and is among the intervals
Newcombe (1998) compares for a single proportion; SciPy computes it. But words come in
paragraphs, and a paragraph is dated or not as a whole, so the words of one paragraph are not
independent. :func:`cluster_bootstrap_share` resamples whole paragraphs (clusters) with
replacement and takes the percentile interval of the resampled shares (the percentile interval
of Efron and Tibshirani 1993; resampling clusters rather than units as Davison and Hinkley 1997
describe for clustered data); it is the honest interval for a share of words whose paragraphs
carry the property. :func:`bootstrap_share_difference` does the same for the difference of two
independent shares.

Every function takes a ``seed`` where it draws, so two runs give the same interval.

>>> lo, hi = wilson_interval(10, 16)
>>> round(lo, 3), round(hi, 3)
(0.386, 0.815)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.stats import binomtest

from analysis.core.errors import AnalysisError

__all__ = ["IntervalError", "wilson_interval", "cluster_bootstrap_share", "bootstrap_share_difference"]

#: Resamples drawn by default: enough for a percentile interval stable to about a percentage point.
N_RESAMPLES = 10_000
#: Seed of the default generator, so the book's intervals are the same on every build.
SEED = 20210513


class IntervalError(AnalysisError):
    """Bad input to an interval: counts that are not whole numbers, a share of nothing, a bad level."""


def _check_conf(conf) -> float:
    if isinstance(conf, bool) or not isinstance(conf, (int, float)) or not 0 < conf < 1:
        raise IntervalError(f"conf must be a confidence level strictly between 0 and 1, got {conf!r}")
    return float(conf)


def _check_whole(name: str, value) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
        raise IntervalError(f"{name} must be a whole number >= 0, got {value!r}")
    return int(value)


def wilson_interval(k: int, n: int, conf: float = 0.95) -> tuple[float, float]:
    """Wilson's score interval for a binomial share ``k / n`` at level ``conf``.

    Computed by :meth:`scipy.stats.BinomTestResult.proportion_ci` (``method="wilson"``, no
    continuity correction). Raises :class:`IntervalError` for ``n == 0`` (a share of nothing),
    ``k > n``, or counts that are not whole numbers.

    >>> wilson_interval(0, 10)[0]
    0.0
    """
    k, n, conf = _check_whole("k", k), _check_whole("n", n), _check_conf(conf)
    if n == 0:
        raise IntervalError("n is 0: a share of nothing has no interval")
    if k > n:
        raise IntervalError(f"k ({k}) is larger than n ({n})")
    ci = binomtest(k, n).proportion_ci(confidence_level=conf, method="wilson")
    return float(ci.low), float(ci.high)


def _clusters(hits: Sequence, hits_in: Sequence) -> tuple[np.ndarray, np.ndarray]:
    """Per-cluster counts as arrays, checked: whole numbers, same length, part <= whole, some hits."""
    try:
        h, d = np.asarray(list(hits)), np.asarray(list(hits_in))
    except TypeError:
        raise IntervalError("hits and hits_in must be sequences of whole numbers, one per cluster") from None
    if h.ndim != 1 or d.ndim != 1 or len(h) != len(d):
        raise IntervalError(f"hits and hits_in must be flat and of one length, got {h.shape} and {d.shape}")
    if len(h) == 0:
        raise IntervalError("no clusters: hits is empty")
    for name, a in (("hits", h), ("hits_in", d)):
        if a.dtype.kind not in "iu" or (a < 0).any():
            raise IntervalError(f"{name} must hold whole numbers >= 0, got {a.tolist()[:6]}")
    if (d > h).any():
        i = int(np.argmax(d > h))
        raise IntervalError(f"cluster {i}: {d[i]} hits in the part, more than its {h[i]} hits")
    if h.sum() == 0:
        raise IntervalError("no hits in any cluster: the share is undefined")
    return h.astype(np.int64), d.astype(np.int64)


def _resampled_shares(h, d, n_resamples, rng) -> np.ndarray:
    idx = rng.integers(0, len(h), size=(n_resamples, len(h)))
    total, part = h[idx].sum(axis=1), d[idx].sum(axis=1)
    keep = total > 0  # a resample of clusters without hits has no share: left out (counted by the caller)
    return part[keep] / total[keep]


def _check_draws(n_resamples, seed) -> np.random.Generator:
    if isinstance(n_resamples, bool) or not isinstance(n_resamples, int) or n_resamples < 100:
        raise IntervalError(f"n_resamples must be a whole number >= 100, got {n_resamples!r}")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise IntervalError(f"seed must be a whole number, got {seed!r}")
    return np.random.default_rng(seed)


def cluster_bootstrap_share(hits: Sequence[int], hits_in: Sequence[int], conf: float = 0.95,
                            n_resamples: int = N_RESAMPLES, seed: int = SEED) -> dict:
    """The share ``sum(hits_in) / sum(hits)`` and its percentile bootstrap interval, resampling
    whole clusters (paragraphs) with replacement.

    ``hits[i]`` is the number of units (theme words) in cluster ``i`` and ``hits_in[i]`` how many
    of them have the property (stand in a dated paragraph: all or none of them, but the function
    does not require it). Resamples whose clusters hold no unit have no share and are left out;
    their number is returned as ``empty``. Returns ``share``, ``low``, ``high``, ``resamples``
    (those kept) and ``empty``.

    >>> r = cluster_bootstrap_share([2, 2, 0, 4], [2, 0, 0, 4], n_resamples=1000, seed=1)
    >>> round(r["share"], 3), r["low"] <= r["share"] <= r["high"]
    (0.75, True)
    """
    h, d = _clusters(hits, hits_in)
    conf, rng = _check_conf(conf), _check_draws(n_resamples, seed)
    shares = _resampled_shares(h, d, n_resamples, rng)
    if len(shares) == 0:
        raise IntervalError("every resample drew only clusters without hits; draw more (n_resamples)")
    alpha = (1 - conf) / 2
    low, high = np.quantile(shares, [alpha, 1 - alpha])
    return {"share": float(d.sum() / h.sum()), "low": float(low), "high": float(high),
            "resamples": int(len(shares)), "empty": int(n_resamples - len(shares))}


def bootstrap_share_difference(a: tuple[Sequence[int], Sequence[int]], b: tuple[Sequence[int], Sequence[int]],
                               conf: float = 0.95, n_resamples: int = N_RESAMPLES, seed: int = SEED) -> dict:
    """The difference of two shares, ``share(a) - share(b)``, and its percentile bootstrap
    interval, each resampled by clusters as in :func:`cluster_bootstrap_share`, independently.

    ``a`` and ``b`` are ``(hits, hits_in)`` pairs. A resample of either side without units is
    left out of both (``empty`` counts them). Returns ``difference``, ``low``, ``high``,
    ``resamples`` and ``empty``.

    >>> r = bootstrap_share_difference(([1, 1], [1, 1]), ([1, 1], [0, 0]), n_resamples=500)
    >>> r["difference"], r["low"], r["high"]
    (1.0, 1.0, 1.0)
    """
    if not all(isinstance(x, tuple) and len(x) == 2 for x in (a, b)):
        raise IntervalError("a and b must each be a (hits, hits_in) pair")
    (ha, da), (hb, db) = _clusters(*a), _clusters(*b)
    conf, rng = _check_conf(conf), _check_draws(n_resamples, seed)
    ia = rng.integers(0, len(ha), size=(n_resamples, len(ha)))
    ib = rng.integers(0, len(hb), size=(n_resamples, len(hb)))
    ta, tb = ha[ia].sum(axis=1), hb[ib].sum(axis=1)
    keep = (ta > 0) & (tb > 0)
    if not keep.any():
        raise IntervalError("every resample drew only clusters without hits; draw more (n_resamples)")
    diffs = da[ia].sum(axis=1)[keep] / ta[keep] - db[ib].sum(axis=1)[keep] / tb[keep]
    alpha = (1 - conf) / 2
    low, high = np.quantile(diffs, [alpha, 1 - alpha])
    return {"difference": float(da.sum() / ha.sum() - db.sum() / hb.sum()), "low": float(low),
            "high": float(high), "resamples": int(keep.sum()), "empty": int(n_resamples - keep.sum())}
