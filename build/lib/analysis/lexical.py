"""Lexical statistics of the texts: tokens first.

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
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Token", "TOKEN_PATTERN", "tokenize", "tokenize_with_offsets"]

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
