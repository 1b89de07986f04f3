"""Keyness of one text against a reference corpus of general English: Kilgarriff's "simple maths".

Every keyword tool readers know (AntConc, WordSmith, Sketch Engine) compares a text with a large
reference corpus. Here the reference is the English list of ``wordfreq`` (Speer 2022), which
ships its data: word frequencies pooled from web text, Wikipedia, film and television subtitles,
news, books and social media, **frozen in 2021** (its authors stopped updating it then). Such a
baseline says which words a text uses more than general, mixed English; it cannot say which
words mark *diplomatic* English, since the baseline is not diplomatic English: any text about
two countries' relations will over-use *bilateral* against it.

The score (:func:`simple_maths`) is Kilgarriff's (2009) ratio of frequencies per million words
with a smoothing constant ``N`` added to both, ``(fpm_focus + N) / (fpm_ref + N)``; Sketch
Engine uses it with ``N = 1`` as default. A small ``N`` favours rare words, a large one common
words; the book shows :data:`SMOOTHING` ``= (1, 100)`` side by side. It is a ratio, not a test:
it carries no significance, and on a text of a few thousand words one occurrence is already
hundreds per million.

Published values reproduced: of Kilgarriff's paper (2009) only the opening could be read (the
stored copies at studylib.net and paperexplained.cn), and it gives no worked example with
numbers; whether later pages do was not checked, so nothing of the paper is reproduced. The worked example reproduced here and in the
tests is Sketch Engine's documentation of simple maths (sketchengine.eu/documentation/simple-maths,
Lexical Computing, Kilgarriff's company): "shard", 35 in the BNC's 112,289,776 tokens, 263 in
ukWaC's 1,559,716,979:

>>> round(simple_maths(per_million(35, 112_289_776), per_million(263, 1_559_716_979), n=1), 4)
1.1224
"""

from __future__ import annotations

import gzip
import importlib.util
import math
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

import msgpack
import numpy as np
import pandas as pd

from analysis.core.keyness import _checked_keys, _checked_total
from analysis.core.tokens import LexicalError

__all__ = ["SMOOTHING", "REFERENCE_FROZEN", "REFERENCES", "WORDLIST", "per_million", "simple_maths", "english_per_million",
           "reference_keyness", "reference_description"]

#: The smoothing constants ``N`` of :func:`reference_keyness`, both shown (Kilgarriff 2009).
SMOOTHING: tuple[float, ...] = (1, 100)
#: The reference corpora :func:`reference_keyness` knows, by the name the CLI takes.
REFERENCES = ("english",)
_SPLIT = re.compile(r"[-'’‐‑\d]")

#: wordfreq's list: ``"large"`` (words down to about one in 100 million) rather than ``"small"``.
WORDLIST = "large"


def per_million(count, total):
    """Frequency per million words: ``count · 10⁶ / total``.

    >>> round(per_million(35, 112_289_776), 4)
    0.3117
    """
    if isinstance(total, bool) or not isinstance(total, (int, float, np.integer)) or not total > 0:
        raise LexicalError(f"total must be a positive number of tokens, got {total!r}")
    return np.asarray(count, dtype=float) * 1e6 / float(total) if not np.isscalar(count) else count * 1e6 / total


def simple_maths(fpm_focus, fpm_ref, n: float = 1):
    """Kilgarriff's (2009) keyness score ``(fpm_focus + n) / (fpm_ref + n)``, per-million
    frequencies; works on numbers or arrays. ``n`` must be positive (0 would divide by zero
    for a word absent from the reference).

    >>> simple_maths(100, 0, n=1), simple_maths(100, 0, n=100)
    (101.0, 2.0)
    """
    if isinstance(n, bool) or not isinstance(n, (int, float)) or not math.isfinite(n) or n <= 0:
        raise LexicalError(f"the smoothing constant n must be a positive number, got {n!r}")
    f, r = np.asarray(fpm_focus, dtype=float), np.asarray(fpm_ref, dtype=float)
    if (f < 0).any() or (r < 0).any() or not (np.isfinite(f).all() and np.isfinite(r).all()):
        raise LexicalError("frequencies per million must be finite and not negative")
    out = (f + n) / (r + n)
    return float(out) if out.ndim == 0 else out


@lru_cache(maxsize=2)
def _wordfreq_bins(wordlist: str) -> list[list[str]]:
    """wordfreq's packed list: bin ``i`` holds the words of frequency ``10 ** (-i / 100)``
    (centibels), read as ``wordfreq.read_cBpack`` reads it. Read from the package's data folder
    without importing ``wordfreq`` itself (whose imports cost more than the look-up), and a
    fraction of the cost of ``wordfreq.get_frequency_dict``, which builds a dictionary of all
    321,000 words."""
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or spec.origin is None:  # pragma: no cover - wordfreq is a dependency
        raise LexicalError("the English reference needs the wordfreq package: pip install wordfreq")
    path = Path(spec.origin).parent / "data" / f"{wordlist}_en.msgpack.gz"
    with gzip.open(path, "rb") as fh:
        data = msgpack.load(fh, raw=False, strict_map_key=False)
    if not data or data[0] != {"format": "cB", "version": 1}:
        raise LexicalError(f"{path} is not a wordfreq cBpack of version 1")
    return data[1:]


def english_per_million(words: Sequence[str], wordlist: str = WORDLIST) -> np.ndarray:
    """wordfreq's English frequency of each of ``words``, per million words.

    A word is looked up as it is in wordfreq's packed list (the frequency of its centibel bin,
    as ``wordfreq.get_frequency_dict`` gives it, unrounded: ``word_frequency`` would round it to
    three significant figures); a word the list does not hold as one entry and that holds a
    hyphen, an apostrophe, a digit (``win-win``, ``1980s``) or a capital letter gets the frequency
    ``wordfreq.word_frequency`` gives it, which splits it with wordfreq's tokenizer and combines
    the parts: computed here by :func:`_joined_frequency` for the forms it knows (hyphens,
    apostrophes before a consonant, digit runs), by ``word_frequency`` itself for the rest
    (capitals, elisions, letters outside ASCII). Other absent words get 0. ``wordfreq`` itself is
    imported only when some word needs ``word_frequency``: the packed list is read directly, once
    per process.

    >>> bool(english_per_million(["the"])[0] > 10_000)
    True
    """
    if wordlist not in ("large", "small"):
        raise LexicalError(f"wordlist must be 'large' or 'small', got {wordlist!r}")
    if isinstance(words, (str, bytes)) or not isinstance(words, Sequence):
        raise LexicalError(f"words must be a list of str, got {type(words).__name__}")
    wanted = set(words)
    freq: dict[str, float] = {}
    for i, bin_words in enumerate(_wordfreq_bins(wordlist)):
        hits = wanted.intersection(bin_words)
        if hits:
            f = 10 ** (-i / 100)
            freq.update(dict.fromkeys(hits, f))
            wanted -= hits
            if not wanted:
                break
    split = []
    for w in wanted:
        if not isinstance(w, str):
            raise LexicalError(f"words holds {w!r}, which is not a str")
        # only a token wordfreq would split or rewrite (hyphen, apostrophe, digits, capitals, which
        # it folds) can have a frequency it does not list as one entry; any other absent word is
        # absent. This package's tokens are lower case, so capitals reach here only from a caller.
        if _SPLIT.search(w) or w != w.lower():
            split.append(w)
        else:
            freq[w] = 0.0
    if split:
        slow = []
        for w in split:
            f = _joined_frequency(w, wordlist)
            if f is None:
                slow.append(w)
            else:
                freq[w] = f
        if slow:
            # imported only when a token falls outside the forms :func:`_joined_frequency` handles:
            # the import (and the ``regex``, ``langcodes`` and ``ftfy`` it pulls in) and its first
            # call cost about a second, more than the whole look-up of a 100,000-token corpus
            from wordfreq import word_frequency

            freq.update((w, word_frequency(w, "en", wordlist=wordlist)) for w in slow)
    return np.fromiter((freq[w] for w in words), dtype=float, count=len(words)) * 1e6


#: A hyphen-joined part :func:`_joined_frequency` looks up itself: letters with inner apostrophes
#: each followed by a consonant (``russia's``, ``don't``), letters and digits (``1980s``, ``b2b``),
#: or a number with inner points or commas (``5,000``). Any other part goes to wordfreq itself: an
#: apostrophe before a vowel, *h* or *y* (its tokenizer splits elisions such as ``l'amour`` and
#: ``d'etat``), an apostrophe beside a digit, a letter outside ASCII.
_PART = re.compile(r"[a-z]+(?:'[b-df-gj-np-tv-xz][a-z]*)*|[a-z0-9]+|[0-9]+(?:[.,][0-9]+)+")
_HYPHENS = re.compile(r"[-‐‑]")


@lru_cache(maxsize=1)
def _wordfreq_numbers():
    """wordfreq's own ``numbers`` module (``smash_numbers``, ``digit_freq``: its rule for digit
    sequences), loaded from its file without importing the package, whose ``__init__`` imports
    ``langcodes`` and ``ftfy`` and costs ten times as much. ``None`` if the file is not where
    wordfreq 3 keeps it (then the caller asks wordfreq itself)."""
    spec = importlib.util.find_spec("wordfreq")
    path = Path(spec.origin).parent / "numbers.py" if spec is not None and spec.origin else None
    if path is None or not path.is_file():  # pragma: no cover - wordfreq 3 ships it
        return None
    module_spec = importlib.util.spec_from_file_location("_analysis_wordfreq_numbers", path)
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    if not (callable(getattr(module, "smash_numbers", None)) and callable(getattr(module, "digit_freq", None))):
        return None  # pragma: no cover - a wordfreq whose numbers module changed shape
    return module


@lru_cache(maxsize=2)
def _bin_index(wordlist: str) -> dict[str, int]:
    """Each word of wordfreq's packed list with the number of its centibel bin (built only when a
    word needs :func:`_joined_frequency`)."""
    return {w: i for i, bin_words in enumerate(_wordfreq_bins(wordlist)) for w in bin_words}


def _joined_frequency(word: str, wordlist: str) -> float | None:
    """wordfreq's frequency of a lower-case token its English tokenizer splits at hyphens, or that
    holds an apostrophe or digits, computed without importing wordfreq: the parts between hyphens
    are the tokens wordfreq's tokenizer gives such a word (a test compares the two on every such
    token of the texts and on a sample), each part's frequency is its entry in the packed list
    (digit runs replaced by zeros, then scaled by wordfreq's ``digit_freq``), and the parts combine
    as wordfreq documents, ``1/f = 1/f1 + 1/f2 + …``, rounded to three significant figures as
    ``word_frequency`` rounds; a part the list lacks makes the word 0. ``None`` for a form outside
    :data:`_PART` (the caller then asks wordfreq)."""
    if word != word.lower() or not word.isascii():
        return None
    parts = _HYPHENS.split(word)
    if not all(_PART.fullmatch(p) for p in parts):
        return None
    has_digits = any(c.isdigit() for c in word)
    numbers = _wordfreq_numbers() if has_digits else None
    if has_digits and numbers is None:
        return None  # pragma: no cover - see _wordfreq_numbers
    inverse = 0.0
    for part in parts:
        smashed = numbers.smash_numbers(part) if numbers is not None else part
        i = _bin_index(wordlist).get(smashed)
        if i is None:
            return 0.0
        f = 10 ** (-i / 100)
        if smashed != part:
            f *= numbers.digit_freq(part)
        inverse += 1.0 / f
    f = 1.0 / inverse
    return round(f, math.floor(-math.log10(f)) + 3)


#: The year wordfreq's data were frozen (its author's announcement; the package's README).
REFERENCE_FROZEN = 2021


@lru_cache(maxsize=None)
def reference_description(reference: str = "english") -> str:
    """What the reference corpus is, for reports (version of the package that supplies it)."""
    if reference not in REFERENCES:
        raise LexicalError(f"unknown reference {reference!r}; references: {list(REFERENCES)}")
    return (f"general English of wordfreq {version('wordfreq')} ({WORDLIST} list; web, Wikipedia, subtitles, news, "
            f"books and social media, data frozen in {REFERENCE_FROZEN})")


def reference_keyness(counts: Mapping[str, int], total: int | None = None, reference: str = "english",
                      smoothing: Sequence[float] = SMOOTHING, min_count: int = 1) -> pd.DataFrame:
    """Keyness of every word of ``counts`` against a reference corpus by Kilgarriff's simple maths.

    ``total`` is the focus text's size (default: the sum of ``counts``); words seen fewer than
    ``min_count`` times are left out. Columns: ``count``, ``fpm`` (per million in the text),
    ``ref_fpm`` (per million in the reference), and one ``sm_N`` per smoothing constant ``N``
    (``sm_1``, ``sm_100``). Rows are sorted by the first constant's score, largest first, ties by
    word. The reference is ``"english"`` (:func:`english_per_million`).

    >>> t = reference_keyness({"the": 50, "bilateral": 3}, total=1000)
    >>> t.index[0], int(t.loc["bilateral", "count"])
    ('bilateral', 3)
    """
    if reference not in REFERENCES:
        raise LexicalError(f"unknown reference {reference!r}; references: {list(REFERENCES)}")
    if not isinstance(counts, Mapping):
        raise LexicalError(f"counts must be a mapping word → count, got {type(counts).__name__}")
    if isinstance(smoothing, (str, bytes)) or not isinstance(smoothing, Sequence) or not smoothing:
        raise LexicalError(f"smoothing must be a non-empty list of positive numbers, got {smoothing!r}")
    if isinstance(min_count, bool) or not isinstance(min_count, int) or min_count < 1:
        raise LexicalError(f"min_count must be a whole number of at least 1, got {min_count!r}")
    keys, sums = _checked_keys(counts, "counts")
    n = _checked_total(total, "total", sums)
    if n <= 0:
        raise LexicalError("the focus text has no tokens")
    if sums > n:
        raise LexicalError(f"total = {n} is smaller than the sum of the counts ({sums})")
    words = sorted(w for w in keys if counts[w] >= min_count)
    count = np.fromiter((counts[w] for w in words), dtype=float, count=len(words))
    fpm = count * 1e6 / n
    ref = english_per_million(words)
    columns = {"count": count.astype(int), "fpm": fpm, "ref_fpm": ref}
    for s in smoothing:
        columns[f"sm_{s:g}"] = simple_maths(fpm, ref, n=s) if len(words) else np.array([])
    table = pd.DataFrame(columns, index=pd.Index(words, name="word", dtype=object))
    first = f"sm_{smoothing[0]:g}"
    table = table.sort_values(first, ascending=False, kind="stable")  # words are sorted: ties by word
    table.attrs.update(total=int(n), reference=reference, smoothing=tuple(smoothing))
    return table
