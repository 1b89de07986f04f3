"""Dates in English prose: every expression that names a point or span of time.

:func:`find_dates` returns one :class:`DateMention` per expression, with its closed interval and
precision; :func:`format_interval` writes an interval at its precision. The book reads its two
texts with it (:func:`analysis.book.history.date_mentions`).

Conventions (each is a choice; the chapter's method note repeats them)
--------------------------------------------------------------------
* **Intervals** are closed ``[interval_start, interval_end]`` pairs of :class:`datetime.date`.
  A year is 1 January–31 December, a decade ``1980s`` is 1980–1989.
* **Precision** is the unit the text uses: ``day``, ``month``, ``year`` or ``decade``.
* **Qualifiers** narrow an interval without changing its precision: *early/mid/late* a decade
  are its years 0–3, 4–6 and 7–9 (``early 1980-s`` → 1980–1983); *early/mid/late* a month are
  days 1–10, 11–20 and 21–end; *the early/middle/late part of* a year are its thirds
  (January–April, May–August, September–December).
* **Coordinated dates** share the last item's month and year: in ``23 April and 13 May 1956``
  the first mention is ``23 April``, dated 1956 with a note saying so.
* **Relative expressions** are resolved against a reference date (a source's
  ``meta['reference_date']``, its known or inferred publication date): ``this year``,
  ``last year``, ``next year``; ``this day``; ``a decade ago``/``N years ago`` (the year
  ``reference year − N``); ``Nth anniversary``/``N years since`` (the origin year); durations
  ``the past N years``/``N years of``/``more than N decades`` (the span from the origin year to
  the reference date); vague ``recent years``/``the past (few) years``
  (:data:`VAGUE_RECENT_YEARS` years back, a convention); a month with no year (its latest
  occurrence on or before the reference date, or its next one after *due in*, *upcoming*,
  *next*). ``today``, ``nowadays`` and ``now`` are read as the present tense, not as dates.
  ``for N years`` is a length of time that no date anchors: it is a mention with no interval.
* **Years** follow the rule of :mod:`analysis.core.numbers`, shared with the quantity extractor:
  four-digit numbers from 1900 to 2100 (:data:`YEAR_RANGE`) that do not count the noun after
  them. A bare number outside that range, or one that counts a noun, is a quantity, not a year
  (``1500 students``, ``2050 volunteers``); a *date expression* with a year outside the range
  (``13 May 1850``, ``1850s``) raises :class:`DateError`.
* **Language**: English month names only. Digits are read in any script, so in Cyrillic
  text ``13 мая 1956 года`` yields the year 1956 and nothing finer; :func:`analysis.book.history.date_mentions`
  refuses a source whose metadata language is not English.
* **Bad input**: an empty text or a text with no dates gives ``[]``; a non-string raises
  ``TypeError``; an impossible date (``31 February 2020``), a backwards range (``13-11 May``),
  an out-of-range year in a date expression, a malformed reference date, and a relative
  expression with no reference date (unless ``on_unresolved="keep"``) raise
  :class:`DateError` naming the expression.

>>> [(m.text, str(m.interval_start), str(m.interval_end), m.precision)
...  for m in find_dates("notes of 23 April and 13 May 1956")]
[('23 April', '1956-04-23', '1956-04-23', 'day'), ('13 May 1956', '1956-05-13', '1956-05-13', 'day')]
>>> m = find_dates("as end of last year", reference_date="2020-12-29")[0]
>>> (m.text, m.interval_start.year, m.resolution)
('last year', 2019, 'last year: the year before the reference date 2020-12-29')
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from analysis.core.errors import AnalysisError
from analysis.core.numbers import YEAR_RANGE, is_year

__all__ = ["DateError", "DateMention", "VAGUE_RECENT_YEARS", "YEAR_RANGE", "find_dates", "format_interval",
           "resolve_relative"]





#: How many years back "recent years" and "the past (few) years" reach (a convention).
VAGUE_RECENT_YEARS = 5



class DateError(AnalysisError):
    """A date expression that cannot be a date, or that cannot be resolved."""



@dataclass(frozen=True)
class DateMention:
    """One date expression: where it stands, what it says, and the interval it names.

    ``start``/``end`` are character offsets in the text searched (for :func:`date_mentions`,
    the cleaned text of the source). ``interval_start``/``interval_end`` are ``None`` only for
    an unanchored duration or an unresolved relative expression; ``resolution`` then says why.
    """

    source: str | None
    paragraph: str | None
    start: int
    end: int
    text: str
    kind: str  #: date, day range, month, year, year range, decade, relative, duration
    interval_start: date | None
    interval_end: date | None
    precision: str  #: day, month, year, decade
    relative: bool
    resolution: str  #: how a relative or qualified expression was read ("" if plain)



_MONTHS = {name: i for i, name in enumerate(calendar.month_name) if name}



_MONTH_ABBR = {"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8,
               "Sep": 9, "Sept": 9, "Oct": 10, "Nov": 11, "Dec": 12}



_MONTH_RX = "(?:" + "|".join(sorted(list(_MONTHS) + [a + r"\.?" for a in _MONTH_ABBR], key=len, reverse=True)) + r")(?![a-z])"



_NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}



_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}



_NUM_RX = (r"(?:\d{1,3}|a|an|(?:" + "|".join(_TENS) + r")(?:[-‐ ](?:" + "|".join(list(_NUMBER_WORDS)[1:10])
           + r"))?|" + "|".join(_NUMBER_WORDS) + ")")



_DASH = r"\s*[-–—‐‑]\s*"



_YEAR = r"(?<![\d.,$€£])(\d{4})(?![\d%]|[.,]\d)"



_DAY = r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?(?!\d)"



_QUAL = r"(early|mid|late)"



_ITEM = rf"{_DAY}(?:\s+({_MONTH_RX}))?"



_SEP = r"(?:\s*,\s*(?:(?:and|&|or)\s+)?|\s+(?:and|&|or)\s+)"



_P = {
    # 23 April and 13 May 1956 / 1, 2 and 3 May 2020
    "coordinated": rf"\b{_ITEM}(?:{_SEP}{_ITEM})*?{_SEP}{_DAY}\s+({_MONTH_RX})\s+{_YEAR}",
    # 30 November – 2 December 2015
    "cross_month_range": rf"\b{_DAY}\s+({_MONTH_RX}){_DASH}{_DAY}\s+({_MONTH_RX})(?:,?\s+{_YEAR})?",
    # 23-24 November 2015; 13-11 May
    "day_range": rf"\b{_DAY}{_DASH}{_DAY}\s+({_MONTH_RX})\b(?:,?\s+{_YEAR})?",
    # 13 May 1956; 13 May
    "date": rf"\b{_DAY}\s+({_MONTH_RX})\b(?:,?\s+{_YEAR})?",
    # May 13, 1956
    "us_date": rf"\b({_MONTH_RX})\s+{_DAY},\s+{_YEAR}",
    # the early part of the year 2000
    "year_part": rf"\b(?:the\s+)?(early|middle|late)\s+part\s+of\s+(?:the\s+year\s+)?{_YEAR}",
    # early 1980-s; the 1960s; 1980's; mid-1990s
    "decade": r"\b(?:(early|mid|late)[-‐ ]?\s*)?(?<![\d.,$])(\d{3}0)(?:[-‐’']?s)\b",
    # November 2021; late September 2020
    "month_year": rf"\b(?:{_QUAL}[-‐ ]\s*)?({_MONTH_RX})\s+(?:of\s+)?{_YEAR}",
    # late September; in March; due in March
    "month": rf"\b(?:((?i:due\s+in|upcoming|next|in|by|since|until|till|from|during|of|this|last))\s+)?(?:{_QUAL}[-‐ ]\s*)?({_MONTH_RX})\b(?!,?\s+(?:of\s+)?\d)",
    # early 2000; 1956
    "year": rf"\b(?:{_QUAL}[-‐ ]\s*)?{_YEAR}",
    # relative
    "this_year": r"\b(?i:(this|last|next|previous|past)\s+year)\b(?!s)",
    "this_day": r"\b(?i:this\s+day)\b",
    "ago": rf"\b(?i:({_NUM_RX})\s+(years?|decades?)\s+ago)\b",
    "anniversary": r"\b(?i:(\d{1,3})(?:st|nd|rd|th)\s+anniversary)\b",
    "since": rf"\b(?i:({_NUM_RX})\s+(years?|decades?)\s+since)\b",
    "duration": rf"(?i:\b(?:(more\s+than|over|almost|nearly|about)\s+|(the\s+(?:past|last)|for)\s+)?({_NUM_RX})\s+(years?|decades?))\b",
    "vague": r"\b(?i:(recent\s+years|the\s+(?:past|last)\s+(?:few\s+|several\s+)?years))\b",
}



# Since 1979 to 1990; from 1979 until 1990; between 1979 and 1990; 1979–1990
_YEAR_TAIL = rf"\s+{_YEAR}"
_P["year_range"] = (rf"\b(?:((?i:since|from))\s+{_YEAR}\s+(?i:to|until|till|through){_YEAR_TAIL}"
                    rf"|((?i:between))\s+{_YEAR}\s+and{_YEAR_TAIL}|{_YEAR}{_DASH}{_YEAR})")

_RX = {k: re.compile(v) for k, v in _P.items()}



# Order matters: earlier patterns win ties; overlaps are settled by start, then length.
_ORDER = ["coordinated", "cross_month_range", "day_range", "date", "us_date", "year_part",
          "year_range", "decade", "month_year", "this_year", "this_day", "ago", "anniversary",
          "since", "vague", "duration", "month", "year"]



def _month_number(name: str) -> int:
    name = name.rstrip(".")
    return _MONTHS.get(name) or _MONTH_ABBR[name]



def _number(word: str) -> int:
    word = word.lower().replace("‐", "-")
    if word.isdigit():
        return int(word)
    if word in ("a", "an"):
        return 1
    if word in _NUMBER_WORDS:
        return _NUMBER_WORDS[word]
    parts = re.split(r"[- ]", word)
    return _TENS[parts[0]] + (_NUMBER_WORDS[parts[1]] if len(parts) > 1 else 0)



def _check_year(year: int, expr: str) -> int:
    lo, hi = YEAR_RANGE
    if not lo <= year <= hi:
        raise DateError(f"year {year} in {expr!r} is outside the supported range {lo}–{hi}")
    return year



def _day(year: int, month: int, day: int, expr: str) -> date:
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise DateError(
            f"impossible date {expr!r}: {calendar.month_name[month]} {year} has {last} days, not {day}"
        )
    return date(year, month, day)



def _month_bounds(year: int, month: int, qual: str | None = None) -> tuple[date, date]:
    last = calendar.monthrange(year, month)[1]
    lo, hi = {None: (1, last), "early": (1, 10), "mid": (11, 20), "late": (21, last)}[qual]
    return date(year, month, lo), date(year, month, hi)



def _year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)



def _parse_reference(reference_date) -> date | None:
    if reference_date is None or isinstance(reference_date, date):
        return reference_date
    if isinstance(reference_date, str):
        try:
            return date.fromisoformat(reference_date)
        except ValueError:
            pass
    raise DateError(f"reference date must be an ISO date such as '2021-05-13', got {reference_date!r}")



class _Context:
    """What one extraction run needs: the reference date and what to do without one."""

    def __init__(self, reference: date | None, on_unresolved: str):
        self.reference = reference
        self.on_unresolved = on_unresolved

    def need_reference(self, expr: str, pos: int) -> date | None:
        if self.reference is None and self.on_unresolved == "raise":
            raise DateError(
                f"relative expression {expr!r} at offset {pos} needs a reference date "
                f"(pass reference_date=..., or on_unresolved='keep')"
            )
        return self.reference



def _mk(m, kind, lo, hi, precision, relative=False, note="", span=None, text=None):
    s, e = span if span else (m.start(), m.end())
    return DateMention(None, None, s, e, text if text is not None else m.string[s:e], kind, lo, hi,
                       precision, relative, note)



def _unresolved(m, kind, precision):
    return _mk(m, kind, None, None, precision, True, "unresolved: no reference date")



def _latest_month(ref: date, month: int, forward: bool) -> int:
    """Year of the month's latest occurrence on or before ``ref`` (or next one after it)."""
    if forward:
        return ref.year if month > ref.month else ref.year + 1
    return ref.year if month <= ref.month else ref.year - 1



def _interpret(kind: str, m: re.Match, ctx: _Context) -> list[DateMention]:
    g = m.groups()
    expr = m.group(0)
    if kind == "coordinated":
        return _coordinated(m)
    if kind == "cross_month_range":
        d1, mo1, d2, mo2, y = g
        if y is None:
            return []  # left to the single-date pattern, which resolves year-less dates
        year = _check_year(int(y), expr)
        lo = _day(year, _month_number(mo1), int(d1), expr)
        hi = _day(year, _month_number(mo2), int(d2), expr)
        if hi < lo:
            raise DateError(f"date range {expr!r} runs backwards")
        return [_mk(m, "day range", lo, hi, "day")]
    if kind == "day_range":
        d1, d2, mo, y = g
        if int(d2) <= int(d1):
            raise DateError(f"day range {expr!r} runs backwards or is empty ({d1} is not before {d2})")
        month = _month_number(mo)
        if y is not None:
            year = _check_year(int(y), expr)
            return [_mk(m, "day range", _day(year, month, int(d1), expr), _day(year, month, int(d2), expr), "day")]
        ref = ctx.need_reference(expr, m.start())
        if ref is None:
            return [_unresolved(m, "day range", "day")]
        year = _latest_month(ref, month, False)
        lo, hi = _day(year, month, int(d1), expr), _day(year, month, int(d2), expr)
        return [_mk(m, "day range", lo, hi, "day", True,
                    f"no year given: {calendar.month_name[month]} {year}, the latest on or before the reference date {ref}")]
    if kind in ("date", "us_date"):
        d, mo, y = (g if kind == "date" else (g[1], g[0], g[2]))
        month = _month_number(mo)
        if y is not None:
            year = _check_year(int(y), expr)
            return [_mk(m, "date", _day(year, month, int(d), expr), _day(year, month, int(d), expr), "day")]
        if int(d) > 31:
            return []
        ref = ctx.need_reference(expr, m.start())
        if ref is None:
            return [_unresolved(m, "date", "day")]
        year = _latest_month(ref, month, False)
        day_ = _day(year, month, int(d), expr)
        return [_mk(m, "date", day_, day_, "day", True,
                    f"no year given: {year}, the latest on or before the reference date {ref}")]
    if kind == "year_part":
        part, y = g
        year = _check_year(int(y), expr)
        months = {"early": (1, 4), "middle": (5, 8), "late": (9, 12)}[part]
        lo = date(year, months[0], 1)
        hi = date(year, months[1], calendar.monthrange(year, months[1])[1])
        return [_mk(m, "year", lo, hi, "year", False,
                    f"'{part} part of the year' read as {calendar.month_name[months[0]]}–"
                    f"{calendar.month_name[months[1]]} (thirds of a year, a convention)")]
    if kind == "year_range":
        ys = [int(x) for x in g if x and x.isdigit()]
        y1, y2 = (_check_year(y, expr) for y in ys)
        if y2 < y1:
            raise DateError(f"year range {expr!r} runs backwards")
        return [_mk(m, "year range", date(y1, 1, 1), date(y2, 12, 31), "year")]
    if kind == "decade":
        qual, decade = g
        start = _check_year(int(decade), expr)
        lo_off, hi_off = {None: (0, 9), "early": (0, 3), "mid": (4, 6), "late": (7, 9)}[qual]
        note = f"'{qual}' decade read as {start + lo_off}–{start + hi_off} (a convention)" if qual else ""
        return [_mk(m, "decade", date(start + lo_off, 1, 1), date(start + hi_off, 12, 31), "decade", False, note)]
    if kind == "month_year":
        qual, mo, y = g
        year = _check_year(int(y), expr)
        lo, hi = _month_bounds(year, _month_number(mo), qual)
        note = f"'{qual}' month read as days {lo.day}–{hi.day} (a convention)" if qual else ""
        return [_mk(m, "month", lo, hi, "month", False, note)]
    if kind == "month":
        cue, qual, mo = g
        if cue is None and qual is None:
            # a bare capitalised month name may be a word ("May I…"): require a cue
            return []
        month = _month_number(mo)
        ref = ctx.need_reference(expr, m.start())
        # the mention is the month phrase, without a leading preposition
        span = (m.start(3) if qual is None else m.start(2), m.end())
        if ref is None:
            return [_mk(m, "month", None, None, "month", True, "unresolved: no reference date", span=span)]
        forward = bool(cue) and cue.lower().split()[0] in ("due", "upcoming", "next")
        year = _latest_month(ref, month, forward)
        if cue and cue.lower() == "last":
            year = ref.year - 1 if month >= ref.month else ref.year
        lo, hi = _month_bounds(year, month, qual)
        how = "the next after" if forward else "the latest on or before"
        note = f"no year given: {calendar.month_name[month]} {year}, {how} the reference date {ref}"
        if qual:
            note += f"; '{qual}' read as days {lo.day}–{hi.day}"
        return [_mk(m, "month", lo, hi, "month", True, note, span=span)]
    if kind == "year":
        qual, y = g
        year = int(y)
        if not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
            if qual:
                _check_year(year, expr)
            return []  # a bare number outside the range is a quantity, not a year
        if not is_year(m.string, m.start(2), m.end(2)):
            return []  # "2050 volunteers": the number counts the noun after it
        if qual:
            months = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}[qual]
            lo = date(year, months[0], 1)
            hi = date(year, months[1], calendar.monthrange(year, months[1])[1])
            return [_mk(m, "year", lo, hi, "year", False,
                        f"'{qual}' year read as {calendar.month_name[months[0]]}–{calendar.month_name[months[1]]}")]
        return [_mk(m, "year", *_year_bounds(year), "year")]
    # ---- relative expressions
    ref = ctx.need_reference(expr, m.start())
    if kind == "this_year":
        which = g[0].lower()
        if ref is None:
            return [_unresolved(m, "relative", "year")]
        offset = {"this": 0, "last": -1, "previous": -1, "past": -1, "next": 1}[which]
        words = {0: "the year of", -1: "the year before", 1: "the year after"}[offset]
        return [_mk(m, "relative", *_year_bounds(ref.year + offset), "year", True,
                    f"{expr.lower()}: {words} the reference date {ref}")]
    if kind == "this_day":
        if ref is None:
            return [_unresolved(m, "relative", "day")]
        return [_mk(m, "relative", ref, ref, "day", True, f"this day: the reference date {ref}")]
    if kind in ("ago", "since", "anniversary"):
        n = _number(g[0])
        years = n * (10 if kind != "anniversary" and g[1].lower().startswith("decade") else 1)
        if ref is None:
            return [_unresolved(m, "relative", "year")]
        origin = _check_year(ref.year - years, expr)
        what = {"ago": "ago", "since": "since", "anniversary": "anniversary"}[kind]
        return [_mk(m, "relative", *_year_bounds(origin), "year", True,
                    f"{what}: {years} years before the reference year {ref.year} → {origin}")]
    if kind == "vague":
        if ref is None:
            return [_unresolved(m, "relative", "year")]
        return [_mk(m, "relative", date(ref.year - VAGUE_RECENT_YEARS, 1, 1), ref, "year", True,
                    f"vague: read as the {VAGUE_RECENT_YEARS} years before the reference date {ref} (a convention)")]
    if kind == "duration":
        hedge, lead, num, unit = g
        years = _number(num) * (10 if unit.lower().startswith("decade") else 1)
        if lead and lead.lower() == "for":
            return [_mk(m, "duration", None, None, "year", False,
                        f"a length of {years} years that no date anchors: no interval")]
        if ref is None:
            return [_unresolved(m, "duration", "year")]
        origin = _check_year(ref.year - years, expr)
        note = f"duration up to the reference date {ref}: {years} years back → from {origin}"
        if hedge:
            note += f" ('{hedge.lower()}': the start is approximate)"
        return [_mk(m, "duration", date(origin, 1, 1), ref, "year", True, note)]
    raise AssertionError(kind)  # every pattern in _ORDER is handled above



def _coordinated(m: re.Match) -> list[DateMention]:
    """Split ``23 April and 13 May 1956`` into one mention per date, sharing month and year."""
    expr = m.group(0)
    year_m = re.search(rf"{_YEAR}\s*$", expr)
    year = _check_year(int(year_m.group(1)), expr)
    items = list(re.finditer(rf"{_DAY}(?:\s+({_MONTH_RX}))?", expr[: year_m.start()]))
    out = []
    month = None
    resolved = []
    for it in reversed(items):  # months are shared backwards: "1 and 3 May"
        if it.group(2):
            month = _month_number(it.group(2))
        resolved.append((it, month))
    for i, (it, month) in enumerate(reversed(resolved)):
        last = i == len(resolved) - 1
        s = m.start() + it.start()
        e = m.start() + (m.end() - m.start() if last else it.end())
        d = _day(year, month, int(it.group(1)), expr)
        note = "" if last else f"year (and month, if unstated) taken from the coordinated date {expr!r}"
        out.append(_mk(m, "date", d, d, "day", False, note, span=(s, e), text=m.string[s:e]))
    return out



def find_dates(text: str, reference_date=None, on_unresolved: str = "raise") -> list[DateMention]:
    """Every date mention in ``text``, in reading order (conventions: module docstring).

    ``reference_date`` (ISO string or :class:`datetime.date`) resolves relative expressions.
    Without it, a relative expression raises :class:`DateError`, or, with
    ``on_unresolved="keep"``, is returned with no interval and the note
    ``"unresolved: no reference date"``. An empty text gives ``[]``.

    >>> [(m.text, m.precision) for m in find_dates("Since 1979 to 1990, and since early 1980-s")]
    [('Since 1979 to 1990', 'year'), ('early 1980-s', 'decade')]
    >>> find_dates("On 31 February 2020")
    Traceback (most recent call last):
    ...
    analysis.core.dates.DateError: impossible date '31 February 2020': February 2020 has 29 days, not 31
    """
    if not isinstance(text, str):
        raise TypeError(f"find_dates() needs a str, got {type(text).__name__}")
    if on_unresolved not in ("raise", "keep"):
        raise DateError(f"on_unresolved must be 'raise' or 'keep', got {on_unresolved!r}")
    ctx = _Context(_parse_reference(reference_date), on_unresolved)
    candidates = []
    for rank, kind in enumerate(_ORDER):
        for m in _RX[kind].finditer(text):
            candidates.append((m.start(), -(m.end() - m.start()), rank, kind, m))
    candidates.sort(key=lambda c: (c[0], c[1], c[2]))
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for start, neg_len, _rank, kind, m in candidates:
        end = start - neg_len
        if any(start < e and s < end for s, e in taken):
            continue
        mentions = _interpret(kind, m, ctx)
        if not mentions:
            continue
        taken.append((start, end))
        found.extend(mentions)
    return sorted(found, key=lambda d: d.start)



def resolve_relative(expression: str, anchor) -> DateMention:
    """One relative expression (``"a decade ago"``, ``"last year"``, ``"the past 65 years"``)
    resolved against ``anchor``: the date or year it counts from.

    The anchor is a :class:`datetime.date`, an ISO date string, or a year (``int``). A year is
    enough for expressions of year precision; an expression that needs a day or month (``"this
    day"``, ``"in March"``) against a bare year raises :class:`DateError`, since the year alone
    cannot place it. Which anchor to use is the caller's choice: :func:`analysis.book.history.relative_mention`
    holds the book's rule (a text's reference date, or the as-of year of the figure the
    expression is tied to).

    Raises :class:`DateError` naming the problem for a non-string or empty expression, an
    expression that is not exactly one relative date expression, or a bad anchor.

    >>> resolve_relative("a decade ago", 2019).interval_start.year
    2009
    >>> resolve_relative("last year", "2020-12-29").interval_start.year
    2019
    >>> resolve_relative("13 May 1956", 2021)
    Traceback (most recent call last):
    ...
    analysis.core.dates.DateError: '13 May 1956' is not a relative expression: it names its date itself
    """
    if not isinstance(expression, str) or not expression.strip():
        raise DateError(f"resolve_relative() needs a relative expression as a non-empty str, got {expression!r}")
    if isinstance(anchor, bool) or not isinstance(anchor, (int, str, date)):
        raise DateError(f"anchor must be a year (int), an ISO date or a datetime.date, got {anchor!r}")
    year_only = isinstance(anchor, int)
    if year_only:
        _check_year(anchor, f"anchor {anchor}")
        reference = date(anchor, 12, 31)
    else:
        reference = _parse_reference(anchor)
    text = expression.strip()
    found = find_dates(text, reference_date=reference)
    if len(found) != 1 or (found[0].start, found[0].end) != (0, len(text)):
        got = [m.text for m in found]
        raise DateError(f"{expression!r} must be exactly one date expression, found {got}")
    m = found[0]
    if m.interval_start is None:
        raise DateError(f"{expression!r} is a length of time that no anchor places ({m.resolution})")
    if not m.relative:
        raise DateError(f"{expression!r} is not a relative expression: it names its date itself")
    if year_only and m.precision in ("day", "month"):
        raise DateError(f"{expression!r} needs a full anchor date, not only the year {anchor}")
    note = m.resolution.replace("the reference date", "the anchor").replace("the reference year", "the anchor year")
    return DateMention(None, None, 0, len(text), text, m.kind, m.interval_start, m.interval_end,
                       m.precision, True, note)



def format_interval(start: date, end: date, precision: str) -> str:
    """An interval written at its precision, for tables.

    >>> format_interval(date(2015, 11, 23), date(2015, 11, 24), "day")
    '23–24 Nov 2015'
    >>> format_interval(date(1980, 1, 1), date(1983, 12, 31), "decade")
    '1980–1983'
    """
    if precision not in ("day", "month", "year", "decade"):
        raise DateError(f"unknown precision {precision!r}")
    if end < start:
        raise DateError(f"interval {start}–{end} runs backwards")
    if precision == "day":
        if start == end:
            return f"{start.day} {start:%b %Y}"
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.day}–{end.day} {start:%b %Y}"
        return f"{start.day} {start:%b %Y} – {end.day} {end:%b %Y}"
    if precision == "month" and (start.year, start.month) == (end.year, end.month):
        if start.day == 1 and end.day == calendar.monthrange(end.year, end.month)[1]:
            return f"{start:%b %Y}"
        return f"{start.day}–{end.day} {start:%b %Y}"
    if start.year == end.year:
        return str(start.year)
    return f"{start.year}–{end.year}"
