"""Quantities in English prose: money, percentages, multiples, spans of time and counts.

:func:`find_quantities` reads every quantity in a text: money (``USD$229.2 million``, ``1.5 bn
US dollars``), percentages (``about 90%``), multiples (``seven times lower``), spans of time
(``a decade``, ``six decades``) and counts (``40,000 volunteers``, ``8 thousand Cambodians``), each
with its hedge (``about``, ``more than``, ``up to``, ``just`` …) as a qualifier and its character
offsets. The book reads its two texts with it (:func:`analysis.book.trade.quantity_table`).

Conventions
-----------
* Money is in US dollars. A money figure written without a scale word (``up to USD$100``) is
  kept with ``value=None`` and a flag: the scale is not guessed.
* Numbers: ``,`` groups thousands and ``.`` marks decimals (English convention, the texts'
  own). A non-breaking, thin or narrow no-break space also groups thousands (``40 000``).
  Grouping must be regular (``1,23`` is refused, not read as 123). Digits are the ASCII
  ``0``–``9`` only: other scripts' digits (``٢``, ``२``, fullwidth ``２``) are not read, and
  :func:`parse_number` refuses them; a number too large for a float (``inf``) is refused, and so
  is scientific notation (``1e5``), which :func:`find_quantities` refuses rather than read a
  count of 1.
* Refused with a :class:`QuantityError`: empty text, a negative or zero money figure or count,
  a percentage above ``max_percent`` (100 by default: the texts' percentages are shares),
  a malformed number, a range given as one amount (``USD 10–12 million``).
* A *hedge* (qualifier) is the word or phrase right before the quantity, from
  :data:`QUALIFIERS`; ``""`` when there is none.
* Years (the rule of :mod:`analysis.core.numbers`, shared with the date extractor), days of the
  month, ordinals (``65th``) and numbers inside words (``COVID-19``) are not quantities here.
* Rounding: a figure written with *d* decimals stands for an interval of ± half a unit of its
  last digit (``229.2`` → ± 0.05; ``246`` → ± 0.5): :func:`rounding_step`.

>>> [(q.kind, q.value, q.qualifier) for q in find_quantities("it was about USD$246 million")]
[('money', 246000000.0, 'about')]
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from analysis.core.errors import AnalysisError
from analysis.core.numbers import is_year

__all__ = ["QuantityError", "Quantity", "QUALIFIERS", "parse_number", "parse_money", "rounding_step",
           "find_quantities"]


class QuantityError(AnalysisError):
    """A quantity that cannot be read, or that a trade table cannot hold (negative, over 100%)."""



#: Hedges recognised right before a quantity, longest first so "more than" wins over "than".
QUALIFIERS = (
    "approximately", "as much as", "as high as", "more than", "less than", "fewer than",
    "at least", "at most", "nearly", "almost", "around", "roughly", "about", "over",
    "under", "up to", "some", "just", "only", "totaled", "totalled",
)



# "totaled" is a verb, not a hedge: it is recognised so that it is *not* mistaken for one.
_NOT_HEDGES = {"totaled", "totalled"}



_WORD_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
    "twenty": 20, "half": 0.5,
}



_SCALES = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "mln": 1e6, "mn": 1e6, "m": 1e6,
    "billion": 1e9, "bn": 1e9, "b": 1e9,
}



_SPAN_UNITS = {"year": 1, "years": 1, "decade": 10, "decades": 10}



_MONTHS = ("January February March April May June July August September October November "
           "December").split()



# Unicode spaces that may group thousands: no-break, figure, thin, narrow no-break.
_GROUP_SPACES = "\u00a0\u2007\u2009\u202f"



# Signs and dashes: hyphen-minus, minus sign, figure dash, en dash, em dash.
_DASH_CHARS = "-\u2212\u2012\u2013\u2014"



_DASHES = re.escape(_DASH_CHARS)  # for use inside a regex character class



# ASCII digits only: "\d" would also read Arabic-Indic, Devanagari or fullwidth digits, and
# mixed ones ("1٢3") as one number
_NUMBER = (rf"[0-9]{{1,3}}(?:[,{_GROUP_SPACES}][0-9]{{3}})+(?:\.[0-9]+)?"
           r"|[0-9]+(?:\.[0-9]+)?")

_SCIENTIFIC = re.compile(r"(?<![\w.,])[0-9]+(?:\.[0-9]+)?[eE][+\-\u2212]?[0-9]+(?!\w)")



_NUMBER_RE = re.compile(rf"(?:{_NUMBER})")



_SP = r"[\s]*"  # Python's \s covers the Unicode spaces above



_CURRENCY_PRE = r"(?:USD\s*\$|US\s*\$|USD|US\s*dollars?|\$)"



_CURRENCY_POST = r"(?:US\s*dollars?|U\.S\.\s*dollars?|dollars?|USD)"



_SCALE = r"(?:thousand|million|billion|mln|mn|bn|[kmb])"



_SIGN = rf"(?P<sign>[{_DASHES}]\s*)?"



_RANGE_TAIL = rf"(?:\s*[{_DASHES}]\s*(?P<range_end>{_NUMBER}))?"



_MONEY_RE = re.compile(
    rf"(?:{_SIGN}(?P<cur_pre>{_CURRENCY_PRE})\s*(?P<sign2>[{_DASHES}]\s*)?(?P<num>{_NUMBER}){_RANGE_TAIL}"
    rf"(?:\s*(?P<scale>{_SCALE})\b)?(?:\s+(?P<cur_dup>{_CURRENCY_POST})\b)?"
    rf"|{_SIGN.replace('sign', 'sign3')}(?P<num2>{_NUMBER}|\b(?:{'|'.join(sorted(_WORD_NUMBERS, key=len, reverse=True))})\b)"
    rf"{_RANGE_TAIL.replace('range_end', 'range_end2')}"
    rf"\s*(?P<scale2>{_SCALE})?\s+(?P<cur_post>{_CURRENCY_POST})\b)",
    re.IGNORECASE,
)



_PERCENT_RE = re.compile(rf"{_SIGN}(?P<num>{_NUMBER})\s*(?:%|per\s*cent\b|percent\b)", re.IGNORECASE)



_WORDNUM = "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True))



_MULTIPLE_RE = re.compile(
    rf"\b(?P<num>{_NUMBER}|{_WORDNUM})[\s{_DASHES}]*(?:times|fold)"
    rf"(?:\s+(?P<direction>lower|higher|less|more|greater|smaller|larger|bigger))?\b",
    re.IGNORECASE,
)



_SPAN_RE = re.compile(rf"\b(?P<num>{_NUMBER}|{_WORDNUM})\s+(?P<unit>years?|decades?)\b", re.IGNORECASE)



_COUNT_RE = re.compile(
    rf"(?<![\w{_DASHES}.,$]){_SIGN}(?P<num>{_NUMBER})(?![^\W_])(?:\s+(?P<scale>thousand|million|billion)\b)?"
    rf"(?P<after>\s+(?P<noun>[^\W\d_][\w’'-]*))?",
)



_HEDGE_RE = re.compile(
    r"(?P<hedge>" + "|".join(re.escape(q).replace(r"\ ", r"\s+") for q in QUALIFIERS) + r")\s*$",
    re.IGNORECASE,
)



@dataclass(frozen=True)
class Quantity:
    """One quantity as written, and what it means.

    ``number`` is the figure as written (``229.2``); ``scale`` the factor of a scale word
    (``1e6`` for "million", ``None`` when absent); ``value`` is ``number × scale`` in the base
    unit (US dollars, percent, times, years, items), or ``None`` when the unit is incomplete
    (see ``flag``). ``unit`` is "USD", "%", "times", "years" or the counted noun.
    ``direction`` is "lower"/"higher" … for a multiple. Offsets refer to the text searched
    (for :func:`quantity_table`, the cleaned text of the source).
    """

    kind: str  #: money, percent, multiple, span, count
    text: str
    number: float
    scale: float | None
    value: float | None
    unit: str
    qualifier: str
    start: int
    end: int
    direction: str = ""
    flag: str = ""
    source: str | None = None
    paragraph: str | None = None



def _check_text(text, what: str = "text") -> str:
    if not isinstance(text, str):
        raise QuantityError(f"{what} must be a str, got {type(text).__name__}")
    if not text.strip():
        raise QuantityError(f"{what} is empty: there is no quantity to read")
    return text



def parse_number(written: str) -> float:
    """Read one number written in the English convention; refuse anything else.

    Commas and Unicode no-break or thin spaces group thousands; a full stop marks decimals.
    Number words up to twenty ("seven") and "a"/"half" are read too.

    >>> parse_number("40,000"), parse_number("229.2"), parse_number("1\u202f234.5"), parse_number("seven")
    (40000.0, 229.2, 1234.5, 7.0)
    >>> parse_number("1,23")
    Traceback (most recent call last):
    ...
    analysis.core.quantities.QuantityError: '1,23' is not a number in the English convention (1,234.5)
    """
    s = _check_text(written, "a number").strip()
    if s.lower() in _WORD_NUMBERS:
        return float(_WORD_NUMBERS[s.lower()])
    if s and s[0] in _DASH_CHARS:
        raise QuantityError(f"{written!r} is negative; trade and aid figures here are magnitudes")
    if not _NUMBER_RE.fullmatch(s):
        if any(c.isdigit() and c not in "0123456789" for c in s):
            raise QuantityError(f"{written!r} holds digits other than ASCII 0-9, which are not read")
        raise QuantityError(f"{written!r} is not a number in the English convention (1,234.5)")
    value = float(re.sub(rf"[,{_GROUP_SPACES}]", "", s))
    if not math.isfinite(value):
        raise QuantityError(f"{written[:20]!r}… ({len(s)} characters) is too large a number to compute with")
    return value



def rounding_step(written: str) -> float:
    """The unit of the last written digit: ``"229.2"`` → 0.1, ``"246"`` → 1.

    >>> rounding_step("229.2"), rounding_step("17"), rounding_step("8,000")
    (0.1, 1.0, 1.0)
    """
    parse_number(written)
    s = written.strip()
    return 10.0 ** -len(s.split(".", 1)[1]) if "." in s else 1.0



def _hedge_before(text: str, start: int, window: int = 30) -> str:
    m = _HEDGE_RE.search(text[max(0, start - window):start])
    if not m:
        return ""
    # the hedge must start at a word boundary ("about", not "roundabout")
    begin = max(0, start - window) + m.start()
    if begin > 0 and (text[begin - 1].isalnum()):
        return ""
    hedge = re.sub(r"\s+", " ", m.group("hedge").lower())
    return "" if hedge in _NOT_HEDGES else hedge



_SPACE_GROUPED = re.compile(r"\d{1,3}(?: \d{3})+$")



def _refuse_space_grouping(text: str, start: int, number: str) -> None:
    """Digits grouped by ordinary spaces ("229 200 000") are ambiguous in running text (two
    numbers side by side read the same), so they are refused with a clear message rather than
    read as a trailing "000"."""
    head = re.search(r"(?<![\d.,])(?:\d{1,3} )+$", text[:start])
    if head and re.fullmatch(r"\d{3}(?:\.\d+)?", number):
        grouped = head.group(0) + number
        raise QuantityError(
            f"{grouped!r} at offset {start - len(head.group(0))} groups digits with ordinary spaces, "
            f"which is ambiguous; write {grouped.replace(' ', ',')!r} or use a no-break or thin space")



def _money(m: re.Match, text: str, offset: int) -> Quantity:
    g = m.groupdict()
    num_txt = g["num"] or g["num2"]
    where = f"{m.group(0)!r} at offset {m.start() + offset}"
    _refuse_space_grouping(text, m.start("num") if g["num"] else m.start("num2"), num_txt)
    if g.get("sign") or g.get("sign2") or g.get("sign3"):
        raise QuantityError(f"negative money figure {where}: trade and aid figures are magnitudes")
    if g.get("range_end") or g.get("range_end2"):
        raise QuantityError(f"{where} is a range, not one amount; record each end separately")
    number = parse_number(num_txt)
    if number == 0:
        raise QuantityError(f"zero money figure {where}: a flow of nothing is not a figure")
    scale_txt = g["scale"] or g["scale2"]
    scale = _SCALES[scale_txt.lower()] if scale_txt else None
    flag = "" if scale else (
        "no scale word after the figure (million? billion?): kept as written, value not guessed")
    return Quantity("money", m.group(0), number, scale, number * scale if scale else None, "USD",
                    _hedge_before(text, m.start()), m.start() + offset, m.end() + offset, flag=flag)



def parse_money(written: str) -> Quantity:
    """Read one money expression (``"USD$229.2 million"``, ``"1.5 bn US dollars"``).

    The whole string must be one amount, optionally preceded by a hedge. Raises
    :class:`QuantityError` for an empty, negative, zero or ranged amount, or for text that holds
    no money figure.

    >>> q = parse_money("about USD$246 million")
    >>> (q.value, q.qualifier)
    (246000000.0, 'about')
    >>> parse_money("up to USD$100").flag[:13]
    'no scale word'
    """
    s = _check_text(written, "a money expression")
    hits = [m for m in _MONEY_RE.finditer(s)]
    if not hits:
        raise QuantityError(f"no money figure (a currency with a number) in {written!r}")
    if len(hits) > 1:
        raise QuantityError(f"{written!r} holds {len(hits)} money figures; give one")
    m = hits[0]
    before, after = s[:m.start()].strip(), s[m.end():].strip()
    if after or (before and not _HEDGE_RE.fullmatch(before)):
        raise QuantityError(f"{written!r} is not one money amount: unread text {(before + ' ' + after).strip()!r}")
    return _money(m, s, 0)



def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(start < e and s < end for s, e in spans)



def _is_date_or_year(text: str, m: re.Match) -> bool:
    after = text[m.end("num"):m.end("num") + 12]
    before = text[max(0, m.start("num") - 12):m.start("num")]
    if re.match(r"[\s\u00a0]*(?:[" + _DASHES + r"]\s*\d+\s*)?(?:" + "|".join(_MONTHS) + r")\b", after):
        return True  # a day of the month: "13 May", "23-24 November"
    if re.search(r"(?:" + "|".join(_MONTHS) + r")\s*$", before):
        return True  # "May 2016"
    if is_year(text, m.start("num"), m.end("num")):
        return True  # a year (the rule shared with the date extractor)
    if re.match(r"(?:st|nd|rd|th|s\b|-s\b)", after):
        return True  # ordinal or decade ("65th", "1980-s")
    return False



def find_quantities(text: str, max_percent: float = 100.0) -> list[Quantity]:
    """Every quantity in ``text``, in reading order, with offsets into ``text``.

    Kinds are tried in this order and a later kind never overlaps an earlier one: money,
    percent, multiple, span, count. See the module docstring for what is refused.

    >>> [(q.kind, q.number, q.unit, q.qualifier) for q in find_quantities(
    ...     "about 500 students, 15 scholarships; seven times lower a decade ago")]
    [('count', 500.0, 'students', 'about'), ('count', 15.0, 'scholarships', ''), ('multiple', 7.0, 'times', ''), ('span', 1.0, 'years', '')]
    """
    text = _check_text(text)
    if isinstance(max_percent, bool) or not isinstance(max_percent, (int, float)) or not (
            math.isfinite(max_percent) and max_percent > 0):
        raise QuantityError(f"max_percent must be a positive finite number, got {max_percent!r}")
    sci = _SCIENTIFIC.search(text)
    if sci:
        raise QuantityError(f"{sci.group(0)!r} at offset {sci.start()} is in scientific notation, which is "
                            "not read (write the number out: 100,000 or 100 thousand)")
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []

    def keep(q: Quantity) -> None:
        found.append(q)
        taken.append((q.start, q.end))

    for m in _MONEY_RE.finditer(text):
        keep(_money(m, text, 0))
    for m in _PERCENT_RE.finditer(text):
        if _overlaps(taken, m.start(), m.end()):
            continue
        where = f"{m.group(0)!r} at offset {m.start()}"
        _refuse_space_grouping(text, m.start("num"), m.group("num"))
        if m.group("sign") and (m.start() == 0 or not text[m.start() - 1].isalnum()):
            raise QuantityError(f"negative percentage {where}: the texts' percentages are shares")
        number = parse_number(m.group("num"))
        if number > max_percent:
            raise QuantityError(
                f"percentage {where} is over {max_percent:g}%: a share cannot exceed the whole "
                f"(pass max_percent to read growth rates)")
        start = m.start("num")
        keep(Quantity("percent", text[start:m.end()], number, None, number, "%",
                      _hedge_before(text, start), start, m.end()))
    for m in _MULTIPLE_RE.finditer(text):
        if _overlaps(taken, m.start(), m.end()):
            continue
        number = parse_number(m.group("num"))
        keep(Quantity("multiple", m.group(0), number, None, number, "times",
                      _hedge_before(text, m.start()), m.start(), m.end(),
                      direction=(m.group("direction") or "").lower()))
    for m in _SPAN_RE.finditer(text):
        if _overlaps(taken, m.start(), m.end()):
            continue
        number = parse_number(m.group("num"))
        per = _SPAN_UNITS[m.group("unit").lower()]
        flag = "" if m.group("num")[0].isdigit() else "number word: its precision is the reader's guess"
        keep(Quantity("span", m.group(0), number, float(per), number * per, "years",
                      _hedge_before(text, m.start()), m.start(), m.end(), flag=flag))
    for m in _COUNT_RE.finditer(text):
        s, e = m.start("num"), m.end("num")
        if _overlaps(taken, m.start(), m.end()) or _is_date_or_year(text, m):
            continue
        _refuse_space_grouping(text, s, m.group("num"))
        if m.group("sign"):
            raise QuantityError(f"negative count {m.group(0)!r} at offset {m.start()}: a count is a magnitude")
        number = parse_number(m.group("num"))
        scale = _SCALES[m.group("scale").lower()] if m.group("scale") else None
        noun = m.group("noun") or ""
        end = m.end("noun") if noun else (m.end("scale") if scale else e)
        if number == 0:
            raise QuantityError(f"zero count {text[s:end]!r} at offset {s}: nothing counted is not a figure")
        keep(Quantity("count", text[s:end], number, scale, number * (scale or 1), noun or "items",
                      _hedge_before(text, s), s, end))
    return sorted(found, key=lambda q: q.start)
