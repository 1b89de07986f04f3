"""Tokens: the one rule that turns text into words, the same for every chapter and the CLI.

* A token is a run of letters or digits in any script (``[^\\W_]``), with the combining marks
  (Unicode categories Mn, Mc, Me) and zero-width joiners that follow a letter kept inside it:
  Khmer ``កម្ពុជា``, Devanagari ``हिन्दी``, stressed Cyrillic ``приве́т`` and decomposed
  ``résumé`` are one token each. A mark with no letter before it is dropped.
* Tokens are lowercased and normalised to Unicode NFC, so a text and its NFC or NFD form give
  the same tokens; offsets (:func:`tokenize_with_offsets`) point into the text as given.
* An apostrophe (``'`` or ``’``) or a hyphen (``-``, ``‐``, ``‑``) *between* two such runs
  joins them into one token: ``that’s``, ``people-to-people``, ``khmer-soviet``,
  ``covid-19``, ``1980-s``. Curly apostrophes become straight ones in the token.
  An apostrophe or hyphen at a word's edge is dropped (``professionals’`` → ``professionals``).
* Digits are kept as tokens (``1956``); a comma or full stop *between digits* joins them
  (``8,000``, ``229.2``). ``numbers=False`` drops tokens that hold no letter.
* Everything else (punctuation, symbols such as ``$`` and ``%``, whitespace) separates tokens.
  Cyrillic and other non-Latin letters are letters: ``россия`` is a token.

Scripts written without spaces between words have no word tokens by this rule, and the
tokenizer says so with an :class:`UnsegmentedScriptWarning` rather than guess:

* Khmer, Thai, Lao, Myanmar (and Tai scripts): a token is a run between spaces or punctuation,
  which is usually a phrase, not a word (``ប្រទេសកម្ពុជា និង រុស្ស៊ី`` gives three tokens).
* Chinese and Japanese: each Han ideograph and each Hiragana character is a token of its own;
  a Katakana run is one token (the default word boundaries of Unicode Standard Annex #29, which
  Lucene's StandardTokenizer follows). ``柬埔寨`` gives three tokens.

For word statistics on such texts, segment them into words first (a dictionary or model
segmenter for the language) and join the words with spaces; the tokenizer then keeps them.

>>> tokenize("Since early 1980-s, more than 8 thousand Cambodians studies in the USSR.")
['since', 'early', '1980-s', 'more', 'than', '8', 'thousand', 'cambodians', 'studies', 'in', 'the', 'ussr']

A :class:`Voice` is a text in labelled parts (paragraphs of one speaker), the unit the
distribution statistics and concordances cite; :func:`analysis.book.voices.voices` builds the
book's three.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from analysis.core.errors import AnalysisError
from analysis.core.scripts import IDEOGRAPHIC, MARK, UNSEGMENTED_CLASS, script_of

__all__ = ["LexicalError", "TOKEN_PATTERN", "Token", "UnsegmentedScriptWarning", "Voice", "normal_form",
           "tokenize", "tokenize_with_offsets"]


class LexicalError(AnalysisError):
    """Bad input to a lexical statistic: empty or non-string tokens, a window too large, …"""


class LexicalTypeError(LexicalError, TypeError):
    """An argument of the wrong type (also a :class:`TypeError`, as Python's own would be)."""


class UnsegmentedScriptWarning(UserWarning):
    """Text in a script written without spaces between words: its tokens are not words."""


# letters and digits, not ideographs; then combining marks, each run of them followed by more
# letters. The quantifiers are possessive (``++``): the rule never needs to give back what a run
# took, and saying so makes ``re`` about three times faster.
_LETTER = rf"[^\W_{IDEOGRAPHIC}]"
_ALNUM = rf"{_LETTER}++(?:{MARK}++{_LETTER}*+)*+"

#: The regular expression that defines a token (see the module docstring).
TOKEN_PATTERN = re.compile(
    rf"{_ALNUM}(?:(?:['’\-‐‑]|(?<=\d)[.,](?=\d)){_ALNUM})*+|[{IDEOGRAPHIC}]{MARK}*+"
)

_UNSEGMENTED = re.compile(f"[{UNSEGMENTED_CLASS}]")


def normal_form(form: str) -> str:
    """A matched form as a token: lowercase, straight apostrophe, Unicode NFC.

    >>> normal_form("That’s"), normal_form("Re\u0301sume\u0301") == "résumé"
    ("that's", True)
    """
    form = form.lower().replace("’", "'")
    return form if form.isascii() else unicodedata.normalize("NFC", form)


def warn_unsegmented(text: str, stacklevel: int = 2) -> None:
    """Warn (:class:`UnsegmentedScriptWarning`) if ``text`` holds a script written without spaces."""
    if not _UNSEGMENTED.search(text):
        return
    found = {script_of(c) for c in set(_UNSEGMENTED.findall(text))} - {None}
    for name, how in sorted(found):
        if how == "runs":
            msg = (f"text in {name} script: {name} does not separate words with spaces, so its tokens "
                   "are the runs between spaces and punctuation (often phrases), not words; segment the "
                   "text into words first for word statistics")
        else:
            msg = (f"text in {name} script: each Han ideograph and Hiragana character is a token of its "
                   "own and a Katakana run is one token, not a word; segment the text into words first "
                   "for word statistics")
        warnings.warn(msg, UnsegmentedScriptWarning, stacklevel=stacklevel + 1)



_HAS_LETTER = re.compile(r"[^\W\d_]")



@dataclass(frozen=True)
class Token:
    """A token with its character offsets in the text it came from."""

    text: str  #: normalised form (lowercase, straight apostrophe, NFC)
    start: int
    end: int



def _check_text(text) -> str:
    if not isinstance(text, str):
        raise LexicalTypeError(f"tokenize() needs a str, got {type(text).__name__}")
    return text



def tokenize_with_offsets(text: str, numbers: bool = True) -> list[Token]:
    """Tokens of ``text`` with their ``start``/``end`` offsets (for concordances).

    >>> [(t.text, t.start, t.end) for t in tokenize_with_offsets("That’s all.")]
    [("that's", 0, 6), ('all', 7, 10)]
    """
    text = _check_text(text)
    warn_unsegmented(text, stacklevel=2)
    return _tokens(text, numbers)


def _tokens(text: str, numbers: bool = True) -> list[Token]:
    out = []
    for m in TOKEN_PATTERN.finditer(text):
        word = m.group(0)
        if not numbers and not _HAS_LETTER.search(word):
            continue
        out.append(Token(normal_form(word), m.start(), m.end()))
    return out



def tokenize(text: str, numbers: bool = True) -> list[str]:
    """Lowercase word tokens of ``text`` by the rules in the module docstring.

    An empty or whitespace-only text gives ``[]``; a non-string raises :class:`LexicalError`
    (a ``TypeError`` too). Text in a script without spaces between words warns
    (:class:`UnsegmentedScriptWarning`; see the module docstring).

    >>> tokenize("Re\u0301sume\u0301 of Приве́т")
    ['résumé', 'of', 'приве́т']
    """
    text = _check_text(text)
    if text.isascii():
        # ASCII lowercasing maps letters to letters one for one, so matching the lowercased text
        # gives the same tokens, with no apostrophe to straighten, nothing to normalise and no
        # script written without spaces to warn about
        forms = TOKEN_PATTERN.findall(text.lower())
        return forms if numbers else [t for t in forms if _HAS_LETTER.search(t)]
    warn_unsegmented(text, stacklevel=2)
    return _normal_forms(TOKEN_PATTERN.findall(text), numbers)



def _normal_forms(forms: list[str], numbers: bool = True) -> list[str]:
    """Matched forms as tokens, each exactly as :func:`normal_form` writes it (lowercase, straight
    apostrophe, NFC), but in bulk: the forms are joined by newlines (which no token holds),
    normalised as one string and split again, so the work runs in C rather than once per token.
    Lowercasing is context-free across a newline (Greek final sigma included), and NFC is too:
    a newline is a starter that composes with nothing, and no token starts with a combining mark
    (:data:`TOKEN_PATTERN` starts every token with a letter, digit or ideograph)."""
    if not forms:
        return []
    joined = "\n".join(forms).lower().replace("’", "'")
    if not joined.isascii():
        joined = unicodedata.normalize("NFC", joined)
    out = joined.split("\n")
    if not numbers:
        out = [t for t in out if _HAS_LETTER.search(t)]
    return out



def _check_tokens(tokens, name: str = "tokens", allow_empty: bool = False) -> list[str]:
    """``tokens`` as a list of str; a clear :class:`LexicalError` otherwise."""
    if isinstance(tokens, (str, bytes)):
        raise LexicalTypeError(f"{name} must be a list of tokens, not a {type(tokens).__name__}; "
                               "call tokenize() on the text first")
    if tokens is None or not isinstance(tokens, Iterable) or isinstance(tokens, Mapping):
        raise LexicalTypeError(f"{name} must be a list of str tokens, got {type(tokens).__name__}")
    out = list(tokens)
    for i, tok in enumerate(out):
        if not isinstance(tok, str):
            raise LexicalError(
                f"{name}[{i}] is {type(tok).__name__} ({tok!r}), not str; every token must be a string"
            )
    if not out and not allow_empty:
        raise LexicalError(f"{name} is empty: the statistic needs at least one token")
    return out



def _check_int(value, name: str, minimum: int = 1, maximum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise LexicalTypeError(f"{name} must be an int, got {type(value).__name__} ({value!r})")
    if value < minimum:
        raise LexicalError(f"{name} must be at least {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise LexicalError(f"{name} must be at most {maximum}, got {value}")
    return value


def _check_names(names, name: str, what: str = "names") -> list:
    """A sequence argument (not a str, not None) as a list; a :class:`LexicalError` otherwise."""
    if isinstance(names, (str, bytes)):
        raise LexicalTypeError(f"{name} must be a list of {what}, not a str: write [{names!r}]")
    if names is None or not isinstance(names, Iterable):
        raise LexicalTypeError(f"{name} must be a list of {what}, got {type(names).__name__}")
    return list(names)



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
