"""Lexical statistics of the texts: tokens, keyness, diversity, collocations, concordance, dispersion.

Tokenisation rules (the same for every chapter, so counts agree across the book):

* A token is a run of letters or digits in any script (``[^\\W_]``), lowercased.
* An apostrophe (``'`` or ``’``) or a hyphen (``-``, ``‐``, ``‑``) *between* two such runs
  joins them into one token: ``that’s``, ``people-to-people``, ``khmer-soviet``,
  ``covid-19``, ``1980-s``. Curly apostrophes become straight ones in the token.
  An apostrophe or hyphen at a word's edge is dropped (``professionals’`` → ``professionals``).
* Digits are kept as tokens (``1956``); a comma or full stop *between digits* joins them
  (``8,000``, ``229.2``). ``numbers=False`` drops tokens that hold no letter.
* Everything else (punctuation, symbols such as ``$`` and ``%``, whitespace) separates tokens.
  Cyrillic and other non-Latin letters are letters: ``россия`` is a token.

>>> tokenize("Since early 1980-s, more than 8 thousand Cambodians studies in the USSR.")
['since', 'early', '1980-s', 'more', 'than', '8', 'thousand', 'cambodians', 'studies', 'in', 'the', 'ussr']

Counting and statistics are kept apart, so that a streaming reader can feed the statistics
with :class:`collections.Counter` objects of its own: :func:`keyness` counts two token lists
and calls :func:`keyness_from_counts`; the diversity measures take token lists because
MATTR and MTLD depend on word order.

Conventions, each named where it is computed:

* keyness: Dunning's (1993) four-term log-likelihood G² (``ll``) beside the two-term form of
  the UCREL log-likelihood calculator (``ll_two_term``); Hardie's (2014) Log Ratio with a zero
  count taken as 0.5; %DIFF (Gabrielatos & Marchi 2011); the log-odds ratio with an informative
  Dirichlet prior (Monroe, Colaresi & Quinn 2008); Bonferroni and Benjamini–Hochberg (1995)
  corrections over all word types tested.
* diversity: TTR, MATTR (Covington & McFall 2010), MTLD (McCarthy & Jarvis 2010), HD-D
  (McCarthy & Jarvis 2007), Maas's a², Yule's K — as computed by the ``lexicalrichness``
  package, whose published README example the tests reproduce.
* dispersion: Gries's (2008) DP and its normalisation by Lijffijt & Gries (2012).
"""

from __future__ import annotations

import html
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from analysis.core.errors import AnalysisError

__all__ = [
    "LOG_RATIO_ZERO",
    "Token", "TOKEN_PATTERN", "tokenize", "tokenize_with_offsets",
    "LexicalError", "Voice", "VOICE_LABELS", "THEMES", "voices", "stopwords",
    "keyness", "keyness_from_counts",
    "ttr", "mattr", "mtld", "hdd", "maas", "yule_k", "diversity", "diversity_segments",
    "compare_diversity", "vocabulary_overlap",
    "collocations", "concordance", "concordance_html", "term_matcher", "dispersion",
    "term_positions",
]


#: The count Log Ratio uses for a word absent from one text (Hardie 2014), so that the ratio
#: stays finite.
LOG_RATIO_ZERO = 0.5


class LexicalError(AnalysisError):
    """Bad input to a lexical statistic: empty or non-string tokens, a window too large, …"""

_ALNUM = r"[^\W_]+"
#: The regular expression that defines a token (see the module docstring).
TOKEN_PATTERN = re.compile(
    rf"{_ALNUM}(?:(?:['’\-‐‑]|(?<=\d)[.,](?=\d)){_ALNUM})*"
)
_HAS_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class Token:
    """A token with its character offsets in the text it came from."""

    text: str  #: normalised form (lowercase, straight apostrophe)
    start: int
    end: int


def _check_text(text) -> str:
    if not isinstance(text, str):
        raise TypeError(f"tokenize() needs a str, got {type(text).__name__}")
    return text


def tokenize_with_offsets(text: str, numbers: bool = True) -> list[Token]:
    """Tokens of ``text`` with their ``start``/``end`` offsets (for concordances).

    >>> [(t.text, t.start, t.end) for t in tokenize_with_offsets("That’s all.")]
    [("that's", 0, 6), ('all', 7, 10)]
    """
    text = _check_text(text)
    out = []
    for m in TOKEN_PATTERN.finditer(text):
        word = m.group(0)
        if not numbers and not _HAS_LETTER.search(word):
            continue
        out.append(Token(word.lower().replace("’", "'"), m.start(), m.end()))
    return out


def tokenize(text: str, numbers: bool = True) -> list[str]:
    """Lowercase word tokens of ``text`` by the rules in the module docstring.

    An empty or whitespace-only text gives ``[]``; a non-string raises ``TypeError``.
    """
    return [t.text for t in tokenize_with_offsets(text, numbers=numbers)]


# ---------------------------------------------------------------------------------------------
# Input checks


def _check_tokens(tokens, name: str = "tokens", allow_empty: bool = False) -> list[str]:
    """``tokens`` as a list of str; a clear :class:`LexicalError` otherwise."""
    if isinstance(tokens, str):
        raise LexicalError(f"{name} must be a list of tokens, not a str; call tokenize() on the text first")
    try:
        out = list(tokens)
    except TypeError:
        raise LexicalError(f"{name} must be a list of str tokens, got {type(tokens).__name__}") from None
    for i, tok in enumerate(out):
        if not isinstance(tok, str):
            raise LexicalError(
                f"{name}[{i}] is {type(tok).__name__} ({tok!r}), not str; every token must be a string"
            )
    if not out and not allow_empty:
        raise LexicalError(f"{name} is empty: the statistic needs at least one token")
    return out


def _check_int(value, name: str, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise LexicalError(f"{name} must be an int, got {type(value).__name__} ({value!r})")
    if value < minimum:
        raise LexicalError(f"{name} must be at least {minimum}, got {value}")
    return value


# ---------------------------------------------------------------------------------------------
# The three voices and the word lists


@dataclass(frozen=True)
class Voice:
    """The paragraphs of one speaker in one text, ready for counting and concordance.

    ``texts`` holds each paragraph's words without its turn label (``Paragraph.content``), and
    ``starts`` the offset of that content in the source's cleaned text, so that a concordance
    line can cite its paragraph.
    """

    name: str  #: short id: article, answers, questions
    label: str  #: reader-facing label
    source: str  #: source id
    speaker: str
    paragraph_ids: tuple[str, ...]
    texts: tuple[str, ...]
    starts: tuple[int, ...]

    @property
    def paragraph_tokens(self) -> list[list[str]]:
        """Tokens of each paragraph, in reading order."""
        return [tokenize(t) for t in self.texts]

    @property
    def tokens(self) -> list[str]:
        """All tokens of the voice, paragraphs joined in reading order."""
        return [tok for para in self.paragraph_tokens for tok in para]


#: Reader-facing labels of the voices of :data:`analysis.book.sources.VOICES`.
VOICE_LABELS = {
    "article": "Article (Borovik)",
    "answers": "Interview answers (Borovik)",
    "questions": "Interview questions (Khmer Times)",
}


def voices(names: Iterable[str] | None = None) -> dict[str, Voice]:
    """The article body, the interview answers and the interview questions as :class:`Voice` objects.

    The voices are those of :data:`analysis.book.sources.VOICES` (paragraphs from
    :func:`analysis.book.sources.voice_paragraphs`): the article's title and byline and the
    interview's headline, credit and standfirst belong to no voice. Interview paragraphs lose
    their ``KT: ``/``Borovik: `` labels.

    >>> v = voices(["answers"])["answers"]
    >>> (v.source, v.speaker, v.paragraph_ids[0])
    ('interview', 'Borovik', 'I5')
    """
    from analysis.book.sources import VOICES, voice_paragraphs

    wanted = list(VOICES) if names is None else list(names)
    out: dict[str, Voice] = {}
    for name in wanted:
        if name not in VOICES:
            raise LexicalError(f"unknown voice {name!r}; voices: {sorted(VOICES)}")
        source_id, speaker, _ = VOICES[name]
        paras = voice_paragraphs(name)
        out[name] = Voice(name, VOICE_LABELS.get(name, name), source_id, speaker,
                          tuple(p.id for p in paras), tuple(p.content for p in paras),
                          tuple(p.content_start for p in paras))
    return out


@lru_cache(maxsize=None)
def stopwords() -> frozenset[str]:
    """English function words from ``data/stopwords_en.txt`` (provenance and licence in its header).

    The list is written for this book by grammatical class (articles, pronouns, prepositions,
    conjunctions, auxiliaries, …) and lowercased with straight apostrophes, as :func:`tokenize`
    produces them.

    >>> {"the", "of", "we"} <= stopwords(), "cooperation" in stopwords()
    (True, False)
    """
    from analysis.book.paths import data_dir

    words = set()
    for line in (data_dir() / "stopwords_en.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.update(line.split())
    return frozenset(words)


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
    a = _check_tokens(tokens_a, "tokens_a")
    b = _check_tokens(tokens_b, "tokens_b")
    return keyness_from_counts(Counter(a), Counter(b), alpha=alpha, correction=correction)


def _xlogx_over(observed, expected):
    """``O · ln(O/E)`` with the convention 0 · ln 0 = 0."""
    import numpy as np

    with np.errstate(divide="ignore", invalid="ignore"):
        term = observed * np.log(observed / expected)
    return np.where(observed > 0, term, 0.0)


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
        ln((y_b+α)/(N_b+α₀−y_b−α)) and Var δ ≈ 1/(y_a+α) + 1/(y_b+α). Positive: leans to a.
    ``min_expected``
        the smallest expected count of the four cells; below 5 the chi-square approximation
        of ``p`` is doubtful, which ``low_expected`` flags.
    ``key_for``
        ``"a"`` or ``"b"`` where the corrected p (``correction``: ``"bh"`` default,
        ``"bonferroni"`` or ``"none"``) is below ``alpha``, by the side with the higher
        relative frequency; ``None`` otherwise.

    Rows are sorted by ``ll`` (largest first), ties by word.

    >>> t = keyness_from_counts({"w": 110}, {"w": 2442}, total_a=221, total_b=31556)
    >>> round(float(t.loc["w", "ll"]), 2)
    270.72
    """
    import numpy as np
    import pandas as pd
    from scipy.stats import chi2, false_discovery_control

    if correction not in _CORRECTIONS:
        raise LexicalError(f"correction must be one of {_CORRECTIONS}, got {correction!r}")
    if not (isinstance(alpha, (int, float)) and 0 < alpha < 1):
        raise LexicalError(f"alpha must be a number between 0 and 1, got {alpha!r}")
    for name, counts in (("counts_a", counts_a), ("counts_b", counts_b)):
        if not isinstance(counts, Mapping):
            raise LexicalError(f"{name} must be a mapping word → count, got {type(counts).__name__}")
        for word, c in counts.items():
            if not isinstance(word, str):
                raise LexicalError(f"{name} has a key {word!r} of type {type(word).__name__}; words must be str")
            if isinstance(c, bool) or not isinstance(c, (int, np.integer)) or c < 0:
                raise LexicalError(f"{name}[{word!r}] = {c!r}: counts must be non-negative integers")
    words = sorted({w for w, c in counts_a.items() if c} | {w for w, c in counts_b.items() if c})
    a = np.array([counts_a.get(w, 0) for w in words], dtype=float)
    b = np.array([counts_b.get(w, 0) for w in words], dtype=float)
    n_a = float(a.sum() if total_a is None else total_a)
    n_b = float(b.sum() if total_b is None else total_b)
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
    p = chi2.sf(ll, 1)
    m = len(words)
    p_bonf = np.minimum(p * m, 1.0)
    p_bh = false_discovery_control(p, method="bh") if m else p
    chosen = {"bh": p_bh, "bonferroni": p_bonf, "none": p}[correction]
    key_for = np.where(chosen < alpha, np.where(f_a > f_b, "a", "b"), None)
    table = pd.DataFrame({
        "count_a": a.astype(int), "count_b": b.astype(int),
        "per_1000_a": 1000 * f_a, "per_1000_b": 1000 * f_b,
        "ll": ll, "ll_two_term": ll_two, "log_ratio": log_ratio, "pct_diff": pct_diff,
        "p": p, "p_bonferroni": p_bonf, "p_bh": p_bh, "log_odds_z": log_odds_z,
        "min_expected": min_expected, "low_expected": min_expected < 5,
    }, index=pd.Index(words, name="word"))
    table["key_for"] = pd.Series(list(key_for), index=table.index, dtype=object)
    table.attrs.update(total_a=int(n_a), total_b=int(n_b), correction=correction, alpha=alpha)
    return table.sort_values("ll", ascending=False, kind="mergesort")


# ---------------------------------------------------------------------------------------------
# Lexical diversity


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
    :class:`LexicalError`; a window equal to the text gives its TTR.

    >>> mattr("a b a b".split(), window=2)
    1.0
    """
    toks = _check_tokens(tokens)
    window = _check_int(window, "window")
    if window > len(toks):
        raise LexicalError(f"MATTR window of {window} tokens is larger than the text ({len(toks)} tokens)")
    counts = Counter(toks[:window])
    total = len(counts)
    for i in range(window, len(toks)):
        old, new = toks[i - window], toks[i]
        counts[old] -= 1
        if counts[old] == 0:
            del counts[old]
        counts[new] += 1
        total += len(counts)
    return total / (window * (len(toks) - window + 1))


_MTLD_TESTS = ("<=", "<")


def _mtld_one_way(toks: list[str], threshold: float, test: str) -> float:
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
    if factors == 0:
        # The text never fell to the threshold and ended with every word distinct: one factor,
        # so MTLD is the text's length (lexicalrichness's convention).
        factors = 1.0
    return len(toks) / factors


def mtld(tokens, threshold: float = 0.72, test: str = "<=") -> float:
    """Measure of Textual Lexical Diversity (McCarthy & Jarvis 2010): mean length of the stretches
    of text over which the running TTR stays above ``threshold``.

    A stretch (a *factor*) ends when the running TTR passes the threshold test — ``test="<="``
    (TTR reaches the threshold; McCarthy & Jarvis's wording and the ``lexicalrichness``
    package) or ``"<"`` (TTR falls strictly below it) — and the count starts afresh. The last,
    unfinished stretch counts as the partial factor ``(1 − TTR) / (1 − threshold)``. MTLD is
    tokens / factors, computed forward and backward and averaged.

    >>> mtld("a a a a".split())
    2.0
    """
    toks = _check_tokens(tokens)
    if not (isinstance(threshold, (int, float)) and 0 < threshold < 1):
        raise LexicalError(f"MTLD threshold must be between 0 and 1, got {threshold!r}")
    if test not in _MTLD_TESTS:
        raise LexicalError(f"MTLD threshold test must be one of {_MTLD_TESTS}, got {test!r}")
    return (_mtld_one_way(toks, threshold, test) + _mtld_one_way(toks[::-1], threshold, test)) / 2


def hdd(tokens, draws: int = 42) -> float:
    """HD-D (McCarthy & Jarvis 2007): for each word type, the probability that a random sample of
    ``draws`` tokens (without replacement) contains it, summed and divided by ``draws``.

    On the TTR scale (0–1], as ``lexicalrichness`` reports it; multiply by ``draws`` for the
    expected number of types in a sample (the scale of vocd-D's companion tables). More draws
    than tokens raises :class:`LexicalError`.

    >>> hdd("a a b b".split(), draws=4)
    0.5
    """
    import numpy as np
    from scipy.stats import hypergeom

    toks = _check_tokens(tokens)
    draws = _check_int(draws, "draws")
    if draws > len(toks):
        raise LexicalError(f"HD-D needs at most as many draws as tokens: {draws} draws, {len(toks)} tokens")
    freqs = np.array(list(Counter(toks).values()))
    return float(np.sum(1 - hypergeom.pmf(0, len(toks), freqs, draws)) / draws)


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
    raise instead). An empty list raises :class:`LexicalError`.

    >>> d = diversity("the cat sat on the mat".split(), mattr_window=3, hdd_draws=3)
    >>> d["n_tokens"], d["n_types"], round(d["ttr"], 3)
    (6, 5, 0.833)
    """
    toks = _check_tokens(tokens)
    mattr_window = _check_int(mattr_window, "mattr_window")
    hdd_draws = _check_int(hdd_draws, "hdd_draws")
    nan = float("nan")
    return {
        "n_tokens": len(toks),
        "n_types": len(set(toks)),
        "ttr": ttr(toks),
        "mattr": mattr(toks, mattr_window) if mattr_window <= len(toks) else nan,
        "mtld": mtld(toks, mtld_threshold, mtld_test),
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
    import pandas as pd

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
    import numpy as np
    import pandas as pd
    from scipy.stats import t as student_t

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


# ---------------------------------------------------------------------------------------------
# Collocations, concordance, dispersion


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
    import pandas as pd
    from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder

    top = _check_int(top, "top")
    min_count = _check_int(min_count, "min_count")
    window_size = _check_int(window_size, "window_size", minimum=2)
    seq = list(tokens) if not isinstance(tokens, str) else tokens
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
    exact, prefixes = set(), []
    for pat in patterns:
        if not isinstance(pat, str):
            raise LexicalError(f"a search pattern must be a str, got {type(pat).__name__}")
        stem, star = (pat[:-1], True) if pat.endswith("*") else (pat, False)
        toks = tokenize(stem)
        if len(toks) != 1 or (not star and toks[0] != stem.lower().replace("’", "'")):
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
    import pandas as pd

    width = _check_int(width, "width", minimum=0)
    match = term_matcher(word)
    if isinstance(text, Voice):
        parts = list(zip(text.paragraph_ids, text.texts, text.starts))
    elif isinstance(text, str):
        parts = [(None, text, 0)]
    else:
        raise LexicalError(f"concordance() needs a str or a Voice, got {type(text).__name__}")
    rows = []
    for pid, para, offset in parts:
        flat = re.sub(r"\s", " ", para)
        for tok in tokenize_with_offsets(para):
            if match(tok.text):
                rows.append({"paragraph": pid, "left": flat[max(0, tok.start - width):tok.start],
                             "match": flat[tok.start:tok.end],
                             "right": flat[tok.end:tok.end + width],
                             "start": offset + tok.start, "end": offset + tok.end})
    return pd.DataFrame(rows, columns=["paragraph", "left", "match", "right", "start", "end"])


# Inline styles so the KWIC alignment survives any theme; no stylesheet to ship.
_LEFT_STYLE = "text-align:right;white-space:pre"
_RIGHT_STYLE = "text-align:left;white-space:pre"


def concordance_html(table, caption: str | None = None) -> str:
    """A concordance table (from :func:`concordance`) as an HTML ``<table>``, every piece of the
    text HTML-escaped, the key word in ``<strong>``, left context right-aligned.

    >>> out = concordance_html(concordance("a <b>x</b> c", "x", width=4))
    >>> "&lt;b&gt;</td>" in out, "<strong>x</strong>" in out, "<b>" in out
    (True, True, False)
    """
    has_ids = "paragraph" in table and table["paragraph"].notna().any()
    parts = ['<table class="kwic" style="font-size:0.85em">']
    if caption:
        parts.append(f"<caption>{html.escape(caption)}</caption>")
    parts.append("<tbody>")
    if table.empty:
        parts.append('<tr><td class="kwic-none">no occurrences</td></tr>')
    for row in table.itertuples(index=False):
        cells = []
        if has_ids:
            cells.append(f'<td class="kwic-id">{html.escape(str(row.paragraph))}</td>')
        cells.append(f'<td class="kwic-left" style="{_LEFT_STYLE}">{html.escape(row.left)}</td>')
        cells.append(f'<td class="kwic-match"><strong>{html.escape(row.match)}</strong></td>')
        cells.append(f'<td class="kwic-right" style="{_RIGHT_STYLE}">{html.escape(row.right)}</td>')
        parts.append("<tr>" + "".join(cells) + "</tr>")
    parts.append("</tbody></table>")
    return "".join(parts)


#: Themes whose dispersion the chapter follows, as :func:`term_matcher` patterns.
THEMES: dict[str, tuple[str, ...]] = {
    "friendship": ("friend*",),
    "cooperation": ("cooperat*", "co-operat*", "partner*"),
    "pandemic": ("pandemic*", "covid*", "coronavirus*", "vaccine*"),
    "sovereignty": ("sovereign*", "independen*", "non-interference"),
    # not "import*": it would count "important"
    "trade": ("trade*", "export*", "import", "imports", "imported", "importing", "importer*", "turnover"),
}


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
    import numpy as np
    import pandas as pd

    checked = [_check_tokens(p, f"parts[{i}]", allow_empty=True) for i, p in enumerate(list(parts))]
    sizes = np.array([len(p) for p in checked], dtype=float)
    if sizes.sum() == 0:
        raise LexicalError("dispersion needs parts with at least one token in all")
    named = dict(terms) if isinstance(terms, Mapping) else {t: t for t in terms}
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
    import pandas as pd

    if not isinstance(voice, Voice):
        raise LexicalError(f"term_positions() needs a Voice, got {type(voice).__name__}")
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
