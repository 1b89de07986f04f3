"""What is counted as one word: multi-word names, months inside dates, inflections, n-grams.

The tokenizer (:mod:`analysis.core.tokens`) gives running words. Before counting, a study may
want three corrections, each a named, documented choice:

* :func:`mark_names` finds multi-word names (``commonwealth of independent states``) in a token
  list, longest match first, and :func:`drop_names` removes them, so that a name's words are
  not counted as words of a theme or of keyness ("Commonwealth of *Independent* States" is not
  a sovereignty word, "Dialogue Partnership" not the word *dialogue*).
* :func:`drop_date_months` removes a month name standing next to a day number or a year
  ("13 May 1956", "in November 2020", "late September"): it dates, it does not say "may". The
  modal *may* with no number or date word beside it is kept.
* :func:`merge_inflections` merges the inflections of a word: two words are one when NLTK's
  Snowball ("Porter2") English stemmer (Porter 1980; Porter 2001), which needs no download,
  gives them the same stem *and* one is the other plus an inflectional ending of
  :data:`INFLECTIONS` (``-s``, ``-es``, ``-'s``, ``-ed``, ``-ing``, with a final *e* dropped,
  *y* turned to *i* or a consonant doubled). The stemmer alone would also merge derivations
  (*import* and *important*, *relations* and *related*, *internal* and *international*); the
  ending rule keeps those apart. The form shown is the group's most frequent member (ties: the
  shortest, then alphabetical), so *dialogue* and *dialogues* count together as ``dialogue``;
  :func:`inflection_groups` lists every merge so that a reader can see them.
* :func:`ngram_counts` counts bigrams and trigrams inside paragraphs, skipping any n-gram that
  touches a name or a paragraph break.

One rule finds a name, in two forms. On text, :func:`names_blanker` (the command line's
``--names FILE`` and the book's :func:`analysis.book.voices.blank_names`): each name's words as
whole words, any run of white space between them, case-insensitive, longest name first; its
``keep`` words stay. On a token list, :func:`mark_names` (the n-grams, which need token positions,
not text): each name tokenized, matched as a run of tokens, longest first, left to right. The two
agree on the book's texts (a test compares them on every paragraph) but differ by design in three
ways: tokens carry no punctuation, so :func:`mark_names` also matches a name whose words are
split by a comma or full stop ("Phnom, Penh"), which the text matcher does not; tokens are
normalised (lower case, straight apostrophe), so "Russia’s" and "Russia's" match alike there,
while on text the apostrophe must be the one written in the list; and :func:`mark_names` knows no
``keep``: an n-gram touching any word of a name, even a kept one (*Moscow* of "Moscow
University"), is skipped. The command line's ``--ngrams`` counts n-grams of the text *after*
blanking, so with ``--names`` an n-gram there can join the words either side of a blanked name
(the book's n-grams use :func:`mark_names` and never do).

>>> drop_names("the commonwealth of independent states and russia".split(),
...            [("commonwealth", "of", "independent", "states")])
['the', 'and', 'russia']
>>> drop_date_months("on 13 may 1956 we may meet".split())
['on', '13', '1956', 'we', 'may', 'meet']
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path

from analysis.core.tokens import LexicalError, _check_tokens, tokenize

__all__ = ["read_names", "names_blanker", "MONTHS", "AMBIGUOUS_MONTHS", "AMBIGUOUS_LEADS", "STEMMER", "INFLECTIONS", "CONTRACTION_BASES", "is_inflection", "mark_names", "drop_names", "drop_date_months", "stem", "inflection_map",
           "inflection_groups", "merge_inflections", "ngram_counts", "name_tuples"]

#: English month names as :func:`~analysis.core.tokens.tokenize` writes them.
MONTHS = frozenset("january february march april may june july august september october november december".split())

#: The stemmer of :func:`merge_inflections`: NLTK's ``SnowballStemmer("english")`` (Porter2), which
#: ships with NLTK and downloads nothing.
STEMMER = "snowball-english"


def name_tuples(names: Iterable) -> tuple[tuple[str, ...], ...]:
    """Names as tuples of tokens, longest first; each name a str (tokenized) or a token sequence.

    >>> name_tuples(["Dialogue Partnership", ("phnom", "penh")])
    (('dialogue', 'partnership'), ('phnom', 'penh'))
    """
    if isinstance(names, (str, bytes)) or not isinstance(names, Iterable):
        raise LexicalError(f"names must be a list of names, got {type(names).__name__}")
    out = []
    for i, name in enumerate(names):
        toks = tuple(tokenize(name)) if isinstance(name, str) else tuple(name)
        if not toks or not all(isinstance(t, str) and t for t in toks):
            raise LexicalError(f"names[{i}] = {name!r} is not a name of one or more word tokens")
        out.append(toks)
    return tuple(sorted(set(out), key=lambda t: (-len(t), t)))


def mark_names(tokens: Sequence[str], names: Iterable) -> list[bool]:
    """For each token, whether it belongs to one of ``names`` (longest match first, left to right).

    >>> mark_names("the dialogue partnership and dialogue".split(), ["dialogue partnership"])
    [False, True, True, False, False]
    """
    toks = _check_tokens(tokens, "tokens", allow_empty=True)
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for name in name_tuples(names):
        by_first.setdefault(name[0], []).append(name)
    marked = [False] * len(toks)
    i = 0
    while i < len(toks):
        for name in by_first.get(toks[i], ()):
            if tuple(toks[i:i + len(name)]) == name:
                marked[i:i + len(name)] = [True] * len(name)
                i += len(name)
                break
        else:
            i += 1
    return marked


def drop_names(tokens: Sequence[str], names: Iterable) -> list[str]:
    """``tokens`` without the tokens of ``names`` (see :func:`mark_names`)."""
    toks = _check_tokens(tokens, "tokens", allow_empty=True)
    return [t for t, m in zip(toks, mark_names(toks, names)) if not m]


def _is_date_number(tok: str) -> bool:
    return tok.isdigit() and (1 <= int(tok) <= 31 or len(tok) == 4)


#: Month names that are also common words (the modal *may*, the verb *march*): dated only by a
#: number beside them or by one of :data:`AMBIGUOUS_LEADS` before them.
AMBIGUOUS_MONTHS = frozenset({"may", "march"})

#: The words that, standing before *may* or *march*, make it a date ("in May", "since March"):
#: the modal and the verb cannot follow them. Other words that often lead a date (*this*, *by*,
#: *of*, *from*, *next*, *last*) are left out: after them the modal is as likely ("this may be true").
AMBIGUOUS_LEADS = frozenset("in early late mid since until".split())


def drop_date_months(tokens: Sequence[str]) -> list[str]:
    """``tokens`` without the month names that stand in a date. A month name that is no common
    word (*September*, *November*) is always a date ("late September", "early October"); one of
    :data:`AMBIGUOUS_MONTHS` (*may*, *march*) only next to a day (1–31) or a year (four digits),
    e.g. "13 May 1956", or after one of :data:`AMBIGUOUS_LEADS` ("in March"), so that the modal
    stays ("this may be true"). This book's rule.

    >>> drop_date_months("november 2020 and late september we may march in march".split())
    ['2020', 'and', 'late', 'we', 'may', 'march', 'in']
    >>> drop_date_months("this may be true from may".split())
    ['this', 'may', 'be', 'true', 'from', 'may']
    """
    toks = _check_tokens(tokens, "tokens", allow_empty=True)
    keep = []
    for i, t in enumerate(toks):
        if t in MONTHS and (t not in AMBIGUOUS_MONTHS
                            or (i > 0 and (_is_date_number(toks[i - 1]) or toks[i - 1] in AMBIGUOUS_LEADS))
                            or (i + 1 < len(toks) and _is_date_number(toks[i + 1]))):
            continue
        keep.append(t)
    return keep


#: The inflectional endings of :func:`is_inflection`: plural and third person, possessive, past,
#: present participle.
INFLECTIONS = ("s", "es", "'s", "ed", "ing")

#: Function words whose "-'s" or "-s" form is a contraction or another word, not an inflection
#: (*it's* is "it is", *its* a possessive pronoun, *that's* "that is"): never merged.
CONTRACTION_BASES = frozenset("it that there here what who he she let where how this".split())


def is_inflection(word: str, base: str) -> bool:
    """Whether ``word`` is ``base`` plus one ending of :data:`INFLECTIONS`, allowing a dropped
    final *e* (*welcome* → *welcoming*), *y* → *i* (*country* → *countries*, *study* → *studied*)
    and a doubled final consonant (*plan* → *planned*).

    Bases of :data:`CONTRACTION_BASES` have no inflection (*it's*, *its* and *that's* are not
    forms of *it* and *that*). A verb and its noun in *-ing* (*meet*, *meeting*) are merged: the
    rule cannot tell them apart.

    >>> is_inflection("dialogues", "dialogue"), is_inflection("related", "relations"), is_inflection("it's", "it")
    (True, False, False)
    """
    if not (isinstance(word, str) and isinstance(base, str)):
        raise LexicalError("is_inflection compares two str")
    if base in CONTRACTION_BASES:
        return False
    stems = {base}
    if base.endswith("e"):
        stems.add(base[:-1])
    if base.endswith("y"):
        stems.add(base[:-1] + "i")
    if base and base[-1] not in "aeiouy":
        stems.add(base + base[-1])
    return any(word == st + end for st in stems for end in INFLECTIONS if not (st == base[:-1] + "i" and end == "ing")) \
        or word == base + "s"


@lru_cache(maxsize=1)
def _stemmer():
    # deferred: NLTK's import is slow, and only --merge-inflections needs it on the command line
    from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer("english")


def stem(word: str) -> str:
    """The Snowball (Porter2) English stem of ``word`` (NLTK's implementation).

    >>> [stem(w) for w in ("dialogues", "consolidated", "generously")]
    ['dialogu', 'consolid', 'generous']
    """
    if not isinstance(word, str):
        raise LexicalError(f"stem needs a str, got {type(word).__name__}")
    return _stemmer().stem(word)


def inflection_map(counts: Mapping[str, int]) -> dict[str, str]:
    """Each word of ``counts`` → the form that stands for its group of inflections (same Snowball
    stem, linked by :func:`is_inflection`): the group's most frequent member, ties to the
    shortest, then alphabetical.

    >>> inflection_map({"dialogue": 5, "dialogues": 2, "trade": 1})["dialogues"]
    'dialogue'
    """
    if not isinstance(counts, Mapping):
        raise LexicalError(f"counts must be a mapping word → count, got {type(counts).__name__}")
    groups: dict[str, list[str]] = {}
    for w in counts:
        if not isinstance(w, str):
            raise LexicalError(f"counts has a key {w!r} that is not a str")
        groups.setdefault(stem(w), []).append(w)
    out = {}
    for members in groups.values():
        parent = {w: w for w in members}

        def root(w):
            while parent[w] != w:
                w = parent[w]
            return w

        for x in members:
            for y in members:
                if x != y and is_inflection(y, x):
                    parent[root(y)] = root(x)
        components: dict[str, list[str]] = {}
        for w in members:
            components.setdefault(root(w), []).append(w)
        for comp in components.values():
            head = min(comp, key=lambda w: (-counts[w], len(w), w))
            out.update(dict.fromkeys(comp, head))
    return out


def inflection_groups(counts: Mapping[str, int]) -> dict[str, list[str]]:
    """The groups :func:`inflection_map` merges (two or more members), by their shown form.

    >>> inflection_groups({"dialogue": 5, "dialogues": 2, "trade": 1})
    {'dialogue': ['dialogue', 'dialogues']}
    """
    groups: dict[str, list[str]] = {}
    for w, head in inflection_map(counts).items():
        groups.setdefault(head, []).append(w)
    return {h: sorted(m) for h, m in sorted(groups.items()) if len(m) > 1}


def merge_inflections(tokens: Sequence[str], mapping: Mapping[str, str] | None = None) -> list[str]:
    """``tokens`` with every word replaced by its group's form (:func:`inflection_map` of the
    tokens' own counts unless ``mapping`` is given, e.g. one built from two texts together).

    >>> merge_inflections("dialogue dialogues dialogue".split())
    ['dialogue', 'dialogue', 'dialogue']
    """
    toks = _check_tokens(tokens, "tokens", allow_empty=True)
    mapping = inflection_map(Counter(toks)) if mapping is None else mapping
    return [mapping.get(t, t) for t in toks]


def ngram_counts(paragraphs: Iterable[Sequence[str]], n: int = 2, names: Iterable = (),
                 exclude: Iterable[str] = ()) -> Counter:
    """Counts of the ``n``-grams (joined by spaces) inside each paragraph of ``paragraphs``.

    An n-gram that touches a token of ``names`` (:func:`mark_names`) is skipped, as is one made
    only of words in ``exclude`` (e.g. function words: "of the" says nothing). ``n`` is 2 or 3.

    >>> ngram_counts([["bilateral", "relations", "of", "the", "two"]], 2, exclude={"of", "the"})
    Counter({'bilateral relations': 1, 'relations of': 1, 'the two': 1})
    """
    if n not in (2, 3):
        raise LexicalError(f"n must be 2 or 3, got {n!r}")
    if isinstance(paragraphs, (str, bytes)) or not isinstance(paragraphs, Iterable):
        raise LexicalError("paragraphs must be a list of token lists")
    names = name_tuples(names)
    excl = frozenset(exclude)
    out: Counter = Counter()
    for i, para in enumerate(paragraphs):
        toks = _check_tokens(para, f"paragraphs[{i}]", allow_empty=True)
        marked = mark_names(toks, names) if names else [False] * len(toks)
        for j in range(len(toks) - n + 1):
            gram = toks[j:j + n]
            if any(marked[j:j + n]) or all(t in excl for t in gram):
                continue
            out[" ".join(gram)] += 1
    return out


def read_names(path) -> list[str]:
    """The names of a UTF-8 text file, one a line (blank lines and lines starting with ``#``
    skipped), as the command line's ``--names FILE`` takes them. A byte-order mark at the start
    (as some editors write) is not part of the first name. A name of one word is refused: single
    words are words; so is a line with no word token (``... ...``), which would blank punctuation
    and count nothing.

    A file holding ``# capitals`` and ``Phnom Penh`` gives ``['Phnom Penh']``.
    """
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise LexicalError(f"cannot read the names file {str(path)!r}: {getattr(exc, 'strerror', None) or exc}") from None
    out = []
    for i, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        words = tokenize(line)
        if not words:
            raise LexicalError(f"{path}, line {i}: {line!r} has no word token; the names file lists names of words")
        if len(words) < 2:
            raise LexicalError(f"{path}, line {i}: {line!r} is one word; the names file lists names of several words")
        out.append(line)
    if not out:
        raise LexicalError(f"the names file {str(path)!r} lists no name")
    return out


def names_blanker(names: Iterable[str], keep: Iterable[str] = ()):
    """A function ``text → text`` that replaces every one of ``names`` (matched case-insensitively,
    any run of spaces between its words, whole words only) by spaces of the same length, so
    that no word of a name is counted and offsets stay. Longest names first.

    This is the package's one matcher of names in text: the command line's ``--names FILE`` and
    the book (:func:`analysis.book.voices.blank_names`) both use it. ``keep`` lists words (lower
    case) that stay when the name around them is blanked: a word is a run of characters other
    than spaces and commas, compared lower-cased (*Moscow* in "Moscow University" with
    ``keep={"moscow"}``; *Russia-Cambodia* is one word, not *russia*); commas inside a name are
    blanked. :func:`mark_names` is the same rule on a token list, for the n-grams.

    >>> out = names_blanker(["Phnom Penh"])("in phnom  penh today")
    >>> out.split(), len(out)
    (['in', 'today'], 20)
    >>> names_blanker(["Moscow University"], keep={"moscow"})("at Moscow University,").split()
    ['at', 'Moscow', ',']
    """
    if isinstance(names, (str, bytes)) or not isinstance(names, Iterable):
        raise LexicalError(f"names must be a list of names, got {type(names).__name__}")
    if isinstance(keep, (str, bytes)) or not isinstance(keep, Iterable):
        raise LexicalError(f"keep must be a list of words, got {type(keep).__name__}")
    keep = frozenset(keep)
    if not all(isinstance(w, str) and w == w.lower() and w.split() == [w] for w in keep):
        raise LexicalError("keep must hold single words in lower case")
    names = sorted({n for n in names}, key=lambda n: (-len(n), n))
    if not names or not all(isinstance(n, str) and n.split() for n in names):
        raise LexicalError("names must be a non-empty list of non-empty str")
    pattern = re.compile("|".join(r"(?<!\w)" + r"\s+".join(map(re.escape, n.split())) + r"(?!\w)" for n in names),
                         re.IGNORECASE)
    if not keep:
        return lambda text: pattern.sub(lambda m: " " * len(m.group(0)), text)

    def blank(m: re.Match) -> str:
        return _NAME_WORD.sub(lambda w: w.group(0) if w.group(0).lower() in keep else " " * len(w.group(0)),
                              m.group(0)).replace(",", " ")

    return lambda text: pattern.sub(blank, text)


#: A word of a matched name for ``names_blanker``'s ``keep``: characters other than spaces and commas.
_NAME_WORD = re.compile(r"[^\s,]+")
