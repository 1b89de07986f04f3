"""The label register of the derived tables: what a reader sees as a column's header and unit,
and how its cells are written, for every column the package computes (keyness, diversity,
dispersion, collocations, the aid readings, the benchmark, the source tables…).

Curated tables (``data/*.csv``) take their labels from ``data/datapackage.yaml`` (each field's
``title`` and ``unit``); every other column a reader table shows must be listed here, so that no
code name (``p_bh``, ``hdd``, ``low_expected``) reaches a page. :func:`analysis.display.reader_tables.reader_table`
reads both and refuses a column that has neither.

A cell *kind* says how a value is written for people:

======== ===================================================================
text     as it is, HTML-escaped; ``long`` wraps at word boundaries
int      whole number with thousands separators (``80,000``)
number   as written: at most two decimals, no trailing zeros (``229.2``)
usd_m    USD million to one decimal (``1,200.0``)
dec1/2/3 fixed decimals
sig3     three significant figures, never in exponent notation
share    a fraction shown as a percentage (``0.8`` → ``80.0 %``)
percent  already a percentage (``1597.3 %``)
p        a p-value: ``< 0.001`` below a thousandth, else three decimals
bool     ``yes`` / ``no``
paragraph  paragraph ids linked to their anchor in the sources chapter
html     HTML built by the package (links), left as it is
======== ===================================================================
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Label", "LABELS", "KINDS", "label_for"]

KINDS = ("text", "long", "int", "number", "usd_m", "dec1", "dec2", "dec3", "sig3", "share", "percent", "p",
         "bool", "paragraph", "html")


@dataclass(frozen=True)
class Label:
    """A column as a reader sees it: ``text`` (the header), ``unit`` (shown after it) and the
    ``kind`` of its cells (see the module docstring)."""

    text: str
    unit: str = ""
    kind: str = "text"
    #: how coded values are written (``{"KH_to_RU": "Cambodia → Russia"}``); others as they are
    values: dict | None = None

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown cell kind {self.kind!r}; one of {KINDS}")

    @property
    def header(self) -> str:
        return f"{self.text} ({self.unit})" if self.unit else self.text


_L = Label
#: Every derived column a reader table may show, by its name in the package's tables.
LABELS: dict[str, Label] = {
    # the headline share under each rule of what dates a paragraph (conclusions)
    # the editions page (analysis.book.editions.load_corrections renders each statement)
    "old_text": _L("Earlier edition said", kind="long"),
    "new_text": _L("This edition says", kind="long"),
    "dating_rule": _L("A paragraph is dated when it …", kind="long"),
    "article_share": _L("Article: share in dated paragraphs"),
    "article_interval": _L("Article: 95% interval"),
    "answers_share": _L("Answers: share in dated paragraphs"),
    "answers_interval": _L("Answers: 95% interval"),
    "questions_share": _L("Questions: share in dated paragraphs"),
    "questions_interval": _L("Questions: 95% interval"),
    "difference_points": _L("Difference (points)"),
    "difference_interval": _L("Difference: 95% interval"),
    # shared
    "source": _L("Source"), "paragraph": _L("Paragraph", kind="paragraph"), "text": _L("Text", kind="long"),
    "voice": _L("Voice"), "words": _L("Words", kind="int"), "sentences": _L("Sentences", kind="int"),
    "paragraphs": _L("Paragraphs"), "speaker": _L("Speaker"), "kind": _L("Kind"),
    # sources chapter
    "field": _L("Field"), "article": _L("Article", kind="long"), "interview": _L("Interview", kind="long"),
    "line": _L("Line", kind="int"), "removed": _L("Removed text", kind="long"), "reason": _L("Why removed", kind="long"),
    "chars": _L("Length", "characters", "int"), "turn": _L("Turn", kind="int"), "opening": _L("Opening words", kind="long"),
    # history chapter
    "date mentions": _L("Date mentions", kind="int"), "relative": _L("Relative", kind="int"),
    "date an event": _L("Date an event", kind="int"), "not an event": _L("Not an event", kind="int"),
    "mention": _L("Mention"), "interval": _L("Interval"), "tied_to": _L("Dates event"),
    "resolution": _L("How resolved", kind="long"), "when": _L("When"), "told by": _L("Told by"),
    "precision": _L("Precision"), "id": _L("Id"), "event": _L("Event", kind="long"), "category": _L("Category"),
    "dating": _L("Dating"), "texts": _L("Told by"),
    "claim and quote": _L("Claim, and the words that make it", kind="html"),
    "finding and sources": _L("The record says (sources)", kind="html"), "period": _L("Period"),
    # history chapter, issue 15: verdict marks, the verdict summary, the record around the texts
    "verdict mark": _L("Verdict", kind="html"), "claims": _L("Claims", kind="int"),
    "claim ids": _L("Which claims"), "source link": _L("Source (independent of the speaker?)", kind="html"),
    # trade chapter
    "reading": _L("Reading"), "all_per_year": _L("All donors per year", "USD million", "usd_m"),
    "ussr_per_year": _L("USSR per year", "USD million", "usd_m"),
    "all_period": _L("All donors 1979–1990", "USD million", "usd_m"),
    "ussr_period": _L("USSR 1979–1990", "USD million", "usd_m"),
    "ussr_share": _L("USSR share of all donors", kind="share"), "coherent": _L("Part within the whole", kind="bool"),
    "outlet link": _L("Source", kind="html"), "amount": _L("As written"), "flag": _L("Caveat", kind="long"),
    "qualifier": _L("Qualifier"), "number": _L("Number", kind="number"), "scale": _L("Scale", kind="number"), "direction": _L("Direction"),
    "check": _L("What the record gives", kind="long"), "record_usd": _L("Record", "USD million", "usd_m"), "bound_tested": _L("Bound of the reading tested", kind="text"),
    "reading A": _L("Reading A"), "reading B": _L("Reading B"), "reading C": _L("Reading C"), "reading D": _L("Reading D"),
    "covers": _L("What \"about 90 %\" covers", kind="long"), "group range": _L("That group", "USD million"),
    "garments": _L("Garments alone", "USD million"), "the rest": _L("The rest", "USD million", "long"),
    "Russia's record": _L("Russia's record", kind="long"), "Cambodia's record": _L("Cambodia's record", kind="long"),
    "hypothesis and effect": _L("Hypothesis, and which way it moves the gap", kind="html"), "mechanism": _L("How it would work", kind="long"),
    "evidence": _L("Record", kind="long"),
    # lexical chapter
    "word": _L("Word"), "count_a": _L("Article", "count", "int"), "count_b": _L("Answers", "count", "int"),
    "per_1000_a": _L("Article", "per 1,000 tokens", "dec2"), "per_1000_b": _L("Answers", "per 1,000 tokens", "dec2"),
    "ll": _L("Log-likelihood G²", kind="dec2"), "ll_two_term": _L("G², two-term", kind="dec2"),
    "log_ratio": _L("Log Ratio", "binary log", "dec2"), "pct_diff": _L("%DIFF", kind="percent"),
    "log_odds_z": _L("Log odds, z", kind="dec2"), "p": _L("p", kind="p"), "p_bh": _L("p, Benjamini–Hochberg", kind="p"),
    "p_bonferroni": _L("p, Bonferroni", kind="p"), "min_expected": _L("Smallest expected count", kind="dec2"),
    "low_expected": _L("Expected count under 5", kind="bool"), "key_for": _L("Key for (adjusted p < 0.05)"),
    "shared (article : answers)": _L("Shared (article : answers)"), "only in the article": _L("Only in the article"),
    "only in the answers": _L("Only in the answers"),
    "measure": _L("Measure"), "n_tokens": _L("Tokens", kind="int"), "whole": _L("Whole text", kind="sig3"),
    "cut": _L("First tokens", kind="sig3"), "cut_length": _L("Cut length", "tokens", "int"),
    "segment_length": _L("Segment length", "tokens", "int"), "n_segments": _L("Segments", kind="int"),
    "mean": _L("Segment mean", kind="sig3"), "low": _L("95 % interval, low", kind="sig3"),
    "high": _L("95 % interval, high", kind="sig3"),
    "w1": _L("First word"), "w2": _L("Second word"), "count": _L("Count", kind="int"),
    "ll_colloc": _L("Log-likelihood G²", kind="dec1"),
    "term": _L("Theme"), "patterns": _L("Word patterns", kind="long"), "frequency": _L("Frequency", kind="int"),
    "range": _L("Range", "parts", "int"), "n_parts": _L("Parts", kind="int"), "dp": _L("DP", kind="dec2"),
    "dp_norm": _L("DP, normalised", kind="dec2"),
    # lexical chapter, second edition: reference corpus, countings, n-grams, names, power
    "fpm": _L("In the voice", "per million", "int"), "ref_fpm": _L("General English", "per million", "sig3"),
    "sm_1": _L("Simple maths, N = 1", kind="sig3"), "sm_100": _L("Simple maths, N = 100", kind="sig3"),
    "rank_tokens": _L("Rank, all tokens", kind="int"), "counts_tokens": _L("Article : answers, all tokens"),
    "rank_names": _L("Rank, names out", kind="int"), "counts_names": _L("Article : answers, names out"),
    "rank_dates": _L("Rank, date months out", kind="int"), "counts_dates": _L("Article : answers, date months out"),
    "rank_inflections": _L("Rank, inflections merged", kind="int"),
    "counts_inflections": _L("Article : answers, inflections merged"),
    "ngram": _L("Word sequence"), "shown_as": _L("Counted as"), "members": _L("Forms merged", kind="long"),
    "difference": _L("Difference, article − answers", kind="sig3"),
    "detectable": _L("Smallest detectable difference (80 % power)", kind="sig3"),
    "article_mean": _L("Article, segment mean", kind="sig3"), "answers_mean": _L("Answers, segment mean", kind="sig3"),
    # appendices
    "file": _L("File"), "format": _L("Format"), "bytes": _L("Size", "bytes", "int"), "shape": _L("Shape"),
    "description": _L("Description", kind="long"), "provenance": _L("Provenance", kind="long"),
    "read by": _L("Read by"), "column": _L("Column"), "type": _L("Type"), "unit": _L("Unit"),
    "values": _L("Allowed values", kind="long"), "filled": _L("Filled"), "observed": _L("Observed", kind="long"),
    "convention": _L("Convention", kind="html"), "rule": _L("Rule", kind="long"), "setting": _L("Setting", kind="long"),
    "references": _L("References", kind="long"),
    "package": _L("Package"), "pinned": _L("Pinned"), "installed": _L("Installed"),
    "name": _L("Name"), "value": _L("Value"),
    "pipeline": _L("Pipeline"), "target_tokens": _L("Target", "tokens", "int"), "tokens": _L("Tokens", kind="int"),
    "types": _L("Types", kind="int"), "seconds": _L("Time", "s", "sig3"), "tokens_per_s": _L("Speed", "tokens/s", "int"),
    "peak_mib": _L("Peak memory", "MiB", "int"), "ratio_to_ours": _L("Time", "× ours", "dec2"),
    "corpus": _L("Corpus"), "cpu_s": _L("CPU time", "s", "sig3"), "base_mib": _L("Memory at start", "MiB", "int"),
    "ratio_to_floor": _L("CPU time", "× floor", "dec2"),
}


def label_for(name: str) -> Label | None:
    """The registered :class:`Label` of a derived column, ``None`` when it has none."""
    return LABELS.get(name)
