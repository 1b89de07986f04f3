"""The record behind the limits of this edition (``data/limits_record.csv``).

Each row is one passage of a public page that bears on a limit of the edition: the language of
the texts and which version is the original, the dates the book can and cannot give, who wrote
the answers and how, the outlet that printed the interview, and the studies of comparable genres.
Passages are verbatim; those from the pages the book's own sources were copied from must stand
in the source file itself, and a row that names a key of ``references.bib`` must agree with the
bibliography on the URL and the date it was accessed.

>>> load_limits_record().loc[0, "passage"]
'en-GB1 ru-RU1'
"""

from __future__ import annotations

from analysis.book.conventions import _bib_entries
from analysis.book.paths import repo_root
from analysis.book.sources import load_sources
from analysis.book.tables import DataError, read_table

__all__ = ["load_limits_record"]

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
