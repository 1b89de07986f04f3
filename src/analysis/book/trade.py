"""Trade and aid figures: the quantities in the texts, what they imply, and whose they are.

Three steps, one direction:

1. **Extraction.** :func:`analysis.core.quantities.find_quantities` reads every quantity in a
   text; :func:`quantity_table` does so for a whole source, paragraph by paragraph, with offsets
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
  of final destination and valued FOB.

Example
-------
>>> round(implied_cagr(7, 10), 4)
0.2148
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict

import pandas as pd

from analysis.book.history import relative_mention
from analysis.book.sources import Source, load_source
from analysis.book.tables import DataError, read_table
from analysis.core.numbers import YEAR_RANGE
from analysis.core.quantities import QuantityError, find_quantities, rounding_step

__all__ = ["MIRROR_HYPOTHESES", "AID_READINGS", "QuantityError", "quantity_table", "load_trade_figures",
           "load_trade_external", "parts_vs_total", "trade_balance", "export_coverage", "flow_shares",
           "share_value", "implied_start_level", "implied_cagr", "implied_growth_grid", "implied_growth_range",
           "implied_path", "MAX_PATH_YEARS", "aid_readings", "mirror_ratio", "mirror_table", "trade_indicators",
           "AID_TOLERANCE", "load_trade_record", "soviet_aid_by_period", "aid_checks", "aid_tests", "aid_survivors",
           "aid_tolerance_needed", "TEXTILE_READINGS", "textile_readings", "growth_base_year", "growth_record_check",
           "mirror_coverage", "mirror_same_year", "MIRROR_GAP_HYPOTHESES", "mirror_hypotheses", "trade_record_findings"]



def quantity_table(source, max_percent: float = 100.0):
    """Every quantity in a source, paragraph by paragraph, as a pandas DataFrame.

    ``source`` is a source id or a :class:`~analysis.book.sources.Source`. Columns: source,
    paragraph, kind, text, number, scale, value, unit, qualifier, direction, flag, start, end;
    ``start``/``end`` are offsets in the cleaned text, so ``src.text[start:end] == text``.
    Turn labels ("Borovik: ") are not read.
    """


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

def load_trade_figures():
    """The curated figures the two texts state: ``data/trade_figures.csv`` as a DataFrame.

    Read by :func:`analysis.book.tables.read_table` (typed, every rule of the descriptor checked),
    one row per stated figure, indexed by ``id``; the book finds a row by its named ``key``.
    ``value`` is in ``unit`` (``USD million``, ``percent``, ``times`` …), ``written`` is the number
    as the quote writes it; ``reporter`` says whose statistics the text cites. Every row carries
    ``source``, ``paragraph`` and a verbatim ``quote`` (checked by
    :func:`analysis.book.provenance.validate_quotes` in the tests).
    """
    return read_table("trade_figures").set_index("id", drop=False)


def load_trade_external():
    """External trade and aid figures, as reported: ``data/trade_external.csv``.

    Taken from the project's external record (stored copies of public pages); each row
    carries ``whose_data`` (the statistical office behind the number), ``outlet`` and ``url``.
    None was checked against a primary database. Indexed by ``id``; found by ``key``.
    """
    return read_table("trade_external").set_index("id", drop=False)


def _by_key(table, key: str):
    """The row of a curated trade table with the named ``key``."""
    rows = table[table["key"] == key]
    if len(rows) != 1:
        raise QuantityError(f"no row with key {key!r} in the table (keys: {sorted(table['key'])})")
    return rows.iloc[0]


# --------------------------------------------------------------------------- indicators

#: The longest span, in years, that :func:`implied_path` draws.
MAX_PATH_YEARS = 100


def _positive(name: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise QuantityError(f"{name} must be a number, got {value!r}")
    try:
        value = float(value)
    except OverflowError:
        raise QuantityError(f"{name} is too large to compute with, got {value!r}") from None
    if not math.isfinite(value):
        raise QuantityError(f"{name} must be a finite number, got {value!r}")
    if value <= 0:
        raise QuantityError(f"{name} must be positive, got {value!r}")
    return value


def _whole(name: str, value, low: int, high: int) -> int:
    """``value`` as an int between ``low`` and ``high``; an integral float is accepted."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (
            isinstance(value, float) and not value.is_integer()):
        raise QuantityError(f"{name} must be a whole number, got {value!r}")
    if not low <= value <= high:
        raise QuantityError(f"{name} must lie between {low} and {high}, got {value!r}")
    return int(value)


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
    if not isinstance(flows, Mapping) or not flows:
        raise QuantityError("flow_shares needs a mapping with at least one flow")
    vals = {k: _positive(f"flow {k!r}", v) for k, v in flows.items()}
    if total is not None:
        denom = _positive("total", total)
        return {k: v / denom for k, v in vals.items()}
    denom = sum(vals.values())
    if not math.isfinite(denom):
        # flows near the float limit sum to inf: scale them by the largest first
        top = max(vals.values())
        vals = {k: v / top for k, v in vals.items()}
        denom = sum(vals.values())
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
    y = _positive("years", years)
    if math.log(m) / y > 700:  # exp(700) is near the float limit
        raise QuantityError(f"a {multiple!r}-fold change in {years!r} years is a growth rate too large to represent")
    return m ** (1 / y) - 1


def implied_growth_grid(end_value: float, multiples: Iterable[float], spans: Iterable[float]):
    """One row per (multiple, span): the implied start level and CAGR (DataFrame).

    >>> implied_growth_grid(246, [7], [10]).round(3).to_dict("records")
    [{'multiple': 7.0, 'years': 10.0, 'start_level': 35.143, 'cagr': 0.215}]
    """

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

    Indexed by whole years from ``end_year - years`` to ``end_year``: both are whole numbers,
    ``end_year`` within :data:`analysis.core.numbers.YEAR_RANGE` and ``years`` from 1 to
    :data:`MAX_PATH_YEARS`, so that the path starts at the implied level and ends on
    ``end_value``; anything else raises :class:`QuantityError` naming the argument.

    >>> s = implied_path(246, 2019, 7, 10)
    >>> round(float(s[2009]), 1), round(float(s[2019]), 1)
    (35.1, 246.0)
    """

    end_year = _whole("end_year", end_year, *YEAR_RANGE)
    years = _whole("years", years, 1, MAX_PATH_YEARS)
    g = implied_cagr(multiple, years)
    end_value = _positive("end value", end_value)
    first = end_year - years
    idx = list(range(first, end_year + 1))
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
    total_row, imports_row, exports_row = (_by_key(f, k) for k in ("turnover_2019", "imports_2019", "exports_2019"))
    year = int(imports_row["year_to"])
    total, imports, exports = (float(r["value"]) for r in (total_row, imports_row, exports_row))
    steps = {k: rounding_step(r["written"]) for k, r in
             (("total", total_row), ("imports", imports_row), ("exports", exports_row))}
    parts = parts_vs_total({"imports": imports, "exports": exports}, total,
                           {"imports": steps["imports"], "exports": steps["exports"]}, steps["total"])
    shares = flow_shares({"imports": imports, "exports": exports})
    textile_pct = float(_by_key(f, "textile_share_2019")["value"])
    # "about 90%" read to the nearest ten points: 85-95
    textile = share_value(imports, textile_pct, (textile_pct - 5, textile_pct + 5))
    before = _by_key(f, "multiple_decade_before")
    multiple = float(before["value"])
    # the base year by the history chapter's rule; the curated row must agree with it
    base_year = growth_base_year(str(before["source"]), str(before["paragraph"]), "a decade ago")
    if int(before["year_to"]) != base_year:
        raise QuantityError(f"trade_figures.csv gives 'a decade ago' the year {int(before['year_to'])}, "
                            f"the rule for relative dates {base_year}")
    span = year - base_year
    rng = implied_growth_range(total, multiple, span)
    path = implied_path(total, year, multiple, span)
    russian = ext[(ext["flow"] == "turnover") & (ext["reporter"] == "Russia")]
    turnover = dict(zip(russian["year_to"].astype(int), russian["value"].astype(float)))
    # the other Russian-reported years, earliest and latest before the end year
    others = sorted(y for y in turnover if y < year)
    y2015, y2018 = others[0], others[-1]
    t2015, t2018 = turnover[y2015], turnover[y2018]
    # TASS's "up 21.5% on 2017", stated beside its 2018 figure
    tass = russian[russian["year_to"] == y2018].iloc[0]
    tass_growth, year_2017 = float(tass["growth_percent"]) / 100, int(tass["growth_on"])
    interview_year = int(load_source(str(imports_row["source"])).meta["reference_date"][:4])
    aid_row = _by_key(f, "aid_all_donors")
    aid_first, aid_last = int(aid_row["year_from"]), int(aid_row["year_to"])
    aid_years = aid_last - aid_first + 1
    aid = aid_readings(aid_years).set_index("reading")
    aid11 = aid_readings(aid_years - 1).set_index("reading")
    # the aid figures of the record, not copies of them in trade_external.csv
    rec = load_trade_record()
    plan = _by_key(rec, "aid_soviet_plan")
    mirror = mirror_table(ext).set_index("flow")
    kh = ext[(ext["reporter"] == "Cambodia") & (ext["year_to"] == year)].set_index("flow")["value"]
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
        "soviet_1983": float(_by_key(ext, "soviet_turnover_1983")["value"]),
        "soviet_1985": float(_by_key(ext, "soviet_turnover_1985")["value"]),
        "soviet_year_a": int(_by_key(ext, "soviet_turnover_1983")["year_to"]),
        "soviet_year_b": int(_by_key(ext, "soviet_turnover_1985")["year_to"]),
        "samoilenko_per_year": _record_value(rec, "aid_samoilenko"),
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




# --------------------------------------------------------------------------- the record (issue 16)

RECORD_FILE = "trade_record.csv"

#: Relative tolerance of the secondary verdicts, a convention fixed before any verdict was read,
#: not fitted to them: the sentence's figures are round numbers written to one or two significant
#: digits ("up to 100", "more than 80") and the record's are estimates and conversions, so a
#: figure within a tenth of a bound is reported as a small contradiction, not a clear one. The
#: chapter leads with the verdicts at zero tolerance (:data:`AID_STRICT`).
AID_TOLERANCE = 0.10
#: The leading verdicts: no tolerance at all.
AID_STRICT = 0.0
#: Verdict of a lower bound that stays under a reading's ceiling: it does not contradict the
#: reading, which is all it can say (a bound far below a ceiling does not confirm it).
NOT_CONTRADICTED = "not contradicted"

_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+")


def _written_number(written: str) -> float:
    """A figure as a passage writes it: ``3,000`` (grouped thousands) or ``60,7`` (Russian decimal comma)."""
    if _THOUSANDS.fullmatch(written):
        return float(written.replace(",", ""))
    return float(written.replace(",", "."))


def load_trade_record():
    """``data/trade_record.csv``: the public record behind the chapter's checks, one passage a row.

    Read through the descriptor (:func:`analysis.book.tables.read_table`), then each row's
    ``written`` figure must stand in its ``passage`` as a whole number (not inside a longer one)
    and read back as its ``value``; a row without a figure must have neither. Breaking either
    raises :class:`analysis.book.tables.DataError` naming the row. Indexed by ``record_id``.

    >>> rec = load_trade_record()
    >>> rec.set_index("key").loc["aid_soviet_plan", "value"]
    np.float64(284.0)
    """
    df = read_table("trade_record")
    for i, row in df.iterrows():
        n, written, value = i + 1, row["written"], row["value"]
        has_value = value is not None and not (isinstance(value, float) and math.isnan(value))
        if not isinstance(written, str) or not written:
            if has_value:
                raise DataError(RECORD_FILE, "a value needs the figure as written", n, "written", None)
            continue
        if not has_value:
            raise DataError(RECORD_FILE, "a written figure needs its value", n, "value", written)
        if not re.search(rf"(?<![\d.,]){re.escape(written)}(?![\d]|[.,]\d)", row["passage"]):
            raise DataError(RECORD_FILE, "the written figure is not in the passage", n, "written", written)
        try:
            parsed = _written_number(written)
        except ValueError:
            raise DataError(RECORD_FILE, "the written figure is not a number", n, "written", written) from None
        if not math.isclose(parsed, float(value), rel_tol=1e-9):
            raise DataError(RECORD_FILE, f"the written figure reads as {parsed:g}, not the value", n, "value", value)
    return df.set_index("record_id", drop=False)


def _record_value(record, key: str) -> float:
    row = _by_key(record, key)
    value = float(row["value"])
    if math.isnan(value):
        raise QuantityError(f"the record row {key!r} gives no figure")
    return value


def soviet_aid_by_period(record=None):
    """The Soviet aid plan of the Library of Congress study by period (DataFrame).

    One row per period (1979–80, 1981–85, 1986–90) with ``years``, ``roubles`` (million),
    ``per_year`` (million roubles a year) and ``share`` of the plan; raises
    :class:`QuantityError` if the periods do not sum to the plan's total.

    >>> t = soviet_aid_by_period()
    >>> t["roubles"].tolist(), round(float(t.loc[0, "share"]), 3)
    ([200.0, 44.0, 40.0], 0.704)
    """
    rec = load_trade_record() if record is None else record
    plan = _record_value(rec, "aid_soviet_plan")
    rows = []
    for key in ("aid_soviet_1979_1980", "aid_soviet_1981_1985", "aid_soviet_1986_1990"):
        r = _by_key(rec, key)
        first, last = int(r["year_from"]), int(r["year_to"])
        years = last - first + 1
        roubles = float(r["value"])
        rows.append({"period": f"{first}–{last}", "year_from": first, "year_to": last, "years": years,
                     "roubles": roubles, "per_year": roubles / years, "share": roubles / plan})
    table = pd.DataFrame(rows)
    if not math.isclose(table["roubles"].sum(), plan):
        raise QuantityError(f"the periods sum to {table['roubles'].sum():g}, not the plan's {plan:g} million roubles")
    return table


#: Months from October 1979 to December 1980 inclusive: the span of Time's bloc aid before 1981.
BLOC_EARLY_MONTHS = 15


def aid_checks(record=None, usd_per_rouble: float | None = None):
    """Every figure of the record that can test a reading of the aid sentence, in USD million (DataFrame).

    Each check is a figure of the record turned into a statement about one of the quantities a
    reading fixes: the **all-donor ceiling per year** (a lower bound from the record — aid of
    one donor, or economic aid only, cannot exceed all aid — must stay under it), the
    **all-donor ceiling for the period**, or the **Soviet floor per year** (an estimate of all
    Soviet aid must reach it). Roubles are converted at ``usd_per_rouble`` (default: the
    official Gosbank rate of the record, 1 / 0.65). Columns: check, period, year_from, bound
    (``all_per_year``, ``all_period`` or ``ussr_per_year``), kind (``lower bound`` or
    ``estimate``), record (USD million), basis, records (ids).

    >>> c = aid_checks().set_index("check")
    >>> round(float(c.loc["Soviet grant and Vietnamese aid, 1979–80", "record"]), 1)
    212.8
    """
    rec = load_trade_record() if record is None else record
    rate = 1 / _record_value(rec, "rouble_official_rate") if usd_per_rouble is None else _positive(
        "usd_per_rouble", usd_per_rouble)
    periods = soviet_aid_by_period(rec).set_index("year_from")
    ids = {k: str(_by_key(rec, k)["record_id"]) for k in rec["key"]}
    grant = float(periods.loc[1979, "per_year"]) * rate
    vietnam_early = (_record_value(rec, "aid_vietnam_1979") + _record_value(rec, "aid_vietnam_1980")) / 2
    soviet_80s = _record_value(rec, "aid_samoilenko")
    vietnam_floor = _record_value(rec, "aid_vietnam_commitment")
    plan = _record_value(rec, "aid_soviet_plan") * rate
    rows = [
        ("Soviet grant and Vietnamese aid, 1979–80", "1979–80", 1979, "all_per_year", "lower bound",
         grant + vietnam_early, "Soviet economic grant a year, converted, plus the mean of Vietnam's 1979 and 1980 estimates",
         f"{ids['aid_soviet_1979_1980']}, {ids['aid_vietnam_1979']}, {ids['aid_vietnam_1980']}, {ids['rouble_official_rate']}"),
        ("Soviet bloc aid a year, October 1979 to 1980", "1979–80", 1979, "all_per_year", "lower bound",
         (_record_value(rec, "aid_bloc_since_oct1979") - _record_value(rec, "aid_bloc_1981")) * 12 / BLOC_EARLY_MONTHS,
         "the bloc's aid since October 1979 less its 1981 figure, over the fifteen months before, a year",
         f"{ids['aid_bloc_since_oct1979']}, {ids['aid_bloc_1981']}"),
        ("Soviet economic aid a year, 1981–85", "1981–85", 1981, "all_per_year", "lower bound",
         float(periods.loc[1981, "per_year"]) * rate, "Soviet economic aid alone a year, converted",
         f"{ids['aid_soviet_1981_1985']}, {ids['rouble_official_rate']}"),
        ("Soviet economic aid a year, 1986–90", "1986–90", 1986, "all_per_year", "lower bound",
         float(periods.loc[1986, "per_year"]) * rate, "Soviet economic aid alone a year, converted",
         f"{ids['aid_soviet_1986_1990']}, {ids['rouble_official_rate']}"),
        ("Soviet bloc aid and Vietnam's commitment, 1981", "1981", 1981, "all_per_year", "lower bound",
         _record_value(rec, "aid_bloc_1981") + vietnam_floor,
         "the Soviet bloc's aid in that year plus Vietnam's commitment of at least 25 a year (Time's bloc figure "
         "does not name Vietnam)", f"{ids['aid_bloc_1981']}, {ids['aid_vietnam_commitment']}"),
        ("Soviet aid a year and Vietnam's commitment, 1980s", "1980s", 1981, "all_per_year", "lower bound",
         soviet_80s + vietnam_floor, "about 80 a year from the USSR plus at least 25 a year from Vietnam",
         f"{ids['aid_samoilenko']}, {ids['aid_vietnam_commitment']}"),
        ("Soviet aid a year, 1980s", "1980s", 1981, "ussr_per_year", "estimate", soviet_80s,
         "all Soviet aid a year, as a later Russian ambassador recalled it", ids["aid_samoilenko"]),
        ("Soviet economic plan, whole period", "1979–90", 1979, "all_period", "lower bound", plan,
         "Soviet economic aid alone over the twelve years, converted", f"{ids['aid_soviet_plan']}, {ids['rouble_official_rate']}"),
    ]
    cols = ["check", "period", "year_from", "bound", "kind", "record", "basis", "records"]
    return pd.DataFrame(rows, columns=cols)


def aid_tests(checks=None, readings=None, tolerance: float = AID_TOLERANCE):
    """Each reading of the aid sentence against each check of :func:`aid_checks` (long DataFrame).

    A **lower bound** of the record contradicts a reading's ceiling when it exceeds it by more
    than ``tolerance`` (relative). An **estimate** of Soviet aid contradicts a reading's Soviet
    floor when it falls short of it by more than ``tolerance``; within the tolerance it
    ``matches``; far above it (more than ``1 + tolerance`` times) the reading ``understates``
    the record, which is not a contradiction of "more than". A lower bound under the ceiling is
    :data:`NOT_CONTRADICTED`, never "consistent": it cannot confirm a ceiling. Columns: reading,
    check, period, year_from, bound, record, reading_value, verdict.

    >>> t = aid_tests()
    >>> t[t["reading"] == "A"].set_index("check")["verdict"].tolist()
    ['contradicted', 'contradicted', 'not contradicted', 'not contradicted', 'contradicted', 'not contradicted', 'matches', 'not contradicted']
    """
    if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float)) or not 0 <= tolerance < 1:
        raise QuantityError(f"tolerance must be a fraction in [0, 1), got {tolerance!r}")
    ch = aid_checks() if checks is None else checks
    rd = (aid_readings() if readings is None else readings).set_index("reading")
    rows = []
    for key, reading in rd.iterrows():
        for c in ch.itertuples():
            bound = float(reading[c.bound])
            if c.kind == "lower bound":
                verdict = NOT_CONTRADICTED if c.record <= bound * (1 + tolerance) else "contradicted"
            elif c.record < bound * (1 - tolerance):
                verdict = "contradicted"
            elif c.record <= bound * (1 + tolerance):
                verdict = "matches"
            else:
                verdict = "understates"
            rows.append({"reading": key, "check": c.check, "period": c.period, "year_from": c.year_from,
                         "bound": c.bound, "record": float(c.record), "reading_value": bound, "verdict": verdict})
    return pd.DataFrame(rows)


def aid_survivors(tests=None, from_year: int | None = None) -> list[str]:
    """The readings that no check contradicts (only checks of periods from ``from_year`` on, if given).

    >>> aid_survivors(), aid_survivors(from_year=1981), aid_survivors(from_year=1986)
    ([], [], ['A', 'B'])
    """
    t = aid_tests() if tests is None else tests
    if from_year is not None:
        t = t[t["year_from"] >= _whole("from_year", from_year, *YEAR_RANGE)]
    if t.empty:
        raise QuantityError("no check is left to test the readings with")
    bad = set(t.loc[t["verdict"] == "contradicted", "reading"])
    return [r for r in dict.fromkeys(t["reading"]) if r not in bad]


def aid_tolerance_needed(checks=None, reading: str = "A", from_year: int = 1981) -> float:
    """The smallest tolerance at which ``reading`` survives the checks from ``from_year`` on.

    >>> round(aid_tolerance_needed(), 2), round(aid_tolerance_needed(from_year=1986), 2)
    (0.28, 0.0)
    """
    ch = aid_checks() if checks is None else checks
    rd = aid_readings().set_index("reading")
    if reading not in rd.index:
        raise QuantityError(f"no reading {reading!r} (readings: {sorted(rd.index)})")
    need = 0.0
    for c in ch[ch["year_from"] >= from_year].itertuples():
        bound = float(rd.loc[reading, c.bound])
        need = max(need, c.record / bound - 1 if c.kind == "lower bound" else 1 - c.record / bound)
    return need


#: The readings of "textile (about 90%) and tanning" (I21): what the 90 % covers, whether garments
#: are all of it, and what the rest holds. Russian customs releases report the group "textiles and
#: footwear" as one line (record R17–R19); "tanning" most plausibly renders the group of hides,
#: leather and furs. Which goods the 90 % covers, the interview does not say.
TEXTILE_READINGS = {
    "customs group": ("the customs group textiles and footwear (garments, fabrics, shoes)", False,
                      "leather goods and everything else"),
    "with tanning": ("textiles and footwear with leather goods (\"and tanning\")", False,
                     "everything but textiles, footwear and leather"),
    "garments only": ("garments alone", True, "footwear, leather goods and everything else"),
}


def textile_readings(imports: float, share_percent: float = 90, half_width: float = 5):
    """What "about 90 %" of Russia's imports can cover, and what each reading leaves garments (DataFrame).

    ``half_width`` reads the rounded share (90 ± 5 %). Columns: reading, covers, group_low,
    group_high (the money the 90 % stands for, USD million), garments_low (``None`` when the
    group holds more than garments, so that garments are only bounded above), garments_high,
    rest_holds, rest_low, rest_high.

    >>> t = textile_readings(229.2).set_index("reading")
    >>> round(float(t.loc["customs group", "group_low"]), 1), t.loc["customs group", "garments_low"]
    (194.8, None)
    """
    sv = share_value(imports, share_percent, (share_percent - half_width, share_percent + half_width))
    rows = []
    for key, (covers, garments_only, rest) in TEXTILE_READINGS.items():
        rows.append({"reading": key, "covers": covers, "group_low": sv["low"], "group_high": sv["high"],
                     "garments_low": sv["low"] if garments_only else None, "garments_high": sv["high"],
                     "rest_holds": rest, "rest_low": imports - sv["high"], "rest_high": imports - sv["low"]})
    return pd.DataFrame(rows, dtype=object)


def growth_base_year(source: str = "interview", paragraph: str = "I19", expression: str = "a decade ago") -> int:
    """The year "a decade ago" points to, by the book's one rule for relative dates.

    Delegates to :func:`analysis.book.history.relative_mention`: an expression tied to a figure
    counts from the figure's as-of year, so the interview's "a decade ago" (I19), beside the
    figure for "end of last year" (2019), is 2009. The trade chapter takes its base year from
    here only.

    >>> growth_base_year()
    2009
    """
    return relative_mention(source, paragraph, expression)


def growth_record_check(total: float, multiple: float, base_year: int, record=None) -> dict:
    """"``multiple`` times lower" in ``base_year`` against the record's figures near that year.

    The only Russian-side figure near the base year is the ambassador's "nearly 95" a year (record
    R11, dated to 2008 by inference); the record holds no Russian figure for 2009 or 2010 itself.
    2009 was a trough: Russia's imports in January–May 2009 were 60.7 % of a year before (R15),
    and imports from outside the CIS grew 32.3 % in 2010 (R16). Returns the implied base level,
    the record's levels and the multiples they give, the fall from 2008 that "seven" needs, and
    two scenarios (the 2008 figure cut as Russia's imports were in the trough, and rebounding in
    2010 as imports from outside the CIS did), and Cambodia's own 2008 count (R13, R14).

    >>> r = growth_record_check(246, 7, 2009)
    >>> round(r["multiple_2008"], 2), round(r["fall_needed"], 2), round(r["multiple_trough"], 2)
    (2.59, 0.63, 4.27)
    """
    total = _positive("total", total)
    implied = implied_start_level(total, multiple)
    base_year = _whole("base_year", base_year, *YEAR_RANGE)
    rec = load_trade_record() if record is None else record
    ru_2008 = _record_value(rec, "ru_turnover_c2008")
    trough_share = _record_value(rec, "ru_imports_jan_may_2009") / 100
    rebound = _record_value(rec, "ru_imports_noncis_2010") / 100
    kh_imports = _record_value(rec, "kh_imports_2008")
    kh_turnover = 2 * kh_imports + _record_value(rec, "kh_surplus_2008")
    trough = ru_2008 * trough_share
    return {
        "base_year": base_year, "implied_level": implied, "year_record": int(_by_key(rec, "ru_turnover_c2008")["year_to"]),
        "ru_2008": ru_2008, "multiple_2008": total / ru_2008, "fall_needed": 1 - implied / ru_2008,
        "trough_share": trough_share, "trough_level": trough, "multiple_trough": total / trough,
        "rebound": rebound, "rebound_level": trough * (1 + rebound), "multiple_rebound": total / (trough * (1 + rebound)),
        "kh_turnover_2008": kh_turnover, "multiple_kh_2008": total / kh_turnover,
        "seven_reached": total / ru_2008 >= 6.5,
    }


def mirror_coverage(external=None, record=None):
    """What each side's 2019 figure for Cambodia's exports covers (DataFrame, one row per side).

    Columns: side, figure (USD million), reporter, partner, year, flow, valuation, partner_rule.
    Valuation and the partner rule follow the UN recommendations (record R24, R25) where the
    outlet does not say; Cambodia's outlet does not state FOB or CIF.
    """
    ext = load_trade_external() if external is None else external
    ru, kh = _by_key(ext, "ru_imports_2019"), _by_key(ext, "kh_eaeu_exports_2019")
    return pd.DataFrame([
        {"side": "Russia", "figure": float(ru["value"]), "reporter": "Russia, Federal Customs Service (as cited)",
         "partner": "Cambodia", "year": int(ru["year_to"]), "flow": "imports from Cambodia",
         "valuation": "CIF by the UN rule (not stated in the interview)",
         "partner_rule": "country of origin"},
        {"side": "Cambodia", "figure": float(kh["value"]),
         "reporter": "Cambodia, Ministry of Commerce (not its customs, the General Department of Customs and Excise)",
         "partner": "the whole Eurasian Economic Union (five members)", "year": int(kh["year_to"]),
         "flow": "exports to the union", "valuation": "not stated (FOB by the UN rule)",
         "partner_rule": "country of final destination"},
    ])


def mirror_same_year(external=None, record=None) -> dict:
    """Both sides' records in the two years the record gives them: near 2008 and 2019 (dict).

    Near 2008: the Russian ambassador's split ("more than 80" a year Cambodia → Russia, 15 back;
    R30, R31, year inferred as for R11) against Cambodia's Ministry of Commerce count for 2008
    (imports R13; exports = imports + surplus R14). 2019: Russia's customs as cited (I20) against
    Cambodia's count for the whole union. Returns each year's three ratios (Russian ÷ Cambodian:
    Cambodia's exports, Russia's exports, turnover), the widening of the turnover ratio, and
    Cambodia's own-books growth from 2008 (Russia alone) to 2019 (the whole union), an upper
    bound on the multiple Cambodia's records give ("seven times" tested on the other side).

    >>> m = mirror_same_year()
    >>> round(m["ratio_kh_exports_2008"], 2), round(m["ratio_turnover_2008"], 2), round(m["kh_growth"], 2)
    (2.64, 2.41, 1.45)
    """
    ext = load_trade_external() if external is None else external
    rec = load_trade_record() if record is None else record
    ru_x, ru_m = _record_value(rec, "ru_kh_exports_c2008"), _record_value(rec, "ru_exports_c2008")
    kh_m = _record_value(rec, "kh_imports_2008")
    kh_x = kh_m + _record_value(rec, "kh_surplus_2008")
    ru19_x, ru19_m = float(_by_key(ext, "ru_imports_2019")["value"]), float(_by_key(ext, "ru_exports_2019")["value"])
    kh19_x, kh19_m = float(_by_key(ext, "kh_eaeu_exports_2019")["value"]), float(_by_key(ext, "kh_eaeu_imports_2019")["value"])
    kh19_t = float(_by_key(ext, "kh_eaeu_turnover_2019")["value"])
    out = {
        "kh_exports_2008": kh_x, "kh_turnover_2008": kh_x + kh_m, "ru_exports_kh_2008": ru_x, "ru_exports_2008": ru_m,
        "ratio_kh_exports_2008": ru_x / kh_x, "ratio_ru_exports_2008": ru_m / kh_m,
        "ratio_turnover_2008": (ru_x + ru_m) / (kh_x + kh_m),
        "ratio_kh_exports_2019": ru19_x / kh19_x, "ratio_ru_exports_2019": ru19_m / kh19_m,
        "ratio_turnover_2019": (ru19_x + ru19_m) / kh19_t,
        "kh_turnover_2019": kh19_t, "kh_growth": kh19_t / (kh_x + kh_m),
    }
    out["ratio_widening"] = out["ratio_turnover_2019"] / out["ratio_turnover_2008"]
    return out


#: Why Russia's record of Cambodia's exports could *exceed* Cambodia's, against the usual finding
#: that Russian import statistics under-record (grey imports, record ``grey_imports``). Each is a
#: hypothesis with the record rows that bear on it; none is tested, for want of product-level data.
MIRROR_GAP_HYPOTHESES = [
    ("origin rule", "Russia records imports by country of origin, Cambodia exports by country of final destination: "
     "Cambodian-made goods sold to a buyer in a third country and sent on to Russia are Cambodian in Russia's "
     "books and not exports to Russia in Cambodia's.", "makes Russia's larger", ("un_partner_rule", "un_cif_fob_transit")),
    ("re-exports via hubs", "Goods of Cambodian origin leave through Hong Kong or other hubs (China, the EU) and reach "
     "Russia from there; a Cambodian official calls Hong Kong a hub for re-exporting garments. No record of Cambodian "
     "garments reaching Russia through EU hubs was found.", "makes Russia's larger", ("hk_reexports", "hk_garment_hub")),
    ("preference incentive", "Cambodian goods enter Russia duty-free under the union's scheme for least developed "
     "countries, so importers have reason to declare Cambodian origin. Weakened by the ministry's count: goods "
     "entering under a preference scheme need its papers, so they would appear in Cambodia's figure too.",
     "makes Russia's larger, unless the ministry counts the same goods", ("eaeu_zero_tariff", "kh_moc_scheme_coverage")),
    ("ministry count", "Cambodia's figure is the Ministry of Commerce's, not customs': its garment export figures "
     "count exports under the preference schemes, from the ministry's own papers; goods shipped without them, "
     "or declared late, would be missing from it. No customs figure for trade with Russia or the union was found.",
     "makes Cambodia's smaller, the way observed", ("kh_moc_scheme_coverage",)),
    ("CIF and FOB", "Russia values imports with freight and insurance, Cambodia exports without.",
     "makes Russia's larger, by the cost of freight and insurance (not measured here)", ("un_cif_fob_transit",)),
    ("partner coverage", "Cambodia's figure is for the whole union, Russia's for Russia alone.",
     "makes the true gap larger, not smaller", ("kh_partner_eaeu",)),
    ("grey imports", "Russian customs usually record less than partners report (undervalued or unrecorded imports, "
     "clothing among the largest gaps).", "makes Russia's smaller: the opposite of what is seen",
     ("grey_imports",)),
]


def mirror_hypotheses(record=None):
    """:data:`MIRROR_GAP_HYPOTHESES` as a table: hypothesis, mechanism, effect, evidence (record ids
    and outlets). A record key that the record lacks raises :class:`QuantityError`."""
    rec = load_trade_record() if record is None else record
    rows = []
    for name, mechanism, effect, keys in MIRROR_GAP_HYPOTHESES:
        found = [_by_key(rec, k) for k in keys]
        evidence = "; ".join(f"{r['record_id']}: {r['outlet']}" for r in found)
        rows.append({"hypothesis": name, "mechanism": mechanism, "effect": effect, "evidence": evidence})
    return pd.DataFrame(rows)


def _readings_words(readings: list[str]) -> str:
    if not readings:
        return "none"
    return readings[0] if len(readings) == 1 else ", ".join(readings[:-1]) + " and " + readings[-1]


def trade_record_findings(ind: Mapping | None = None, record=None, tolerance: float = AID_TOLERANCE) -> dict:
    """The chapter's checks against the record (issue 16) as a flat ``{name: value}`` dict to glue.

    Aid: the plan by period, the checks in dollars, which readings survive all checks and which
    survive from 1981 on at ``tolerance``, the tolerance reading A needs, and the same at one
    rouble to the dollar. Growth: the base year, Russia's own figure near it and the multiples
    it gives. Mirror: the union's own figure for 2016 and the literature's share of properly
    reported imports.

    >>> f = trade_record_findings()
    >>> f["aid_survivors_all"], f["aid_survivors_1981"], round(f["plan_share_first"], 3)
    ('none', 'none', 0.704)
    """
    ind = trade_indicators() if ind is None else ind
    rec = load_trade_record() if record is None else record
    periods = soviet_aid_by_period(rec)
    checks = aid_checks(rec).set_index("check")
    tests = aid_tests(aid_checks(rec), tolerance=tolerance)
    parity = aid_tests(aid_checks(rec, usd_per_rouble=1.0), tolerance=tolerance)
    rate = _record_value(rec, "rouble_official_rate")
    early = "Soviet grant and Vietnamese aid, 1979–80"
    base_year = int(ind["start_year"])
    growth = growth_record_check(float(ind["total"]), float(ind["multiple"]), base_year, rec)
    aid = aid_readings(int(ind["aid_years"])).set_index("reading")
    out = {
        "aid_tolerance": tolerance,
        "plan_share_first": float(periods.loc[0, "share"]),
        "plan_period_first": str(periods.loc[0, "period"]),
        "rate_first": float(periods.loc[0, "per_year"]), "rate_second": float(periods.loc[1, "per_year"]),
        "rate_third": float(periods.loc[2, "per_year"]),
        "front_load_ratio": float(periods.loc[0, "per_year"] / periods.loc[1, "per_year"]),
        "roubles_per_usd": rate, "usd_per_rouble": 1 / rate,
        "check_early_usd": float(checks.loc[early, "record"]),
        "check_early_parity": float(aid_checks(rec, usd_per_rouble=1.0).set_index("check").loc[early, "record"]),
        "check_bloc_early": float(checks.loc["Soviet bloc aid a year, October 1979 to 1980", "record"]),
        "bloc_since_oct1979": _record_value(rec, "aid_bloc_since_oct1979"),
        "bloc_before_1981": _record_value(rec, "aid_bloc_since_oct1979") - _record_value(rec, "aid_bloc_1981"),
        "rise_needed_c2008": growth["ru_2008"] / growth["implied_level"],
        "check_bloc_1981": float(checks.loc["Soviet bloc aid and Vietnam's commitment, 1981", "record"]),
        "check_80s_sum": float(checks.loc["Soviet aid a year and Vietnam's commitment, 1980s", "record"]),
        "check_plan_usd": float(checks.loc["Soviet economic plan, whole period", "record"]),
        "vietnam_commitment": _record_value(rec, "aid_vietnam_commitment"),
        "vietnam_1979": _record_value(rec, "aid_vietnam_1979"), "vietnam_1980": _record_value(rec, "aid_vietnam_1980"),
        "bloc_1981": _record_value(rec, "aid_bloc_1981"),
        "aid_survivors_all": _readings_words(aid_survivors(tests)),
        "aid_survivors_1981": _readings_words(aid_survivors(tests, from_year=1981)),
        "aid_survivors_parity": _readings_words(aid_survivors(parity)),
        "aid_tolerance_needed_A": aid_tolerance_needed(aid_checks(rec), "A"),
        "aid_strict": AID_STRICT,
        "aid_survivors_strict_all": _readings_words(aid_survivors(aid_tests(aid_checks(rec), tolerance=AID_STRICT))),
        "aid_survivors_strict_1981": _readings_words(aid_survivors(aid_tests(aid_checks(rec), tolerance=AID_STRICT),
                                                                   from_year=1981)),
        "aid_A_over_1981": float(checks.loc["Soviet bloc aid and Vietnam's commitment, 1981", "record"])
        / float(aid.loc["A", "all_per_year"]) - 1,
        "aid_A_over_80s": float(checks.loc["Soviet aid a year and Vietnam's commitment, 1980s", "record"])
        / float(aid.loc["A", "all_per_year"]) - 1,
        "aid_A_self": float(aid.loc["A", "ussr_per_year"]) + _record_value(rec, "aid_vietnam_commitment"),
        "aid_indep_soviet_max": max(float(checks.loc["Soviet economic aid a year, 1981–85", "record"]),
                                    float(checks.loc["Soviet economic aid a year, 1986–90", "record"])),
        "aid_indep_soviet_share": max(float(checks.loc["Soviet economic aid a year, 1981–85", "record"]),
                                      float(checks.loc["Soviet economic aid a year, 1986–90", "record"]))
        / float(aid.loc["A", "ussr_per_year"]),
        "check_8185_usd": float(checks.loc["Soviet economic aid a year, 1981–85", "record"]),
        "check_8185_parity": float(aid_checks(rec, usd_per_rouble=1.0).set_index("check").loc[
            "Soviet economic aid a year, 1981–85", "record"]),
        "check_plan_parity": float(aid_checks(rec, usd_per_rouble=1.0).set_index("check").loc[
            "Soviet economic plan, whole period", "record"]),
        "aid_B_understates": _record_value(rec, "aid_samoilenko") / float(aid.loc["B", "ussr_per_year"]),
        "base_year": base_year, "ru_c2008": growth["ru_2008"], "ru_c2008_year": growth["year_record"],
        "multiple_c2008": growth["multiple_2008"], "fall_needed": growth["fall_needed"],
        "trough_share": growth["trough_share"], "trough_fall": 1 - growth["trough_share"],
        "trough_level": growth["trough_level"], "multiple_trough": growth["multiple_trough"],
        "rebound_2010": growth["rebound"], "multiple_rebound": growth["multiple_rebound"],
        "kh_turnover_2008": growth["kh_turnover_2008"], "multiple_kh_2008": growth["multiple_kh_2008"],
        "kh_imports_2008": _record_value(rec, "kh_imports_2008"), "kh_surplus_2008": _record_value(rec, "kh_surplus_2008"),
        "eec_2016": _record_value(rec, "eec_2016"),
        "grey_properly_reported": _record_value(rec, "grey_imports") / 100,
        "n_record_rows": len(rec),
        "plan_period_second": str(periods.loc[1, "period"]), "plan_period_third": str(periods.loc[2, "period"]),
        "bloc_year": int(_by_key(rec, "aid_bloc_1981")["year_to"]),
        "aid_from_year": int(checks.loc["Soviet bloc aid and Vietnam's commitment, 1981", "year_from"]),
        "grey_period": f"{int(_by_key(rec, 'grey_imports')['year_from'])}–{int(_by_key(rec, 'grey_imports')['year_to'])}",
        "eec_year": int(_by_key(rec, "eec_2016")["year_to"]),
        "eec_over_kh": _record_value(rec, "eec_2016") / float(ind["kh_turnover_eaeu"]),
    }
    out.update({f"same_{k}": v for k, v in mirror_same_year(record=rec).items()})
    return out
