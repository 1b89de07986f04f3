"""The book's voices (article, interview answers, interview questions), its stopwords and its themes.

Built on :mod:`analysis.book.sources`; the statistics that use them are in :mod:`analysis.core`.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import pandas as pd

from analysis.book.paths import data_dir
from analysis.book.sources import VOICES, voice_paragraphs
from analysis.book.tables import read_table
from analysis.core.lexemes import names_blanker
from analysis.core.tokens import LexicalError, Voice, _check_names

__all__ = ["VOICE_LABELS", "THEMES", "EXCLUDE_NAMES", "NAME_WORDS_KEPT", "voices", "stopwords", "load_names", "names",
           "blank_names"]

#: Whether the book's themes and keyness leave out the words of multi-word names
#: (``data/names.csv``): "Commonwealth of Independent States" is then no sovereignty word and
#: "Russia-ASEAN Dialogue Partnership" no *dialogue*. The book's choice; the first edition
#: counted them (``False``).
EXCLUDE_NAMES = True

#: Words of a multi-word name that are themselves single-word names of a country, city, region,
#: people or organisation, and stay words when the name is left out (single-word names are words,
#: see the chapter): *Moscow* in "Moscow University", *Cambodia* in "Kingdom of Cambodia",
#: *Soviet* in "Soviet Union". Without this, leaving a name out would make the free-standing
#: country words of one text look rarer than they are. The book's choice (second edition).
NAME_WORDS_KEPT = frozenset({"russia", "russian", "cambodia", "cambodian", "moscow", "soviet", "khmer",
                             "asean", "asia", "siberian", "asem"})


#: Reader-facing labels of the voices of :data:`analysis.book.sources.VOICES`.
VOICE_LABELS = {
    "article": "Article (Borovik)",
    "answers": "Interview answers (Borovik)",
    "questions": "Interview questions (Khmer Times)",
}



def voices(names: Iterable[str] | None = None, without_names: bool = False) -> dict[str, Voice]:
    """The article body, the interview answers and the interview questions as :class:`Voice` objects.

    The voices are those of :data:`analysis.book.sources.VOICES` (paragraphs from
    :func:`analysis.book.sources.voice_paragraphs`): the article's title and byline and the
    interview's headline, credit and standfirst belong to no voice. Interview paragraphs lose
    their ``KT: ``/``Borovik: `` labels. ``without_names=True`` blanks the multi-word names of
    ``data/names.csv`` (:func:`blank_names`), so that their words are not counted; offsets stay
    those of the source.

    >>> v = voices(["answers"])["answers"]
    >>> (v.source, v.speaker, v.paragraph_ids[0])
    ('interview', 'Borovik', 'I5')
    """

    wanted = list(VOICES) if names is None else _check_names(names, "names", "voice names")
    if not isinstance(without_names, bool):
        raise LexicalError(f"without_names must be True or False, got {without_names!r}")
    out: dict[str, Voice] = {}
    for name in wanted:
        if name not in VOICES:
            raise LexicalError(f"unknown voice {name!r}; voices: {sorted(VOICES)}")
        source_id, speaker, _ = VOICES[name]
        paras = voice_paragraphs(name)
        texts = tuple(blank_names(p.content) if without_names else p.content for p in paras)
        out[name] = Voice(name, VOICE_LABELS.get(name, name), source_id, speaker,
                          tuple(p.id for p in paras), texts,
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

    words = set()
    for line in (data_dir() / "stopwords_en.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.update(line.split())
    return frozenset(words)



#: Themes whose dispersion the chapter follows, as :func:`term_matcher` patterns.
THEMES: dict[str, tuple[str, ...]] = {
    "friendship": ("friend*",),
    "cooperation": ("cooperat*", "co-operat*", "partner*"),
    "pandemic": ("pandemic*", "covid*", "coronavirus*", "vaccine*"),
    "sovereignty": ("sovereign*", "independen*", "non-interference"),
    # not "import*": it would count "important"
    "trade": ("trade*", "export*", "import", "imports", "imported", "importing", "importer*", "turnover"),
}



def load_names() -> pd.DataFrame:
    """``data/names.csv``: the multi-word names of both texts, each with its first occurrence
    (``source``, ``paragraph``, verbatim ``quote``)."""
    return read_table("names")


@lru_cache(maxsize=1)
def names() -> tuple[str, ...]:
    """The names of ``data/names.csv`` as the texts spell them, longest first.

    >>> "Commonwealth of Independent States" in names()
    True
    """
    return tuple(sorted(load_names()["name"], key=lambda n: (-len(n), n)))


@lru_cache(maxsize=1)
def _blanker():
    return names_blanker(names(), keep=NAME_WORDS_KEPT)


def blank_names(text: str) -> str:
    """``text`` with every name of :func:`names` replaced by spaces of the same length (longest
    name first), so that offsets into ``text`` still hold and no word of a name is counted, except
    the single-word names of :data:`NAME_WORDS_KEPT` inside it (*Moscow* in "Moscow University").
    The matcher is the command line's (:func:`analysis.core.lexemes.names_blanker`: whole words,
    any run of spaces between them, case-insensitive), with :data:`NAME_WORDS_KEPT` kept.

    >>> blank_names("the Commonwealth of Independent States, Europe")
    'the                                   , Europe'
    >>> blank_names("Moscow University").split()
    ['Moscow']
    """
    if not isinstance(text, str):
        raise LexicalError(f"text must be a str, got {type(text).__name__}")
    return _blanker()(text)
