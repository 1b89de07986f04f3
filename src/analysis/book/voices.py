"""The book's voices (article, interview answers, interview questions), its stopwords and its themes.

Built on :mod:`analysis.book.sources`; the statistics that use them are in :mod:`analysis.core`.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from analysis.book.paths import data_dir
from analysis.book.sources import VOICES, voice_paragraphs
from analysis.core.tokens import LexicalError, Voice, _check_names

__all__ = ["VOICE_LABELS", "THEMES", "voices", "stopwords"]


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

    wanted = list(VOICES) if names is None else _check_names(names, "names", "voice names")
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
