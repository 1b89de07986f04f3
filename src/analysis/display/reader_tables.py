"""Reader tables and HTML: what a reader sees of a table, escaped and labelled."""

from __future__ import annotations

import html

__all__ = ["concordance_html"]


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
