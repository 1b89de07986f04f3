"""Provenance: every curated row points at a verbatim quote in a cited paragraph.

The rule of the book is that each event, figure or claim carries ``source``, ``paragraph``
and ``quote``, and that the quote is a verbatim substring of that paragraph of the cleaned
text (:attr:`analysis.book.sources.Source.text`). :func:`locate_quote` finds one quote;
:func:`validate_quotes` checks a whole table and raises a :class:`ProvenanceError` that names
the first failing row.

Matching convention: characters must match exactly, with one documented tolerance, on
by default: any run of whitespace in the quote matches any run of whitespace in the text
(the interview uses non-breaking spaces that look like ordinary ones). Quotes, dashes and
apostrophes are never normalised: "That's" does not match "That’s".

A row that cites more than one text (an event told by both) lists its sources, paragraphs
and quotes separated by :data:`SEPARATOR`, in the same order.

>>> from analysis.book.provenance import locate_quote
>>> m = locate_quote("interview", "about 92% efficacy")
>>> (m.paragraph, m.exact)
('I31', True)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from analysis.book.sources import Source, load_source
from analysis.core.errors import ProvenanceError, SourceError

__all__ = ["SEPARATOR", "QuoteMatch", "locate_quote", "validate_quotes", "split_cell"]

#: Separator between several sources, paragraphs or quotes in one cell of a curated table.
SEPARATOR = " | "


@dataclass(frozen=True)
class QuoteMatch:
    """Where a quote stands: source id, paragraph id, and offsets in the cleaned text."""

    source: str
    paragraph: str
    start: int
    end: int
    text: str  #: the matched text as it stands in the source
    exact: bool  #: False when only the whitespace-tolerant match succeeded


def _pattern(quote: str) -> re.Pattern:
    parts = [re.escape(p) for p in quote.split()]
    return re.compile(r"\s+".join(parts))


def locate_quote(source: str | Source, quote: str, paragraph: str | None = None,
                 whitespace_tolerant: bool = True) -> QuoteMatch:
    """Find ``quote`` in a source's cleaned text, within ``paragraph`` if one is given.

    Returns the first occurrence in reading order. Raises :class:`ProvenanceError` when the
    quote is empty or absent (naming the source and paragraph), and :class:`SourceError` for
    an unknown source or paragraph id.
    """
    src = source if isinstance(source, Source) else load_source(source)
    if not isinstance(quote, str) or not quote.strip():
        raise ProvenanceError(f"an empty quote cannot be located in {src.id!r}")
    paras = [src.paragraph(paragraph)] if paragraph is not None else list(src.paragraphs)
    for exact in (True, False):
        if not exact and not whitespace_tolerant:
            break
        for p in paras:
            if exact:
                i = p.text.find(quote)
                if i < 0:
                    continue
                return QuoteMatch(src.id, p.id, p.start + i, p.start + i + len(quote), quote, True)
            m = _pattern(quote.strip()).search(p.text)
            if m:
                return QuoteMatch(src.id, p.id, p.start + m.start(), p.start + m.end(), m.group(0), False)
    where = f"paragraph {paragraph}" if paragraph else "any paragraph"
    hint = ""
    if paragraph is not None:
        try:
            other = locate_quote(src, quote, None, whitespace_tolerant)
            hint = f" (it stands in {other.paragraph})"
        except ProvenanceError:
            pass
    raise ProvenanceError(f"quote not found in {src.id!r}, {where}{hint}: {quote[:80]!r}")


def split_cell(value) -> list[str]:
    """Split a multi-valued cell on :data:`SEPARATOR`; a missing value gives ``[]``."""
    if value is None or (isinstance(value, float) and value != value):
        return []
    return [part.strip() for part in str(value).split(SEPARATOR.strip())] if str(value).strip() else []


def validate_quotes(table, name: str = "table", label_column: str | None = None):
    """Check every row of a curated table; return one row per located quote.

    ``table`` is a pandas DataFrame (or anything ``pandas.DataFrame`` accepts) with the columns
    ``source``, ``paragraph`` and ``quote``. The result has the columns ``row``, ``source``,
    ``paragraph``, ``quote``, ``start``, ``end`` and ``exact``. The first row whose quote is
    not in its cited paragraph raises :class:`ProvenanceError` naming ``name``, the row number
    and, if given, the row's ``label_column`` value.
    """

    df = table if isinstance(table, pd.DataFrame) else pd.DataFrame(table)
    missing = [c for c in ("source", "paragraph", "quote") if c not in df.columns]
    if missing:
        raise ProvenanceError(f"{name}: missing column(s) {missing}; a curated table needs source, paragraph, quote")
    out = []
    for i, (idx, row) in enumerate(df.iterrows()):
        label = f"{name} row {i + 1}" + (f" ({row[label_column]!r})" if label_column else "")
        sources, paras, quotes = (split_cell(row[c]) for c in ("source", "paragraph", "quote"))
        if not (len(sources) == len(paras) == len(quotes)) or not quotes:
            raise ProvenanceError(
                f"{label}: needs as many sources, paragraphs and quotes, separated by {SEPARATOR!r}; "
                f"got {len(sources)}, {len(paras)} and {len(quotes)}"
            )
        for s, p, q in zip(sources, paras, quotes):
            try:
                m = locate_quote(s, q, p)
            except (ProvenanceError, SourceError) as exc:
                raise ProvenanceError(f"{label}: {exc}") from None
            out.append({"row": idx, "source": s, "paragraph": p, "quote": q,
                        "start": m.start, "end": m.end, "exact": m.exact})
    return pd.DataFrame(out, columns=["row", "source", "paragraph", "quote", "start", "end", "exact"])
