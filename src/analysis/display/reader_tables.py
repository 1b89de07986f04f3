"""Reader tables and HTML: what a reader sees of a table, escaped and labelled, and the pandas
Stylers the chapters display (``styled_*``: fixed HTML ids, number formats, short column names)."""

from __future__ import annotations

import html
from html import escape

import pandas as pd

from analysis.book.claims import load_history_claims
from analysis.book.conventions import AREAS, reference_labels
from analysis.book.environment import bench_report
from analysis.book.history import PERIODS, load_events, mention_coverage
from analysis.book.provenance import split_cell
from analysis.book.sources import Source, load_source
from analysis.book.tables import columns_table, load_package
from analysis.book.trade import aid_readings
from analysis.core.dates import format_interval
from analysis.core.distribution import concordance
from analysis.core.errors import AnalysisError
from analysis.core.tokens import tokenize

__all__ = ["concordance_html", "periods_table", "claims_tables", "events_table", "mention_summary", "source_html",
           "provenance_table", "removals_table", "turns_table", "mentions_view", "events_told_once", "external_table",
           "vocabulary_table", "by_voice", "themes_table", "show_concordances", "show_register", "show_data_tables",
           "aid_table", "styled_provenance", "styled_mention_summary", "styled_mentions", "styled_events",
           "styled_event_quotes", "styled_events_told_once", "styled_claims", "styled_non_events", "styled_external", "styled_keyness",
           "styled_keyness_measures", "styled_vocabulary", "styled_data_files", "styled_platform", "styled_versions",
           "styled_bench", "show_bench"]


# Inline styles so the KWIC alignment survives any theme; no stylesheet to ship.
_LEFT_STYLE = "text-align:right;white-space:pre"



_RIGHT_STYLE = "text-align:left;white-space:pre"



def concordance_html(table, caption: str | None = None) -> str:
    """A concordance table (from :func:`concordance`) as an HTML ``<table>``, every piece of the
    text HTML-escaped, the key word in ``<strong>``, left context right-aligned.

    >>> from analysis.core.distribution import concordance
    >>> out = concordance_html(concordance("a <b>x</b> c", "x", width=4))
    >>> "&lt;b&gt;</td>" in out, "<strong>x</strong>" in out, "<b>" in out
    (True, True, False)
    """
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
            cells.append(f'<td class="kwic-id">{html.escape(str(row.paragraph))}</td>')
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


def source_html(source: str | Source) -> str:
    """The cleaned text as HTML, one block per paragraph, each headed by its id and speaker.

    Text is HTML-escaped, so markup in a source can never reach the page.
    """

    src = source if isinstance(source, Source) else load_source(source)
    parts = [f'<div class="source-text" id="source-{escape(src.id)}">']
    for p in src.paragraphs:
        who = p.speaker or p.kind
        parts.append(
            f'<p id="{escape(p.id)}"><strong>{escape(p.id)}</strong> '
            f'<em>[{escape(who)}]</em> {escape(p.text)}</p>'
        )
    parts.append("</div>")
    return "\n".join(parts)


# ---------------------------------------------------------------- the chapters' reader tables

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
    """The external trade figures, the outlet's name linked to its address (HTML, escaped)."""
    linked = [f'<a href="{html.escape(u, quote=True)}">{html.escape(o)}</a>'
              for o, u in zip(external["outlet"], external["url"])]
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


def show_concordances(pairs, width: int = 40) -> None:
    """Concordances of ``(voice, word)`` pairs, one captioned table each."""
    from IPython.display import HTML, display  # deferred: IPython exists only in a kernel

    for voice, word in pairs:
        lines = concordance(voice, word, width=width)
        display(HTML(concordance_html(lines, caption=f"{voice.label}: “{word}”, {len(lines)} lines")))


_SMALL = [{"selector": "td, th", "props": "font-size: 0.8em; padding: 3px 5px; vertical-align: top;"}]


def show_register(register) -> None:
    """The register of conventions, one table per area, each convention with its code path."""
    from IPython.display import (  # deferred: IPython exists only in a kernel
        Markdown,
        display,
    )

    view = register.assign(
        convention=[f"{c}<br><code>{w}</code>" for c, w in zip(register["convention"], register["where"])],
        references=register["references"].map(reference_labels))
    props = [{"selector": "td, th", "props": _SMALL[0]["props"] + " word-break: break-word;"}]
    for area in AREAS:
        part = view[view["area"] == area][["convention", "rule", "setting", "references"]]
        display(Markdown(f"**{area.capitalize()}**"))
        with pd.option_context("display.max_colwidth", None):
            display(part.style.hide(axis="index").set_uuid(f"methods-register-{area}")
                    .set_properties(subset=["convention"], **{"width": "24%"})
                    .set_properties(subset=["rule"], **{"width": "30%"})
                    .set_table_styles(props))


def show_data_tables() -> None:
    """The data appendix's tables, column by column, each under its file's description."""
    from IPython.display import (  # deferred: IPython exists only in a kernel
        Markdown,
        display,
    )

    for res in sorted(load_package()["resources"], key=lambda r: r["path"]):
        if "schema" not in res:
            continue
        name = res["path"]
        display(Markdown(f"**`data/{name}`** — {' '.join(res['description'].split())}"))
        with pd.option_context("display.max_colwidth", None):
            display(columns_table(name).style.hide(axis="index").set_uuid("data-" + name.replace(".", "-"))
                    .set_table_styles(_SMALL))


def aid_table(years: int):
    """The readings of the aid sentence side by side (a pandas Styler, money to four figures)."""
    aid = aid_readings(years).set_index("reading")
    money = ["all_per_year", "ussr_per_year", "all_period", "ussr_period"]
    return (aid.style.set_uuid("trade_aid").format({c: "{:,.4g}" for c in money} | {"ussr_share": "{:.4g}"})
            .set_properties(subset=["text"], **{"min-width": "14em", "text-align": "left"})
            .format_index(lambda c: c.replace("_", " "), axis=1))


# ---------------------------------------------------------------- the chapters' styled tables
# Each returns the pandas Styler a chapter displays: the reader table, its fixed HTML id (so a
# rebuild gives the same page), its number formats and its column names. The cells only call them.

_KEYNESS_STYLES = [{"selector": "td, th", "props": "font-size: 0.78em; padding: 2px 4px;"}]


def _frame(table, what: str, columns=()) -> pd.DataFrame:
    """``table`` itself when it is a DataFrame holding ``columns``; else an :class:`AnalysisError`
    naming ``what`` and the problem."""
    if not isinstance(table, pd.DataFrame):
        raise AnalysisError(f"{what}: needs a pandas DataFrame, got {type(table).__name__}")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise AnalysisError(f"{what}: missing column(s) {missing}")
    return table


def _styled(table: pd.DataFrame, uuid: str, hide_index: bool = True):
    styler = table.style.set_uuid(uuid)
    return styler.hide(axis="index") if hide_index else styler


def styled_provenance(sources):
    """The sources chapter's metadata table as a Styler: missing fields as "—", long URLs and
    the hash free to break anywhere so the two sources fit side by side."""
    if not isinstance(sources, dict) or not sources or not all(isinstance(s, Source) for s in sources.values()):
        raise AnalysisError(f"styled_provenance: needs a dict of source id -> Source, got {sources!r:.60}")
    return (_styled(provenance_table(sources).fillna("—"), "sources-provenance", hide_index=False)
            .set_table_styles([{"selector": "td", "props": "overflow-wrap: anywhere; vertical-align: top;"}]))


def styled_mention_summary(coverage):
    """Date mentions per text (:func:`mention_summary`) as a Styler without the index."""
    return _styled(mention_summary(_frame(coverage, "styled_mention_summary", ["source", "relative", "event_id"])),
                   "hist1")


def styled_mentions(coverage):
    """Every date mention (:func:`mentions_view`) as a Styler without the index."""
    cols = ["source", "paragraph", "text", "interval_start", "interval_end", "precision", "event_id", "resolution"]
    return _styled(mentions_view(_frame(coverage, "styled_mentions", cols)), "hist2")


def styled_events(events):
    """The events for reading (:func:`events_table`) as a Styler without the index."""
    cols = ["event_id", "start", "end", "precision", "label", "category", "texts", "dating", "paragraph"]
    return _styled(events_table(_frame(events, "styled_events", cols)), "hist3")


def styled_event_quotes(events):
    """Each event's id, label, paragraph, verbatim quote and note, as a Styler without the index."""
    cols = ["event_id", "label", "paragraph", "quote", "note"]
    return _styled(_frame(events, "styled_event_quotes", cols)[cols], "hist4")


def styled_events_told_once(events):
    """The events only one text tells (:func:`events_told_once`) as a Styler without the index."""
    cols = ["texts", "event_id", "label", "period"]
    return _styled(events_told_once(_frame(events, "styled_events_told_once", cols)), "hist5")


def styled_claims(claims):
    """The history claims as two Stylers without the index, ``(verdicts, quotes)`` (see
    :func:`claims_tables`; the verdicts' links are HTML, which a Styler leaves as is)."""
    verdicts, quotes = claims_tables(_frame(claims, "styled_claims"))
    return _styled(verdicts, "hist6"), _styled(quotes, "hist6q")


def styled_non_events(non_events):
    """The dates that are not events, as a Styler without the index."""
    return _styled(_frame(non_events, "styled_non_events"), "hist7")


def styled_external(external):
    """The external trade figures (:func:`external_table`, outlets linked) as a Styler, values to
    two decimals."""
    cols = ["year", "flow", "reporter", "partner", "value", "unit", "qualifier", "whose_data", "outlet", "url"]
    return (_styled(external_table(_frame(external, "styled_external", cols)), "trade_external", hide_index=False)
            .format({"value": "{:.2f}"}))


#: The keyness table's columns, and the short names a page-width table gives the first four.
KEYNESS_COLUMNS = ["count_a", "count_b", "per_1000_a", "per_1000_b", "ll", "log_ratio", "p_bh", "low_expected",
                   "key_for"]
KEYNESS_SHORT = {"count_a": "art.", "count_b": "ans.", "per_1000_a": "art. ‰", "per_1000_b": "ans. ‰"}
#: Every keyness measure, for the collapsed table of the same words.
KEYNESS_MEASURES = ["count_a", "count_b", "ll", "ll_two_term", "log_ratio", "pct_diff", "log_odds_z",
                    "p", "p_bh", "p_bonferroni", "min_expected", "key_for"]


def styled_keyness(key, n: int = 20):
    """The ``n`` keyest words of an article-vs-answers keyness table as a Styler: counts, rates
    per 1,000 tokens, log-likelihood, log ratio and the adjusted p-value, "–" where undefined."""
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise AnalysisError(f"styled_keyness: n must be a whole number of rows >= 1, got {n!r}")
    table = _frame(key, "styled_keyness", KEYNESS_COLUMNS)[KEYNESS_COLUMNS].head(n).rename(columns=KEYNESS_SHORT)
    return (_styled(table, "lex-keyness", hide_index=False)
            .format({c: "{:.2f}" for c in ["art. ‰", "ans. ‰", "ll", "log_ratio"]} | {"p_bh": "{:.3f}"}, na_rep="–")
            .set_table_styles(_KEYNESS_STYLES))


def styled_keyness_measures(key, n: int = 20):
    """The same ``n`` words with every measure of the keyness table, as a Styler ("–" where
    undefined)."""
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise AnalysisError(f"styled_keyness_measures: n must be a whole number of rows >= 1, got {n!r}")
    short = {"count_a": "art.", "count_b": "ans."}
    table = _frame(key, "styled_keyness_measures", KEYNESS_MEASURES)[KEYNESS_MEASURES].head(n).rename(columns=short)
    return (_styled(table, "lex-keyness-full", hide_index=False)
            .format({c: "{:.2f}" for c in ["ll", "ll_two_term", "log_ratio", "log_odds_z", "min_expected"]}
                    | {"pct_diff": "{:.0f}", "p": "{:.4f}", "p_bh": "{:.3f}", "p_bonferroni": "{:.3f}"}, na_rep="–")
            .set_table_styles(_KEYNESS_STYLES))


def styled_vocabulary(key, stop):
    """Shared and one-text words (:func:`vocabulary_table`) as a Styler without the index."""
    return _styled(vocabulary_table(_frame(key, "styled_vocabulary", ["count_a", "count_b", "ll"]), stop),
                   "lex-vocabulary")


def styled_data_files(files):
    """The data appendix's table of files (:func:`analysis.book.tables.files_table`) as a Styler
    without the index, in small type."""
    return _styled(_frame(files, "styled_data_files"), "data-files").set_table_styles(_SMALL)


def styled_platform(summary):
    """The interpreter and operating system (:func:`analysis.book.environment.platform_summary`)
    as a one-column Styler indexed by "interpreter"."""
    if not isinstance(summary, dict) or not summary or not all(isinstance(v, str) for v in summary.values()):
        raise AnalysisError(f"styled_platform: needs a non-empty dict of name -> text, got {summary!r:.60}")
    return _styled(pd.DataFrame({"value": summary}).rename_axis("interpreter"), "methods-platform", hide_index=False)


def styled_versions(versions):
    """Package, pinned and installed versions (:func:`analysis.book.environment.package_versions`)
    as a Styler without the index."""
    return _styled(_frame(versions, "styled_versions", ["package", "pinned", "installed"]), "methods-versions")


#: The benchmark table's short column names.
BENCH_SHORT = {"target_tokens": "target", "cpu_s": "CPU s", "tokens_per_s": "tokens/s", "peak_mib": "peak MiB",
               "base_mib": "base MiB", "ratio_to_floor": "× floor"}


def styled_bench(bench):
    """``bench/results.csv`` (:func:`analysis.book.environment.load_bench_results`) as a Styler
    without the index: short column names, seconds to three figures, rates and memory whole."""
    table = _frame(bench, "styled_bench", ["corpus", "pipeline"] + list(BENCH_SHORT) + ["seconds", "tokens", "types"])
    table = table[["corpus", "pipeline", "target_tokens", "tokens", "types", "seconds", "cpu_s", "tokens_per_s",
                   "peak_mib", "base_mib", "ratio_to_floor"]]
    return (_styled(table.rename(columns=BENCH_SHORT), "methods-bench")
            .format({"seconds": "{:.3g}", "CPU s": "{:.3g}", "tokens/s": "{:,.0f}", "peak MiB": "{:,.0f}", "base MiB": "{:,.0f}",
                     "× floor": "{:.2f}", "tokens": "{:,}", "types": "{:,}", "target": "{:,}"}))


def show_bench(bench) -> None:
    """The methods appendix's benchmark: its paragraph, then its table when this build has
    ``bench/results.csv`` (``bench`` is ``None`` when it has not)."""
    from IPython.display import (  # deferred: IPython exists only in a kernel
        Markdown,
        display,
    )

    if bench is not None:
        _frame(bench, "show_bench")
    display(Markdown(bench_report(bench)))
    if bench is not None:
        display(styled_bench(bench))
