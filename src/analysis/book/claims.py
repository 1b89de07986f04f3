"""Historical claims of the two texts set against the external record (``data/history_claims.csv``),
the record around them (``data/history_record.csv``), and the one place every count of verdicts
comes from (:func:`verdict_counts`, :func:`verdict_summary`), so that prose and table agree.

Verdicts: *agrees*, *partly*, *disagrees* (the record contradicts a statement of fact),
*unverified* (no source found, or only the speaker's side), and *not borne out* (a forecast or
expectation that did not come true; it is not a false statement). Each outlet a verdict rests on
is graded ``yes`` (independent of the speaker), ``no`` (the Russian side, or an outlet that only
reports its figure) or ``counterpart`` (the Cambodian government); :func:`independent_support`
says whether any source is independent, and :func:`verdict_label` says so beside the verdict.
"""

from __future__ import annotations

import re

from analysis.book.conventions import _bib_entries
from analysis.book.paths import repo_root
from analysis.book.provenance import split_cell
from analysis.book.tables import DataError, enum_of, read_table
from analysis.core.errors import AnalysisError

__all__ = ["VERDICT_PHRASES", "independent_support", "load_history_claims", "load_history_record", "record_values",
           "verdict_counts", "verdict_key", "verdict_label", "verdict_summary"]



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
    grades = df["independent"].map(split_cell)
    bad = [len(g) != len(o) for g, o in zip(grades, outlets)]
    if any(bad):
        i = bad.index(True)
        raise DataError("history_claims.csv", "one independence grade per outlet: the counts differ", i + 1,
                        "independent", df.loc[i, "independent"])
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



def load_history_record(claims=None, bib_path=None):
    """``data/history_record.csv``: passages of the public record around the texts, one per row.

    Checked against the descriptor, and against the bibliography: every ``cite_key`` must be in
    ``references.bib`` and, where the entry has a URL, it must be the row's. A row naming a claim
    must cite a key that claim's row cites too, so the claims table and the record agree on
    sources. Raises :class:`analysis.book.tables.DataError` naming the row.

    >>> load_history_record().loc[0, "record_id"]
    'R01'
    """
    df = read_table("history_record")
    entries = _bib_entries(bib_path or repo_root() / "references.bib")
    claims = load_history_claims() if claims is None else claims
    keys_of = {r["claim_id"]: set(split_cell(r["cite_key"])) for _, r in claims.iterrows()}
    for i, row in df.iterrows():
        n, key = i + 1, row["cite_key"]
        if key not in entries:
            raise DataError("history_record.csv", "cite_key is not in references.bib", n, "cite_key", key)
        url = entries[key].fields.get("url")
        if url is not None and url != row["url"]:
            raise DataError("history_record.csv", f"references.bib gives {key} another url", n, "url", url)
        claim = row["claim_id"]
        if isinstance(claim, str) and claim and row["topic"] == "claims" and key not in keys_of.get(claim, set()):
            raise DataError("history_record.csv", f"the claim {claim} does not cite {key}", n, "cite_key", key)
    return df


#: How :func:`verdict_summary` writes each verdict, singular and plural.
VERDICT_PHRASES = {
    "agrees": ("agrees", "agree"),
    "partly": ("agrees in part", "agree in part"),
    "disagrees": ("disagrees", "disagree"),
    "unverified": ("remains unverified", "remain unverified"),
    "not borne out": ("forecast was not borne out", "forecasts were not borne out"),
}


def verdict_key(verdict: str) -> str:
    """The verdict as a name for a glued value: ``"not borne out"`` → ``"not_borne_out"``."""
    if verdict not in VERDICT_PHRASES:
        raise AnalysisError(f"unknown verdict {verdict!r}; verdicts: {list(VERDICT_PHRASES)}")
    return verdict.replace(" ", "_")


def verdict_counts(claims=None) -> dict[str, int]:
    """How many claims have each verdict of the descriptor, in its order (every count in the book).

    >>> sum(verdict_counts().values()) == len(load_history_claims())
    True
    """
    claims = load_history_claims() if claims is None else claims
    if "verdict" not in getattr(claims, "columns", ()):
        raise AnalysisError("verdict_counts() needs the claims table (a DataFrame with a verdict column)")
    verdicts = enum_of("history_claims", "verdict")
    unknown = sorted(set(claims["verdict"]) - set(verdicts))
    if unknown:
        raise AnalysisError(f"unknown verdict(s) {unknown}; verdicts: {verdicts}")
    counts = claims["verdict"].value_counts()
    return {v: int(counts.get(v, 0)) for v in verdicts}


def verdict_summary(claims=None) -> str:
    """The verdict counts as one phrase for prose, e.g. ``"12 agree, 5 agree in part, 1 forecast was
    not borne out, 4 remain unverified and none disagrees"`` (agreement first, then the others in the
    descriptor's order; a verdict no claim has is left out, except that "none disagrees" is said).
    """
    counts = verdict_counts(claims)
    parts = []
    for v in ("agrees", "partly", "not borne out", "unverified"):
        n = counts.get(v, 0)
        if n:
            parts.append(f"{n} {VERDICT_PHRASES[v][0 if n == 1 else 1]}")
    n = counts.get("disagrees", 0)
    parts.append("none disagrees" if n == 0 else f"{n} {VERDICT_PHRASES['disagrees'][0 if n == 1 else 1]}")
    return ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]


def independent_support(claims=None):
    """For each claim (a Series indexed by claim_id): ``True`` if at least one outlet it cites is
    independent of the speaker (graded ``yes``)."""
    claims = load_history_claims() if claims is None else claims
    if "independent" not in getattr(claims, "columns", ()):
        raise AnalysisError("independent_support() needs the claims table with its independent column")
    return claims.set_index("claim_id")["independent"].map(lambda c: "yes" in split_cell(c))


def verdict_label(verdict: str, independent) -> str:
    """The verdict as the reader sees it: a verdict that rests on no independent source says whose
    sources it rests on — the speaker's side (graded ``no``), the counterpart's (the Cambodian
    government, ``counterpart``), or both.

    >>> verdict_label("agrees", "no | no")
    'agrees (only sources not independent of the speaker)'
    >>> verdict_label("agrees", "counterpart")
    "agrees (only the counterpart's sources, the Cambodian government's)"
    >>> verdict_label("agrees", "no | counterpart")
    "agrees (only the speaker's side and the counterpart's sources)"
    >>> verdict_label("agrees", "yes | no")
    'agrees'
    """
    verdict_key(verdict)
    grades = split_cell(independent) if isinstance(independent, str) else list(independent)
    if not grades or any(g not in ("yes", "no", "counterpart") for g in grades):
        raise AnalysisError(f"independence grades must be yes, no or counterpart, got {independent!r}")
    if verdict in ("agrees", "partly", "not borne out") and "yes" not in grades:
        kinds = set(grades)
        if kinds == {"no"}:
            return f"{verdict} (only sources not independent of the speaker)"
        if kinds == {"counterpart"}:
            return f"{verdict} (only the counterpart's sources, the Cambodian government's)"
        return f"{verdict} (only the speaker's side and the counterpart's sources)"
    return verdict
