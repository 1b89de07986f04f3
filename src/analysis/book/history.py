"""The history chapter's data: the texts' date mentions, the events they date, the periods.

:func:`date_mentions` reads a source with :func:`analysis.core.dates.find_dates`, paragraph by
paragraph, with offsets in the cleaned text (:attr:`analysis.book.sources.Source.text`). The
curated tables built on them (``data/events.csv``, ``data/date_non_events.csv``) are loaded by
:func:`load_events` and :func:`load_non_events`; :func:`mention_coverage` ties each mention to an
event or to a reason why it is not one. :data:`PERIODS` are the chapter's periods, found by key
with :func:`period`. The claims set against the record are in :mod:`analysis.book.claims`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

import pandas as pd

from analysis.book.provenance import locate_quote, split_cell
from analysis.book.sources import Source, load_source
from analysis.book.tables import DataError, enum_of, read_table
from analysis.core.dates import DateError, DateMention, _parse_reference, find_dates, resolve_relative

__all__ = ["PERIODS", "Period", "date_mentions", "date_mentions_table", "event_counts_by_text",
           "load_events", "load_non_events", "mention_coverage", "period", "period_of", "relative_mention"]


def __getattr__(name: str):
    # CATEGORIES is read from the descriptor when first asked for, so importing the module reads no file
    if name == "CATEGORIES":
        return enum_of("events", "category")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")



def date_mentions(source) -> list[DateMention]:
    """Every date mention in a source, paragraph by paragraph, by the book's one rule for relative
    expressions (:func:`relative_mention`).

    ``source`` is a source id or a :class:`analysis.book.sources.Source`. Offsets are in the
    cleaned text. A relative expression is resolved against the text's ``meta['reference_date']``
    unless ``data/date_non_events.csv`` ties it to a figure (its ``anchor_quote``): then it counts
    from that figure's as-of year, and its ``resolution`` says so.

    >>> ms = date_mentions("article")
    >>> (ms[0].paragraph, ms[0].text, ms[0].interval_start.year)
    ('A1', '65 Years', 1956)
    """

    src = source if isinstance(source, Source) else load_source(source)
    if src.meta.get("language") != "en":
        raise DateError(f"source {src.id!r} is in language {src.meta.get('language')!r}; "
                        f"the date extractor reads English only")
    ref = src.meta.get("reference_date")
    plain = []
    for p in src.paragraphs:
        for d in find_dates(p.text, reference_date=ref):
            plain.append(DateMention(src.id, p.id, p.start + d.start, p.start + d.end, d.text, d.kind,
                                     d.interval_start, d.interval_end, d.precision, d.relative, d.resolution))
    anchors = _figure_anchors(src, plain)
    return [_anchored(d, anchors) for d in plain]


def _figure_anchors(src: Source, mentions: list[DateMention]) -> list[tuple[str, int, int, int, str]]:
    """(paragraph, start, end, as-of year, figure words) of each relative mention that
    ``date_non_events.csv`` ties to a figure: the span of its quote, and the year of the one date
    mention inside the figure's ``anchor_quote`` (resolved against the text's date)."""
    table = load_non_events()
    out = []
    for _, row in table[(table["source"] == src.id) & (table["anchor_quote"] != "")].iterrows():
        where = f"date_non_events.csv ({row['paragraph']}, {row['mention']!r})"
        qm = locate_quote(src.id, row["quote"], row["paragraph"])
        fm = locate_quote(src.id, row["anchor_quote"], row["paragraph"])
        inside = [d for d in mentions if d.paragraph == row["paragraph"] and fm.start <= d.start and d.end <= fm.end]
        if len(inside) != 1 or inside[0].interval_start is None:
            raise DateError(f"{where}: the anchor quote {row['anchor_quote']!r} must hold exactly one "
                            f"dated mention, found {[d.text for d in inside]}")
        out.append((row["paragraph"], qm.start, qm.end, inside[0].interval_start.year, row["anchor_quote"]))
    return out


def _anchored(d: DateMention, anchors) -> DateMention:
    if not d.relative:
        return d
    for paragraph, start, end, year, words in anchors:
        if d.paragraph == paragraph and start <= d.start and d.end <= end:
            r = resolve_relative(d.text, year)
            note = f"tied to the figure \"{words}\" (as of {year}): {r.resolution}"
            return DateMention(d.source, d.paragraph, d.start, d.end, d.text, d.kind, r.interval_start,
                               r.interval_end, r.precision, True, note)
    return d


def relative_mention(source_id: str, paragraph: str, expression: str) -> int:
    """The year a relative expression of a text names, by the book's one rule.

    The rule: a relative expression tied to a figure (``date_non_events.csv`` gives the figure's
    words as ``anchor_quote``) counts from that figure's as-of year; every other one counts from
    the text's reference date (``data/sources.json``). So the interview's "a decade ago" (I19),
    beside the figure for "end of last year" (2019), is 2009, not the reference year minus ten.
    For a span (``"the past 65 years"``) the year is where it starts.

    Raises :class:`DateError` naming the problem when the paragraph does not exist, the
    expression is not a relative date mention in it, or it occurs there more than once.

    >>> relative_mention("interview", "I19", "a decade ago")
    2009
    >>> relative_mention("interview", "I19", "last year")
    2019
    """
    for name, value in (("source_id", source_id), ("paragraph", paragraph), ("expression", expression)):
        if not isinstance(value, str) or not value.strip():
            raise DateError(f"relative_mention(): {name} must be a non-empty str, got {value!r}")
    src = load_source(source_id)
    if paragraph not in {p.id for p in src.paragraphs}:
        raise DateError(f"source {source_id!r} has no paragraph {paragraph!r}")
    hits = [d for d in date_mentions(src)
            if d.paragraph == paragraph and d.text.lower() == expression.strip().lower()]
    if not hits:
        raise DateError(f"{expression!r} is not a date mention of {source_id} {paragraph}")
    if len(hits) > 1:
        raise DateError(f"{expression!r} occurs {len(hits)} times in {source_id} {paragraph}; the year is ambiguous")
    d = hits[0]
    if d.interval_start is None:
        raise DateError(f"{expression!r} in {source_id} {paragraph} is a length of time no date anchors")
    if not d.relative:
        raise DateError(f"{expression!r} in {source_id} {paragraph} names its date itself; it is not relative")
    return d.interval_start.year


def date_mentions_table(sources=("article", "interview")):
    """All date mentions of the given sources as a pandas DataFrame (one row per mention)."""

    if isinstance(sources, str):
        sources = (sources,)
    rows = [asdict(d) for s in sources for d in date_mentions(s)]
    cols = list(DateMention.__dataclass_fields__)
    return pd.DataFrame(rows, columns=cols)


# ---------------------------------------------------------------- periods

@dataclass(frozen=True)
class Period:
    """A named period of the timeline, with closed bounds and the reason for them."""

    key: str
    name: str
    start: date
    end: date
    basis: str  #: why these bounds (the chapter's text spells it out with quotes)


#: The chapter's periods. Bounds come from the texts' own dates where the texts give them.
PERIODS = (
    Period("founding", "Founding and Soviet gifts", date(1956, 1, 1), date(1969, 12, 31),
           "from the exchange of notes to the end of the decade the interview names for the first "
           "Soviet study places ('since 1960s'); every Soviet project the texts name belongs here"),
    Period("silence", "The silent years", date(1970, 1, 1), date(1978, 12, 31),
           "the texts name no date between the 1960s and 1979; the article passes over these "
           "years as 'the tragic period of ruling by the Khmer Rouge regime'"),
    Period("soviet_decade", "The Soviet decade", date(1979, 1, 1), date(1990, 12, 31),
           "the interview's own bounds: 'Since 1979 to 1990' and 'The period of 1980s'"),
    Period("transition", "From the USSR to Russia", date(1991, 1, 1), date(2014, 12, 31),
           "from the start of Russia–ASEAN relations the article counts back to ('30 years since') "
           "to the year before the first dated high-level visit"),
    Period("revival", "High-level revival", date(2015, 1, 1), date(2019, 12, 31),
           "from Medvedev's visit of November 2015 to the last full year before the pandemic, "
           "the year of the interview's trade figures"),
    Period("pandemic", "Pandemic diplomacy", date(2020, 1, 1), date(2021, 12, 31),
           "the years of COVID-19 in both texts, up to the ASEM summit the article looks forward to"),
)


def period(key: str) -> Period:
    """The period with this ``key`` (``"founding"``, ``"revival"`` …); :class:`DateError` if none has it.

    >>> period("revival").start.year
    2015
    """
    for p in PERIODS:
        if p.key == key:
            return p
    raise DateError(f"no period with key {key!r}; keys: {[p.key for p in PERIODS]}")


def period_of(day) -> Period:
    """The period that holds ``day`` (a date or ISO string); :class:`DateError` if none does.

    >>> period_of("1984-06-01").name
    'The Soviet decade'
    """
    d = _parse_reference(day)
    if d is None:
        raise DateError("period_of() needs a date, got None")
    for p in PERIODS:
        if p.start <= d <= p.end:
            return p
    raise DateError(f"{d} lies outside the book's periods ({PERIODS[0].start}–{PERIODS[-1].end})")



# ---------------------------------------------------------------- curated tables

def load_events():
    """``data/events.csv`` (read by :func:`analysis.book.tables.read_table`, so ``start`` and ``end``
    are dates) with a ``period`` column and the texts that tell each event (``texts``:
    "article", "interview" or "both").

    Raises :class:`analysis.book.tables.DataError` naming file, row, column and rule for a cell
    that breaks the descriptor, or for an interval that runs backwards.
    """
    df = read_table("events")
    backwards = pd.Series([e < s for s, e in zip(df["start"], df["end"])], index=df.index)
    if backwards.any():
        i = int(backwards[backwards].index[0])
        raise DataError("events.csv", "end before start: the interval runs backwards", i + 1, "end", df.loc[i, "end"])
    df["period"] = [period_of(s).name for s in df["start"]]
    df["texts"] = [_texts(s) for s in df["source"]]
    return df


def _texts(cell: str) -> str:

    found = set(split_cell(cell))
    return "both" if found == {"article", "interview"} else found.pop()


def load_non_events():
    """``data/date_non_events.csv``: date mentions that are not events, each with a reason."""
    return read_table("date_non_events")




def mention_coverage(mentions=None, events=None, non_events=None):
    """Tie every date mention to the event or non-event row whose quote contains it.

    A mention is tied to a row when the row cites the mention's source and paragraph and the
    located quote's span contains the mention's span. Returns the mentions table with the
    columns ``event_id`` (or ``""``) and ``non_event_reason`` (or ``""``); a mention with
    neither is untied (the test suite requires none). Arguments default to the book's tables.
    """

    mentions = date_mentions_table() if mentions is None else mentions.copy()
    events = load_events() if events is None else events
    non_events = load_non_events() if non_events is None else non_events
    spans = []  # (source, paragraph, start, end, event_id, reason)
    for _, row in events.iterrows():
        for s, p, q in zip(*(split_cell(row[c]) for c in ("source", "paragraph", "quote"))):
            qm = locate_quote(s, q, p)
            spans.append((s, p, qm.start, qm.end, row["event_id"], ""))
    for _, row in non_events.iterrows():
        qm = locate_quote(row["source"], row["quote"], row["paragraph"])
        spans.append((row["source"], row["paragraph"], qm.start, qm.end, "", row["reason"]))
    event_ids, reasons = [], []
    for _, m in mentions.iterrows():
        hits = [sp for sp in spans if sp[0] == m["source"] and sp[1] == m["paragraph"]
                and sp[2] <= m["start"] and m["end"] <= sp[3]]
        event_ids.append(" | ".join(sorted({h[4] for h in hits if h[4]})))
        reasons.append(" | ".join(h[5] for h in hits if h[5]))
    mentions["event_id"] = event_ids
    mentions["non_event_reason"] = reasons
    return mentions


def event_counts_by_text(events=None):
    """How many events each text tells: a pandas Series indexed article / interview / both."""
    events = load_events() if events is None else events
    return events["texts"].value_counts().reindex(["article", "interview", "both"], fill_value=0)




# ---------------------------------------------------------------- figure


