"""Reader tables and HTML: what a reader sees of a table, escaped and labelled."""

from __future__ import annotations

import html
from html import escape

import pandas as pd

from analysis.book.claims import load_history_claims
from analysis.book.history import PERIODS, load_events, mention_coverage
from analysis.book.provenance import split_cell
from analysis.book.sources import Source, load_source
from analysis.core.dates import format_interval
from analysis.core.errors import AnalysisError

__all__ = ["concordance_html", "periods_table", "claims_tables", "events_table", "mention_summary", "source_html"]


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
