"""Keyness: which words one token list uses more than another, with significance and effect size.

:func:`keyness` counts two token lists and calls :func:`keyness_from_counts`, so that a
streaming reader (:mod:`analysis.core.corpus`) can feed the statistic with counters of its own.

Conventions: Dunning's (1993) four-term log-likelihood G² (``ll``) beside the two-term form of
the UCREL log-likelihood calculator (``ll_two_term``); Hardie's (2014) Log Ratio with a zero
count taken as :data:`LOG_RATIO_ZERO`; %DIFF (Gabrielatos & Marchi 2011); the log-odds ratio
with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008); Bonferroni and
Benjamini–Hochberg (1995) corrections over all word types tested. :func:`vocabulary_overlap`
gives the shared and distinctive vocabulary.

>>> keyness("we trade and trade".split(), "we talk".split()).loc["trade", ["count_a", "count_b"]].tolist()
[2, 0]
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from itertools import repeat

import numpy as np
import pandas as pd
# scipy.special, not scipy.stats: importing scipy.stats costs about 2 s of every notebook's start
from scipy.special import chdtrc
from scipy.stats import fisher_exact

from analysis.core.tokens import LexicalError, _check_tokens

__all__ = ["LOG_RATIO_ZERO", "MAX_COUNT", "keyness", "keyness_from_counts", "smallest_significant_count", "exact_p", "SIGNIFICANCE_TESTS",
           "vocabulary_overlap"]

#: The count Log Ratio uses for a word absent from one text (Hardie 2014), so that the ratio
#: stays finite.
LOG_RATIO_ZERO = 0.5

#: The largest count or corpus size :func:`keyness_from_counts` takes: 2⁵³, the last integer a
#: float holds exactly (larger counts would be rounded, or overflow).
MAX_COUNT = 2**53


# ---------------------------------------------------------------------------------------------
# The three voices and the word lists



# ---------------------------------------------------------------------------------------------
# Keyness

_CORRECTIONS = ("bh", "bonferroni", "none")


def keyness(tokens_a, tokens_b, alpha: float = 0.05, correction: str = "bh"):
    """Compare the word frequencies of two token lists: one row per word type.

    Counts the tokens and passes the counts to :func:`keyness_from_counts`, which documents
    every column. Either list empty raises :class:`LexicalError` (keyness needs two texts);
    a non-string token raises one naming its position.

    >>> t = keyness("we we we our trade".split(), "i i trade trade".split())
    >>> t.loc["trade", ["count_a", "count_b"]].tolist()
    [1, 2]
    """
    a = _counted(tokens_a, "tokens_a")
    b = _counted(tokens_b, "tokens_b")
    return keyness_from_counts(a, b, alpha=alpha, correction=correction)


def _counted(tokens, name: str) -> Counter:
    """``Counter(tokens)``, checked as :func:`_check_tokens` checks a token list, but in bulk: the
    counting runs in C and only the distinct words are checked; a list that fails is walked
    again by :func:`_check_tokens`, which names the first bad position."""
    if not isinstance(tokens, (list, tuple)):
        return Counter(_check_tokens(tokens, name))
    try:
        counts = Counter(tokens)
    except TypeError:  # an unhashable item
        _check_tokens(tokens, name)
        raise
    if not counts or not all(issubclass(t, str) for t in set(map(type, counts))):
        _check_tokens(tokens, name)
    return counts


def _xlogx_over(observed, expected):
    """``O · ln(O/E)`` with the convention 0 · ln 0 = 0."""

    with np.errstate(divide="ignore", invalid="ignore"):
        term = observed * np.log(observed / expected)
    return np.where(observed > 0, term, 0.0)


def _benjamini_hochberg(p):
    """Benjamini–Hochberg adjusted p-values, as ``scipy.stats.false_discovery_control(p)``
    computes them (sorted p times m/i, running minimum from the largest, clipped to 1)."""
    p = np.asarray(p, dtype=float)
    order = np.argsort(p)
    ps = p[order] * (len(p) / np.arange(1, len(p) + 1))
    ps = np.minimum.accumulate(ps[::-1])[::-1]
    out = np.empty_like(ps)
    out[order] = ps
    return np.clip(out, 0.0, 1.0)


def _first_bad_count(counts: Mapping, name: str) -> int:
    """Walk ``counts`` item by item: raise the :class:`LexicalError` naming its first bad key or
    count (a key that is not a str; a count that is not a whole number from 0 to
    :data:`MAX_COUNT`), or a total past :data:`MAX_COUNT`; otherwise return the exact total."""
    total = 0
    for word, c in counts.items():
        if not isinstance(word, str):
            raise LexicalError(f"{name} has a key {word!r} of type {type(word).__name__}; words must be str")
        if isinstance(c, bool) or not isinstance(c, (int, np.integer)) or not 0 <= c <= MAX_COUNT:
            raise LexicalError(f"{name}[{word!r}] = {c!r}: counts must be whole numbers from 0 to 2**53")
        total += int(c)
    if total > MAX_COUNT:
        raise LexicalError(f"{name} sums to {total:.3g}, more than 2**53 tokens: too many to count exactly")
    return total


def _checked_keys(counts: Mapping, name: str):
    """The words of ``counts`` with a count above 0 (a set-like view) and the exact total of its
    counts, its keys and counts checked in bulk: the types of all keys and of all counts are
    collected in C (``map``), and the sum and minimum of plain ``int`` counts are taken in C.
    Any other table (numpy integers, whose sum could wrap, or a bad entry) is walked item by
    item by :func:`_first_bad_count`, which names its first bad entry."""
    if not counts:
        return counts.keys(), 0
    if (not all(issubclass(t, str) for t in set(map(type, counts.keys())))
            or set(map(type, counts.values())) != {int}):
        total = _first_bad_count(counts, name)
        smallest = min(counts.values())
    else:
        total = sum(counts.values())
        smallest = min(counts.values())
        # a negative count, or a total past 2**53 (a count past it, or the sum): name the problem
        if smallest < 0 or total > MAX_COUNT:
            _first_bad_count(counts, name)
    if smallest == 0:
        return {w for w, c in counts.items() if c}, total
    return counts.keys(), total


def _checked_total(value, name: str, default: int) -> int:
    """A corpus size given as ``total_a``/``total_b``: a whole number from 0 to :data:`MAX_COUNT`
    (a float that is a whole number is taken as one); ``default`` when ``None``."""
    if value is None:
        return default
    if isinstance(value, (float, np.floating)) and math.isfinite(value) and float(value).is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise LexicalError(f"{name} must be a whole number of tokens, got {value!r}")
    if not 0 <= value <= MAX_COUNT:
        raise LexicalError(f"{name} must lie between 0 and 2**53, got {value!r}")
    return int(value)


def _aligned(counts: Mapping, words: list[str]) -> np.ndarray:
    """The count of each of ``words`` in ``counts`` (0 where absent), looked up in C."""
    return np.fromiter(map(counts.get, words, repeat(0)), dtype=float, count=len(words))


def keyness_from_counts(counts_a: Mapping[str, int], counts_b: Mapping[str, int],
                        total_a: int | None = None, total_b: int | None = None,
                        alpha: float = 0.05, correction: str = "bh"):
    """Keyness of every word type from two frequency tables (e.g. :class:`collections.Counter`).

    ``total_a``/``total_b`` are the corpus sizes (default: the sum of the counts; pass them
    when the tables leave some words out). Columns, with a the first text and b the second:

    ``count_a``, ``count_b``
        raw frequencies; ``per_1000_a``, ``per_1000_b`` the same per thousand tokens.
    ``ll``
        Dunning's (1993) log-likelihood G² over the full 2 × 2 table (word / other words ×
        text a / text b): ``2 Σ O ln(O/E)`` over four cells. It equals NLTK's
        ``BigramAssocMeasures.likelihood_ratio`` on the same table.
    ``ll_two_term``
        the form of the UCREL log-likelihood calculator (Rayson & Garside 2000), which sums
        only the two cells of the word: ``2 (a ln(a/E_a) + b ln(b/E_b))``. For rare words the
        two forms agree closely; they part for frequent words, whose "other words" cells then
        carry weight. Rankings and cut-offs in the book use ``ll``.
    ``log_ratio``
        Hardie's (2014) Log Ratio, ``log2((a/N_a) / (b/N_b))``, a zero count taken as 0.5.
        Positive: more frequent in a. One unit is a doubling.
    ``pct_diff``
        %DIFF (Gabrielatos & Marchi 2011), ``100 (f_a − f_b) / f_b`` on normalised
        frequencies; ``inf`` when the word is absent from b.
    ``p``
        from ``ll``, chi-square with one degree of freedom; ``p_bonferroni`` and ``p_bh``
        (Benjamini & Hochberg 1995) correct it for the number of word types in the table.
    ``log_odds_z``
        Monroe, Colaresi & Quinn's (2008) log-odds ratio with an informative Dirichlet prior,
        divided by its approximate standard deviation. The prior α_w is the pooled count of the
        word in both texts (α₀ = N_a + N_b); δ = ln((y_a+α)/(N_a+α₀−y_a−α)) −
        ln((y_b+α)/(N_b+α₀−y_b−α)) and Var δ ≈ 1/(y_a+α) + 1/(y_b+α). Positive: leans to a. A word
        that makes up the whole of both texts (both "other words" cells empty) gets 0.
    ``min_expected``
        the smallest expected count of the four cells; below 5 the chi-square approximation
        of ``p`` is doubtful, which ``low_expected`` flags.
    ``key_for``
        ``"a"`` or ``"b"`` where the corrected p (``correction``: ``"bh"`` default,
        ``"bonferroni"`` or ``"none"``) is below ``alpha``, by the side with the higher
        relative frequency; ``None`` otherwise.

    Rows are sorted by ``ll`` (largest first), ties by word. Every column is finite except
    ``pct_diff``, which is ``inf`` exactly where ``count_b`` is 0.

    Bad input raises :class:`LexicalError` naming the argument: a count that is not a whole
    number from 0 to :data:`MAX_COUNT` (a bool, a float, a str, ``10**19``), a total that is
    not a whole number (``nan``, ``"100"``), smaller than a count or larger than
    :data:`MAX_COUNT`, counts that sum past :data:`MAX_COUNT`.

    >>> t = keyness_from_counts({"w": 110}, {"w": 2442}, total_a=221, total_b=31556)
    >>> round(float(t.loc["w", "ll"]), 2)
    270.72
    """

    if correction not in _CORRECTIONS:
        raise LexicalError(f"correction must be one of {_CORRECTIONS}, got {correction!r}")
    if not (isinstance(alpha, (int, float)) and 0 < alpha < 1):
        raise LexicalError(f"alpha must be a number between 0 and 1, got {alpha!r}")
    keys, sums = {}, {}
    for name, counts in (("counts_a", counts_a), ("counts_b", counts_b)):
        if not isinstance(counts, Mapping):
            raise LexicalError(f"{name} must be a mapping word → count, got {type(counts).__name__}")
        keys[name], sums[name] = _checked_keys(counts, name)
    n_a = float(_checked_total(total_a, "total_a", sums["counts_a"]))
    n_b = float(_checked_total(total_b, "total_b", sums["counts_b"]))
    words = sorted(keys["counts_a"] | keys["counts_b"])
    a = _aligned(counts_a, words)
    b = _aligned(counts_b, words)
    for name, n, col in (("a", n_a, a), ("b", n_b, b)):
        if n <= 0:
            raise LexicalError(f"text {name} has no tokens: keyness compares two non-empty texts")
        if len(col) and col.max() > n:
            raise LexicalError(f"total_{name} = {n:g} is smaller than a count in counts_{name}")
    n = n_a + n_b
    rows = a + b
    cells = [(a, rows * n_a / n), (b, rows * n_b / n),
             (n_a - a, (n - rows) * n_a / n), (n_b - b, (n - rows) * n_b / n)]
    ll = 2 * sum(_xlogx_over(o, e) for o, e in cells)
    ll = np.maximum(ll, 0.0)  # rounding can leave -1e-13 for a word equally frequent in both
    ll_two = 2 * (_xlogx_over(a, cells[0][1]) + _xlogx_over(b, cells[1][1]))
    min_expected = np.minimum.reduce([e for _, e in cells]) if words else np.array([])
    f_a, f_b = a / n_a, b / n_b
    z = LOG_RATIO_ZERO
    log_ratio = np.log2(np.where(a > 0, a, z) / n_a) - np.log2(np.where(b > 0, b, z) / n_b)
    with np.errstate(divide="ignore", invalid="ignore"):
        pct_diff = np.where(b > 0, 100 * (f_a - f_b) / np.where(b > 0, f_b, 1), np.inf)
        prior, prior_0 = rows, n
        delta = (np.log((a + prior) / (n_a + prior_0 - a - prior))
                 - np.log((b + prior) / (n_b + prior_0 - b - prior)))
        log_odds_z = delta / np.sqrt(1 / (a + prior) + 1 / (b + prior))
    # a word that is the whole of both texts leans to neither (both log terms are ln(x/0))
    log_odds_z = np.where((a == n_a) & (b == n_b), 0.0, log_odds_z)
    p = chdtrc(1, ll)  # what scipy.stats.chi2.sf(ll, 1) computes
    m = len(words)
    p_bonf = np.minimum(p * m, 1.0)
    p_bh = _benjamini_hochberg(p) if m else p
    chosen = {"bh": p_bh, "bonferroni": p_bonf, "none": p}[correction]
    key_for = np.full(m, None, dtype=object)
    significant, leans_a = chosen < alpha, f_a > f_b
    key_for[significant & leans_a] = "a"
    key_for[significant & ~leans_a] = "b"
    # ll largest first, ties in word order (``words`` is sorted): a stable sort of −ll
    order = np.argsort(-ll, kind="stable")
    columns = {
        "count_a": a.astype(int), "count_b": b.astype(int),
        "per_1000_a": 1000 * f_a, "per_1000_b": 1000 * f_b,
        "ll": ll, "ll_two_term": ll_two, "log_ratio": log_ratio, "pct_diff": pct_diff,
        "p": p, "p_bonferroni": p_bonf, "p_bh": p_bh, "log_odds_z": log_odds_z,
        "min_expected": min_expected, "low_expected": min_expected < 5,
    }
    index = pd.Index(np.asarray(words, dtype=object)[order], name="word")
    table = pd.DataFrame({k: v[order] for k, v in columns.items()}, index=index)
    table["key_for"] = pd.Series(key_for[order], index=index, dtype=object)
    table.attrs.update(total_a=int(n_a), total_b=int(n_b), correction=correction, alpha=alpha)
    return table


def vocabulary_overlap(tokens_a, tokens_b, exclude: Iterable[str] = ()) -> dict[str, float]:
    """Shared and distinctive vocabulary of two token lists, ``exclude`` (e.g. stopwords) left out.

    Keys: ``types_a``, ``types_b``, ``shared`` (types in both), ``only_a``, ``only_b``,
    ``jaccard`` (shared / union of types) and ``token_share_a`` — the share of a's tokens
    whose type also occurs in b (how much of a's running text b's vocabulary covers).

    >>> vocabulary_overlap("x y y z".split(), "y z w".split())["token_share_a"]
    0.75
    """
    excl = set(exclude)
    a = [t for t in _check_tokens(tokens_a, "tokens_a") if t not in excl]
    b = [t for t in _check_tokens(tokens_b, "tokens_b") if t not in excl]
    if not a or not b:
        raise LexicalError("nothing left to compare once the excluded words are removed")
    sa, sb = set(a), set(b)
    return {
        "types_a": len(sa), "types_b": len(sb), "shared": len(sa & sb),
        "only_a": len(sa - sb), "only_b": len(sb - sa),
        "jaccard": len(sa & sb) / len(sa | sb),
        "token_share_a": sum(t in sb for t in a) / len(a),
    }


def exact_p(count_a: int, count_b: int, total_a: int, total_b: int) -> float:
    """The two-sided p of Fisher's exact test on the table *word / other words × text a / text
    b* (``scipy.stats.fisher_exact``): no chi-square approximation, so it holds for the small
    counts where G²'s p does not (Fisher 1935).

    >>> round(exact_p(2, 0, 673, 1650), 3), round(exact_p(3, 0, 673, 1650), 3)
    (0.084, 0.024)
    """
    n_a = _checked_total(total_a, "total_a", 0)
    n_b = _checked_total(total_b, "total_b", 0)
    c_a = _checked_total(count_a, "count_a", 0)
    c_b = _checked_total(count_b, "count_b", 0)
    if c_a > n_a or c_b > n_b:
        raise LexicalError(f"a count exceeds its text's total: {c_a} of {n_a}, {c_b} of {n_b}")
    if c_a + c_b == 0:
        raise LexicalError("the word occurs in neither text")
    return float(fisher_exact([[c_a, n_a - c_a], [c_b, n_b - c_b]])[1])


#: The tests :func:`smallest_significant_count` can use.
SIGNIFICANCE_TESTS = ("g2", "fisher")


def smallest_significant_count(total_a: int, total_b: int, side: str = "a", alpha: float = 0.05,
                               limit: int = 10_000, test: str = "g2") -> int:
    """The smallest count ``k`` a word needs, absent from the other text, for its uncorrected
    four-term G² (:func:`keyness_from_counts`) to reach ``p < alpha``: ``k : 0`` in text a
    (``side="a"``) or ``0 : k`` in text b.

    With texts of unequal length the shorter text's words reach it with fewer occurrences: the
    same count is a larger share of a short text. That is the length artefact of keyness
    between a short and a long text.

    ``test="g2"`` uses G²'s chi-square p, ``test="fisher"`` the exact p of :func:`exact_p`, which
    needs more occurrences: at small counts the chi-square approximation flatters.

    >>> smallest_significant_count(1000, 1000, "a"), smallest_significant_count(1000, 3000, "a")
    (3, 2)
    >>> smallest_significant_count(1000, 3000, "a", test="fisher")
    3
    """
    if side not in ("a", "b"):
        raise LexicalError(f"side must be 'a' or 'b', got {side!r}")
    if test not in SIGNIFICANCE_TESTS:
        raise LexicalError(f"test must be one of {SIGNIFICANCE_TESTS}, got {test!r}")
    if not (isinstance(alpha, (int, float)) and 0 < alpha < 1):
        raise LexicalError(f"alpha must be a number between 0 and 1, got {alpha!r}")
    n_a = _checked_total(total_a, "total_a", 0)
    n_b = _checked_total(total_b, "total_b", 0)
    if n_a < 1 or n_b < 1:
        raise LexicalError("both texts need at least one token")
    for k in range(1, min(limit, n_a if side == "a" else n_b) + 1):
        if test == "fisher":
            if exact_p(*((k, 0) if side == "a" else (0, k)), n_a, n_b) < alpha:
                return k
            continue
        a, b = ({"w": k}, {}) if side == "a" else ({}, {"w": k})
        t = keyness_from_counts(a, b, total_a=n_a, total_b=n_b, correction="none")
        if t.loc["w", "p"] < alpha:
            return k
    raise LexicalError(f"no count up to {min(limit, n_a if side == 'a' else n_b)} reaches p < {alpha}")
