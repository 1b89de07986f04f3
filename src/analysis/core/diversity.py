"""Lexical diversity: TTR, MATTR, MTLD, HD-D, Maas's a², Yule's K, and comparisons at equal length.

Conventions: MATTR (Covington & McFall 2010), MTLD (McCarthy & Jarvis 2010), HD-D (McCarthy &
Jarvis 2007), Maas's a², Yule's K — as computed by the ``lexicalrichness`` package, whose
published README example the tests reproduce. The measures take token lists, not counts,
because MATTR and MTLD depend on word order.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from scipy.stats import t as student_t

from analysis.core.tokens import LexicalError, _check_int, _check_tokens

__all__ = ["detectable_difference", "welch_comparison", "ttr", "mattr", "mtld", "hdd", "maas", "yule_k", "diversity", "diversity_segments",
           "compare_diversity"]


def ttr(tokens) -> float:
    """Type–token ratio: distinct words / tokens. Falls as a text grows; compare at equal length.

    >>> ttr("a rose is a rose".split())
    0.6
    """
    toks = _check_tokens(tokens)
    return len(set(toks)) / len(toks)



def mattr(tokens, window: int = 50) -> float:
    """Moving-average TTR (Covington & McFall 2010): mean TTR of every window of ``window``
    consecutive tokens, sliding by one. A window longer than the text raises
    :class:`LexicalError`; a window equal to the text gives its TTR. ``tokens`` may be a list of
    token lists (the files of a corpus): then only windows inside one part count.

    >>> mattr("a b a b".split(), window=2)
    1.0
    """
    parts = _parts(tokens)
    window = _check_int(window, "window")
    longest = max(len(p) for p in parts)
    if window > longest:
        raise LexicalError(f"MATTR window of {window} tokens is larger than the text ({longest} tokens)")
    total = n_windows = 0
    for toks in parts:
        if len(toks) < window:
            continue
        counts = Counter(toks[:window])
        total += len(counts)
        for i in range(window, len(toks)):
            old, new = toks[i - window], toks[i]
            counts[old] -= 1
            if counts[old] == 0:
                del counts[old]
            counts[new] += 1
            total += len(counts)
        n_windows += len(toks) - window + 1
    return total / (window * n_windows)



def _parts(tokens) -> list[list[str]]:
    """``tokens`` as a list of parts: a token list is one part; a list of token lists (the
    files of a corpus, the paragraphs of a text) is several, and no window or factor of the
    order-dependent measures spans two of them. At least one token in all."""
    seq = tokens if isinstance(tokens, str) else list(tokens) if _iterable(tokens) else tokens
    if isinstance(seq, list) and seq and all(isinstance(p, (list, tuple)) for p in seq):
        parts = [_check_tokens(p, f"tokens[{i}]", allow_empty=True) for i, p in enumerate(seq)]
        parts = [p for p in parts if p]
        if not parts:
            raise LexicalError("tokens is empty: the statistic needs at least one token")
        return parts
    return [_check_tokens(seq)]



def _iterable(x) -> bool:
    try:
        iter(x)
    except TypeError:
        return False
    return True



_MTLD_TESTS = ("<=", "<")



def _mtld_factors(toks: list[str], threshold: float, test: str) -> float:
    factors = 0.0
    types: set[str] = set()
    count = 0
    current = 1.0
    for tok in toks:
        count += 1
        types.add(tok)
        current = len(types) / count
        if current <= threshold if test == "<=" else current < threshold:
            factors += 1
            types, count = set(), 0
    if count:
        factors += (1 - current) / (1 - threshold)
    return factors



def _mtld_one_way(parts: list[list[str]], threshold: float, test: str, backward: bool = False) -> float:
    """Tokens / factors, the factors of each part counted apart (a part's end closes a factor)."""
    factors = sum(_mtld_factors(p[::-1] if backward else p, threshold, test) for p in parts)
    if factors == 0:
        # The text never fell to the threshold and ended with every word distinct: one factor,
        # so MTLD is the text's length (lexicalrichness's convention).
        factors = 1.0
    return sum(len(p) for p in parts) / factors



def mtld(tokens, threshold: float = 0.72, test: str = "<=") -> float:
    """Measure of Textual Lexical Diversity (McCarthy & Jarvis 2010): mean length of the stretches
    of text over which the running TTR stays above ``threshold``.

    A stretch (a *factor*) ends when the running TTR passes the threshold test — ``test="<="``
    (TTR reaches the threshold; McCarthy & Jarvis's wording and the ``lexicalrichness``
    package) or ``"<"`` (TTR falls strictly below it) — and the count starts afresh. The last,
    unfinished stretch counts as the partial factor ``(1 − TTR) / (1 − threshold)``. MTLD is
    tokens / factors, computed forward and backward and averaged. ``tokens`` may be a list of
    token lists (the files of a corpus): each part's end then closes a factor, so no factor
    spans two parts.

    >>> mtld("a a a a".split())
    2.0
    """
    parts = _parts(tokens)
    if not (isinstance(threshold, (int, float)) and 0 < threshold < 1):
        raise LexicalError(f"MTLD threshold must be between 0 and 1, got {threshold!r}")
    if test not in _MTLD_TESTS:
        raise LexicalError(f"MTLD threshold test must be one of {_MTLD_TESTS}, got {test!r}")
    return (_mtld_one_way(parts, threshold, test) + _mtld_one_way(parts, threshold, test, backward=True)) / 2



def hdd(tokens, draws: int = 42) -> float:
    """HD-D (McCarthy & Jarvis 2007): for each word type, the probability that a random sample of
    ``draws`` tokens (without replacement) contains it, summed and divided by ``draws``.

    On the TTR scale (0–1], as ``lexicalrichness`` reports it; multiply by ``draws`` for the
    expected number of types in a sample (the scale of vocd-D's companion tables). More draws
    than tokens raises :class:`LexicalError`.

    >>> hdd("a a b b".split(), draws=4)
    0.5
    """

    toks = _check_tokens(tokens)
    draws = _check_int(draws, "draws")
    if draws > len(toks):
        raise LexicalError(f"HD-D needs at most as many draws as tokens: {draws} draws, {len(toks)} tokens")
    return _hdd_from_counts(Counter(toks).values(), len(toks), draws)



def _hdd_from_counts(counts, n_tokens: int, draws: int) -> float:
    """HD-D from the type frequencies, in closed form.

    The chance that a type seen f times out of N tokens is absent from a sample of n draws
    without replacement is the hypergeometric P(X = 0) = C(N − f, n) / C(N, n)
    = ∏_{i<n} (N − f − i) / (N − i), summed here as logarithms (``log1p``) over the distinct
    frequencies of the text; it is 0 when N − f < n. This equals ``scipy.stats.hypergeom.pmf(0,
    N, f, n)`` (a test checks it to 1e-12) without scipy's per-type cost.
    """
    freqs, types_per_freq = np.unique(np.fromiter(counts, dtype=np.int64), return_counts=True)
    steps = n_tokens - np.arange(draws, dtype=float)  # N − i for i = 0 … n − 1
    absent = np.zeros(len(freqs))
    possible = n_tokens - freqs >= draws  # otherwise every sample holds the type
    block = max(1, 2_000_000 // draws)  # bounds the (frequencies × draws) array
    idx = np.flatnonzero(possible)
    for start in range(0, len(idx), block):
        part = idx[start:start + block]
        logs = np.log1p(-freqs[part, None] / steps[None, :]).sum(axis=1)
        absent[part] = np.exp(logs)
    return float(np.sum(types_per_freq * (1.0 - absent)) / draws)



def maas(tokens) -> float:
    """Maas's a² = (ln N − ln V) / (ln N)² (Maas 1972); lower means more diverse.

    Undefined (``nan``) for a single token, where ln N = 0.

    >>> round(maas(["x"] * 10), 4)
    0.4343
    """
    toks = _check_tokens(tokens)
    n, v = len(toks), len(set(toks))
    if n == 1:
        return float("nan")
    return (math.log(n) - math.log(v)) / math.log(n) ** 2



def yule_k(tokens) -> float:
    """Yule's K = 10⁴ (Σ m² V_m − N) / N² (Yule 1944), V_m the number of types seen m times;
    higher means more repetitive.

    >>> yule_k("a a b".split())
    2222.222222222222
    """
    toks = _check_tokens(tokens)
    n = len(toks)
    spectrum = Counter(Counter(toks).values())
    return 1e4 * (sum(m * m * vm for m, vm in spectrum.items()) - n) / n ** 2



def diversity(tokens, mattr_window: int = 50, mtld_threshold: float = 0.72, hdd_draws: int = 42,
              mtld_test: str = "<=") -> dict[str, float]:
    """All diversity measures of one token list, as a dict.

    Keys: ``n_tokens``, ``n_types``, ``ttr``, ``mattr``, ``mtld``, ``hdd``, ``maas``,
    ``yule_k``. A text shorter than ``mattr_window`` or ``hdd_draws`` gets ``nan`` for that
    measure (the measure is undefined there; :func:`mattr` and :func:`hdd` called directly
    raise instead). An empty list raises :class:`LexicalError`. ``tokens`` may be a list of
    token lists (the files of a corpus): MATTR and MTLD then never span two parts (see
    :func:`mattr`, :func:`mtld`); the other measures pool the tokens.

    >>> d = diversity("the cat sat on the mat".split(), mattr_window=3, hdd_draws=3)
    >>> d["n_tokens"], d["n_types"], round(d["ttr"], 3)
    (6, 5, 0.833)
    """
    parts = _parts(tokens)
    toks = parts[0] if len(parts) == 1 else [tok for p in parts for tok in p]
    mattr_window = _check_int(mattr_window, "mattr_window")
    hdd_draws = _check_int(hdd_draws, "hdd_draws")
    nan = float("nan")
    return {
        "n_tokens": len(toks),
        "n_types": len(set(toks)),
        "ttr": ttr(toks),
        "mattr": mattr(parts, mattr_window) if mattr_window <= max(len(p) for p in parts) else nan,
        "mtld": mtld(parts, mtld_threshold, mtld_test),
        "hdd": hdd(toks, hdd_draws) if hdd_draws <= len(toks) else nan,
        "maas": maas(toks),
        "yule_k": yule_k(toks),
    }



_MEASURES = ("ttr", "mattr", "mtld", "hdd", "maas", "yule_k")



def diversity_segments(tokens, segment_length: int = 100, **params):
    """Diversity of consecutive, non-overlapping segments of ``segment_length`` tokens.

    The remainder shorter than a segment is dropped (as in MSTTR). Returns a DataFrame with one
    row per segment: ``segment``, ``start`` (token offset) and the measures of
    :func:`diversity` (``params`` are passed to it). A text shorter than one segment raises
    :class:`LexicalError`.

    >>> diversity_segments(list("abcabcab"), segment_length=4, mattr_window=2, hdd_draws=2)["ttr"].tolist()
    [0.75, 0.75]
    """

    toks = _check_tokens(tokens)
    segment_length = _check_int(segment_length, "segment_length")
    k = len(toks) // segment_length
    if k == 0:
        raise LexicalError(
            f"segment length {segment_length} is larger than the text ({len(toks)} tokens)")
    rows = []
    for i in range(k):
        seg = toks[i * segment_length:(i + 1) * segment_length]
        rows.append({"segment": i + 1, "start": i * segment_length, **diversity(seg, **params)})
    return pd.DataFrame(rows)



def compare_diversity(texts: Mapping[str, Sequence[str]], segment_length: int = 100,
                      confidence: float = 0.95, cut_length: int | None = None, **params):
    """Diversity of several texts at equal length, with an interval from segments.

    For each text and measure (``ttr``, ``mattr``, ``mtld``, ``hdd``, ``maas``, ``yule_k``):

    * ``whole``: the measure on the whole text (length-dependent: do not compare across texts);
    * ``cut``: the measure on the first ``cut_length`` tokens (default: the length of the
      shortest text), i.e. the longer texts cut to the shorter; a text shorter than
      ``cut_length`` gets ``nan``;
    * ``mean``, ``low``, ``high``: the mean over consecutive segments of ``segment_length``
      tokens and its Student-t interval at ``confidence`` (``nan`` with a single segment).
      Consecutive segments of one text are not independent draws; the interval shows how
      much the measure moves inside the text, not a sampling error of the author's style.

    ``texts`` maps a label to a token list; ``params`` go to :func:`diversity`.

    >>> t = compare_diversity({"x": list("abab" * 5), "y": list("abcd" * 3)}, segment_length=4,
    ...                       mattr_window=2, hdd_draws=2)
    >>> [round(v, 3) for v in t.loc[("y", "ttr"), ["n_tokens", "cut", "mean"]]]
    [12.0, 0.333, 1.0]
    """

    if not isinstance(texts, Mapping) or not texts:
        raise LexicalError("texts must be a non-empty mapping label → token list")
    if not (isinstance(confidence, float) and 0 < confidence < 1):
        raise LexicalError(f"confidence must be a float between 0 and 1, got {confidence!r}")
    checked = {label: _check_tokens(toks, f"texts[{label!r}]") for label, toks in texts.items()}
    shortest = min(len(t) for t in checked.values())
    cut_length = shortest if cut_length is None else _check_int(cut_length, "cut_length")
    rows = []
    for label, toks in checked.items():
        whole = diversity(toks, **params)
        cut = (diversity(toks[:cut_length], **params) if len(toks) >= cut_length
               else dict.fromkeys(_MEASURES, float("nan")))
        segs = diversity_segments(toks, segment_length, **params)
        for measure in _MEASURES:
            values = segs[measure].dropna().to_numpy()
            k = len(values)
            mean = float(values.mean()) if k else float("nan")
            if k >= 2:
                half = student_t.ppf((1 + confidence) / 2, k - 1) * values.std(ddof=1) / np.sqrt(k)
            else:
                half = float("nan")
            rows.append({"text": label, "measure": measure, "n_tokens": float(len(toks)),
                         "whole": whole[measure], "cut": cut[measure], "cut_length": cut_length,
                         "segment_length": segment_length, "n_segments": k,
                         "mean": mean, "low": mean - half, "high": mean + half})
    return pd.DataFrame(rows).set_index(["text", "measure"])


def _welch_parts(values_a, values_b):
    """Two samples as float arrays, the standard error of their difference of means and its
    Welch–Satterthwaite degrees of freedom (``nan`` when both samples are constant). Samples of
    fewer than two values, or with a value that is not a finite number, raise :class:`LexicalError`."""
    a, b = (np.asarray(v, dtype=float) for v in (values_a, values_b))
    if a.ndim != 1 or b.ndim != 1 or len(a) < 2 or len(b) < 2:
        raise LexicalError("each sample needs at least two values")
    if not (np.isfinite(a).all() and np.isfinite(b).all()):
        raise LexicalError("the samples must be finite numbers")
    va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
    se = math.sqrt(va + vb)
    df = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1)) if se else float("nan")
    return a, b, se, df


def detectable_difference(values_a, values_b, alpha: float = 0.05, power: float = 0.80) -> float:
    """The smallest difference of means that a two-sided Welch t-test on these two samples would
    detect with probability ``power`` at level ``alpha``: ``(t₁₋α/₂ + t_power) · SE``, with
    ``SE = √(s_a²/n_a + s_b²/n_b)`` and the Welch–Satterthwaite degrees of freedom (the usual
    power approximation; Cohen 1988, ch. 2). A difference smaller than this is not excluded by a
    null result: it says how large a difference the data could have seen, not that there is none.

    Segments of one text are not independent draws (see :func:`compare_diversity`), so the
    value is a floor on what these texts could show, not a sampling statement about the author.

    >>> round(detectable_difference([1, 2, 3, 4], [2, 3, 4, 5]), 2)
    3.06
    """
    if not (isinstance(alpha, float) and 0 < alpha < 1) or not (isinstance(power, float) and 0 < power < 1):
        raise LexicalError(f"alpha and power must be floats between 0 and 1, got {alpha!r}, {power!r}")
    a, b, se, df = _welch_parts(values_a, values_b)
    if se == 0:
        return 0.0
    return float((student_t.ppf(1 - alpha / 2, df) + student_t.ppf(power, df)) * se)


def welch_comparison(values_a, values_b, alpha: float = 0.05, confidence: float = 0.90) -> dict:
    """Welch's t-test of the difference of means of two samples, with what a reader needs to read
    a null result: ``difference`` (a − b), its standard error ``se``, the Welch–Satterthwaite
    ``df``, the two-sided ``p``, the ``confidence`` interval of the difference (``low``, ``high``;
    90 % is the interval of a two one-sided tests (TOST) equivalence test at 5 %, Schuirmann
    1987, doi:10.1007/BF01068419; the test itself is Welch 1947) and ``critical``, the
    smallest observed difference that would have been significant at ``alpha`` (t₁₋α/₂ · SE).

    >>> r = welch_comparison([1, 2, 3, 4], [2, 3, 4, 5])
    >>> round(r["p"], 3), round(r["critical"], 2)
    (0.315, 2.23)
    """
    if not (isinstance(alpha, float) and 0 < alpha < 1) or not (isinstance(confidence, float) and 0 < confidence < 1):
        raise LexicalError(f"alpha and confidence must be floats between 0 and 1, got {alpha!r}, {confidence!r}")
    a, b, se, df = _welch_parts(values_a, values_b)
    diff = float(a.mean() - b.mean())
    if se == 0:
        raise LexicalError("both samples are constant: the difference has no standard error")
    half = student_t.ppf(1 - (1 - confidence) / 2, df) * se
    return {"difference": diff, "se": float(se), "df": float(df),
            "p": float(2 * student_t.sf(abs(diff) / se, df)), "low": float(diff - half), "high": float(diff + half),
            "critical": float(student_t.ppf(1 - alpha / 2, df) * se)}
