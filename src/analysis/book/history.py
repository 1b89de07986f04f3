"""Dates in the texts: every date mention, the events they date, the periods, the timeline.

:func:`find_dates` reads English prose and returns one :class:`DateMention` per expression
that names a point or span of time; :func:`date_mentions` does the same for a whole source,
with paragraph ids and offsets in the cleaned text (:attr:`analysis.book.sources.Source.text`).
The curated tables built on them (``data/events.csv``, ``data/date_non_events.csv``,
``data/history_claims.csv``) are loaded by :func:`load_events`, :func:`load_non_events` and
:func:`load_history_claims`; :func:`mention_coverage` ties each mention to an event or to a
reason why it is not one.

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
* **Years** are four-digit numbers from 1900 to 2100 (:data:`YEAR_RANGE`). A bare number
  outside that range is a quantity, not a year (``1500 students``); a *date expression* with
  such a year (``13 May 1850``, ``1850s``) raises :class:`DateError`.
* **Language**: English month names only. Digits are read in any script, so in Cyrillic
  text ``13 мая 1956 года`` yields the year 1956 and nothing finer; :func:`date_mentions`
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
import textwrap
from dataclasses import asdict, dataclass
from datetime import date

from analysis.core.errors import AnalysisError

__all__ = [
    "CATEGORIES",
    "DateError",
    "DateMention",
    "claims_tables",
    "PERIODS",
    "Period",
    "VAGUE_RECENT_YEARS",
    "YEAR_RANGE",
    "date_mentions",
    "date_mentions_table",
    "event_counts_by_text",
    "events_table",
    "format_interval",
    "mention_summary",
    "find_dates",
    "load_events",
    "load_history_claims",
    "record_values",
    "load_non_events",
    "mention_coverage",
    "period_of",
    "periods_table",
    "timeline_figure",
]

#: Years the extractor accepts, inclusive.
YEAR_RANGE = (1900, 2100)
#: How many years back "recent years" and "the past (few) years" reach (a convention).
VAGUE_RECENT_YEARS = 5

#: Event categories of ``data/events.csv``, in legend order.
CATEGORIES = (
    "diplomacy",
    "visits",
    "aid and infrastructure",
    "education",
    "trade",
    "health and pandemic",
    "multilateral",
    "ambassador's career",
)


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


# ---------------------------------------------------------------- patterns

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
    analysis.book.history.DateError: impossible date '31 February 2020': February 2020 has 29 days, not 31
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


def date_mentions(source) -> list[DateMention]:
    """Every date mention in a source, paragraph by paragraph, against its reference date.

    ``source`` is a source id or a :class:`analysis.book.sources.Source`. Offsets are in the
    cleaned text; relative expressions are resolved against ``meta['reference_date']``.

    >>> ms = date_mentions("article")
    >>> (ms[0].paragraph, ms[0].text, ms[0].interval_start.year)
    ('A1', '65 Years', 1956)
    """
    from analysis.book.sources import Source, load_source

    src = source if isinstance(source, Source) else load_source(source)
    if src.meta.get("language") != "en":
        raise DateError(f"source {src.id!r} is in language {src.meta.get('language')!r}; "
                        f"the date extractor reads English only")
    ref = src.meta.get("reference_date")
    out = []
    for p in src.paragraphs:
        for d in find_dates(p.text, reference_date=ref):
            out.append(DateMention(src.id, p.id, p.start + d.start, p.start + d.end, d.text, d.kind,
                                   d.interval_start, d.interval_end, d.precision, d.relative, d.resolution))
    return out


def date_mentions_table(sources=("article", "interview")):
    """All date mentions of the given sources as a pandas DataFrame (one row per mention)."""
    import pandas as pd

    if isinstance(sources, str):
        sources = (sources,)
    rows = [asdict(d) for s in sources for d in date_mentions(s)]
    cols = list(DateMention.__dataclass_fields__)
    return pd.DataFrame(rows, columns=cols)


# ---------------------------------------------------------------- periods

@dataclass(frozen=True)
class Period:
    """A named period of the timeline, with closed bounds and the reason for them."""

    key: str
    name: str
    start: date
    end: date
    basis: str  #: why these bounds (the chapter's text spells it out with quotes)


#: The chapter's periods. Bounds come from the texts' own dates where the texts give them.
PERIODS = (
    Period("founding", "Founding and Soviet gifts", date(1956, 1, 1), date(1969, 12, 31),
           "from the exchange of notes to the end of the decade the interview names for the first "
           "Soviet study places ('since 1960s'); every Soviet project the texts name belongs here"),
    Period("silence", "The silent years", date(1970, 1, 1), date(1978, 12, 31),
           "the texts name no date between the 1960s and 1979; the article passes over these "
           "years as 'the tragic period of ruling by the Khmer Rouge regime'"),
    Period("soviet_decade", "The Soviet decade", date(1979, 1, 1), date(1990, 12, 31),
           "the interview's own bounds: 'Since 1979 to 1990' and 'The period of 1980s'"),
    Period("transition", "From the USSR to Russia", date(1991, 1, 1), date(2014, 12, 31),
           "from the start of Russia–ASEAN relations the article counts back to ('30 years since') "
           "to the year before the first dated high-level visit"),
    Period("revival", "High-level revival", date(2015, 1, 1), date(2019, 12, 31),
           "from Medvedev's visit of November 2015 to the last full year before the pandemic, "
           "the year of the interview's trade figures"),
    Period("pandemic", "Pandemic diplomacy", date(2020, 1, 1), date(2021, 12, 31),
           "the years of COVID-19 in both texts, up to the ASEM summit the article looks forward to"),
)


def period_of(day) -> Period:
    """The period that holds ``day`` (a date or ISO string); :class:`DateError` if none does.

    >>> period_of("1984-06-01").name
    'The Soviet decade'
    """
    d = _parse_reference(day)
    if d is None:
        raise DateError("period_of() needs a date, got None")
    for p in PERIODS:
        if p.start <= d <= p.end:
            return p
    raise DateError(f"{d} lies outside the book's periods ({PERIODS[0].start}–{PERIODS[-1].end})")


def periods_table():
    """The periods as a pandas DataFrame: name, start year, end year, basis."""
    import pandas as pd

    return pd.DataFrame([{"period": p.name, "from": p.start.year, "to": p.end.year, "basis": p.basis}
                         for p in PERIODS])


# ---------------------------------------------------------------- curated tables

_EVENT_COLUMNS = ["event_id", "start", "end", "precision", "dating", "label", "category",
                  "source", "paragraph", "quote", "note"]
_DATINGS = ("stated", "relative", "inferred", "external")


def _read_csv(name: str, columns: list[str]):
    import pandas as pd

    from analysis.book.paths import data_dir

    path = data_dir() / name
    if not path.is_file():
        raise AnalysisError(f"curated table not found: {path}")
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise AnalysisError(f"{path.name}: missing column(s) {missing}")
    return df


def load_events():
    """``data/events.csv`` with ``start``/``end`` parsed to dates, a ``period`` column, and
    the list of texts that tell each event (``texts``: "article", "interview" or "both").

    Raises :class:`AnalysisError` naming the row for an unknown category, precision or dating,
    or an interval that runs backwards.
    """
    df = _read_csv("events.csv", _EVENT_COLUMNS)
    for i, row in df.iterrows():
        where = f"events.csv row {i + 1} ({row['event_id']})"
        if row["category"] not in CATEGORIES:
            raise AnalysisError(f"{where}: unknown category {row['category']!r}; use one of {CATEGORIES}")
        if row["precision"] not in ("day", "month", "year", "decade"):
            raise AnalysisError(f"{where}: unknown precision {row['precision']!r}")
        if row["dating"] not in _DATINGS:
            raise AnalysisError(f"{where}: unknown dating {row['dating']!r}; use one of {_DATINGS}")
        if date.fromisoformat(row["end"]) < date.fromisoformat(row["start"]):
            raise AnalysisError(f"{where}: interval runs backwards")
    df["start"] = [date.fromisoformat(x) for x in df["start"]]
    df["end"] = [date.fromisoformat(x) for x in df["end"]]
    df["period"] = [period_of(s).name for s in df["start"]]
    df["texts"] = [_texts(s) for s in df["source"]]
    return df


def _texts(cell: str) -> str:
    from analysis.book.provenance import split_cell

    found = set(split_cell(cell))
    return "both" if found == {"article", "interview"} else found.pop()


def load_non_events():
    """``data/date_non_events.csv``: date mentions that are not events, each with a reason."""
    return _read_csv("date_non_events.csv", ["source", "paragraph", "quote", "mention", "reason"])


_VERDICTS = ("agrees", "partly", "disagrees", "unverified")


def load_history_claims():
    """``data/history_claims.csv``: historical claims set against the external record.

    Columns: claim_id, claim, source, paragraph, quote, external_finding, record_values, outlet,
    url, cite_key, verdict, comment. Several outlets, URLs and citation keys in one cell are
    separated by ``" | "``. Raises :class:`AnalysisError` for an unknown verdict, a row without a
    URL, or a record value that its external finding does not state (see :func:`record_values`).
    """
    from analysis.book.provenance import split_cell

    df = _read_csv("history_claims.csv", ["claim_id", "claim", "source", "paragraph", "quote",
                                          "external_finding", "record_values", "outlet", "url",
                                          "cite_key", "verdict", "comment"])
    for i, row in df.iterrows():
        where = f"history_claims.csv row {i + 1} ({row['claim_id']})"
        if row["verdict"] not in _VERDICTS:
            raise AnalysisError(f"{where}: unknown verdict {row['verdict']!r}; use one of {_VERDICTS}")
        urls, outlets = split_cell(row["url"]), split_cell(row["outlet"])
        if not urls or len(urls) != len(outlets) or not all(u.startswith("http") for u in urls):
            raise AnalysisError(f"{where}: needs one URL per outlet")
    record_values(df)
    return df


def claims_tables(claims=None):
    """The claims table split in two for reading at page width: ``(verdicts, quotes)``.

    ``verdicts`` has id, claim, paragraph, verdict and the record's finding followed by its
    sources as HTML links (outlet names linked to their URLs, text HTML-escaped; render with a
    pandas Styler, which leaves HTML as is); ``quotes`` has id, paragraph, the verbatim quote and
    the comment. Both keep the order of ``data/history_claims.csv``.

    >>> v, q = claims_tables()
    >>> list(v.columns), list(q.columns)
    (['id', 'claim', 'paragraph', 'verdict', 'finding and sources'], ['id', 'paragraph', 'quote', 'comment'])
    >>> '<a href="http' in v["finding and sources"].iloc[0]
    True
    """
    import html

    import pandas as pd

    from analysis.book.provenance import split_cell

    claims = load_history_claims() if claims is None else claims
    missing = {"claim_id", "claim", "paragraph", "quote", "external_finding", "outlet", "url",
               "verdict", "comment"} - set(claims.columns)
    if missing:
        raise AnalysisError(f"not a history claims table: missing {sorted(missing)}")

    def _finding(row) -> str:
        links = "; ".join(f'<a href="{html.escape(u, quote=True)}">{html.escape(o)}</a>'
                          for o, u in zip(split_cell(row["outlet"]), split_cell(row["url"])))
        return f"{html.escape(row['external_finding'])} <small>({links})</small>"

    verdicts = pd.DataFrame({
        "id": claims["claim_id"], "claim": claims["claim"].map(html.escape),
        "paragraph": claims["paragraph"], "verdict": claims["verdict"],
        "finding and sources": [_finding(r) for _, r in claims.iterrows()],
    }).reset_index(drop=True)
    quotes = pd.DataFrame({
        "id": claims["claim_id"], "paragraph": claims["paragraph"],
        "quote": claims["quote"].map(html.escape), "comment": claims["comment"].fillna("").map(html.escape),
    }).reset_index(drop=True)
    return verdicts, quotes


def record_values(claims=None) -> dict[str, int]:
    """Numbers from the external record that the chapter's prose uses, by name.

    Each claim row may carry ``record_values``, pairs ``name=number`` separated by ``"; "``
    (e.g. ``dam_from=2007; dam_to=2011``). Every number must stand, as a whole number, in the
    row's ``external_finding``, so a figure the prose quotes from the record can be traced to
    the finding and its outlet. Raises :class:`AnalysisError` naming the row for a malformed
    pair, a name used twice, or a number the finding does not state.

    >>> record_values()["dam_from"]
    2007
    """
    df = claims if claims is not None else load_history_claims()
    out: dict[str, int] = {}
    for i, row in df.iterrows():
        cell = row.get("record_values", "")
        if not isinstance(cell, str) or not cell.strip():
            continue
        where = f"history_claims.csv row {i + 1} ({row['claim_id']})"
        for pair in cell.split(";"):
            m = re.fullmatch(r"\s*([a-z][a-z0-9_]*)=(\d+)\s*", pair)
            if not m:
                raise AnalysisError(f"{where}: record value {pair.strip()!r} is not name=number")
            name, number = m.group(1), m.group(2)
            if name in out:
                raise AnalysisError(f"{where}: record value {name!r} is defined twice")
            if not re.search(rf"(?<!\d){number}(?!\d)", str(row["external_finding"])):
                raise AnalysisError(f"{where}: the external finding does not state {number} ({name})")
            out[name] = int(number)
    return out


def mention_coverage(mentions=None, events=None, non_events=None):
    """Tie every date mention to the event or non-event row whose quote contains it.

    A mention is tied to a row when the row cites the mention's source and paragraph and the
    located quote's span contains the mention's span. Returns the mentions table with the
    columns ``event_id`` (or ``""``) and ``non_event_reason`` (or ``""``); a mention with
    neither is untied (the test suite requires none). Arguments default to the book's tables.
    """
    from analysis.book.provenance import locate_quote, split_cell

    mentions = date_mentions_table() if mentions is None else mentions.copy()
    events = load_events() if events is None else events
    non_events = load_non_events() if non_events is None else non_events
    spans = []  # (source, paragraph, start, end, event_id, reason)
    for _, row in events.iterrows():
        for s, p, q in zip(*(split_cell(row[c]) for c in ("source", "paragraph", "quote"))):
            qm = locate_quote(s, q, p)
            spans.append((s, p, qm.start, qm.end, row["event_id"], ""))
    for _, row in non_events.iterrows():
        qm = locate_quote(row["source"], row["quote"], row["paragraph"])
        spans.append((row["source"], row["paragraph"], qm.start, qm.end, "", row["reason"]))
    event_ids, reasons = [], []
    for _, m in mentions.iterrows():
        hits = [sp for sp in spans if sp[0] == m["source"] and sp[1] == m["paragraph"]
                and sp[2] <= m["start"] and m["end"] <= sp[3]]
        event_ids.append(" | ".join(sorted({h[4] for h in hits if h[4]})))
        reasons.append(" | ".join(h[5] for h in hits if h[5]))
    mentions["event_id"] = event_ids
    mentions["non_event_reason"] = reasons
    return mentions


def event_counts_by_text(events=None):
    """How many events each text tells: a pandas Series indexed article / interview / both."""
    events = load_events() if events is None else events
    return events["texts"].value_counts().reindex(["article", "interview", "both"], fill_value=0)


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


def events_table(events=None):
    """The events for reading: id, when (at its precision), label, category, told by, dating,
    paragraphs. The full table with quotes is ``data/events.csv``."""
    import pandas as pd

    events = load_events() if events is None else events
    return pd.DataFrame({
        "id": events["event_id"],
        "when": [format_interval(s, e, p) for s, e, p in zip(events["start"], events["end"], events["precision"])],
        "event": events["label"],
        "category": events["category"],
        "told by": events["texts"],
        "dating": events["dating"],
        "paragraphs": events["paragraph"],
    }).sort_values("when", key=lambda c: events["start"]).reset_index(drop=True)


def mention_summary(coverage=None):
    """Date mentions per text: how many, how many relative, how many date an event."""
    import pandas as pd

    cov = mention_coverage() if coverage is None else coverage
    rows = []
    for sid, part in cov.groupby("source", sort=True):
        tied = part["event_id"] != ""
        rows.append({"text": sid, "date mentions": len(part), "relative": int(part["relative"].sum()),
                     "date an event": int(tied.sum()), "not an event": int((~tied).sum())})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- figure

_CATEGORY_COLOURS = dict(zip(CATEGORIES, ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00",
                                          "#56B4E9", "#000000", "#F0E442"]))
_TEXT_MARKERS = {"article": "s", "interview": "o", "both": "D"}
_PERIOD_SHADES = ("#efefef", "#ffffff")
_EDGES = {"#F0E442": "#8c8300"}  # yellow markers need a darker edge on white


def _year_float(d: date) -> float:
    start = date(d.year, 1, 1)
    days = (date(d.year + 1, 1, 1) - start).days
    return d.year + (d - start).days / days


def timeline_figure(events=None, title: str | None = None, width: float = 9.0):
    """The timeline: one row per category, events by date, periods shaded.

    Two panels share the rows: 1955–2014 on the left and, stretched, 2015–2021 on the right,
    where the texts' dated events crowd. Marker shape says which text tells the event (square
    article, circle interview, diamond both); a hollow marker means the texts give no date and
    the date comes from inference or the external record; a bar shows an interval longer than
    a year. Returns the matplotlib figure; an empty table raises :class:`AnalysisError`.
    """
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    from analysis.display.plotting import apply_style, legible, min_font_size

    events = load_events() if events is None else events
    if len(events) == 0:
        raise AnalysisError("timeline_figure() needs at least one event")
    apply_style()
    cats = [c for c in CATEGORIES if c in set(events["category"])]
    fig, axes = plt.subplots(1, 2, figsize=(width, 0.5 * len(cats) + 3.0), sharey=True,
                             gridspec_kw={"width_ratios": [3, 2], "wspace": 0.04})
    spans = [(1955.0, 2015.0), (2015.0, 2022.3)]
    label_pt = min_font_size(fig)
    # the panels' share of the figure's width (see subplots_adjust and width_ratios below)
    panel_in = [width * 0.76 * 3 / 5, width * 0.76 * 2 / 5]
    labels = []
    for k, (ax, (lo, hi)) in enumerate(zip(axes, spans)):
        for i, p in enumerate(PERIODS):
            x0, x1 = _year_float(p.start), _year_float(p.end) + 1 / 365
            if x1 <= lo or x0 >= hi:
                continue
            ax.axvspan(x0, x1, color=_PERIOD_SHADES[i % 2], zorder=0, lw=0)
            # wrap the period's name to the width of its band (a character is about 0.6 em)
            band_pt = (min(x1, hi) - max(x0, lo)) / (hi - lo) * panel_in[k] * 72
            name = textwrap.fill(p.name, width=max(5, int(band_pt / (0.6 * label_pt))), break_long_words=False)
            labels.append((ax, (max(x0, lo) + min(x1, hi)) / 2, name))
    lines = max(name.count("\n") + 1 for _, _, name in labels)
    top = len(cats) - 0.45 + 0.45 * lines
    for ax, x, name in labels:
        ax.text(x, top - 0.05, name, ha="center", va="top", fontsize=label_pt, color="#333333",
                linespacing=1.1)
    for ax, (lo, hi) in zip(axes, spans):
        for _, e in events.iterrows():
            y = cats.index(e["category"])
            x0, x1 = _year_float(e["start"]), _year_float(e["end"])
            colour = _CATEGORY_COLOURS[e["category"]]
            edge = _EDGES.get(colour, colour)
            if x1 - x0 > 1:
                ax.plot([x0, x1], [y, y], color=colour, lw=3, alpha=0.45, solid_capstyle="butt", zorder=2)
            if not lo <= x0 < hi:
                continue  # the marker belongs to the other panel; the bar is clipped here
            hollow = e["dating"] in ("inferred", "external")
            ax.scatter([x0], [y], marker=_TEXT_MARKERS[e["texts"]], s=64, zorder=3, clip_on=True,
                       facecolors="white" if hollow else colour, edgecolors=edge, linewidths=1.6)
        ax.set_xlim(lo, hi)
        ax.grid(axis="x", color="#dddddd", lw=0.6, zorder=1)
    axes[1].spines["left"].set_visible(False)
    axes[1].tick_params(axis="y", length=0)
    axes[1].set_xticks(range(2015, 2023))
    axes[1].set_xticklabels([str(y) if y % 2 == 1 else "" for y in range(2015, 2023)])
    axes[0].set_yticks(range(len(cats)), cats)
    axes[0].set_ylim(-0.7, top)
    fig.supxlabel("year (marker at an event's start; bars span multi-year events; right panel stretched)",
                  fontsize=10, y=0.13)
    handles = [Line2D([], [], marker=_TEXT_MARKERS[k], ls="", color="#555555", markersize=7, label=lab)
               for k, lab in (("article", "article only"), ("interview", "interview only"), ("both", "both texts"))]
    handles.append(Line2D([], [], marker="o", ls="", markerfacecolor="white", markeredgecolor="#555555",
                          markersize=7, label="undated in the texts"))
    fig.legend(handles=handles, loc="lower center", ncol=4, fontsize=9, frameon=False)
    fig.suptitle(title or "Events the two texts date, 1956–2021, by category", fontweight="bold")
    legible(fig)
    fig.subplots_adjust(left=0.22, right=0.98, top=0.9, bottom=0.24)
    return fig
