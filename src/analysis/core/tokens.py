"""Tokens: the one rule that turns text into words, the same for every chapter and the CLI.

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

A :class:`Voice` is a text in labelled parts (paragraphs of one speaker), the unit the
distribution statistics and concordances cite; :func:`analysis.book.voices.voices` builds the
book's three.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from analysis.core.errors import AnalysisError

__all__ = ["LexicalError", "TOKEN_PATTERN", "Token", "Voice", "tokenize", "tokenize_with_offsets"]


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
    text = _check_text(text)
    if text.isascii():
        # ASCII lowercasing maps letters to letters one for one, so matching the lowercased text
        # gives the same tokens, with no apostrophe to straighten
        forms = TOKEN_PATTERN.findall(text.lower())
        return forms if numbers else [t for t in forms if _HAS_LETTER.search(t)]
    return _normal_forms(TOKEN_PATTERN.findall(text), numbers)



def _normal_forms(forms: list[str], numbers: bool = True) -> list[str]:
    """Matched forms as tokens (lowercase, straight apostrophe), each exactly as
    :func:`tokenize_with_offsets` writes it, but in bulk: the forms are joined by newlines (which
    no token holds), normalised as one string and split again, so the work runs in C rather than
    once per token. (Lowercasing is context-free across a newline, Greek final sigma included.)"""
    if not forms:
        return []
    out = "\n".join(forms).lower().replace("’", "'").split("\n")
    if not numbers:
        out = [t for t in out if _HAS_LETTER.search(t)]
    return out



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
