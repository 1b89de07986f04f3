"""Where words fall: collocations, term patterns, concordance (KWIC) and dispersion.

Conventions: collocations ranked by Dunning's G² (NLTK's ``BigramAssocMeasures.likelihood_ratio``);
dispersion as Gries's (2008) DP and its normalisation by Lijffijt & Gries (2012).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd
from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder

from analysis.core.tokens import (
    LexicalError,
    LexicalTypeError,
    Voice,
    _check_int,
    _check_names,
    _check_tokens,
    _tokens,
    normal_form,
)

#: The widest collocation window (tokens) :func:`collocations` takes.
MAX_WINDOW = 50

__all__ = ["collocations", "term_matcher", "concordance", "dispersion", "term_positions"]


def _is_nested(tokens) -> bool:
    """Whether ``tokens`` is a list of token lists (paragraphs)."""
    return isinstance(tokens, (list, tuple)) and bool(tokens) and all(isinstance(p, (list, tuple)) for p in tokens)


def collocations(tokens, top: int = 20, min_count: int = 2, window_size: int = 2,
                 exclude: Iterable[str] = ()):
    """Bigram collocations ranked by log-likelihood, with NLTK's collocation finder.

    ``tokens`` is a token list or a list of token lists (paragraphs); with paragraphs no pair
    spans a paragraph break. Pairs seen fewer than ``min_count`` times, and pairs with a word in
    ``exclude`` (e.g. :func:`stopwords`), are dropped. ``window_size`` > 2 also counts pairs
    with words between them (NLTK's convention). Scores are
    ``BigramAssocMeasures.likelihood_ratio`` — Dunning's G² on the pair's 2 × 2 table.

    Returns a DataFrame with ``w1``, ``w2``, ``count`` and ``ll``, best first (ties by words).

    >>> collocations("we trade and we trade more".split(), min_count=2)[["w1", "w2", "count"]].values.tolist()
    [['we', 'trade', 2]]
    """

    top = _check_int(top, "top")
    min_count = _check_int(min_count, "min_count")
    window_size = _check_int(window_size, "window_size", minimum=2, maximum=MAX_WINDOW)
    seq = _check_tokens(tokens, allow_empty=True) if not _is_nested(tokens) else list(tokens)
    exclude = _check_names(exclude, "exclude", "words")
    if seq and all(isinstance(p, (list, tuple)) for p in seq):
        paragraphs = [_check_tokens(p, f"tokens[{i}]", allow_empty=True) for i, p in enumerate(seq)]
    else:
        paragraphs = [_check_tokens(seq)]
    words: list[str | None] = []
    for para in paragraphs:
        # A run of None as long as the window keeps pairs from crossing a paragraph break;
        # NLTK's finder skips None.
        words.extend(para + [None] * (window_size - 1))
    if sum(len(p) for p in paragraphs) < 2:
        raise LexicalError("collocations need at least two tokens")
    finder = BigramCollocationFinder.from_words(words, window_size=window_size)
    finder.apply_freq_filter(min_count)
    excl = set(exclude)
    if excl:
        finder.apply_word_filter(lambda w: w in excl)
    scored = finder.score_ngrams(BigramAssocMeasures.likelihood_ratio)
    rows = [{"w1": w1, "w2": w2, "count": finder.ngram_fd[(w1, w2)], "ll": score}
            for (w1, w2), score in scored]
    table = pd.DataFrame(rows, columns=["w1", "w2", "count", "ll"])
    table = table.sort_values(["ll", "w1", "w2"], ascending=[False, True, True], kind="mergesort")
    return table.head(top).reset_index(drop=True)



def term_matcher(patterns: str | Iterable[str]):
    """A predicate on tokens for one pattern or several.

    A pattern is one token as :func:`tokenize` writes it (lowercase); a final ``*`` matches any
    ending (``friend*`` matches ``friendship`` and ``friends``). An empty pattern or one of
    several words raises :class:`LexicalError`.

    >>> m = term_matcher(["friend*", "trade"])
    >>> [m(w) for w in ("friendly", "trade", "trades")]
    [True, True, False]
    """
    if isinstance(patterns, str):
        patterns = [patterns]
    patterns = _check_names(patterns, "patterns", "search patterns")
    if not patterns:
        raise LexicalError("term_matcher needs at least one search pattern")
    exact, prefixes = set(), []
    for pat in patterns:
        if not isinstance(pat, str):
            raise LexicalTypeError(f"a search pattern must be a str, got {type(pat).__name__}")
        stem, star = (pat[:-1], True) if pat.endswith("*") else (pat, False)
        toks = [t.text for t in _tokens(stem)]
        if len(toks) != 1 or (not star and toks[0] != normal_form(stem)):
            raise LexicalError(
                f"search pattern {pat!r} must be one word as tokenize() writes it (optionally ending in *)")
        (prefixes.append(toks[0]) if star else exact.add(toks[0]))
    prefixes_t = tuple(prefixes)
    return lambda tok: tok in exact or (bool(prefixes_t) and tok.startswith(prefixes_t))



def concordance(text, word: str | Iterable[str], width: int = 50):
    """Key word in context: every token of ``text`` matching ``word`` with ``width`` characters
    of context on each side, as in AntConc's KWIC view.

    ``text`` is a str or a :class:`Voice` (then each line carries its ``paragraph`` id and
    offsets in the source's cleaned text). ``word`` is a pattern of :func:`term_matcher`.
    Returns a DataFrame (``paragraph``, ``left``, ``match``, ``right``, ``start``, ``end``) with
    the text's own characters, line breaks shown as spaces; no match gives an empty table.
    Use :func:`concordance_html` to display it: that escapes any markup in the text.

    >>> concordance("Trade grew. Trade fell.", "trade", width=6)[["left", "match", "right"]].values.tolist()
    [['', 'Trade', ' grew.'], ['grew. ', 'Trade', ' fell.']]
    """

    width = _check_int(width, "width", minimum=0)
    match = term_matcher(word)
    if isinstance(text, Voice):
        parts = list(zip(text.paragraph_ids, text.texts, text.starts))
    elif isinstance(text, str):
        parts = [(None, text, 0)]
    else:
        raise LexicalTypeError(f"concordance() needs a str or a Voice, got {type(text).__name__}")
    rows = []
    for pid, para, offset in parts:
        flat = re.sub(r"\s", " ", para)
        for tok in _tokens(para):
            if match(tok.text):
                rows.append({"paragraph": pid, "left": flat[max(0, tok.start - width):tok.start],
                             "match": flat[tok.start:tok.end],
                             "right": flat[tok.end:tok.end + width],
                             "start": offset + tok.start, "end": offset + tok.end})
    return pd.DataFrame(rows, columns=["paragraph", "left", "match", "right", "start", "end"])



def dispersion(parts, terms: Mapping[str, str | Iterable[str]] | Iterable[str]):
    """Gries's (2008) deviation of proportions, DP, of each term over the parts of a text.

    ``parts`` is a list of token lists (e.g. paragraphs); ``terms`` maps a name to patterns of
    :func:`term_matcher` (a plain list of words names each by itself). With s_i the share of
    the text's tokens in part i and v_i the share of the term's occurrences there,
    DP = ½ Σ |v_i − s_i|: 0 when the term is spread exactly as the text is, near 1 when it is
    bunched in one small part. ``dp_norm`` = DP / (1 − min s_i) (Lijffijt & Gries 2012) reaches
    1 at the extreme. A term that never occurs gets ``nan``.

    Columns: ``frequency``, ``range`` (parts with the term), ``n_parts``, ``dp``, ``dp_norm``.

    >>> dispersion([["a", "b"], ["b", "b"]], ["a", "b"])["dp"].round(3).tolist()
    [0.5, 0.167]
    """

    checked = [_check_tokens(p, f"parts[{i}]", allow_empty=True)
               for i, p in enumerate(_check_names(parts, "parts", "token lists"))]
    sizes = np.array([len(p) for p in checked], dtype=float)
    if sizes.sum() == 0:
        raise LexicalError("dispersion needs parts with at least one token in all")
    named = dict(terms) if isinstance(terms, Mapping) else {t: t for t in _check_names(terms, "terms", "words")}
    if not named:
        raise LexicalError("dispersion needs at least one term")
    s = sizes / sizes.sum()
    rows = []
    for name, patterns in named.items():
        match = term_matcher(patterns)
        hits = np.array([sum(map(match, p)) for p in checked], dtype=float)
        freq = hits.sum()
        if freq:
            dp = 0.5 * float(np.abs(hits / freq - s).sum())
            dp_norm = dp / (1 - s.min()) if s.min() < 1 else float("nan")
        else:
            dp = dp_norm = float("nan")
        rows.append({"term": name, "frequency": int(freq), "range": int((hits > 0).sum()),
                     "n_parts": len(checked), "dp": dp, "dp_norm": dp_norm})
    return pd.DataFrame(rows).set_index("term")



def term_positions(voice: Voice, terms: Mapping[str, str | Iterable[str]]):
    """Where each term occurs in a voice: one row per hit with ``term``, ``paragraph`` id,
    ``paragraph_index`` (1-based), ``token_index`` in the whole voice, ``position`` (0–1 along
    the voice's tokens) and the token — the data of a lexical dispersion plot.

    >>> v = Voice("x", "X", "article", "Borovik", ("A3", "A4"), ("Trade.", "More trade."), (0, 8))
    >>> term_positions(v, {"trade": "trade"})[["paragraph", "token_index"]].values.tolist()
    [['A3', 0], ['A4', 2]]
    """

    if not isinstance(voice, Voice):
        raise LexicalTypeError(f"term_positions() needs a Voice, got {type(voice).__name__}")
    if not isinstance(terms, Mapping):
        raise LexicalTypeError(f"terms must be a mapping name → patterns, got {type(terms).__name__}")
    matchers = {name: term_matcher(p) for name, p in terms.items()}
    rows, i = [], 0
    total = max(len(voice.tokens), 1)
    for k, (pid, toks) in enumerate(zip(voice.paragraph_ids, voice.paragraph_tokens), start=1):
        for tok in toks:
            for name, match in matchers.items():
                if match(tok):
                    rows.append({"term": name, "paragraph": pid, "paragraph_index": k,
                                 "token_index": i, "position": i / total, "token": tok})
            i += 1
    return pd.DataFrame(rows, columns=["term", "paragraph", "paragraph_index", "token_index",
                                       "position", "token"])
