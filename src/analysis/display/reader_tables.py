"""Reader tables: what a reader sees of a table. One function, :func:`reader_table`, makes every
table the chapters show: column headers and units from ``data/datapackage.yaml`` (curated
tables) or from the label register :mod:`analysis.display.labels` (derived tables), never a code
name; cells written for people (see the register's kinds); long text wrapping at word
boundaries; the table in a horizontal scroller of its own with a sticky first column; paragraph
ids linked to their anchor in the sources chapter; and, beside it, a link to the full
machine-readable table (a file of ``data/`` copied into the site, or a derived table written
into the site's ``tables/`` folder at build time, see :func:`write_downloads`).

The ``styled_*`` functions are the chapters' tables, each a thin call of :func:`reader_table`.
"""

from __future__ import annotations

import html
import math
import re
import shutil
from dataclasses import dataclass
from datetime import date
from html import escape
from pathlib import Path

import pandas as pd

from analysis.book.citation import load_citation
from analysis.book.citation import page_url as site_page
from analysis.book.claims import load_history_claims, load_history_record, verdict_counts, verdict_key, verdict_label
from analysis.book.conventions import AREAS, accessed_dates, reference_labels
from analysis.book.environment import CORPUS_SHORT, PIPELINE_NAMES, bench_report
from analysis.book.findings import (
    article_answers_keyness,
    collocation_tables,
    diversity_comparison,
    quantity_tables,
    theme_dispersion,
)
from analysis.book.history import PERIODS, date_mentions_table, load_events, load_non_events, mention_coverage
from analysis.book.paths import data_dir
from analysis.book.provenance import split_cell
from analysis.book.sources import Source, load_source, load_sources
from analysis.book.synthesis import DATING_LABELS
from analysis.book.tables import columns_table, load_package, resource
from analysis.book.trade import aid_readings, aid_tests, mirror_coverage, textile_readings, trade_indicators
from analysis.core.dates import format_interval
from analysis.core.distribution import concordance
from analysis.core.errors import AnalysisError
from analysis.core.tokens import LexicalError, tokenize
from analysis.display.labels import KINDS, Label, label_for
from analysis.display.lexical_figures import measure_label

#: The page that shows every paragraph with its anchor (a page of the same folder as the chapters).
SOURCES_PAGE = "01_sources.html"
#: From a chapter page (``notebooks/*.html``) to the site's root, where ``data/`` and ``tables/`` are.
SITE_ROOT = "../"
#: The folder of the built site that holds the derived tables' CSV files.
TABLES_FOLDER = "tables"
_PARAGRAPH_ID = re.compile(r"\b([AI]\d+)\b")
#: A text column whose cells average more characters than this wraps (at word boundaries).
LONG_TEXT = 36


class ReaderTableError(AnalysisError):
    """A table that cannot be shown to a reader as asked (the message names table and column)."""


@dataclass(frozen=True)
class ReaderTable:
    """A table ready for the page: ``cells`` (the frame as shown, headers as shown, cells as
    text or HTML), its ``table`` id, the ``csv`` link beside it and the ``html`` of it all.
    Notebooks display it (``_repr_html_``)."""

    table: str
    cells: pd.DataFrame
    html: str
    csv: str | None

    def _repr_html_(self) -> str:
        return self.html

    def to_html(self) -> str:
        return self.html

    @property
    def data(self) -> pd.DataFrame:
        return self.cells

    def __repr__(self) -> str:
        rows, cols = self.cells.shape
        return f"<reader table {self.table}: {rows} rows × {cols} columns>"


def _number(value: float) -> str:
    """At most two decimals, no trailing zeros, thousands separated: 229.2, 56.98, 246."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _sig3(value: float) -> str:
    """Three significant figures, never in exponent notation."""
    if value == 0:
        return "0"
    digits = max(0, 2 - int(math.floor(math.log10(abs(value)))))
    return f"{value:,.{digits}f}"


def format_cell(value, kind: str) -> str:
    """One cell written for a reader, as HTML (text escaped) — see :mod:`analysis.display.labels`.

    >>> format_cell(0.00004, "p"), format_cell(0.0412, "p"), format_cell(80000000.0 / 1e6, "usd_m")
    ('&lt; 0.001', '0.041', '80.0')
    >>> format_cell(True, "bool"), format_cell(float("nan"), "dec2"), format_cell(0.8, "share")
    ('yes', '–', '80.0 %')
    """
    if kind not in KINDS:
        raise ReaderTableError(f"unknown cell kind {kind!r}; one of {KINDS}")
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA or value is pd.NaT:
        return "–"
    if kind == "html":
        return str(value)
    if kind == "paragraph":
        return _PARAGRAPH_ID.sub(lambda m: paragraph_link(m.group(1)), escape(str(value)))
    if kind == "bool":
        if isinstance(value, str):
            return escape(value)
        return "yes" if bool(value) else "no"
    if kind in ("text", "long"):
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, float) and value.is_integer():
            return f"{int(value)}"
        return escape(str(value))
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    value = float(value)
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    sign = "−" if value < 0 else ""
    body = {
        "int": lambda v: f"{round(v):,}",
        "number": _number,
        # USD million to one decimal; an amount under USD 50,000 keeps three figures instead of "0.0"
        "usd_m": lambda v: f"{v:,.1f}" if v == 0 or v >= 0.05 else _sig3(v).rstrip("0"),
        "dec1": lambda v: f"{v:,.1f}",
        "dec2": lambda v: f"{v:,.2f}",
        "dec3": lambda v: f"{v:,.3f}",
        "sig3": _sig3,
        "share": lambda v: f"{100 * v:,.1f} %",
        "percent": lambda v: f"{v:,.1f} %",
        "p": lambda v: "< 0.001" if v < 0.001 else f"{v:.3f}",
    }[kind](abs(value))
    if body.strip("0.,% ") == "":
        sign = ""
    return escape(sign + body)


def paragraph_link(paragraph_id: str, page: str = SOURCES_PAGE) -> str:
    """A paragraph id as a link to its anchor in the sources chapter.

    >>> paragraph_link("I31")
    '<a class="paragraph-ref" href="01_sources.html#I31">I31</a>'
    """
    if not isinstance(paragraph_id, str) or not _PARAGRAPH_ID.fullmatch(paragraph_id):
        raise ReaderTableError(f"not a paragraph id: {paragraph_id!r} (A… or I… and a number)")
    return f'<a class="paragraph-ref" href="{escape(page)}#{paragraph_id}">{paragraph_id}</a>'


def _descriptor_labels(labels: str) -> dict[str, Label]:
    """The labels of a curated table's columns, from its resource in ``data/datapackage.yaml``."""
    try:
        res = resource(labels)
    except AnalysisError as why:
        raise ReaderTableError(f"no resource {labels!r} in data/datapackage.yaml ({why})") from None
    kinds = {"integer": "int", "number": "number", "boolean": "bool"}
    out = {}
    for field in res.get("schema", {}).get("fields", []):
        name = field["name"]
        unit = field.get("unit", "")
        kind = "paragraph" if name == "paragraph" else kinds.get(field.get("type"), "text")
        out[name] = Label(field.get("title") or name, "" if unit.startswith("ISO 8601") else unit, kind,
                          field.get("value_labels"))
    return out


#: The derived tables a reader can download, by name: the package function that makes the full
#: table (called at build time by :func:`write_downloads`) and what the file holds.
def _keyness_full():
    return article_answers_keyness().rename_axis("word").reset_index()


def _diversity_full():
    return diversity_comparison().reset_index()


def _collocations_full():
    return pd.concat({k: t for k, t in collocation_tables().items()}, names=["voice", "#"]).reset_index(
        level=0).reset_index(drop=True)


def _dispersion_full():
    return pd.concat({k: t for k, t in theme_dispersion().items()}, names=["voice"]).reset_index()


def _aid_full():
    return aid_readings(trade_indicators()["aid_years"])


def _aid_tests_full():
    return aid_tests()


def _textile_full():
    ind = trade_indicators()
    return textile_readings(ind["imports"], 100 * ind["textile_share"])


def _mirror_coverage_full():
    return mirror_coverage()


def _quantities_full():
    return pd.concat(quantity_tables(), names=["source_id", "#"]).reset_index(drop=True)


def _mentions_full():
    return mention_coverage(date_mentions_table(), load_events(), load_non_events())


def _removals_full():
    return removals_table(load_sources()).reset_index()


DOWNLOADS = {
    "keyness": (_keyness_full, "every word of the article against the answers, every measure"),
    "diversity": (_diversity_full, "every diversity measure of every voice"),
    "collocations": (_collocations_full, "the collocations of every voice"),
    "dispersion": (_dispersion_full, "the themes' dispersion in every voice"),
    "aid_readings": (_aid_full, "the four readings of the aid sentence"),
    "aid_tests": (_aid_tests_full, "every reading of the aid sentence against every check of the record"),
    "textile_readings": (_textile_full, "the readings of \"about 90%\" and what each leaves garments"),
    "mirror_coverage": (_mirror_coverage_full, "what each side's figure for Cambodia's exports covers"),
    "quantities": (_quantities_full, "every quantity the extractor finds, with character offsets"),
    "date_mentions": (_mentions_full, "every date mention, with its interval and the event it dates"),
    "removals": (_removals_full, "every block cleaning removed, with character offsets"),
}


def _csv_href(csv: str | None) -> tuple[str | None, str | None]:
    """The link and its words for ``csv``: a file of ``data/`` or a name of :data:`DOWNLOADS`."""
    if csv is None:
        return None, None
    if csv in DOWNLOADS:
        return f"{SITE_ROOT}{TABLES_FOLDER}/{csv}.csv", f"{csv}.csv"
    if csv.endswith((".csv", ".json")) and (data_dir() / csv).is_file():
        return f"{SITE_ROOT}data/{csv}", f"data/{csv}"
    raise ReaderTableError(f"no downloadable table {csv!r}: a CSV file of data/ or one of {sorted(DOWNLOADS)}")


def write_downloads(folder) -> list[Path]:
    """Write every downloadable table into the built site ``folder``: the curated CSV files of
    ``data/`` into ``folder/data/`` (copied byte for byte) and every table of :data:`DOWNLOADS`
    into ``folder/tables/``. Returns the files written."""
    folder = Path(folder)
    written = []
    (folder / "data").mkdir(parents=True, exist_ok=True)
    for path in sorted([*data_dir().glob("*.csv"), *data_dir().glob("*.json")]):
        written.append(Path(shutil.copyfile(path, folder / "data" / path.name)))
    (folder / TABLES_FOLDER).mkdir(parents=True, exist_ok=True)
    for name, (make, _) in DOWNLOADS.items():
        target = folder / TABLES_FOLDER / f"{name}.csv"
        make().to_csv(target, index=False, lineterminator="\n")
        written.append(target)
    return written


def reader_table(frame, *, table: str, labels: str | None = None, csv: str | None = None,
                 caption: str | None = None, kinds: dict | None = None) -> ReaderTable:
    """``frame`` as a reader table (see the module docstring).

    ``table`` is its HTML id (``T_<table>``, stable across builds); ``labels`` the file of a
    curated table in ``data/datapackage.yaml`` whose field titles and units head its columns
    (other columns, and every column of a derived table, take the register's labels); ``csv``
    the full table a reader can download (a ``data/`` file, or a name of :data:`DOWNLOADS`;
    by default the ``labels`` file); ``kinds`` changes the cell kind of named columns. The
    index is not shown: put what it holds in columns. A column with no label, a bad kind or a
    frame that is not a DataFrame raises :class:`ReaderTableError` naming it.

    >>> t = reader_table(pd.DataFrame({"p_bh": [0.00001], "low_expected": [True]}), table="demo")
    >>> list(t.cells.columns), t.cells.iloc[0].tolist()
    (['p, Benjamini–Hochberg', 'Expected count under 5'], ['&lt; 0.001', 'yes'])
    """
    if not isinstance(frame, pd.DataFrame):
        raise ReaderTableError(f"reader_table {table!r}: needs a pandas DataFrame, got {type(frame).__name__}")
    if not isinstance(table, str) or not re.fullmatch(r"[A-Za-z][\w-]*", table):
        raise ReaderTableError(f"reader_table: the table id must be a word (letters, digits, - or _), got {table!r}")
    curated = _descriptor_labels(labels) if labels is not None else {}
    kinds = dict(kinds or {})
    shown, headers, classes = {}, [], []
    for column in frame.columns:
        label = curated.get(column) or label_for(str(column))
        if label is None:
            raise ReaderTableError(f"reader_table {table!r}: column {column!r} has no label (add it to "
                                   "analysis.display.labels.LABELS, or to the field's title in data/datapackage.yaml)")
        kind = kinds.pop(column, label.kind)
        coded = label.values or {}
        values = frame[column].map(lambda v, coded=coded: coded.get(v, v)) if coded else frame[column]
        cells = [format_cell(v, kind) for v in values]
        if kind == "text" and cells and sum(len(c) for c in cells) / len(cells) > LONG_TEXT:
            kind = "long"
        headers.append(label.header)
        classes.append({"long": "rt-long", "html": "rt-long", "text": "rt-text", "paragraph": "rt-text"}
                       .get(kind, "rt-num"))
        shown[label.header] = cells
    if kinds:
        raise ReaderTableError(f"reader_table {table!r}: kinds for columns it does not have: {sorted(kinds)}")
    if len(set(headers)) != len(headers):
        raise ReaderTableError(f"reader_table {table!r}: two columns would show the same header: {headers}")
    href, words = _csv_href(csv if csv is not None else labels)
    cells = pd.DataFrame(shown, columns=headers)
    return ReaderTable(table, cells, _table_html(table, cells, classes, caption, href, words), href)


def _table_html(table, cells, classes, caption, href, words) -> str:
    name = escape(caption or table)
    # the first column stays in view while a wide table scrolls, unless it is long text itself
    sticky = " rt-sticky" if len(classes) > 2 and classes[0] != "rt-long" else ""
    parts = [f'<div class="reader-table" id="rt-{table}">',
             f'<div class="reader-table-scroll" tabindex="0" role="region" aria-label="{name}">',
             f'<table class="reader-table-grid{sticky}" id="T_{table}">']
    if caption:
        parts.append(f"<caption>{escape(caption)}</caption>")
    parts.append("<thead><tr>" + "".join(f'<th scope="col" class="{c}">{escape(h)}</th>'
                                         for h, c in zip(cells.columns, classes)) + "</tr></thead><tbody>")
    for row in cells.itertuples(index=False):
        parts.append("<tr>" + "".join(f'<td class="{c}">{v}</td>' for v, c in zip(row, classes)) + "</tr>")
    parts.append("</tbody></table></div>")
    if href:
        parts.append(f'<p class="reader-table-download"><a href="{escape(href, quote=True)}" download>'
                     f"Download the full table ({'JSON' if words.endswith('.json') else 'CSV'}): {escape(words)}</a></p>")
    parts.append("</div>")
    return "".join(parts)


__all__ = ["ReaderTable", "ReaderTableError", "reader_table", "format_cell", "paragraph_link", "write_downloads",
           "DOWNLOADS", "concordance_html", "code_words", "periods_table", "claims_tables", "claims_table", "events_table",
           "mention_summary", "OPENING_WORDS", "source_html", "concordance_caption", "provenance_table", "removals_table", "turns_table", "mentions_view",
           "events_told_once", "external_table", "vocabulary_table", "by_voice", "themes_table", "show_concordances",
           "show_register", "show_data_tables", "aid_table", "aid_tests_table", "textile_table",
           "mirror_coverage_table", "mirror_hypotheses_table", "styled_trade_record", "styled_provenance", "styled_removals", "styled_turns",
           "styled_voice_counts", "styled_mention_summary", "styled_mentions", "styled_events",
           "styled_event_quotes", "styled_events_told_once", "styled_claims", "styled_non_events", "VERDICT_MARKS", "verdict_mark", "verdict_table",
           "styled_verdicts", "history_record_table", "styled_history_record",
           "styled_trade_figures", "styled_quantities", "styled_external", "styled_keyness",
           "styled_keyness_measures", "styled_vocabulary", "styled_diversity", "styled_collocations",
           "styled_reference", "styled_top_changes", "styled_merged_groups", "styled_ngrams", "styled_names",
           "styled_detectable",
           "styled_themes", "styled_dispersion", "styled_data_files", "styled_platform", "styled_versions",
           "styled_bench", "show_bench", "source_link", "sensitivity_view",
           "styled_dated_sensitivity"]


# Inline styles so the KWIC alignment survives any theme; no stylesheet to ship.
_LEFT_STYLE = "text-align:right;white-space:pre"
_RIGHT_STYLE = "text-align:left;white-space:pre"


def concordance_html(table, caption: str | None = None) -> str:
    """A concordance table (from :func:`concordance`) as an HTML ``<table>``, every piece of the
    text HTML-escaped, the key word in ``<strong>``, left context right-aligned, each paragraph
    id linked to its anchor in the sources chapter.

    >>> from analysis.core.distribution import concordance
    >>> out = concordance_html(concordance("a <b>x</b> c", "x", width=4))
    >>> "&lt;b&gt;</td>" in out, "<strong>x</strong>" in out, "<b>" in out
    (True, True, False)
    """
    if not isinstance(table, pd.DataFrame) or not {"left", "match", "right"} <= set(table.columns):
        raise LexicalError(f"concordance_html() needs a table from concordance(), got {type(table).__name__}")
    has_ids = "paragraph" in table and table["paragraph"].notna().any()
    parts = ['<table class="kwic" style="font-size:0.85em">']
    if caption:
        parts.append(f"<caption>{html.escape(caption)}</caption>")
    parts.append("<tbody>")
    if table.empty:
        parts.append('<tr><td class="kwic-none">no occurrences</td></tr>')
    for row in table.itertuples(index=False):
        cells = []
        if has_ids:
            cells.append(f'<td class="kwic-id">{format_cell(row.paragraph, "paragraph")}</td>')
        cells.append(f'<td class="kwic-left" style="{_LEFT_STYLE}">{html.escape(row.left)}</td>')
        cells.append(f'<td class="kwic-match"><strong>{html.escape(row.match)}</strong></td>')
        cells.append(f'<td class="kwic-right" style="{_RIGHT_STYLE}">{html.escape(row.right)}</td>')
        parts.append("<tr>" + "".join(cells) + "</tr>")
    parts.append("</tbody></table>")
    return "".join(parts)


def periods_table():
    """The periods as a pandas DataFrame: name, start year, end year, basis."""
    return pd.DataFrame([{"period": p.name, "from": p.start.year, "to": p.end.year, "basis": p.basis}
                         for p in PERIODS])


def _claim_columns(claims):
    missing = {"claim_id", "claim", "paragraph", "quote", "external_finding", "outlet", "url",
               "verdict", "comment"} - set(claims.columns)
    if missing:
        raise AnalysisError(f"not a history claims table: missing {sorted(missing)}")


def _finding(row, accessed: dict | None = None) -> str:
    links = "; ".join(source_link(o, u, accessed) for o, u in zip(split_cell(row["outlet"]), split_cell(row["url"])))
    return f"{html.escape(row['external_finding'])} <small>({links})</small>"


def source_link(outlet: str, url: str, accessed: dict | None = None) -> str:
    """An outlet's name linked to its URL, followed by the date the URL was accessed (from
    ``references.bib``, :func:`analysis.book.conventions.accessed_dates`), HTML-escaped. A URL
    the bibliography does not hold raises :class:`AnalysisError`: every URL the book cites is in it.

    >>> source_link("TASS", "https://tass.com/world/1066941")
    '<a href="https://tass.com/world/1066941">TASS</a>, accessed 1 December 2026'
    """
    return f'<a href="{html.escape(url, quote=True)}">{html.escape(outlet)}</a>{_accessed(url, accessed)}'


def _accessed(url: str, accessed: dict | None = None, where: str = "") -> str:
    """", accessed 1 December 2026": the date ``references.bib`` gives ``url`` as accessed; a URL it
    does not hold raises :class:`AnalysisError` (prefixed with ``where``, the function asking)."""
    accessed = accessed_dates() if accessed is None else accessed
    if url not in accessed:
        error = ReaderTableError if where else AnalysisError
        raise error(f"{where}{url} is cited but not in references.bib (with its urldate)")
    day = date.fromisoformat(accessed[url])
    return f", accessed {day.day} {day:%B %Y}"


def claims_tables(claims=None):
    """The claims table split in two: ``(verdicts, quotes)``.

    ``verdicts`` has id, claim, paragraph, verdict and the record's finding followed by its
    sources as HTML links (outlet names linked to their URLs, text HTML-escaped); ``quotes`` has
    id, paragraph, the verbatim quote and the comment. Both keep the order of
    ``data/history_claims.csv``. (The chapter shows them as one table, :func:`claims_table`.)

    >>> v, q = claims_tables()
    >>> list(v.columns), list(q.columns)
    (['id', 'claim', 'paragraph', 'verdict', 'finding and sources'], ['id', 'paragraph', 'quote', 'comment'])
    >>> '<a href="http' in v["finding and sources"].iloc[0]
    True
    """
    claims = load_history_claims() if claims is None else claims
    _claim_columns(claims)
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


def claims_table(claims=None) -> pd.DataFrame:
    """The claims in one table, one row each: id, claim, paragraph, quote, verdict, the record's
    finding with its sources linked (HTML, escaped), comment; in the order of the CSV file."""
    claims = load_history_claims() if claims is None else claims
    _claim_columns(claims)
    return pd.DataFrame({
        "claim_id": claims["claim_id"], "claim": claims["claim"], "paragraph": claims["paragraph"],
        "quote": claims["quote"], "verdict": claims["verdict"],
        "finding and sources": [_finding(r) for _, r in claims.iterrows()], "comment": claims["comment"],
    }).reset_index(drop=True)


def events_table(events=None):
    """The events for reading: id, when (at its precision), label, category, told by, dating,
    paragraphs. The full table with quotes is ``data/events.csv``."""
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
    cov = mention_coverage() if coverage is None else coverage
    rows = []
    for sid, part in cov.groupby("source", sort=True):
        tied = part["event_id"] != ""
        rows.append({"text": sid, "date mentions": len(part), "relative": int(part["relative"].sum()),
                     "date an event": int(tied.sum()), "not an event": int((~tied).sum())})
    return pd.DataFrame(rows)


#: How many words of each paragraph the sources chapter shows (:func:`source_html`).
OPENING_WORDS = 8


def source_html(source: str | Source, page_url: str | None = None, meta: dict | None = None,
                opening_words: int | None = None) -> str:
    """The cleaned text as HTML, one block per paragraph, each headed by its id and speaker.

    Every paragraph has its id as anchor (``id="I31"``, linked to itself) and a *Cite* button
    that copies a citation of it (the book's ``_static/cite-paragraph.js``): the source, the
    paragraph id, the book's title and version (``meta``, default ``CITATION.cff``) and the
    paragraph's address — ``page_url`` with ``#`` and the id (default: the sources chapter on
    the book's site, :func:`analysis.book.citation.page_url`; when the build does not know the
    site, the script uses the address the reader has open). Text is HTML-escaped, so markup in
    a source can never reach the page.

    ``opening_words``: show each paragraph only by its first so many words, then an ellipsis and
    a link to the page the text was copied from (its ``republication_url``), not the whole text:
    what the sources chapter shows, since the rights found cover quotation and not clearly the
    reproduction of whole texts (the Limits of the edition). ``None`` shows every paragraph whole.
    """
    if opening_words is not None and (isinstance(opening_words, bool) or not isinstance(opening_words, int)
                                      or opening_words < 1):
        raise ReaderTableError(f"source_html: opening_words must be a whole number of at least 1 or None, "
                               f"got {opening_words!r}")
    src = source if isinstance(source, Source) else load_source(source)
    meta = load_citation() if meta is None else meta
    page_url = site_page(f"notebooks/{SOURCES_PAGE}") if page_url is None else page_url
    link = ""
    if opening_words is not None:
        address = src.meta.get("republication_url") or src.meta.get("original_url")
        if not isinstance(address, str) or not address.startswith(("https://", "http://")):
            raise ReaderTableError(f"source_html: source {src.id!r} has no page address to link its paragraphs to")
        link = (f' <a class="source-link" href="{escape(address, quote=True)}">'
                f'at its source page</a>')
    parts = [f'<div class="source-text" id="source-{escape(src.id)}">']
    for p in src.paragraphs:
        who = p.speaker or p.kind
        shown = escape(p.text)
        if opening_words is not None:
            words = p.text.split()
            shown = escape(" ".join(words[:opening_words])) + (" …" if len(words) > opening_words else "") + link
        cite = paragraph_citation(src, p.id, meta)
        url = f' data-cite-url="{escape(page_url, quote=True)}#{escape(p.id)}"' if page_url else ""
        parts.append(
            f'<p id="{escape(p.id)}" class="source-paragraph"><a class="paragraph-anchor" href="#{escape(p.id)}">'
            f'<strong>{escape(p.id)}</strong></a> <em>[{escape(who)}]</em> {shown} '
            f'<button type="button" class="cite-paragraph" data-paragraph="{escape(p.id)}" '
            f'data-cite="{escape(cite, quote=True)}"{url} aria-label="Copy a citation of paragraph {escape(p.id)}">'
            "Cite</button></p>"
        )
    parts.append("</div>")
    return "\n".join(parts)


def paragraph_citation(source: Source, paragraph_id: str, meta: dict) -> str:
    """The citation of one paragraph, without its address: source, paragraph id, book and version.

    >>> from analysis.book.sources import load_source
    >>> paragraph_citation(load_source("interview"), "I31", {"title": "T", "version": "1.0"})[:9]
    'Interview'
    """
    paragraph = source.paragraph(paragraph_id)
    m = source.meta
    kind = "Interview" if source.id == "interview" else "Article"
    who = m.get("author") or ""
    when = str(m.get("published") or m.get("republished") or "")[:4]
    outlet = m.get("outlet") or ""
    text = (f"{kind}: {who}, “{m.get('title', source.id)}”, {outlet}{', ' + when if when else ''}, "
            f"paragraph {paragraph.id}. In: {meta.get('title', '')}, version {meta.get('version', '')}.")
    return " ".join(text.split())


# ---------------------------------------------------------------- the chapters' tables

#: Metadata fields the sources chapter shows, in reading order.
PROVENANCE_FIELDS = ["title", "author", "interviewer", "outlet", "published", "published_status",
                     "republished_by", "republished", "republished_status", "republication_url",
                     "language", "rights", "sha256"]


def provenance_table(sources) -> pd.DataFrame:
    """The two sources' metadata side by side, one row per field (missing fields as ``None``)."""
    table = pd.DataFrame({sid: {f: src.meta.get(f) for f in PROVENANCE_FIELDS} for sid, src in sources.items()})
    table.index.name = "field"
    return table


def removals_table(sources) -> pd.DataFrame:
    """What cleaning removed from each source, one row per removed block."""
    return pd.concat({sid: src.removals_table() for sid, src in sources.items()},
                     names=["source", "#"]).reset_index(level=1, drop=True)


def turns_table(source) -> pd.DataFrame:
    """The interview's speaker turns: speaker, kind, paragraphs, words and the opening words."""
    def span(ids):
        return f"{ids[0]}–{ids[-1]}" if len(ids) > 1 else ids[0]

    return pd.DataFrame([
        {"turn": t.number, "speaker": t.speaker, "kind": t.kind, "paragraphs": span(t.paragraph_ids),
         "words": sum(len(tokenize(source.paragraph(p).content)) for p in t.paragraph_ids),
         "opening": source.paragraph(t.paragraph_ids[0]).content[:90] + "…"}
        for t in source.turns
    ]).set_index("turn")


def mentions_view(coverage) -> pd.DataFrame:
    """Every date mention with its interval and the event it dates (or "not an event")."""
    return coverage.assign(
        interval=[f"{a} – {b}" if a is not None else "no interval"
                  for a, b in zip(coverage["interval_start"], coverage["interval_end"])],
        tied_to=[e if e else "not an event" for e in coverage["event_id"]],
    )[["source", "paragraph", "text", "interval", "precision", "tied_to", "resolution"]]


def events_told_once(events) -> pd.DataFrame:
    """The events only one of the two texts tells, by text."""
    return events[events["texts"] != "both"][["texts", "event_id", "label", "period"]].sort_values(["texts", "event_id"])


def external_table(external) -> pd.DataFrame:
    """The external trade figures, the outlet's name linked to its address and followed by the
    date it was accessed (:func:`source_link`; HTML, escaped)."""
    accessed = accessed_dates()
    linked = [source_link(o, u, accessed) for o, u in zip(external["outlet"], external["url"])]
    return external.assign(source=linked)[["year", "flow", "reporter", "partner", "value", "unit", "qualifier",
                                           "whose_data", "source"]]


def vocabulary_table(key, stop, n: int = 12) -> pd.DataFrame:
    """The most frequent shared words and the top words only one text uses, with their counts."""
    content = ~key.index.isin(stop)
    shared = key[(key["count_a"] > 0) & (key["count_b"] > 0) & content].copy()
    shared["both"] = shared[["count_a", "count_b"]].sum(axis=1)
    shared = shared.sort_values(["both", "ll"], ascending=[False, True]).head(n)
    only_a = key[(key["count_b"] == 0) & content].head(n)
    only_b = key[(key["count_a"] == 0) & content].head(n)
    columns = {
        "shared (article : answers)": [f"{w} ({r.count_a} : {r.count_b})" for w, r in shared.iterrows()],
        "only in the article": [f"{w} ({r.count_a})" for w, r in only_a.iterrows()],
        "only in the answers": [f"{w} ({r.count_b})" for w, r in only_b.iterrows()],
    }
    rows = max(map(len, columns.values()))  # a column with fewer words is padded with blanks
    return pd.DataFrame({name: words + [""] * (rows - len(words)) for name, words in columns.items()})


def by_voice(tables, voice_map, columns=None, index=None) -> pd.DataFrame:
    """Per-voice tables stacked under the voices' labels (collocations, dispersion); ``columns``
    keeps those columns, ``index`` makes those columns each table's index first."""
    def shape(t):
        t = t if index is None else t.set_index(index)
        return t if columns is None else t[columns]

    return pd.concat({voice_map[k].label: shape(t) for k, t in tables.items()}, names=["voice"])


def themes_table(themes) -> pd.DataFrame:
    """The themes and the word patterns that count for each."""
    return pd.DataFrame({"patterns": {k: ", ".join(v) for k, v in themes.items()}})


def concordance_caption(voice_label: str, word, n_lines: int) -> str:
    """The caption of one concordance: the voice, the word (or every form of a merged word, so that
    a reader sees what a merged count counts) and the number of lines.

    >>> concordance_caption("Article", ["welcome", "welcomed"], 3)
    'Article: “welcome”, “welcomed”, 3 lines'
    """
    forms = [word] if isinstance(word, str) else list(word) if isinstance(word, (list, tuple)) else []
    if not forms or not all(isinstance(f, str) and f for f in forms):
        raise ReaderTableError(f"concordance_caption: word must be a word or a list of words, got {word!r}")
    return f"{voice_label}: " + ", ".join(f"“{f}”" for f in forms) + f", {n_lines} line{'s' if n_lines != 1 else ''}"


def show_concordances(pairs, width: int = 40) -> None:
    """Concordances of ``(voice, word)`` pairs, one captioned table each; ``word`` may be the list
    of a merged word's forms (:func:`analysis.book.keywords.merged_groups`), all shown."""
    from IPython.display import HTML, display  # deferred: IPython exists only in a kernel

    for voice, word in pairs:
        lines = concordance(voice, word, width=width)
        display(HTML(concordance_html(lines, caption=concordance_caption(voice.label, word, len(lines)))))


def show_register(register) -> None:
    """The register of conventions, one table per area, each convention with its code path."""
    from IPython.display import HTML, Markdown, display  # deferred: IPython exists only in a kernel

    view = register.assign(
        convention=[f"{escape(c)}<br><code>{escape(w)}</code>"
                    for c, w in zip(register["convention"], register["where"], strict=True)],
        rule=register["rule"].map(code_words), setting=register["setting"].map(code_words),
        references=register["references"].map(reference_labels))
    for area in AREAS:
        part = view[view["area"] == area][["convention", "rule", "setting", "references"]]
        display(Markdown(f"**{area.capitalize()}**"))
        display(HTML(reader_table(part, table=f"methods-register-{area}",
                                  kinds={"rule": "html", "setting": "html"}).html))


def show_data_tables() -> None:
    """The data appendix's tables, column by column, each under its file's description."""
    from IPython.display import HTML, Markdown, display  # deferred: IPython exists only in a kernel

    for res in sorted(load_package()["resources"], key=lambda r: r["path"]):
        if "schema" not in res:
            continue
        name = res["path"]
        display(Markdown(f"**`data/{name}`** — {' '.join(res['description'].split())}"))
        csv = name if name.endswith(".csv") else None
        columns = columns_table(name)
        columns = columns.assign(column=[f"<code>{escape(c)}</code>" for c in columns["column"]],
                                 values=columns["values"].map(code_words),
                                 description=columns["description"].map(code_words))
        display(HTML(reader_table(columns, table="data-" + name.replace(".", "-"), csv=csv,
                                  kinds={"column": "html", "values": "html", "description": "html"}).html))


_IDENTIFIER = re.compile(r"(?<![\w.])([A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+)(?![\w])")


def code_words(text) -> str:
    """``text`` HTML-escaped, with every identifier of code in it (a word with an underscore:
    ``year_from``, ``KH_to_RU``) set in ``<code>``, where a table names columns or parameters.

    >>> code_words("equal to year_from for <one> year")
    'equal to <code>year_from</code> for &lt;one&gt; year'
    """
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    return _IDENTIFIER.sub(r"<code>\1</code>", escape(str(text)))


def _frame(table, what: str, columns=()) -> pd.DataFrame:
    """``table`` itself when it is a DataFrame holding ``columns``; else an :class:`AnalysisError`
    naming ``what`` and the problem."""
    if not isinstance(table, pd.DataFrame):
        raise ReaderTableError(f"{what}: needs a pandas DataFrame, got {type(table).__name__}")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ReaderTableError(f"{what}: missing column(s) {missing}")
    return table


#: What the aid table shows for the share of a reading whose part exceeds its whole.
PART_EXCEEDS_WHOLE = "n/a (part exceeds whole)"


def aid_table(years: int) -> ReaderTable:
    """The readings of the aid sentence side by side, money in USD million to one decimal; a
    reading whose Soviet part exceeds its whole shows :data:`PART_EXCEEDS_WHOLE` for its share
    (a share above 100 % says nothing)."""
    t = aid_readings(years).astype({"ussr_share": object})
    t.loc[~t["coherent"].astype(bool), "ussr_share"] = PART_EXCEEDS_WHOLE
    return reader_table(t, table="trade_aid", csv="aid_readings")


#: The reading's bound a check tests, in words (per year or for the whole period).
BOUND_WORDS = {"all_per_year": "ceiling of all donors, a year", "all_period": "ceiling of all donors, whole period",
               "ussr_per_year": "Soviet floor, a year"}


def aid_tests_table(tests) -> ReaderTable:
    """The aid readings against the record: one row per check (what the record gives, its figure in
    USD million), one column per reading with its verdict (``aid_tests`` of analysis.book.trade)."""
    t = _frame(tests, "aid_tests_table", ["reading", "check", "period", "record", "verdict", "bound"])
    wide = t.pivot(index="check", columns="reading", values="verdict")
    order = list(dict.fromkeys(t["check"]))
    first = t.drop_duplicates("check").set_index("check")
    shown = pd.DataFrame({"check": [f"{c} ({first.loc[c, 'period']})" if first.loc[c, "period"] not in c else c
                                    for c in order],
                          "record_usd": [float(first.loc[c, "record"]) for c in order],
                          "bound_tested": [BOUND_WORDS[first.loc[c, "bound"]] for c in order],
                          **{f"reading {r}": wide.loc[order, r].tolist() for r in wide.columns}})
    return reader_table(shown, table="trade_aid_tests", csv="aid_tests")


def textile_table(readings) -> ReaderTable:
    """What "about 90 %" can cover: the range it gives that group, what it leaves garments, and the rest."""
    t = _frame(readings, "textile_table", ["covers", "group_low", "group_high", "garments_low", "garments_high",
                                            "rest_holds", "rest_low", "rest_high"])
    shown = pd.DataFrame({
        "covers": t["covers"],
        "group range": [f"{lo:,.1f}–{hi:,.1f}" for lo, hi in zip(t["group_low"], t["group_high"])],
        "garments": [f"{hi:,.1f} at most" if lo is None or lo != lo else f"{lo:,.1f}–{hi:,.1f}"
                     for lo, hi in zip(t["garments_low"], t["garments_high"])],
        "the rest": [f"{what}: {lo:,.1f}–{hi:,.1f}" for what, lo, hi in zip(t["rest_holds"], t["rest_low"], t["rest_high"])],
    })
    return reader_table(shown, table="trade_textile_readings", csv="textile_readings")


def styled_trade_record(record) -> ReaderTable:
    """The trade chapter's record (``data/trade_record.csv``): id, the check it serves, what it
    measures, the verbatim passage, the outlet linked to its address, independence, access date."""
    cols = ["record_id", "point", "measures", "passage", "outlet", "url", "independent", "accessed"]
    t = _frame(record, "styled_trade_record", cols)
    shown = pd.DataFrame({"record_id": t["record_id"], "point": t["point"], "measures": t["measures"],
                          "passage": t["passage"],
                          "outlet link": [source_link(o, u) for o, u in zip(t["outlet"], t["url"])],
                          "independent": t["independent"], "accessed": [str(a) for a in t["accessed"]]})
    return reader_table(shown, table="trade_record", labels="trade_record.csv", kinds={"accessed": "text"})


def mirror_coverage_table(coverage) -> ReaderTable:
    """What each side's figure covers, one row per attribute, the two records side by side."""
    t = _frame(coverage, "mirror_coverage_table", ["side", "figure", "reporter", "partner", "year", "flow",
                                                     "valuation", "partner_rule"])
    fields = {"figure": "Figure, USD million", "reporter": "Reporter", "partner": "Partner", "year": "Year",
              "flow": "Flow", "valuation": "Valuation", "partner_rule": "Partner recorded as"}
    rows = {"field": list(fields.values())}
    for r in t.itertuples():
        rows[f"{r.side}'s record"] = [f"{r.figure:,.2f}".rstrip("0").rstrip(".") if f == "figure" else str(getattr(r, f))
                                      for f in fields]
    return reader_table(pd.DataFrame(rows), table="trade_mirror_coverage", csv="mirror_coverage")


def mirror_hypotheses_table(hypotheses) -> ReaderTable:
    """Why Russia's record could exceed Cambodia's: the hypothesis with which way it moves the gap,
    how it would work, and the record rows that bear on it."""
    t = _frame(hypotheses, "mirror_hypotheses_table", ["hypothesis", "mechanism", "effect", "evidence"])
    shown = pd.DataFrame({
        "hypothesis and effect": [f"<b>{escape(h)}</b>: {escape(e)}" for h, e in zip(t["hypothesis"], t["effect"])],
        "mechanism": t["mechanism"], "evidence": t["evidence"]})
    return reader_table(shown, table="trade_mirror_hypotheses", csv="trade_record.csv")


def styled_provenance(sources, accessed: dict | None = None) -> ReaderTable:
    """The sources chapter's metadata table: one row per field (titled as in the Data Package),
    the two sources side by side, missing fields as "–", addresses linked and followed by the date
    they were accessed (``references.bib``'s ``urldate``, as :func:`source_link` shows it), the hash
    in code type. ``accessed`` maps URL to ISO date (read from the bibliography when omitted); an
    address it lacks raises :class:`ReaderTableError` naming it."""
    if not isinstance(sources, dict) or not sources or not all(isinstance(s, Source) for s in sources.values()):
        raise ReaderTableError(f"styled_provenance: needs a dict of source id -> Source, got {sources!r:.60}")
    titles = {f["name"]: f.get("title", f["name"]) for f in resource("sources.json")["schema"]["fields"]}
    table = provenance_table(sources)
    accessed = accessed_dates() if accessed is None else accessed

    def cell(field, value):
        if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
            return None
        if field.endswith("url"):
            when = _accessed(value, accessed, "styled_provenance: ")
            value = escape(str(value))
            return f'<a class="rt-break" href="{value}">{value}</a>{when}'
        value = escape(str(value))
        return f'<code class="rt-break">{value}</code>' if field == "sha256" else value

    shown = pd.DataFrame({"field": [titles.get(f, f) for f in table.index],
                          **{sid: [cell(f, v) for f, v in table[sid].items()] for sid in table.columns}})
    return reader_table(shown, table="sources-provenance", csv="sources.json",
                        kinds={sid: "html" for sid in table.columns})


def styled_removals(sources) -> ReaderTable:
    """What cleaning removed: source, line, the removed text and why (offsets in the CSV)."""
    table = removals_table(sources).reset_index()[["source", "line", "text", "reason"]]
    return reader_table(table.rename(columns={"text": "removed"}), table="sources-removals", csv="removals")


def styled_turns(source) -> ReaderTable:
    """The interview's speaker turns, paragraph ids linked."""
    if not isinstance(source, Source):
        raise ReaderTableError(f"styled_turns: needs a Source, got {type(source).__name__}")
    return reader_table(turns_table(source).reset_index(), table="sources-turns", kinds={"paragraphs": "paragraph"})


def styled_voice_counts(counts) -> ReaderTable:
    """Paragraphs, sentences and words of each voice (:func:`analysis.book.sources.voice_counts`)."""
    table = _frame(counts, "styled_voice_counts", ["source", "speaker", "paragraphs", "sentences", "words"])
    return reader_table(table.rename_axis("voice").reset_index(), table="sources-voices", kinds={"paragraphs": "int"})


def styled_mention_summary(coverage) -> ReaderTable:
    """Date mentions per text (:func:`mention_summary`)."""
    table = mention_summary(_frame(coverage, "styled_mention_summary", ["source", "relative", "event_id"]))
    return reader_table(table, table="hist1", kinds={"text": "text"})


def styled_mentions(coverage) -> ReaderTable:
    """Every date mention (:func:`mentions_view`), paragraph ids linked."""
    cols = ["source", "paragraph", "text", "interval_start", "interval_end", "precision", "event_id", "resolution"]
    view = mentions_view(_frame(coverage, "styled_mentions", cols)).rename(columns={"text": "mention"})
    return reader_table(view, table="hist2", csv="date_mentions")


def styled_events(events) -> ReaderTable:
    """The events for reading (:func:`events_table`)."""
    cols = ["event_id", "start", "end", "precision", "label", "category", "texts", "dating", "paragraph"]
    return reader_table(events_table(_frame(events, "styled_events", cols)), table="hist3", csv="events.csv",
                        kinds={"paragraphs": "paragraph"})


def styled_event_quotes(events) -> ReaderTable:
    """Each event's id, label, paragraphs, verbatim quotes and note."""
    cols = ["event_id", "label", "paragraph", "quote", "note"]
    return reader_table(_frame(events, "styled_event_quotes", cols)[cols], table="hist4", labels="events.csv")


def styled_events_told_once(events) -> ReaderTable:
    """The events only one text tells (:func:`events_told_once`)."""
    cols = ["texts", "event_id", "label", "period"]
    return reader_table(events_told_once(_frame(events, "styled_events_told_once", cols)), table="hist5",
                        labels="events.csv")


#: How a verdict is shown: a symbol whose shape alone tells it apart, an Okabe–Ito colour, and its
#: word. Colour is never the only signal (shape and text carry it for colour-blind readers and print).
VERDICT_MARKS = {
    "agrees": ("✔", "#009E73"),
    "partly": ("◐", "#E69F00"),
    "disagrees": ("✘", "#D55E00"),
    "unverified": ("?", "#999999"),
    "not borne out": ("◇", "#56B4E9"),
}


def verdict_mark(verdict: str, independent="yes") -> str:
    """A verdict as HTML: symbol and word on a tinted badge, with "only sources not independent of
    the speaker" added where no cited source is independent (:func:`analysis.book.claims.verdict_label`).

    >>> verdict_mark("agrees")
    '<span class="rt-verdict" style="border-left:0.6em solid #009E73;padding:0 0.3em">✔ agrees</span>'
    """
    if verdict not in VERDICT_MARKS:
        raise AnalysisError(f"unknown verdict {verdict!r}; verdicts: {list(VERDICT_MARKS)}")
    symbol, colour = VERDICT_MARKS[verdict]
    label = html.escape(verdict_label(verdict, independent))
    return f'<span class="rt-verdict" style="border-left:0.6em solid {colour};padding:0 0.3em">{symbol} {label}</span>'


def verdict_table(claims=None) -> pd.DataFrame:
    """One row per verdict (in the descriptor's order): its mark, how many claims have it, and which."""
    claims = load_history_claims() if claims is None else claims
    _claim_columns(claims)
    counts = verdict_counts(claims)
    return pd.DataFrame([{"verdict mark": verdict_mark(v), "claims": n,
                          "claim ids": ", ".join(claims.loc[claims["verdict"] == v, "claim_id"]) or "none"}
                         for v, n in counts.items()])


def styled_verdicts(claims) -> ReaderTable:
    """The verdict counts with their marks (the same counts as every sentence that gives them)."""
    return reader_table(verdict_table(_frame(claims, "styled_verdicts", ["claim_id", "verdict"])), table="hist8",
                        labels="history_claims.csv")


def history_record_table(record=None) -> pd.DataFrame:
    """The record around the texts for reading: id, topic, claim, finding, the passage, and its
    source linked with the date it was accessed and whether it is independent of the speaker."""
    record = load_history_record() if record is None else record
    missing = ({"record_id", "topic", "claim_id", "finding", "passage", "outlet", "url", "urldate", "independent"}
               - set(record.columns))
    if missing:
        raise AnalysisError(f"not a history record table: missing {sorted(missing)}")
    accessed = {u: d.isoformat() if hasattr(d, "isoformat") else str(d) for u, d in zip(record["url"], record["urldate"])}
    links = [f"{source_link(o, u, accessed)} ({html.escape(i)})"
             for o, u, i in zip(record["outlet"], record["url"], record["independent"])]
    return pd.DataFrame({"record_id": record["record_id"], "topic": record["topic"], "claim_id": record["claim_id"],
                         "finding": record["finding"], "passage": record["passage"], "source link": links})


def styled_history_record(record) -> ReaderTable:
    """``data/history_record.csv`` as a reader table (the chapter shows it collapsed)."""
    return reader_table(history_record_table(_frame(record, "styled_history_record")), table="hist9",
                        labels="history_record.csv")


def styled_claims(claims) -> ReaderTable:
    """The history claims in one table, one row each (:func:`claims_table`): the claim with the
    words that make it and their paragraph (linked) beneath it, the verdict, the record's
    finding with its sources linked, and the comment."""
    table = claims_table(_frame(claims, "styled_claims"))
    claim = [f'{escape(c)}<br><span class="rt-quote">“{escape(q)}” ({format_cell(p, "paragraph")})</span>'
             for c, q, p in zip(table["claim"], table["quote"], table["paragraph"], strict=True)]
    marks = [verdict_mark(v, i) for v, i in zip(claims["verdict"], claims["independent"], strict=True)]
    shown = table.assign(claim=claim, verdict=marks)[["claim_id", "claim", "verdict", "finding and sources", "comment"]]
    return reader_table(shown.rename(columns={"claim": "claim and quote", "verdict": "verdict mark"}), table="hist6",
                        labels="history_claims.csv")


def styled_non_events(non_events) -> ReaderTable:
    """The dates that are not events (``data/date_non_events.csv``)."""
    return reader_table(_frame(non_events, "styled_non_events"), table="hist7", labels="date_non_events.csv")


def styled_trade_figures(figures) -> ReaderTable:
    """The interview's trade figures as written: year, flow, reporter, the value with its hedge and
    unit ("about 246 USD million"), paragraph and quote (``data/trade_figures.csv``)."""
    cols = ["year", "flow", "reporter", "value", "unit", "qualifier", "paragraph", "quote"]
    t = _frame(figures, "styled_trade_figures", cols)[cols].copy()
    # the unit beside its number, and the words wrapping, so that the quote stays in view at page width
    t["value"] = [" ".join(w for w in (q if isinstance(q, str) else "", format_cell(v, "number"), u) if w)
                  for q, v, u in zip(t["qualifier"], t["value"], t["unit"])]
    shown = t.drop(columns=["unit", "qualifier"])
    return reader_table(shown, table="trade_figures", labels="trade_figures.csv",
                        kinds={"year": "text", "value": "long", "flow": "long", "reporter": "long"})


def styled_quantities(quantities) -> ReaderTable:
    """Every quantity the extractor finds in a text, for reading: paragraph, kind, the words,
    the value in its unit (money in USD million, one decimal) and the caveat; the character
    offsets stay in the downloadable table."""
    table = _frame(quantities, "styled_quantities", ["paragraph", "kind", "text", "value", "unit", "qualifier", "flag"])

    def value(v, unit):
        if v is None or (isinstance(v, float) and math.isnan(v)):
            return "no scale word"
        return format_cell(v / 1e6, "usd_m") if unit == "USD" else _number(float(v))

    shown = pd.DataFrame({
        "paragraph": table["paragraph"], "kind": table["kind"], "text": table["text"],
        "qualifier": table["qualifier"].fillna(""),
        "value": [value(v, u) for v, u in zip(table["value"], table["unit"])],
        "unit": ["USD million" if u == "USD" and v == v and v is not None else u
                 for v, u in zip(table["value"], table["unit"])],
        "flag": table["flag"].fillna(""),
    })
    return reader_table(shown.rename(columns={"text": "amount"}), table="trade_quantities", csv="quantities",
                        kinds={"value": "text"})


def styled_external(external) -> ReaderTable:
    """The external trade figures (:func:`external_table`), the outlet linked to its address."""
    cols = ["year", "flow", "reporter", "partner", "value", "unit", "qualifier", "whose_data", "outlet", "url"]
    table = external_table(_frame(external, "styled_external", cols)).rename(columns={"source": "outlet link"})
    return reader_table(table, table="trade_external", labels="trade_external.csv", kinds={"year": "text"})


#: The keyness table's columns in the chapter's short table.
KEYNESS_COLUMNS = ["count_a", "count_b", "per_1000_a", "per_1000_b", "ll", "log_ratio", "p_bh", "low_expected",
                   "key_for"]
#: Every keyness measure, for the collapsed table of the same words.
KEYNESS_MEASURES = ["count_a", "count_b", "ll", "ll_two_term", "log_ratio", "pct_diff", "log_odds_z",
                    "p", "p_bh", "p_bonferroni", "min_expected", "key_for"]


def _keyness(key, n, columns, what, table):
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise ReaderTableError(f"{what}: n must be a whole number of rows >= 1, got {n!r}")
    shown = _frame(key, what, columns)[columns].head(n).rename_axis("word").reset_index()
    shown["key_for"] = [{"a": "article", "b": "answers"}.get(k, "neither") for k in shown["key_for"]]
    return reader_table(shown, table=table, csv="keyness")


def styled_keyness(key, n: int = 20) -> ReaderTable:
    """The ``n`` keyest words of an article-vs-answers keyness table: counts, rates per 1,000
    tokens, G², Log Ratio, the adjusted p-value, whether an expected count is under 5, and for
    which text the word is key after correction ("neither" when for none)."""
    return _keyness(key, n, KEYNESS_COLUMNS, "styled_keyness", "lex-keyness")


def styled_keyness_measures(key, n: int = 20) -> ReaderTable:
    """The same ``n`` words with every measure of the keyness table."""
    return _keyness(key, n, KEYNESS_MEASURES, "styled_keyness_measures", "lex-keyness-full")


def styled_reference(tables, voice_map, stop, n: int = 10) -> ReaderTable:
    """The ``n`` content words of each voice that score highest against general English by
    Kilgarriff's simple maths with the smallest and with the largest smoothing constant, with
    both scores and both frequencies per million (:func:`analysis.book.keywords.reference_tables`)."""
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise ReaderTableError(f"styled_reference: n must be a whole number of rows >= 1, got {n!r}")
    parts = []
    for name, table in tables.items():
        t = _frame(table, "styled_reference", ["count", "fpm", "ref_fpm", "sm_1", "sm_100"])
        t = t[~t.index.isin(stop)]
        top = list(dict.fromkeys(list(t.sort_values("sm_1", ascending=False, kind="stable").index[:n])
                                 + list(t.sort_values("sm_100", ascending=False, kind="stable").index[:n])))
        rows = t.loc[top].sort_values("sm_100", ascending=False, kind="stable").rename_axis("word").reset_index()
        rows.insert(0, "voice", voice_map[name].label if name in voice_map else name)
        parts.append(rows)
    shown = pd.concat(parts, ignore_index=True)
    return reader_table(shown[["voice", "word", "count", "fpm", "ref_fpm", "sm_1", "sm_100"]], table="lex-reference")


def styled_top_changes(changes) -> ReaderTable:
    """How the top of the article-vs-answers table moves from one way of counting to the next
    (:func:`analysis.book.keywords.top_changes`)."""
    shown = _frame(changes, "styled_top_changes", ["rank_tokens"]).rename_axis("word").reset_index()
    return reader_table(shown, table="lex-countings", kinds={c: "text" for c in shown.columns if c.startswith("rank_")})


def styled_merged_groups(groups) -> ReaderTable:
    """The inflection groups merged, one row per group (:func:`analysis.book.keywords.merged_groups`)."""
    if not isinstance(groups, dict):
        raise ReaderTableError(f"styled_merged_groups: needs a dict form → members, got {type(groups).__name__}")
    shown = pd.DataFrame({"shown_as": list(groups), "members": [", ".join(m) for m in groups.values()]})
    return reader_table(shown, table="lex-inflections")


def styled_ngrams(tables, n: int = 10) -> ReaderTable:
    """The ``n`` top-ranked bigrams and trigrams of the article against the answers (a sequence
    seen once in all is left out), with the keyness table's measures."""
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise ReaderTableError(f"styled_ngrams: n must be a whole number of rows >= 1, got {n!r}")
    parts = []
    for size, table in tables.items():
        t = _frame(table, "styled_ngrams", ["count_a", "count_b", "ll", "log_ratio", "p", "p_bh"])
        t = t[(t["count_a"] + t["count_b"]) >= 2].head(n)
        parts.append(t.rename_axis("ngram").reset_index())
    shown = pd.concat(parts, ignore_index=True)
    return reader_table(shown[["ngram", "count_a", "count_b", "ll", "log_ratio", "p", "p_bh"]], table="lex-ngrams")


def styled_names(table) -> ReaderTable:
    """The multi-word names of ``data/names.csv`` with their first occurrence."""
    shown = _frame(table, "styled_names", ["name", "kind", "source", "paragraph"])
    return reader_table(shown[["name", "kind", "source", "paragraph"]], table="lex-names", labels="names.csv")


def styled_detectable(table) -> ReaderTable:
    """The article's and the answers' segment means, their difference, and the smallest
    difference the segments could have detected (:func:`analysis.book.keywords.diversity_detectable`)."""
    shown = _frame(table, "styled_detectable", ["article_mean", "answers_mean", "difference", "detectable"]).reset_index()
    shown["measure"] = [measure_label(m) for m in shown["measure"]]
    return reader_table(shown[["measure", "article_mean", "answers_mean", "difference", "detectable"]], table="lex-detectable")


def styled_vocabulary(key, stop) -> ReaderTable:
    """Shared and one-text words (:func:`vocabulary_table`)."""
    return reader_table(vocabulary_table(_frame(key, "styled_vocabulary", ["count_a", "count_b", "ll"]), stop),
                        table="lex-vocabulary", csv="keyness")


def styled_diversity(div, voice_map) -> ReaderTable:
    """The diversity comparison by measure, then voice: segments, whole text, first tokens,
    segment mean and its interval, three significant figures."""
    table = _frame(div, "styled_diversity", ["n_segments", "whole", "cut", "mean", "low", "high"]).reset_index()
    if list(table.columns[:2]) != ["text", "measure"]:
        raise ReaderTableError("styled_diversity: needs a compare_diversity table indexed by (text, measure)")
    labels = {k: v.label for k, v in voice_map.items()}
    shown = table.assign(voice=[labels.get(t, t) for t in table["text"]],
                         measure=[measure_label(m) for m in table["measure"]],
                         order=table["text"].map({t: i for i, t in enumerate(dict.fromkeys(table["text"]))}))
    shown = shown.sort_values(["measure", "order"], kind="stable")
    return reader_table(shown[["measure", "voice", "n_segments", "whole", "cut", "mean", "low", "high"]],
                        table="lex-diversity", csv="diversity")


def styled_collocations(tables, voice_map) -> ReaderTable:
    """Each voice's collocations: the two words, their count and G² (one decimal)."""
    stacked = by_voice(tables, voice_map, index=["w1", "w2"]).reset_index()
    return reader_table(stacked[["voice", "w1", "w2", "count", "ll"]], table="lex-collocations",
                        csv="collocations", kinds={"ll": "dec1"})


def styled_themes(themes) -> ReaderTable:
    """The themes and the word patterns that count for each."""
    return reader_table(themes_table(themes).rename_axis("term").reset_index(), table="lex-themes")


def styled_dispersion(dp, voice_map) -> ReaderTable:
    """Each theme's frequency, range and DP in each voice, by theme then voice."""
    stacked = by_voice(dp, voice_map, ["frequency", "range", "dp", "dp_norm"]).reset_index()
    order = {v.label: i for i, v in enumerate(voice_map[k] for k in dp)}
    stacked = stacked.assign(order=stacked["voice"].map(order)).sort_values(["term", "order"], kind="stable")
    return reader_table(stacked[["term", "voice", "frequency", "range", "dp", "dp_norm"]], table="lex-dispersion",
                        csv="dispersion")


def styled_data_files(files) -> ReaderTable:
    """The data appendix's table of files (:func:`analysis.book.tables.files_table`)."""
    return reader_table(_frame(files, "styled_data_files"), table="data-files")


def styled_platform(summary) -> ReaderTable:
    """The interpreter and operating system (:func:`analysis.book.environment.platform_summary`)."""
    if not isinstance(summary, dict) or not summary or not all(isinstance(v, str) for v in summary.values()):
        raise ReaderTableError(f"styled_platform: needs a non-empty dict of name -> text, got {summary!r:.60}")
    return reader_table(pd.DataFrame({"name": list(summary), "value": list(summary.values())}),
                        table="methods-platform")


def styled_versions(versions) -> ReaderTable:
    """Package, pinned and installed versions (:func:`analysis.book.environment.package_versions`)."""
    return reader_table(_frame(versions, "styled_versions", ["package", "pinned", "installed"]),
                        table="methods-versions")


#: The benchmark table's columns (those of ``bench/results.csv``).
BENCH_SHORT = ["corpus", "pipeline", "target_tokens", "tokens", "types", "seconds", "cpu_s", "tokens_per_s",
               "peak_mib", "base_mib", "ratio_to_floor"]


def styled_bench(bench) -> ReaderTable:
    """``bench/results.csv`` (:func:`analysis.book.environment.load_bench_results`): seconds to
    three figures, rates and memory whole, the CPU time as a multiple of the floor's."""
    table = _frame(bench, "styled_bench", BENCH_SHORT)[BENCH_SHORT]
    for column, names in (("corpus", CORPUS_SHORT), ("pipeline", PIPELINE_NAMES)):
        unknown = sorted(set(table[column]) - set(names))
        if unknown:
            raise AnalysisError(f"styled_bench: {column} {unknown} has no reader's name "
                                "(analysis.book.environment.CORPUS_SHORT, PIPELINE_NAMES)")
    # the reader's names of corpora and pipelines, not bench/run.py's codes ("zipf", "api")
    table = table.assign(corpus=table["corpus"].map(CORPUS_SHORT), pipeline=table["pipeline"].map(PIPELINE_NAMES))
    return reader_table(table, table="methods-bench")


def show_bench(bench) -> None:
    """The methods appendix's benchmark: its paragraph, then its table when this build has
    ``bench/results.csv`` (``bench`` is ``None`` when it has not)."""
    from IPython.display import Markdown, display  # deferred: IPython exists only in a kernel

    if bench is not None:
        _frame(bench, "show_bench")
    display(Markdown(bench_report(bench)))
    if bench is not None:
        display(styled_bench(bench))


def sensitivity_view(table) -> pd.DataFrame:
    """The sensitivity table of the headline share
    (:func:`analysis.book.synthesis.dated_share_sensitivity`) for a reader: one row per rule of
    what dates a paragraph, named in words; for each voice the share of its theme words in dated
    paragraphs with the count ("62% (10 of 16)") and its interval; then the difference in points
    and its interval. Numbers are rounded to whole per cent: at these counts a decimal is noise.
    Columns are named for the label register (``article_share``, ``difference_interval``…)."""
    attrs = getattr(table, "attrs", {})
    a, b = attrs.get("a"), attrs.get("b")
    if not a or not b:
        raise AnalysisError("sensitivity_view: needs the table of dated_share_sensitivity(), which names its voices")
    cols = [f"{v}_{c}" for v in (a, b) for c in ("dated", "hits", "share", "low", "high")]
    table = _frame(table, "sensitivity_view", cols + ["difference", "difference_low", "difference_high"])
    unknown = [r for r in table.index if r not in DATING_LABELS]
    if unknown:
        raise AnalysisError(f"sensitivity_view: rows {unknown} are not dating rules ({list(DATING_LABELS)})")
    if attrs.get("conf", 0.95) != 0.95:
        raise AnalysisError("sensitivity_view: the register labels its intervals 95%; the table is at "
                            f"{attrs['conf']!r}")
    data = {"dating_rule": [DATING_LABELS[r] for r in table.index]}
    for v in (a, b):
        data[f"{v}_share"] = [f"{x:.0f}% ({d} of {n})" for x, d, n in
                              zip(table[f"{v}_share"], table[f"{v}_dated"], table[f"{v}_hits"], strict=True)]
        data[f"{v}_interval"] = [f"{lo:.0f}–{hi:.0f}%" for lo, hi in
                                 zip(table[f"{v}_low"], table[f"{v}_high"], strict=True)]
    data["difference_points"] = [f"{x:+.0f}" for x in table["difference"]]
    data["difference_interval"] = [f"{lo:+.0f} to {hi:+.0f}" for lo, hi in
                                   zip(table["difference_low"], table["difference_high"], strict=True)]
    return pd.DataFrame(data)


def styled_dated_sensitivity(table) -> ReaderTable:
    """The sensitivity table (:func:`sensitivity_view`) as a reader table, one rule per row."""
    return reader_table(sensitivity_view(table), table="concl-dated-sensitivity")


def styled_limits(record) -> ReaderTable:
    """The record behind the limits of the edition (:func:`analysis.book.limits.load_limits_record`):
    each passage's limit, what it shows, its outlet linked to its address with the date accessed,
    and whether that outlet is independent of the speaker."""
    columns = ["record_id", "limit", "finding", "outlet", "url", "independent"]
    table = _frame(record, "styled_limits", columns)[columns].copy()
    accessed = accessed_dates()
    table["outlet"] = [source_link(o, u, accessed) for o, u in zip(table["outlet"], table["url"])]
    table = table.drop(columns="url")
    return reader_table(table, table="limits_record", labels="limits_record.csv", kinds={"outlet": "html"})


def _emphasis_html(text) -> str:
    """``text`` HTML-escaped, with Markdown's ``*word*`` as ``<em>word</em>``."""
    return re.sub(r"\*([^*\s][^*]*?)\*", r"<em>\1</em>", html.escape(str(text)))


def corrections_html(corrections) -> str:
    """The corrections of one edition (:func:`analysis.book.editions.load_corrections`) as one
    block each, for the editions page: its id, kind and place in the earlier edition, then what
    the earlier edition said, what this edition says and why, each in full width (a six-column
    table squeezes the three long statements into narrow columns). HTML-escaped."""
    columns = ["correction_id", "kind", "where", "old_text", "new_text", "why", "corrects", "edition"]
    table = _frame(corrections, "corrections_html", columns)
    escape = _emphasis_html  # the statements are Markdown: *word* is emphasis, everything else is text
    blocks = []
    for row in table.itertuples(index=False):
        blocks.append(
            f'<div class="correction" id="{escape(row.correction_id)}">'
            f"<p><strong>{escape(row.correction_id)}</strong> · {escape(row.kind)} · {escape(row.where)}</p>"
            f"<dl><dt>Edition {escape(row.corrects)} said</dt><dd>{escape(row.old_text)}</dd>"
            f"<dt>Edition {escape(row.edition)} says</dt><dd>{escape(row.new_text)}</dd>"
            f"<dt>Why</dt><dd>{escape(row.why)}</dd></dl></div>")
    return "\n".join(blocks)


def show_corrections(corrections) -> None:
    """Display :func:`corrections_html` in a notebook."""
    from IPython.display import HTML, display  # deferred: IPython exists only in a kernel

    display(HTML(corrections_html(corrections)))
