"""Historical claims of the two texts set against the external record (``data/history_claims.csv``)."""

from __future__ import annotations

import re

from analysis.book.provenance import split_cell
from analysis.book.tables import DataError, read_table
from analysis.core.errors import AnalysisError

__all__ = ["load_history_claims", "record_values"]



def load_history_claims():
    """``data/history_claims.csv``: historical claims set against the external record.

    Columns: claim_id, claim, source, paragraph, quote, external_finding, record_values, outlet,
    url, cite_key, verdict, comment. Several outlets, URLs and citation keys in one cell are
    separated by ``" | "``. Raises :class:`analysis.book.tables.DataError` for a cell that breaks
    the descriptor or a row whose outlets and URLs differ in number, and :class:`AnalysisError` for a record value that its external finding does not state (see :func:`record_values`).
    """

    df = read_table("history_claims")
    urls, outlets = df["url"].map(split_cell), df["outlet"].map(split_cell)
    bad = [len(u) != len(o) for u, o in zip(urls, outlets)]
    if any(bad):
        i = bad.index(True)
        raise DataError("history_claims.csv", "one URL per outlet: the counts differ", i + 1, "url", df.loc[i, "url"])
    record_values(df)
    return df



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
