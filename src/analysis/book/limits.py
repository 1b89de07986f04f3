"""The record behind the limits of this edition (``data/limits_record.csv``).

Each row is one passage of a public page that bears on a limit of the edition: the language of
the texts and which version is the original, the dates the book can and cannot give, who wrote
the answers and how, the outlet that printed the interview, what the law on quotation allows (the
book reproduces both texts whole; no terms of use of the publishers were found), and the studies
of comparable genres.
Passages are verbatim; those from the pages the book's own sources were copied from must stand
in the source file itself, and a row that names a key of ``references.bib`` must agree with the
bibliography on the URL and the date it was accessed.

>>> load_limits_record().loc[0, "passage"]
'en-GB1 ru-RU1'
"""

from __future__ import annotations

import pandas as pd

from analysis.book.conventions import _bib_entries
from analysis.book.paths import repo_root
from analysis.book.sources import load_sources
from analysis.book.tables import DataError, read_table

__all__ = ["LIMITS", "load_limits_record", "limits_findings"]

FILE = "limits_record.csv"


def load_limits_record(bib_path=None):
    """``data/limits_record.csv`` checked against the descriptor, the source files and the bibliography.

    Raises :class:`analysis.book.tables.DataError` naming the row for a cell that breaks the
    descriptor, a passage of a source's own page (its ``republication_url``) that is not in that
    source's raw file, or a ``cite_key`` that ``references.bib`` lacks or that gives another URL or
    access date than the row.
    """
    df = read_table("limits_record")
    raw = {src.meta["republication_url"]: src.raw for src in load_sources().values()}
    entries = _bib_entries(bib_path or repo_root() / "references.bib")
    for i, row in df.iterrows():
        n = i + 1
        if row["url"] in raw and row["passage"] not in raw[row["url"]]:
            raise DataError(FILE, "the passage is not in the source file copied from this page", n, "passage",
                            row["passage"][:60])
        key = row["cite_key"]
        if isinstance(key, str) and key:
            if key not in entries:
                raise DataError(FILE, "cite_key is not in references.bib", n, "cite_key", key)
            fields = entries[key].fields
            if fields.get("url") != row["url"]:
                raise DataError(FILE, f"references.bib gives {key} another url", n, "url", fields.get("url"))
            if fields.get("urldate") != row["accessed"].isoformat():
                raise DataError(FILE, f"references.bib gives {key} another access date", n, "accessed",
                                fields.get("urldate"))
    return df


#: The limits of the edition, in the order the conclusions state them (the ``limit`` column).
LIMITS = ("language", "dates", "authorship", "outlet", "rights", "genre")


def _bib_date(entry) -> str:
    """``month`` (``"24 February"``) and ``year`` of a bibliography entry, as one date in words."""
    fields = entry.fields
    return " ".join(part for part in (fields.get("month", ""), fields.get("year", "")) if part).strip()


def limits_findings(record=None, bib_path=None) -> dict:
    """What the conclusions' "Limits of this edition" glue: the number of passages behind each
    limit (``lim_n_<limit>``) and in all, how many come from outlets independent of the speaker,
    each row's finding and passage (``lim_<id>_finding``, ``lim_<id>_passage``, strings), the date
    of the embassy's 2023 statement as its bibliography entry gives it, and the rights statement
    of each source (``data/sources.json``).

    ``record`` is :func:`load_limits_record`'s table (read when omitted). A table without the
    record's columns, or a limit outside :data:`LIMITS`, raises :class:`DataError` naming it.

    >>> f = limits_findings()
    >>> f["lim_L01_passage"], f["lim_statement_date"]
    ('en-GB1 ru-RU1', '24 February 2023')
    """
    rec = load_limits_record(bib_path) if record is None else record
    if not isinstance(rec, pd.DataFrame):
        raise DataError(FILE, f"limits_findings needs the record as a table, got {type(rec).__name__}")
    missing = sorted({"record_id", "limit", "finding", "passage", "independent", "cite_key"} - set(rec.columns))
    if missing:
        raise DataError(FILE, f"limits_findings: the record lacks the column(s) {missing}")
    unknown = sorted(set(rec["limit"]) - set(LIMITS))
    if unknown:
        raise DataError(FILE, f"limits_findings: unknown limit(s) {unknown}; known: {list(LIMITS)}")
    out: dict = {"lim_n_rows": len(rec), "lim_n_independent": int((rec["independent"] == "yes").sum())}
    for limit in LIMITS:
        out[f"lim_n_{limit}"] = int((rec["limit"] == limit).sum())
    for _, row in rec.iterrows():
        out[f"lim_{row['record_id']}_finding"] = row["finding"]
        out[f"lim_{row['record_id']}_passage"] = row["passage"]
    entries = _bib_entries(bib_path or repo_root() / "references.bib")
    keys = {k for k in rec["cite_key"] if isinstance(k, str) and k}
    if "embassy2023statement" in keys:
        out["lim_statement_date"] = _bib_date(entries["embassy2023statement"])
    for sid, src in load_sources().items():
        out[f"lim_rights_{sid}"] = src.meta["rights"]
    return out
