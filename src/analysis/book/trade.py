"""Trade and aid figures: the quantities in the texts, what they imply, and whose they are.

Three layers, one direction:

1. **Extraction.** :func:`find_quantities` reads every quantity in a text: money
   (``USD$229.2 million``, ``1.5 bn US dollars``), percentages (``about 90%``), multiples
   (``seven times lower``), spans of time (``a decade``, ``six decades``) and counts
   (``40,000 volunteers``, ``8 thousand Cambodians``), each with its hedge (``about``, ``more
   than``, ``up to``, ``just`` …) as a qualifier and its character offsets.
   :func:`quantity_table` does the same for a whole source, paragraph by paragraph, with offsets
   in the cleaned text (:attr:`analysis.book.sources.Source.text`).
2. **Curated tables.** ``data/trade_figures.csv`` (what the texts state, each row with source,
   paragraph and verbatim quote) and ``data/trade_external.csv`` (what other outlets report,
   each row with outlet, URL and whose statistics the number is); see :func:`load_trade_figures`
   and :func:`load_trade_external`.
3. **Derived indicators**, each a small function of stated numbers: parts against the stated
   total with a rounding test, balances, export coverage, flow shares, the textile value, the
   level and growth implied by a multiple over a span, the readings of the garbled aid sentence,
   and mirror ratios between partners' records.

Conventions
-----------
* Money is in US dollars; derived tables use **USD million**. A money figure written without a
  scale word (``up to USD$100``) is kept with ``value=None`` and a flag: the scale is not
  guessed. In a sentence about aid budgets it is probably "million", but that is a reading,
  and readings live in :func:`aid_readings`.
* Numbers: ``,`` groups thousands and ``.`` marks decimals (English convention, the texts'
  own). A non-breaking, thin or narrow no-break space also groups thousands (``40 000``).
  Grouping must be regular (``1,23`` is refused, not read as 123).
* Refused with a :class:`QuantityError`: empty text, a negative or zero money figure or count,
  a percentage above ``max_percent`` (100 by default: the texts' percentages are shares),
  a malformed number, a range given as one amount (``USD 10–12 million``).
* A *hedge* (qualifier) is the word or phrase right before the quantity, from
  :data:`QUALIFIERS`; ``""`` when there is none.
* Years, days of the month, ordinals (``65th``) and numbers inside words (``COVID-19``) are not
  quantities here; the history chapter reads dates.
* Rounding: a figure written with *d* decimals stands for an interval of ± half a unit of its
  last digit (``229.2`` → ± 0.05; ``246`` → ± 0.5). A sum of parts is *consistent with
  rounding* when the interval of the sum overlaps that of the stated total.
* Compound annual growth rate: ``CAGR = multiple ** (1 / years) - 1``.
* Balance is exports minus imports of the reporting side; coverage is exports / imports.
* A mirror ratio is one side's recorded flow divided by the partner's record of the same flow
  (e.g. Russia's imports from Cambodia ÷ Cambodia's exports to Russia); 1 means the records
  agree. Why records differ (origin vs consignment, re-exports, CIF vs FOB, timing) is stated
  as hypotheses in :data:`MIRROR_HYPOTHESES`; the recording conventions are those of United
  Nations, *International Merchandise Trade Statistics: Concepts and Definitions 2010*
  (Series M No. 52, Rev. 3): imports by country of origin and valued CIF, exports by country
  of last known destination and valued FOB.

Example
-------
>>> [(q.kind, q.value, q.qualifier) for q in find_quantities("it was about USD$246 million")]
[('money', 246000000.0, 'about')]
>>> round(implied_cagr(7, 10), 4)
0.2148
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass
from typing import Iterable, Mapping

from analysis.core.errors import AnalysisError

__all__ = [
    "QuantityError",
    "Quantity",
    "QUALIFIERS",
    "MIRROR_HYPOTHESES",
    "AID_READINGS",
    "parse_number",
    "parse_money",
    "rounding_step",
    "find_quantities",
    "quantity_table",
    "load_trade_figures",
    "load_trade_external",
    "parts_vs_total",
    "trade_balance",
    "export_coverage",
    "flow_shares",
    "share_value",
    "implied_start_level",
    "implied_cagr",
    "implied_growth_grid",
    "implied_growth_range",
    "implied_path",
    "aid_readings",
    "mirror_ratio",
    "mirror_table",
    "trade_indicators",
    "flows_figure",
    "composition_figure",
    "growth_path_figure",
    "mirror_figure",
    "growth_range_figure",
]


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
_NUMBER = (rf"\d{{1,3}}(?:[,{_GROUP_SPACES}]\d{{3}})+(?:\.\d+)?"
           r"|\d+(?:\.\d+)?")
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
    rf"(?<![\w{_DASHES}.,$]){_SIGN}(?P<num>{_NUMBER})(?:\s+(?P<scale>thousand|million|billion)\b)?"
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
    analysis.book.trade.QuantityError: '1,23' is not a number in the English convention (1,234.5)
    """
    s = _check_text(written, "a number").strip()
    if s.lower() in _WORD_NUMBERS:
        return float(_WORD_NUMBERS[s.lower()])
    if s and s[0] in _DASH_CHARS:
        raise QuantityError(f"{written!r} is negative; trade and aid figures here are magnitudes")
    if not _NUMBER_RE.fullmatch(s):
        raise QuantityError(f"{written!r} is not a number in the English convention (1,234.5)")
    return float(re.sub(rf"[,{_GROUP_SPACES}]", "", s))


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
    num = m.group("num")
    after = text[m.end("num"):m.end("num") + 12]
    before = text[max(0, m.start("num") - 12):m.start("num")]
    if re.match(r"[\s\u00a0]*(?:[" + _DASHES + r"]\s*\d+\s*)?(?:" + "|".join(_MONTHS) + r")\b", after):
        return True  # a day of the month: "13 May", "23-24 November"
    if re.search(r"(?:" + "|".join(_MONTHS) + r")\s*$", before):
        return True  # "May 2016"
    if re.fullmatch(r"1[5-9]\d\d|20\d\d", num):
        return True  # a year, read by the history chapter
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


def quantity_table(source, max_percent: float = 100.0):
    """Every quantity in a source, paragraph by paragraph, as a pandas DataFrame.

    ``source`` is a source id or a :class:`~analysis.book.sources.Source`. Columns: source,
    paragraph, kind, text, number, scale, value, unit, qualifier, direction, flag, start, end;
    ``start``/``end`` are offsets in the cleaned text, so ``src.text[start:end] == text``.
    Turn labels ("Borovik: ") are not read.
    """
    import pandas as pd

    from analysis.book.sources import Source, load_source

    src = source if isinstance(source, Source) else load_source(source)
    rows = []
    for p in src.paragraphs:
        if not p.content.strip():
            continue
        for q in find_quantities(p.content, max_percent=max_percent):
            d = asdict(q)
            d.update(source=src.id, paragraph=p.id, start=q.start + p.content_start, end=q.end + p.content_start)
            rows.append(d)
    cols = ["source", "paragraph", "kind", "text", "number", "scale", "value", "unit", "qualifier",
            "direction", "flag", "start", "end"]
    return pd.DataFrame(rows, columns=cols)


# --------------------------------------------------------------------------- curated tables

_FIGURE_COLUMNS = ["id", "year", "flow", "reporter", "partner", "value", "unit", "qualifier",
                   "source", "paragraph", "quote", "note"]
_EXTERNAL_COLUMNS = ["id", "year", "flow", "reporter", "partner", "value", "unit", "qualifier",
                     "whose_data", "outlet", "url", "note"]


def _read_table(name: str, columns: list[str]):
    import pandas as pd

    from analysis.book.paths import data_dir

    path = data_dir() / name
    try:
        df = pd.read_csv(path, dtype={"year": str, "paragraph": str}, keep_default_na=False,
                         na_values={"value": [""]})
    except FileNotFoundError:
        raise QuantityError(f"curated table not found: {path}") from None
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise QuantityError(f"{name}: missing column(s) {missing}")
    if df["id"].duplicated().any():
        raise QuantityError(f"{name}: duplicate id(s) {sorted(df.loc[df['id'].duplicated(), 'id'])}")
    if (df["value"] <= 0).any():
        raise QuantityError(f"{name}: non-positive value in row(s) {list(df.loc[df['value'] <= 0, 'id'])}")
    return df.set_index("id", drop=False)


def load_trade_figures():
    """The curated figures the two texts state: ``data/trade_figures.csv`` as a DataFrame.

    One row per stated figure, indexed by ``id``; ``value`` is in ``unit`` (``USD million``,
    ``percent``, ``times`` …); ``reporter`` says whose statistics the text cites. Every row
    carries ``source``, ``paragraph`` and a verbatim ``quote`` (checked by
    :func:`analysis.book.provenance.validate_quotes` in the tests).
    """
    return _read_table("trade_figures.csv", _FIGURE_COLUMNS)


def load_trade_external():
    """External trade and aid figures, as reported: ``data/trade_external.csv``.

    Taken from the project's external record (stored copies of public pages); each row
    carries ``whose_data`` (the statistical office behind the number), ``outlet`` and ``url``.
    None was checked against a primary database.
    """
    df = _read_table("trade_external.csv", _EXTERNAL_COLUMNS)
    bad = df.loc[~df["url"].str.startswith("http") & (df["url"] != "the interview"), "id"]
    if len(bad):
        raise QuantityError(f"trade_external.csv: row(s) {list(bad)} lack a URL")
    return df


# --------------------------------------------------------------------------- indicators

def _positive(name: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
        raise QuantityError(f"{name} must be a number, got {value!r}")
    if value <= 0:
        raise QuantityError(f"{name} must be positive, got {value!r}")
    return float(value)


def parts_vs_total(parts: Mapping[str, float], total: float, part_steps: Mapping[str, float] | None = None,
                   total_step: float = 1.0) -> dict:
    """Sum of the parts against a stated total, and whether the gap is rounding.

    Each figure stands for an interval of ± half its rounding step (see :func:`rounding_step`).
    ``consistent`` is True when the interval of the sum overlaps the total's interval, i.e.
    ``|difference| <= (total_step + sum(part_steps)) / 2``.

    >>> r = parts_vs_total({"imports": 229.2, "exports": 17}, 246, {"imports": 0.1, "exports": 1})
    >>> round(r["sum"], 1), round(r["difference"], 1), r["tolerance"], r["consistent"]
    (246.2, 0.2, 1.05, True)
    """
    if not parts:
        raise QuantityError("parts_vs_total needs at least one part")
    vals = {k: _positive(f"part {k!r}", v) for k, v in parts.items()}
    total = _positive("total", total)
    steps = {k: 0.0 for k in vals} if part_steps is None else dict(part_steps)
    unknown = set(steps) - set(vals)
    if unknown:
        raise QuantityError(f"rounding steps given for unknown part(s) {sorted(unknown)}")
    s = sum(vals.values())
    tol = (total_step + sum(steps.get(k, 0.0) for k in vals)) / 2
    diff = s - total
    return {"sum": s, "total": total, "difference": diff, "relative_difference": diff / total,
            "tolerance": tol, "consistent": abs(diff) <= tol + 1e-12}


def trade_balance(exports: float, imports: float) -> float:
    """Exports minus imports of one reporting side (negative: a deficit).

    >>> round(trade_balance(17, 229.2), 1)
    -212.2
    """
    return _positive("exports", exports) - _positive("imports", imports)


def export_coverage(exports: float, imports: float) -> float:
    """Export coverage of imports, exports / imports (a ratio; × 100 for percent).

    >>> round(export_coverage(17, 229.2), 4)
    0.0742
    """
    return _positive("exports", exports) / _positive("imports", imports)


def flow_shares(flows: Mapping[str, float], total: float | None = None) -> dict[str, float]:
    """Each flow's share of ``total`` (default: the sum of the flows), as fractions.

    >>> {k: round(v, 3) for k, v in flow_shares({"imports": 229.2, "exports": 17}).items()}
    {'imports': 0.931, 'exports': 0.069}
    """
    if not flows:
        raise QuantityError("flow_shares needs at least one flow")
    vals = {k: _positive(f"flow {k!r}", v) for k, v in flows.items()}
    denom = sum(vals.values()) if total is None else _positive("total", total)
    return {k: v / denom for k, v in vals.items()}


def share_value(total: float, share_percent: float, share_range: tuple[float, float] | None = None) -> dict:
    """The money a percentage share of a total stands for, with a range for a hedged share.

    ``share_range`` (percent) brackets a hedged share: "about 90%" read to the nearest five
    points is 85–95. Returns ``value``, ``low``, ``high`` in the unit of ``total``.

    >>> {k: round(v, 1) for k, v in share_value(229.2, 90, (85, 95)).items()}
    {'value': 206.3, 'low': 194.8, 'high': 217.7}
    """
    total = _positive("total", total)
    pct = _positive("share", share_percent)
    lo, hi = share_range if share_range is not None else (pct, pct)
    for name, v in (("share", pct), ("share range low", lo), ("share range high", hi)):
        if not 0 < v <= 100:
            raise QuantityError(f"{name} must lie in (0, 100] percent, got {v!r}")
    if not lo <= pct <= hi:
        raise QuantityError(f"share {pct}% lies outside its range {lo}–{hi}%")
    return {"value": total * pct / 100, "low": total * lo / 100, "high": total * hi / 100}


def implied_start_level(end_value: float, multiple: float) -> float:
    """The earlier level implied by "``multiple`` times lower": ``end_value / multiple``.

    >>> round(implied_start_level(246, 7), 1)
    35.1
    """
    m = _positive("multiple", multiple)
    if m < 1:
        raise QuantityError(f"a multiple 'times lower' must be at least 1, got {multiple!r}")
    return _positive("end value", end_value) / m


def implied_cagr(multiple: float, years: float) -> float:
    """Compound annual growth rate that turns 1 into ``multiple`` in ``years``.

    Convention: ``multiple ** (1 / years) - 1`` (geometric mean growth).

    >>> round(implied_cagr(7, 10), 4)
    0.2148
    """
    m = _positive("multiple", multiple)
    if m < 1:
        raise QuantityError(f"a multiple 'times lower' must be at least 1, got {multiple!r}")
    return m ** (1 / _positive("years", years)) - 1


def implied_growth_grid(end_value: float, multiples: Iterable[float], spans: Iterable[float]):
    """One row per (multiple, span): the implied start level and CAGR (DataFrame).

    >>> implied_growth_grid(246, [7], [10]).round(3).to_dict("records")
    [{'multiple': 7.0, 'years': 10.0, 'start_level': 35.143, 'cagr': 0.215}]
    """
    import pandas as pd

    rows = [{"multiple": float(m), "years": float(y), "start_level": implied_start_level(end_value, m),
             "cagr": implied_cagr(m, y)} for m in multiples for y in spans]
    if not rows:
        raise QuantityError("implied_growth_grid needs at least one multiple and one span")
    return pd.DataFrame(rows)


def implied_growth_range(end_value: float, multiple: float = 7, years: float = 10,
                         multiple_range: tuple[float, float] = (6.5, 7.5),
                         years_range: tuple[float, float] = (9, 11)) -> dict:
    """The default reading of "``multiple`` times lower ``years`` ago" and the range rounding allows.

    "Seven" read as a rounded number covers 6.5–7.5; "a decade" covers 9–11 years. The
    extremes of the CAGR are at (high multiple, short span) and (low multiple, long span);
    the start level depends on the multiple only.

    >>> r = implied_growth_range(246)
    >>> round(r["cagr"], 3), round(r["cagr_low"], 3), round(r["cagr_high"], 3)
    (0.215, 0.185, 0.251)
    """
    (m_lo, m_hi), (y_lo, y_hi) = multiple_range, years_range
    if not (m_lo <= multiple <= m_hi and y_lo <= years <= y_hi):
        raise QuantityError(f"the default ({multiple}, {years}) lies outside its ranges {multiple_range}, {years_range}")
    return {
        "end_value": _positive("end value", end_value), "multiple": multiple, "years": years,
        "start_level": implied_start_level(end_value, multiple), "cagr": implied_cagr(multiple, years),
        "start_level_low": implied_start_level(end_value, m_hi),
        "start_level_high": implied_start_level(end_value, m_lo),
        "cagr_low": implied_cagr(m_lo, y_hi), "cagr_high": implied_cagr(m_hi, y_lo),
    }


def implied_path(end_value: float, end_year: int, multiple: float, years: float):
    """The constant-growth path from the implied start level to ``end_value`` (pandas Series).

    Indexed by whole years from ``end_year - years`` (rounded down) to ``end_year``.

    >>> s = implied_path(246, 2019, 7, 10)
    >>> round(float(s[2009]), 1), round(float(s[2019]), 1)
    (35.1, 246.0)
    """
    import pandas as pd

    g = implied_cagr(multiple, years)
    end_value = _positive("end value", end_value)
    first = int(math.floor(end_year - years))
    idx = list(range(first, int(end_year) + 1))
    return pd.Series([end_value / (1 + g) ** (end_year - y) for y in idx], index=idx, name="implied")


#: Readings of the aid sentence in I14, "Since 1979 to 1990 an annual allocation of up to
#: USD$100 was made, with more than USD$80 million from the USSR". Each gives the all-donor
#: ceiling and the Soviet floor per year, in USD million, as functions of the span in years.
AID_READINGS = {
    "A": ("both figures per year: up to USD 100 million a year from all donors, of which more "
          "than USD 80 million a year from the USSR"),
    "B": ("USD 100 million a year from all donors; more than USD 80 million from the USSR over "
          "the whole period"),
    "C": ("both figures for the whole period: up to USD 100 million in all, of which more than "
          "USD 80 million from the USSR"),
    "D": "literal: up to USD 100 (dollars) a year, of which more than USD 80 million from the USSR",
}


def aid_readings(years: float = 12, ceiling: float = 100.0, soviet: float = 80.0):
    """The readings of the aid sentence side by side, with what each implies over the span.

    ``years`` is the span "since 1979 to 1990": 12 counting both end years, 11 if 1990 is
    excluded. Money in USD million. Columns: reading, text, all_per_year, ussr_per_year,
    all_period, ussr_period, ussr_share (USSR floor ÷ all-donor ceiling; above 1 means the
    part exceeds the whole, i.e. the reading contradicts itself), coherent.

    >>> t = aid_readings(12).set_index("reading")
    >>> float(t.loc["A", "all_period"]), float(t.loc["A", "ussr_period"]), bool(t.loc["D", "coherent"])
    (1200.0, 960.0, False)
    """
    import pandas as pd

    y = _positive("years", years)
    if y != int(y) or not 1 <= y <= 50:
        raise QuantityError(f"the span must be a whole number of years between 1 and 50, got {years!r}")
    c, s = _positive("ceiling", ceiling), _positive("soviet", soviet)
    per_year = {
        "A": (c, s),
        "B": (c, s / y),
        "C": (c / y, s / y),
        "D": (c / 1e6, s),  # literal dollars, in USD million
    }
    rows = []
    for key, (all_y, ussr_y) in per_year.items():
        rows.append({"reading": key, "text": AID_READINGS[key], "all_per_year": all_y,
                     "ussr_per_year": ussr_y, "all_period": all_y * y, "ussr_period": ussr_y * y,
                     "ussr_share": ussr_y / all_y, "coherent": ussr_y <= all_y})
    return pd.DataFrame(rows)


def mirror_ratio(reporter_value: float, partner_value: float) -> float:
    """One side's record of a flow divided by the partner's record of the same flow.

    >>> round(mirror_ratio(229.2, 51.81), 2)
    4.42
    """
    return _positive("reporter value", reporter_value) / _positive("partner value", partner_value)


#: Standard reasons why partners' records of the same trade differ. Hypotheses, not findings:
#: the book has no transaction data to test them.
MIRROR_HYPOTHESES = {
    "origin vs consignment": ("Importers record goods by country of origin, exporters by country "
                              "of last consignment: Cambodian-made garments shipped via a third "
                              "country count as Cambodian in Russia's books, not as exports to "
                              "Russia in Cambodia's."),
    "re-exports": ("Goods leave Cambodia for a hub (Singapore, China, the EU) and are re-exported "
                   "to Russia; Cambodia records the hub as the destination."),
    "CIF vs FOB": ("Imports are valued CIF (with freight and insurance), exports FOB (without): "
                   "the importer's record is higher by the cost of freight and insurance."),
    "timing": ("Goods shipped in December arrive in January: a flow can fall in different "
               "calendar years in the two records."),
    "coverage": ("The Cambodian figure is for the whole Eurasian Economic Union, which includes "
                 "Russia; it is an upper bound on exports to Russia, so the Russia-only "
                 "discrepancy can only be larger."),
}


def mirror_table(external=None):
    """Russia's records against Cambodia's for every year and flow that both report (DataFrame).

    Pairs rows of :func:`load_trade_external` with the same ``year`` and ``flow`` (``KH_to_RU``,
    ``RU_to_KH``, ``turnover``) whose ``reporter`` is Russia on one side and Cambodia on the
    other. Columns: year, flow, russian_record, cambodian_record, cambodian_partner (Russia or
    the whole EAEU), ratio (Russian ÷ Cambodian), russian_source, cambodian_source.
    """
    import pandas as pd

    ext = load_trade_external() if external is None else external
    labels = {"KH_to_RU": "Cambodian goods to Russia", "RU_to_KH": "Russian goods to Cambodia",
              "turnover": "turnover"}
    rows = []
    for flow, label in labels.items():
        ru = ext[(ext["flow"] == flow) & (ext["reporter"] == "Russia")]
        kh = ext[(ext["flow"] == flow) & (ext["reporter"] == "Cambodia")]
        for year in sorted(set(ru["year"]) & set(kh["year"])):
            r = ru[ru["year"] == year].iloc[0]
            k = kh[kh["year"] == year].iloc[0]
            rows.append({"year": year, "flow": label, "russian_record": float(r["value"]),
                         "cambodian_record": float(k["value"]), "cambodian_partner": k["partner"],
                         "ratio": mirror_ratio(float(r["value"]), float(k["value"])),
                         "russian_source": f"{r['whose_data']}, {r['outlet']}",
                         "cambodian_source": f"{k['whose_data']}, {k['outlet']}"})
    if not rows:
        raise QuantityError("no year has both a Russian and a Cambodian record of the same flow")
    return pd.DataFrame(rows)


def trade_indicators(figures=None, external=None) -> dict:
    """Every derived indicator of the trade chapter, computed from the curated tables.

    A flat ``{name: value}`` dict (money in USD million, shares and growth rates as fractions,
    years as ints) that the chapter glues into its prose, so that no number is typed by hand.
    Rounding steps of the stated figures are read from how they are written (:func:`rounding_step`).

    >>> ind = trade_indicators()
    >>> round(ind["parts_sum"], 1), ind["parts_consistent"], round(ind["cagr"], 3)
    (246.2, True, 0.215)
    """
    f = load_trade_figures() if figures is None else figures
    ext = load_trade_external() if external is None else external
    year = int(f.loc["T02", "year"])
    total, imports, exports = (float(f.loc[k, "value"]) for k in ("T01", "T02", "T03"))
    steps = {k: rounding_step(str(f.loc[k, "quote"]).split("USD$")[1].split()[0]) for k in ("T01", "T02", "T03")}
    parts = parts_vs_total({"imports": imports, "exports": exports}, total,
                           {"imports": steps["T02"], "exports": steps["T03"]}, steps["T01"])
    shares = flow_shares({"imports": imports, "exports": exports})
    textile_pct = float(f.loc["T04", "value"])
    # "about 90%" read to the nearest ten points: 85-95
    textile = share_value(imports, textile_pct, (textile_pct - 5, textile_pct + 5))
    multiple = float(f.loc["T05", "value"])
    span = year - int(f.loc["T05", "year"])
    rng = implied_growth_range(total, multiple, span)
    path = implied_path(total, year, multiple, span)
    turnover = ext[(ext["flow"] == "turnover") & (ext["reporter"] == "Russia")].set_index("year")["value"]
    # the other Russian-reported years, earliest and latest before the end year
    others = sorted(int(y) for y in turnover.index if int(y) < year)
    y2015, y2018 = others[0], others[-1]
    t2015, t2018 = float(turnover[str(y2015)]), float(turnover[str(y2018)])
    # TASS's "up 21.5% on 2017" stands in the note of the 2018 row
    note = ext[(ext["flow"] == "turnover") & (ext["year"] == str(y2018))]["note"].iloc[0]
    tass_growth = next(q.value for q in find_quantities(note, max_percent=1000) if q.kind == "percent") / 100
    year_2017 = int(re.search(r"(?:19|20)\d\d", note).group(0))
    from analysis.book.sources import load_source
    interview_year = int(load_source(str(f.loc["T02", "source"])).meta["reference_date"][:4])
    aid_first, aid_last = (int(x) for x in str(f.loc["T06", "year"]).replace("–", "-").split("-"))
    aid_years = aid_last - aid_first + 1
    aid = aid_readings(aid_years).set_index("reading")
    aid11 = aid_readings(aid_years - 1).set_index("reading")
    plan = ext.loc["E18"]
    mirror = mirror_table(ext).set_index("flow")
    kh = ext[(ext["reporter"] == "Cambodia") & (ext["year"] == str(year))].set_index("flow")["value"]
    ind = {
        "year": year, "start_year": year - span, "interview_year": interview_year,
        "total": total, "imports": imports, "exports": exports,
        "parts_sum": parts["sum"], "parts_difference": parts["difference"],
        "parts_relative_difference": parts["relative_difference"], "parts_tolerance": parts["tolerance"],
        "parts_consistent": parts["consistent"],
        "balance_russia": trade_balance(exports, imports), "balance_cambodia": trade_balance(imports, exports),
        "deficit_russia": -trade_balance(exports, imports),
        "coverage_russia": export_coverage(exports, imports), "coverage_cambodia": export_coverage(imports, exports),
        "share_imports": shares["imports"], "share_exports": shares["exports"],
        "share_imports_of_stated": imports / total, "share_exports_of_stated": exports / total,
        "textile_share": textile_pct / 100, "textile_share_low": textile_pct / 100 - 0.05,
        "textile_share_high": textile_pct / 100 + 0.05,
        "textile_value": textile["value"], "textile_low": textile["low"], "textile_high": textile["high"],
        "other_imports_value": imports - textile["value"],
        "multiple": multiple, "span": span, "multiple_low": 6.5, "multiple_high": 7.5, "span_low": 9, "span_high": 11,
        "start_level": rng["start_level"], "start_level_low": rng["start_level_low"],
        "start_level_high": rng["start_level_high"],
        "cagr": rng["cagr"], "cagr_low": rng["cagr_low"], "cagr_high": rng["cagr_high"],
        "year_2015": y2015, "reported_2015": t2015, "path_2015": float(path[y2015]),
        "gap_2015": t2015 / float(path[y2015]) - 1,
        "year_2018": y2018, "reported_2018": t2018, "path_2018": float(path[y2018]),
        "gap_2018": t2018 / float(path[y2018]) - 1,
        "growth_2018_2019": total / t2018 - 1, "tass_growth_2017_2018": tass_growth,
        "implied_2017_from_tass": t2018 / (1 + tass_growth), "year_2017": year_2017,
        "cagr_2015_2019": (total / t2015) ** (1 / (year - y2015)) - 1,
        "aid_first": aid_first, "aid_last": aid_last, "aid_years": aid_years, "aid_years_short": aid_years - 1,
        "plan_roubles": float(plan["value"]), "plan_roubles_per_year": float(plan["value"]) / aid_years,
        "soviet_1983": float(ext.loc["E01", "value"]), "soviet_1985": float(ext.loc["E02", "value"]),
        "samoilenko_per_year": float(ext.loc["E17", "value"]),
        "mirror_exports_kh": float(mirror.loc["Cambodian goods to Russia", "ratio"]),
        "mirror_imports_kh": float(mirror.loc["Russian goods to Cambodia", "ratio"]),
        "mirror_turnover": float(mirror.loc["turnover", "ratio"]),
        "cif_margin_needed": float(mirror.loc["Cambodian goods to Russia", "ratio"]) - 1,
        "kh_exports_eaeu": float(kh["KH_to_RU"]), "kh_imports_eaeu": float(kh["RU_to_KH"]),
        "kh_turnover_eaeu": float(kh["turnover"]),
        "kh_balance_eaeu": float(kh["KH_to_RU"]) - float(kh["RU_to_KH"]),
        "kh_mirror_gap": imports - float(kh["KH_to_RU"]),
    }
    for key in aid.index:
        for col in ("all_per_year", "ussr_per_year", "all_period", "ussr_period", "ussr_share"):
            ind[f"aid_{key}_{col}"] = float(aid.loc[key, col])
            ind[f"aid11_{key}_{col}"] = float(aid11.loc[key, col])
    return ind


# --------------------------------------------------------------------------- figures

_SOURCE_NOTE = "Source: {}."


def _note(fig, text: str) -> None:
    fig.text(0.01, 0.01, text, ha="left", va="bottom", fontsize=8.5, color="#444444")


def flows_figure(imports: float, exports: float, total: float, year: int = 2019):
    """Bar chart of Russia's 2019 imports, exports, their sum, the stated total and the balance."""
    from analysis.display.plotting import OKABE_ITO, new_figure

    fig, ax = new_figure(9, 5.0)
    labels = ["Russia's imports\nfrom Cambodia", "Russia's exports\nto Cambodia", "sum of the\ntwo flows",
              "stated total\n(\"about\")", "balance\n(Russia's side)"]
    bal = trade_balance(exports, imports)
    vals = [imports, exports, imports + exports, total, bal]
    colours = [OKABE_ITO["blue"], OKABE_ITO["orange"], OKABE_ITO["sky_blue"], OKABE_ITO["black"],
               OKABE_ITO["vermillion"]]
    bars = ax.bar(labels, vals, color=colours)
    for b, v in zip(bars, vals):
        ax.annotate(f"{v:,.1f}", (b.get_x() + b.get_width() / 2, v), xytext=(0, 3 if v >= 0 else -12),
                    textcoords="offset points", ha="center", fontsize=10)
    ax.axhline(0, color="#333333", lw=0.8)
    ax.set_ylabel("USD million")
    ax.set_ylim(bal * 1.25, max(vals) * 1.15)
    ax.set_title(f"In {year} Russia bought {imports / exports:.1f} times what it sold to Cambodia:\n"
                 f"a deficit of USD {-bal:,.1f} million on its own records")
    fig.subplots_adjust(bottom=0.22)
    _note(fig, _SOURCE_NOTE.format("interview, I19–I20, citing the Russian Federal Customs Service "
                                   "(Russian data); sum and balance computed"))
    return fig


def composition_figure(imports: float, textile_share: tuple[float, float, float], exports: float):
    """Two stacked bars: Russia's imports split into textile (with its range) and the rest; exports.

    ``textile_share`` is (value, low, high) in percent.
    """
    from analysis.display.plotting import OKABE_ITO, new_figure

    pct, lo, hi = textile_share
    tex = share_value(imports, pct, (lo, hi))
    fig, ax = new_figure(9, 3.8)
    ax.barh(["Russia's imports\nfrom Cambodia"], [tex["value"]], color=OKABE_ITO["reddish_purple"],
            label=f"textiles (\"about {pct:g}%\")")
    ax.barh(["Russia's imports\nfrom Cambodia"], [imports - tex["value"]], left=[tex["value"]],
            color=OKABE_ITO["sky_blue"], label="tanning and other goods")
    ax.errorbar([tex["value"]], [0], xerr=[[tex["value"] - tex["low"]], [tex["high"] - tex["value"]]],
                fmt="none", ecolor="black", capsize=6, lw=1.2, label=f"{lo:g}–{hi:g}% range")
    ax.barh(["Russia's exports\nto Cambodia"], [exports], color=OKABE_ITO["orange"],
            label="machinery, vehicles, wood and paper,\nagricultural and chemical goods (no split given)")
    ax.set_xlabel("USD million, 2019")
    ax.set_xlim(0, imports * 1.05)
    ax.set_title(f"Textiles were about USD {tex['value']:.0f} million of Russia's imports from Cambodia")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.28), ncol=2, fontsize=9)
    fig.subplots_adjust(bottom=0.42, left=0.18)
    _note(fig, _SOURCE_NOTE.format("interview, I20–I21 (Russian customs data as cited); "
                                   "textile value computed as share × imports"))
    return fig


def growth_path_figure(end_value: float, end_year: int, reported: Mapping[int, tuple[float, str]],
                       multiple: float = 7, years: float = 10,
                       multiple_range: tuple[float, float] = (6.5, 7.5),
                       years_range: tuple[float, float] = (9, 11)):
    """The constant-growth path implied by "seven times lower a decade ago", with its range band,
    against the other reported years (``reported``: year → (USD million, label))."""
    from analysis.display.plotting import OKABE_ITO, new_figure

    fig, ax = new_figure(9, 4.8)
    corners = [implied_path(end_value, end_year, m, y) for m in multiple_range for y in years_range]
    # the band covers the years every corner path reaches; the start levels get their own bar
    first = int(end_year - min(years_range))
    band_years = list(range(first, int(end_year) + 1))
    lo = [min(p[yr] for p in corners) for yr in band_years]
    hi = [max(p[yr] for p in corners) for yr in band_years]
    ax.fill_between(band_years, lo, hi, color=OKABE_ITO["sky_blue"], alpha=0.35, lw=0,
                    label=f"range: {multiple_range[0]:g}–{multiple_range[1]:g} times over "
                          f"{years_range[0]:g}–{years_range[1]:g} years")
    rng = implied_growth_range(end_value, multiple, years, multiple_range, years_range)
    start_year = end_year - years
    ax.errorbar([start_year], [rng["start_level"]],
                yerr=[[rng["start_level"] - rng["start_level_low"]], [rng["start_level_high"] - rng["start_level"]]],
                fmt="o", color=OKABE_ITO["blue"], capsize=5,
                label=f"implied {start_year:g} level: {rng['start_level']:.1f} "
                      f"({rng['start_level_low']:.1f}–{rng['start_level_high']:.1f})")
    inside = all(yr in band_years and lo[band_years.index(yr)] <= v <= hi[band_years.index(yr)]
                 for yr, (v, _) in reported.items())
    base = implied_path(end_value, end_year, multiple, years)
    ax.plot(base.index, base.values, color=OKABE_ITO["blue"], lw=2,
            label=f"{multiple:g} times over {years:g} years: {implied_cagr(multiple, years):.1%} a year")
    markers = ["o", "s", "D", "^"]
    for i, (yr, (val, lab)) in enumerate(sorted(reported.items())):
        ax.scatter([yr], [val], color=OKABE_ITO["vermillion"], marker=markers[i % 4], zorder=5, s=45,
                   label=f"{yr}: {val:,.1f} ({lab})")
    ax.set_xlabel("year")
    ax.set_ylabel("bilateral trade, USD million")
    verdict = "fall inside" if inside else "do not all fall inside"
    ax.set_title(f"The other reported years {verdict} the range that\n\"seven times lower a decade ago\" implies")
    ax.legend(fontsize=8.5, loc="upper left")
    fig.subplots_adjust(bottom=0.2)
    _note(fig, _SOURCE_NOTE.format("path computed from the interview, I19; reported points from "
                                   "Cambodia Daily (2015), TASS (2018), the interview (2019); all Russian data"))
    return fig


def mirror_figure(table):
    """Grouped bars: Russia's record against Cambodia's for each flow of :func:`mirror_table`."""
    from analysis.display.plotting import OKABE_ITO, new_figure

    fig, ax = new_figure(9, 4.6)
    x = list(range(len(table)))
    w = 0.38
    ax.bar([i - w / 2 for i in x], table["russian_record"], w, color=OKABE_ITO["blue"],
           label="Russia's record (Federal Customs Service, via the interview)")
    ax.bar([i + w / 2 for i in x], table["cambodian_record"], w, color=OKABE_ITO["orange"],
           label="Cambodia's record, trade with the whole EAEU (Ministry of Commerce, via Phnom Penh Post)")
    for i, r in zip(x, table.itertuples()):
        ax.annotate(f"× {r.ratio:.1f}", (i, max(r.russian_record, r.cambodian_record)),
                    xytext=(0, 6), textcoords="offset points", ha="center", fontsize=11, fontweight="bold")
    ax.set_xticks(x, [f"{r.flow}\n{r.year}" for r in table.itertuples()])
    ax.set_ylabel("USD million")
    ax.set_ylim(0, table[["russian_record", "cambodian_record"]].to_numpy().max() * 1.2)
    ratio = table.loc[table["flow"].str.startswith("Cambodian goods"), "ratio"]
    head = f"{ratio.iloc[0]:.1f} times" if len(ratio) else "several times"
    fig.set_size_inches(9, 5.6)
    ax.set_title(f"Russia records {head} the imports from Cambodia that Cambodia\n"
                 f"records as exports to the whole Eurasian Economic Union")
    ax.legend(fontsize=9, loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=1)
    fig.subplots_adjust(bottom=0.36, top=0.86)
    _note(fig, "Sources: Russian Federal Customs Service as cited in the interview (I20); Cambodian Ministry of\n"
               "Commerce as reported by the Phnom Penh Post. Ratio = Russian record ÷ Cambodian record.")
    return fig


def growth_range_figure(end_value: float, multiples: Iterable[float] = (6.5, 7, 7.5),
                        spans: Iterable[float] = range(8, 13), default: tuple[float, float] = (7, 10),
                        multiple_range: tuple[float, float] = (6.5, 7.5),
                        years_range: tuple[float, float] = (9, 11)):
    """Static companion of the explorer: implied CAGR against the span, one line per multiple.

    The title states the range over ``multiple_range`` × ``years_range``; the lines run over
    ``spans`` so that a reader sees what a looser reading of "a decade" would do.
    """
    from analysis.display.plotting import OKABE_ITO, new_figure

    grid = implied_growth_grid(end_value, multiples, spans)
    fig, ax = new_figure(9, 4.4)
    colours = [OKABE_ITO["sky_blue"], OKABE_ITO["blue"], OKABE_ITO["bluish_green"], OKABE_ITO["orange"]]
    for i, (m, g) in enumerate(grid.groupby("multiple")):
        ax.plot(g["years"], g["cagr"] * 100, marker="o", color=colours[i % 4],
                label=f"{m:g} times lower (2009 level {implied_start_level(end_value, m):.1f})")
    dm, dy = default
    c = implied_cagr(dm, dy)
    ax.scatter([dy], [c * 100], s=140, facecolor="none", edgecolor="black", lw=1.5, zorder=5,
               label=f"default reading: {c:.1%} a year")
    ax.set_xlabel("span of \"a decade\", years")
    ax.set_ylabel("implied growth, % a year")
    rng = implied_growth_range(end_value, dm, dy, multiple_range, years_range)
    ax.axvspan(years_range[0], years_range[1], color="#eeeeee", zorder=0, label="9–11 years read as \"a decade\""
               if tuple(years_range) == (9, 11) else "span range")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_title(f"Read as {multiple_range[0]:g}–{multiple_range[1]:g} times over {years_range[0]:g}–{years_range[1]:g} "
                 f"years,\nthe claim implies growth of {rng['cagr_low']:.1%}–{rng['cagr_high']:.1%} a year")
    ax.legend(fontsize=9)
    fig.subplots_adjust(bottom=0.2)
    _note(fig, "Source: computed from the interview, I19 (\"about USD$246 million\", \"seven times lower\", "
               "\"a decade ago\"); levels in USD million.")
    return fig
