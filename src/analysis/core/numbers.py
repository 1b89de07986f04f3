"""What a year is: the one rule the date and the quantity extractors share.

A **year** is a four-digit whole number, written without a thousands separator, from 1900 to 2100
(:data:`YEAR_RANGE`), that does not count the noun after it. A number counts the noun after it
when the next word is a plural noun: a lowercase word ending in *s* (not *-ss*, *-us*, *-is*) and
not one of the function words in :data:`NOT_NOUNS`, or one of the irregular plurals in
:data:`IRREGULAR_PLURALS`. So ``in 2050`` and ``2019 the trade`` hold years, ``2050 volunteers``
is a count, and ``about 1500 students`` is a count because 1500 lies outside the range.

>>> is_year("in 2050 the plan ends", 3, 7), is_year("2050 volunteers", 0, 4), is_year("1500 students", 0, 4)
(True, False, False)
"""

from __future__ import annotations

import re

__all__ = ["YEAR_RANGE", "NOT_NOUNS", "IRREGULAR_PLURALS", "counts_next_word", "is_year"]

#: Years the extractors read, inclusive.
YEAR_RANGE = (1900, 2100)
#: Words ending in *s* that are not plural nouns (the next word after a year can be one).
NOT_NOUNS = frozenset({"as", "was", "has", "is", "its", "this", "thus", "his", "hers", "ours", "yours",
                       "theirs", "always", "perhaps", "whereas", "besides", "towards", "afterwards",
                       "onwards", "does", "goes", "plus", "versus", "less", "unless", "across"})
#: Plural nouns without a final *s*.
IRREGULAR_PLURALS = frozenset({"people", "children", "men", "women", "staff", "personnel", "police",
                               "cattle", "feet", "teeth", "mice", "geese"})
_WORD = re.compile(r"\s+([^\W\d_][\w’'-]*)")
_FOUR_DIGITS = re.compile(r"\d{4}")


def counts_next_word(text: str, end: int) -> bool:
    """Whether the word right after ``text[:end]`` is a plural noun that a number there counts.

    >>> counts_next_word("2050 volunteers", 4), counts_next_word("1979 to 1990", 4)
    (True, False)
    """
    m = _WORD.match(text, end)
    if not m:
        return False
    word = m.group(1)
    if word != word.lower():
        return False
    if word in IRREGULAR_PLURALS:
        return True
    return word.endswith("s") and not word.endswith(("ss", "us", "is")) and word not in NOT_NOUNS


def is_year(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a year by the rule of the module docstring."""
    number = text[start:end]
    if not _FOUR_DIGITS.fullmatch(number):
        return False
    return YEAR_RANGE[0] <= int(number) <= YEAR_RANGE[1] and not counts_next_word(text, end)
