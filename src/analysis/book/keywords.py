"""The lexical chapter's keyword tables: the article against the answers under each way of
counting, each voice against general English, key n-grams, and what the texts' lengths allow.

Built on :mod:`analysis.core.keyness`, :mod:`analysis.core.reference` and
:mod:`analysis.core.lexemes`; the voices and names are :mod:`analysis.book.voices`.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

import pandas as pd

from analysis.book.voices import EXCLUDE_NAMES, names, stopwords, voices
from analysis.core.diversity import detectable_difference, diversity_segments, welch_comparison
from analysis.core.errors import AnalysisError
from analysis.core.keyness import exact_p, keyness, keyness_from_counts, smallest_significant_count
from analysis.core.lexemes import drop_date_months, inflection_groups, inflection_map, merge_inflections, ngram_counts
from analysis.core.reference import SMOOTHING, reference_keyness

__all__ = ["MAIN_COUNTING", "tied_top", "COUNTINGS", "REFERENCE_MIN_COUNT", "REFERENCE_TOP", "DETECTABLE_POWER",
           "counted_tokens", "keyness_by_counting", "top_changes", "merged_groups", "reference_tables",
           "reference_top", "shared_reference_top", "shared_reference_text", "ngram_keyness", "length_artefact",
           "diversity_detectable"]


class KeywordsError(AnalysisError):
    """An unknown way of counting or voice."""


#: The way of counting the chapter's main keyness table, its leaders, figure and length counts
#: use: every correction of :data:`COUNTINGS` applied.
MAIN_COUNTING = "inflections"

#: The ways of counting the chapter compares, in order: each adds one correction to the one before.
COUNTINGS: dict[str, str] = {
    "tokens": "every token, names included (the first edition)",
    "names": "the words of multi-word names left out (data/names.csv)",
    "dates": "also month names inside date expressions left out",
    "inflections": "also inflections merged (Snowball stem and an inflectional ending)",
}

#: A word must occur at least this often in a voice to be listed against general English: a word
#: seen once in a text of a few hundred words is already hundreds per million. The book's choice.
REFERENCE_MIN_COUNT = 2

#: How many content words of each voice the chapter's reference table lists per smoothing constant,
#: and the top ranks :func:`shared_reference_top` intersects. The book's choice.
REFERENCE_TOP = 8

#: The power at which :func:`diversity_detectable` states the smallest detectable difference
#: (the conventional 80 %, Cohen 1988).
DETECTABLE_POWER = 0.80


def counted_tokens(counting: str = "names") -> dict[str, list[list[str]]]:
    """The paragraph tokens of the article and the answers under one of :data:`COUNTINGS`.

    Inflections are merged with one map built from both texts together, so that a word has the
    same form in both.

    >>> sum(map(len, counted_tokens("tokens")["article"])) > sum(map(len, counted_tokens("names")["article"]))
    True
    """
    if counting not in COUNTINGS:
        raise KeywordsError(f"unknown counting {counting!r}; countings: {list(COUNTINGS)}")
    step = list(COUNTINGS).index(counting)
    v = voices(["article", "answers"], without_names=step >= 1)
    paras = {name: v[name].paragraph_tokens for name in ("article", "answers")}
    if step >= 2:
        paras = {name: [drop_date_months(p) for p in ps] for name, ps in paras.items()}
    if step >= 3:
        mapping = inflection_map(Counter(t for ps in paras.values() for p in ps for t in p))
        paras = {name: [merge_inflections(p, mapping) for p in ps] for name, ps in paras.items()}
    return paras


@lru_cache(maxsize=None)
def keyness_by_counting(counting: str = "names") -> pd.DataFrame:
    """The keyness table of the article (a) against the answers (b) under ``counting``."""
    paras = counted_tokens(counting)
    flat = {name: [t for p in ps for t in p] for name, ps in paras.items()}
    return keyness(flat["article"], flat["answers"])


def top_changes(n: int = 12, first: str = "tokens", last: str = "inflections") -> pd.DataFrame:
    """The ``n`` top-ranked words of the ``first`` counting and of the ``last``, with each
    word's rank and counts (article : answers) under every counting between them.

    >>> t = top_changes(3)
    >>> list(t.columns[:2])
    ['rank_tokens', 'counts_tokens']
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise KeywordsError(f"n must be a whole number of at least 1, got {n!r}")
    order = list(COUNTINGS)
    if first not in COUNTINGS or last not in COUNTINGS or order.index(first) > order.index(last):
        raise KeywordsError(f"first and last must be countings of {order} in that order")
    steps = order[order.index(first):order.index(last) + 1]
    tables = {s: keyness_by_counting(s) for s in steps}
    words = list(dict.fromkeys(list(tables[first].index[:n]) + list(tables[last].index[:n])))
    rows = []
    for w in words:
        row = {"word": w}
        for s, t in tables.items():
            if w in t.index:
                row[f"rank_{s}"] = int(t.index.get_loc(w)) + 1
                row[f"counts_{s}"] = f"{t.loc[w, 'count_a']} : {t.loc[w, 'count_b']}"
            else:
                row[f"rank_{s}"], row[f"counts_{s}"] = None, "–"
        rows.append(row)
    return pd.DataFrame(rows).set_index("word")


def merged_groups() -> dict[str, list[str]]:
    """The inflection groups the ``inflections`` counting merges, by their shown form."""
    paras = counted_tokens("dates")
    return inflection_groups(Counter(t for ps in paras.values() for p in ps for t in p))


@lru_cache(maxsize=1)
def reference_tables() -> dict[str, pd.DataFrame]:
    """Each voice against general English (:func:`analysis.core.reference.reference_keyness`),
    names left out when :data:`analysis.book.voices.EXCLUDE_NAMES`, words seen fewer than
    :data:`REFERENCE_MIN_COUNT` times left out."""
    out = {}
    for name, voice in voices(without_names=EXCLUDE_NAMES).items():
        tokens = voice.tokens
        out[name] = reference_keyness(Counter(tokens), total=len(tokens), smoothing=SMOOTHING,
                                      min_count=REFERENCE_MIN_COUNT)
    return out


def reference_top(table: pd.DataFrame, column: str, k: int = REFERENCE_TOP, exclude=frozenset()) -> list[str]:
    """The ``k`` words of a :func:`reference_tables` table that score highest in ``column``
    (``sm_1``, ``sm_100``), words of ``exclude`` (function words) left out; ties keep the table's
    order.

    >>> t = pd.DataFrame({"sm_1": [3.0, 9.0, 5.0]}, index=["the", "bilateral", "pandemic"])
    >>> reference_top(t, "sm_1", 2), reference_top(t, "sm_1", 2, exclude={"bilateral"})
    (['bilateral', 'pandemic'], ['pandemic', 'the'])
    """
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise KeywordsError(f"k must be a whole number of at least 1, got {k!r}")
    if not isinstance(table, pd.DataFrame) or column not in table.columns:
        raise KeywordsError(f"needs a reference table with a column {column!r}")
    kept = table[~table.index.isin(frozenset(exclude))]
    return kept.sort_values(column, ascending=False, kind="stable").index[:k].tolist()


def shared_reference_top(k: int = REFERENCE_TOP, voice_names=("article", "answers"), tables=None,
                         exclude=None) -> list[str]:
    """The content words that rank in the top ``k`` of *every* one of ``voice_names`` against
    general English under *every* smoothing constant of :data:`analysis.core.reference.SMOOTHING`
    (:func:`reference_top` of :func:`reference_tables`, function words left out), in the order of
    the first voice's ranking under the largest constant. By default the ambassador's two voices:
    the words the chapter may say both of them use far more than English at large.

    >>> t = pd.DataFrame({"sm_1": [9.0, 5.0, 1.0], "sm_100": [2.0, 3.0, 1.0]}, index=["a", "b", "c"])
    >>> u = pd.DataFrame({"sm_1": [1.0, 5.0, 9.0], "sm_100": [1.0, 3.0, 2.0]}, index=["a", "b", "c"])
    >>> shared_reference_top(2, ("x", "y"), {"x": t, "y": u}, exclude=())
    ['b']
    """
    tables = reference_tables() if tables is None else tables
    exclude = stopwords() if exclude is None else exclude
    if isinstance(voice_names, str) or not voice_names or any(v not in tables for v in voice_names):
        raise KeywordsError(f"voice_names must name voices of {sorted(tables)}, got {voice_names!r}")
    columns = [f"sm_{n:g}" for n in SMOOTHING]
    ranked = {(v, c): reference_top(tables[v], c, k, exclude) for v in voice_names for c in columns}
    common = set.intersection(*map(set, ranked.values()))
    return [w for w in ranked[(voice_names[0], columns[-1])] if w in common]


def shared_reference_text(k: int = REFERENCE_TOP) -> str:
    """:func:`shared_reference_top` as the chapter's Markdown: each word in italics, joined by
    commas and a final *and* (``*cambodia*, *bilateral* and *pandemic*``); "no word" when none is
    shared."""
    words = [f"*{w}*" for w in shared_reference_top(k)]
    if not words:
        return "no word"
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


@lru_cache(maxsize=None)
def ngram_keyness(n: int = 2) -> pd.DataFrame:
    """Keyness of the ``n``-grams (2 or 3) of the article against the answers, with the measures
    of :func:`analysis.core.keyness.keyness_from_counts`; n-grams inside paragraphs only, none
    touching a name of ``data/names.csv`` and none made only of function words. The tested
    total of each side is its number of n-gram positions counted."""
    v = voices(["article", "answers"])
    counts = {name: ngram_counts(v[name].paragraph_tokens, n, names=names(), exclude=stopwords())
              for name in ("article", "answers")}
    return keyness_from_counts(counts["article"], counts["answers"])


def length_artefact(table: pd.DataFrame | None = None) -> dict[str, int]:
    """What the lengths of the two texts do to uncorrected keyness: how many words pass
    ``p < alpha`` uncorrected, how many of them lean to the article (the shorter text), how many
    of those at 2 : 0, and the smallest count a word absent from the other text needs to pass on
    each side (:func:`analysis.core.keyness.smallest_significant_count`), by G²'s chi-square p
    and by Fisher's exact test; ``exact_passes`` of the words pass under the exact test, and
    ``exact_lean_a`` of those lean to the article."""
    table = keyness_by_counting(MAIN_COUNTING) if table is None else table
    alpha = table.attrs["alpha"]
    raw = table[table["p"] < alpha]
    n_a, n_b = table.attrs["total_a"], table.attrs["total_b"]
    exact = raw[[exact_p(int(r.count_a), int(r.count_b), n_a, n_b) < alpha for r in raw.itertuples()]]
    return {"passes": len(raw), "lean_a": int((raw["log_ratio"] > 0).sum()),
            "lean_b": int((raw["log_ratio"] < 0).sum()),
            "two_zero": int(((raw["count_a"] == 2) & (raw["count_b"] == 0)).sum()),
            "min_count_a": smallest_significant_count(n_a, n_b, "a", alpha),
            "min_count_b": smallest_significant_count(n_a, n_b, "b", alpha),
            "exact_min_count_a": smallest_significant_count(n_a, n_b, "a", alpha, test="fisher"),
            "exact_min_count_b": smallest_significant_count(n_a, n_b, "b", alpha, test="fisher"),
            "exact_passes": len(exact), "exact_lean_a": int((exact["log_ratio"] > 0).sum())}


def tied_top(table: pd.DataFrame, side: str = "a", start: int = 0) -> list[str]:
    """The words of ``table`` (a keyness table, ranked) that lean to ``side`` and tie at rank
    ``start`` of that side (same counts, hence same G²): the table's order among them is
    alphabetical, not evidence, so a reader is told all of them.

    >>> t = keyness("a a a b b b c d".split(), "d d d d e e e e f".split())
    >>> tied_top(t, "a")
    ['a', 'b']
    """
    if side not in ("a", "b"):
        raise KeywordsError(f"side must be 'a' or 'b', got {side!r}")
    if isinstance(start, bool) or not isinstance(start, int) or start < 0:
        raise KeywordsError(f"start must be a whole number of at least 0, got {start!r}")
    lean = table[table["log_ratio"] > 0] if side == "a" else table[table["log_ratio"] < 0]
    if start >= len(lean):
        raise KeywordsError(f"only {len(lean)} words lean to side {side!r}; no rank {start}")
    first = lean.iloc[start]
    same = (lean["count_a"] == first["count_a"]) & (lean["count_b"] == first["count_b"])
    return lean.index[same].tolist()


def diversity_detectable(segment_length: int = 100, measures=("mattr", "mtld", "hdd")) -> pd.DataFrame:
    """For each measure, the article's and the answers' segment means, their difference, the
    true difference the segments could detect with power :data:`DETECTABLE_POWER`
    (:func:`analysis.core.diversity.detectable_difference`), and Welch's test of the observed
    one (:func:`analysis.core.diversity.welch_comparison`: ``p``, the 90 % interval ``low``–``high``
    and ``critical``, the smallest observed difference that would have been significant)."""
    v = voices(["article", "answers"])
    segs = {name: diversity_segments(v[name].tokens, segment_length) for name in ("article", "answers")}
    rows = []
    for m in measures:
        a, b = (segs[name][m].dropna().to_numpy() for name in ("article", "answers"))
        w = welch_comparison(a, b)
        rows.append({"measure": m, "article_mean": float(a.mean()), "answers_mean": float(b.mean()),
                     "difference": float(a.mean() - b.mean()),
                     "detectable": detectable_difference(a, b, power=DETECTABLE_POWER),
                     "critical": w["critical"], "p": w["p"], "low": w["low"], "high": w["high"]})
    return pd.DataFrame(rows).set_index("measure")
