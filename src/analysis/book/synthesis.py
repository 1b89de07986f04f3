"""Joining the chapters: the lexical themes against the periods of the history chapter.

The history chapter ties events to the paragraphs that tell them (``data/events.csv``); the
lexical chapter follows themes through the paragraphs of each voice
(:data:`analysis.book.voices.THEMES`). Joined on the paragraph id, the two say *when* a text's
themes are set: in paragraphs that tell events of a period, or in paragraphs that date no
event at all (the present tense of diplomacy, statistics, plans).

Conventions
-----------
* A paragraph belongs to every period of the events it tells (events of two periods: both);
  its theme words then count in each, so a row of :func:`theme_period_table` can sum to more
  than the theme's frequency. Paragraphs that tell no event form the column
  :data:`UNDATED`. Prose that counts a theme's words uses :func:`theme_counts`, which counts
  each token once (dated if its paragraph tells any event).
* Date mentions that are not events (publication dates, as-of dates of statistics) do not
  date a paragraph: "last year" in a trade answer dates a statistic, not an event. That is the
  default rule, ``"events"``, of :func:`dated_paragraphs`; :data:`DATING_RULES` lists the
  alternatives, and :func:`dated_share_sensitivity` shows the headline share under each, with
  its uncertainty (:mod:`analysis.core.intervals`).
* A voice given by name is read with the words of multi-word names left out when
  :data:`analysis.book.voices.EXCLUDE_NAMES` (the book's choice, as in the lexical chapter):
  "Commonwealth of Independent States" is no *sovereignty* word and the "Khmer-Soviet
  Friendship Hospital" no *friendship*. A :class:`analysis.core.tokens.Voice` passed in is
  read as it is.

>>> paragraph_periods()["A3"]
('Founding and Soviet gifts',)
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

from analysis.book.history import PERIODS, load_events, mention_coverage
from analysis.book.provenance import split_cell
from analysis.book.voices import EXCLUDE_NAMES, THEMES, voices
from analysis.core.distribution import term_matcher
from analysis.core.errors import AnalysisError
from analysis.core.intervals import (
    N_RESAMPLES,
    SEED,
    bootstrap_share_difference,
    cluster_bootstrap_share,
    wilson_interval,
)
from analysis.core.tokens import Voice

__all__ = ["SynthesisError", "UNDATED", "THEMES_FIGURE_TITLE", "DATING_RULES", "DATING_LABELS", "STATISTIC_DATE", "paragraph_periods", "dated_paragraphs",
           "theme_period_table", "theme_counts", "dated_share", "dated_share_sensitivity"]

#: Column of :func:`theme_period_table` for paragraphs that tell no event.
UNDATED = "no dated event"
#: The title of the conclusions' heat map of themes by period (the editions page compares it with
#: the first edition's): what the figure shows, not a finding.
THEMES_FIGURE_TITLE = "Where each text's theme words stand: beside dated events or in the undated present"


class SynthesisError(AnalysisError):
    """Bad input to a joined table: an unknown voice, no themes, an empty table."""


def paragraph_periods(events=None) -> dict[str, tuple[str, ...]]:
    """Paragraph id → names of the periods of the events it tells, in chronological order."""

    events = load_events() if events is None else events
    missing = {"paragraph", "period"} - set(getattr(events, "columns", ()))
    if missing:
        raise SynthesisError(f"events table lacks column(s) {sorted(missing)}; use analysis.book.history.load_events()")
    order = [p.name for p in PERIODS]
    found: dict[str, set[str]] = {}
    for cell, period in zip(events["paragraph"], events["period"]):
        for pid in split_cell(cell):
            found.setdefault(pid, set()).add(period)
    return {pid: tuple(sorted(ps, key=order.index)) for pid, ps in found.items()}


def _voice(voice):

    if isinstance(voice, Voice):
        return voice
    if isinstance(voice, str):
        try:
            return voices([voice], without_names=EXCLUDE_NAMES)[voice]
        except AnalysisError as exc:
            raise SynthesisError(str(exc)) from None
    raise SynthesisError(f"voice must be a voice name or an analysis.core.tokens.Voice, got {type(voice).__name__}")


def _theme_matchers(themes: Mapping | None) -> dict:
    """A token predicate per theme (default :data:`analysis.book.voices.THEMES`)."""

    themes = THEMES if themes is None else themes
    if not isinstance(themes, Mapping) or not themes:
        raise SynthesisError("themes must be a non-empty mapping name → patterns")
    return {name: term_matcher(p) for name, p in themes.items()}


def theme_period_table(voice, themes: Mapping | None = None, events=None):
    """Occurrences of each theme in the paragraphs of ``voice``, by period of the events those
    paragraphs tell (columns in chronological order, then :data:`UNDATED`).

    ``voice`` is a voice name (``"article"``, ``"answers"``, ``"questions"``) or a
    :class:`analysis.core.tokens.Voice`; ``themes`` defaults to :data:`analysis.book.voices.THEMES`.
    """


    v = _voice(voice)
    matchers = _theme_matchers(themes)
    periods = paragraph_periods(events)
    columns = [p.name for p in PERIODS] + [UNDATED]
    table = pd.DataFrame(0, index=pd.Index(list(matchers), name="theme"), columns=columns)
    for pid, tokens in zip(v.paragraph_ids, v.paragraph_tokens):
        for name, match in matchers.items():
            n = sum(map(match, tokens))
            for period in periods.get(pid, (UNDATED,)):
                table.loc[name, period] += n
    return table


def theme_counts(voice, themes: Mapping | None = None, events=None):
    """Distinct occurrences of each theme in ``voice``: ``total``, ``dated`` (in paragraphs that
    tell any event, each token once however many periods its paragraph spans) and ``undated``.

    Unlike a row of :func:`theme_period_table`, ``dated + undated == total`` always holds, so
    these are the numbers to quote in prose.

    >>> theme_counts("article").loc["pandemic"].tolist()
    [7, 4, 3]
    """

    v = _voice(voice)
    matchers = _theme_matchers(themes)
    periods = paragraph_periods(events)
    table = pd.DataFrame(0, index=pd.Index(list(matchers), name="theme"), columns=["total", "dated", "undated"])
    for pid, tokens in zip(v.paragraph_ids, v.paragraph_tokens):
        column = "dated" if pid in periods else "undated"
        for name, match in matchers.items():
            n = sum(map(match, tokens))
            table.loc[name, "total"] += n
            table.loc[name, column] += n
    return table


#: What can make a paragraph "dated" (the ``dating`` parameter of :func:`dated_paragraphs` and
#: :func:`dated_share`), each rule in words. The first is the book's first edition's.
DATING_RULES: dict[str, str] = {
    "events": "it tells an event of the timeline (data/events.csv), however the event is dated: "
              "stated in the text, resolved from a relative expression, inferred, or placed from the "
              "external record",
    "stated_events": "it tells an event whose date the text gives (dating 'stated' or 'relative'); a "
                     "paragraph whose events are all placed by inference or from the external record "
                     "(A13: the hospital and its part in the pandemic) is undated",
    "text_dates": "it holds a date mention, found in its own words, that is tied to an event; an event "
                  "cited by a paragraph that names no date of it does not date that paragraph",
    "events_and_statistics": "as 'events', and also a paragraph that dates a statistic (the as-of "
                             "date or baseline of a figure: I19-I20 'last year', 'a decade ago')",
    "text_dates_and_statistics": "as 'text_dates', and also a paragraph that dates a statistic",
    "any_date": "it holds any date mention at all, events and non-events alike (publication "
                "dates, spans of the whole relationship, as-of dates)",
}

#: Reader-facing names of the rules of :data:`DATING_RULES`, for tables.
DATING_LABELS: dict[str, str] = {
    "events": "tells an event of the timeline (first edition)",
    "stated_events": "tells an event whose date the text gives",
    "text_dates": "names, in its own words, a date of an event",
    "events_and_statistics": "tells an event, or dates a statistic",
    "text_dates_and_statistics": "names a date of an event or of a statistic",
    "any_date": "holds any date mention",
}

#: A row of data/date_non_events.csv whose reason matches this dates a statistic (its as-of date
#: or the baseline of a comparison), not an event: the rules "..._and_statistics" count it.
STATISTIC_DATE = re.compile(r"\bstatistic|\bas-of date|\bbaseline of a trade comparison", re.IGNORECASE)


def dated_paragraphs(dating: str = "events", events=None, coverage=None) -> frozenset[str]:
    """The ids of the paragraphs (of both texts) that count as dated under the rule ``dating``
    (a key of :data:`DATING_RULES`).

    ``events`` defaults to :func:`analysis.book.history.load_events`; ``coverage``, the date
    mentions tied to events or to reasons (:func:`analysis.book.history.mention_coverage`), is
    read only by the rules that look at the texts' own date mentions.

    >>> {"A13", "I19"} & dated_paragraphs("events"), {"A13", "I19"} & dated_paragraphs("text_dates_and_statistics")
    ({'A13'}, {'I19'})
    """
    if dating not in DATING_RULES:
        raise SynthesisError(f"unknown dating rule {dating!r}; rules: {list(DATING_RULES)}")
    events = load_events() if events is None else events
    if dating in ("events", "events_and_statistics"):
        dated = set(paragraph_periods(events))
    elif dating == "stated_events":
        missing = {"paragraph", "dating"} - set(getattr(events, "columns", ()))
        if missing:
            raise SynthesisError(f"events table lacks column(s) {sorted(missing)}; use analysis.book.history.load_events()")
        dated = {pid for cell, how in zip(events["paragraph"], events["dating"]) if how in ("stated", "relative")
                 for pid in split_cell(cell)}
    else:
        dated = set()
    if dating in ("text_dates", "text_dates_and_statistics", "any_date", "events_and_statistics"):
        coverage = mention_coverage(events=events) if coverage is None else coverage
        missing = {"paragraph", "event_id", "non_event_reason"} - set(getattr(coverage, "columns", ()))
        if missing:
            raise SynthesisError(f"coverage table lacks column(s) {sorted(missing)}; "
                                 f"use analysis.book.history.mention_coverage()")
        tied = coverage["event_id"].astype(str) != ""
        statistic = coverage["non_event_reason"].astype(str).str.contains(STATISTIC_DATE)
        if dating == "any_date":
            dated |= set(coverage["paragraph"])
        if dating in ("text_dates", "text_dates_and_statistics"):
            dated |= set(coverage.loc[tied, "paragraph"])
        if dating in ("events_and_statistics", "text_dates_and_statistics"):
            dated |= set(coverage.loc[statistic, "paragraph"])
    return frozenset(dated)


def _theme_hits(v: Voice, themes: Mapping | None) -> list[int]:
    """Theme words per paragraph of ``v``, a token counting once whichever themes it belongs to."""
    matchers = list(_theme_matchers(themes).values())

    def match(token: str) -> bool:
        return any(m(token) for m in matchers)

    return [sum(map(match, toks)) for toks in v.paragraph_tokens]


def dated_share(voice, themes: Mapping | None = None, events=None, dating: str = "events",
                coverage=None, conf: float = 0.95) -> dict:
    """How much of a voice dates: the book's measure of what a genre does with time.

    The measure is the share of a voice's theme words (:data:`analysis.book.voices.THEMES`, each
    token once whichever themes it belongs to) that stand in *dated* paragraphs, where what
    dates a paragraph is the rule ``dating`` (:data:`DATING_RULES`; default ``"events"``, the
    first edition's). Returns ``paragraphs``, ``dated_paragraphs`` and their ``dated_share``;
    ``theme_hits``, ``theme_hits_dated`` and their ``theme_dated_share``; and the share's
    ``conf`` intervals: ``wilson_low``/``wilson_high`` (:func:`analysis.core.intervals.wilson_interval`,
    as if the words were independent) and ``boot_low``/``boot_high``
    (:func:`analysis.core.intervals.cluster_bootstrap_share`, resampling paragraphs: the honest
    one, since a paragraph is dated as a whole). A voice without theme words has shares and
    intervals ``nan``.

    >>> d = dated_share("article")
    >>> (d["theme_hits_dated"], d["theme_hits"])
    (6, 12)
    """
    v = _voice(voice)
    hits = _theme_hits(v, themes)
    dated_ids = dated_paragraphs(dating, events, coverage)
    dated = [pid in dated_ids for pid in v.paragraph_ids]
    total = sum(hits)
    in_dated = sum(h for h, d in zip(hits, dated) if d)
    out = {"paragraphs": len(dated), "dated_paragraphs": sum(dated),
           "dated_share": sum(dated) / len(dated) if dated else float("nan"),
           "theme_hits": total, "theme_hits_dated": in_dated,
           "theme_dated_share": in_dated / total if total else float("nan")}
    nan = float("nan")
    if total:
        out["wilson_low"], out["wilson_high"] = wilson_interval(in_dated, total, conf)
        boot = cluster_bootstrap_share(hits, [h if d else 0 for h, d in zip(hits, dated)], conf)
        out["boot_low"], out["boot_high"] = boot["low"], boot["high"]
    else:
        out.update(wilson_low=nan, wilson_high=nan, boot_low=nan, boot_high=nan)
    return out


def dated_share_sensitivity(a="article", b="answers", rules=None, themes: Mapping | None = None,
                            conf: float = 0.95, n_resamples: int = N_RESAMPLES, seed: int = SEED):
    """The headline share under every dating rule: one row per rule of :data:`DATING_RULES`
    (or of ``rules``, a list of its keys), for the voices ``a`` and ``b``.

    Columns, for each voice ``x`` of ``a``/``b``: ``x_dated`` and ``x_hits`` (theme words in dated
    paragraphs, and all), ``x_share`` (per cent), ``x_low``/``x_high`` (the paragraph bootstrap
    interval, per cent); then ``difference`` (``a`` minus ``b``, percentage points) with its
    bootstrap interval ``difference_low``/``difference_high``, and ``rule`` in words. Every
    interval is at level ``conf`` from ``n_resamples`` resamples of paragraphs
    (:func:`analysis.core.intervals.bootstrap_share_difference`), drawn with ``seed``, so the
    table is the same on every build. Raises :class:`SynthesisError` for an unknown rule or a
    voice without theme words.
    """
    va, vb = _voice(a), _voice(b)
    rules = list(DATING_RULES) if rules is None else rules
    if isinstance(rules, str) or not rules:
        raise SynthesisError("rules must be a non-empty list of keys of DATING_RULES")
    events = load_events()
    coverage = mention_coverage(events=events)
    hits = {"a": _theme_hits(va, themes), "b": _theme_hits(vb, themes)}
    for side, v in (("a", va), ("b", vb)):
        if sum(hits[side]) == 0:
            raise SynthesisError(f"voice {v.name!r} has no theme words: its share is undefined")
    rows = []
    for rule in rules:
        dated_ids = dated_paragraphs(rule, events, coverage)
        row, pairs = {"dating": rule}, {}
        for side, v in (("a", va), ("b", vb)):
            part = [h if pid in dated_ids else 0 for h, pid in zip(hits[side], v.paragraph_ids)]
            boot = cluster_bootstrap_share(hits[side], part, conf, n_resamples, seed)
            row.update({f"{v.name}_dated": sum(part), f"{v.name}_hits": sum(hits[side]),
                        f"{v.name}_share": 100 * boot["share"], f"{v.name}_low": 100 * boot["low"],
                        f"{v.name}_high": 100 * boot["high"]})
            pairs[side] = (hits[side], part)
        diff = bootstrap_share_difference(pairs["a"], pairs["b"], conf, n_resamples, seed)
        row.update(difference=100 * diff["difference"], difference_low=100 * diff["low"],
                   difference_high=100 * diff["high"], rule=DATING_RULES[rule])
        rows.append(row)
    table = pd.DataFrame(rows).set_index("dating")
    table.attrs.update(conf=conf, n_resamples=n_resamples, seed=seed, a=va.name, b=vb.name)
    return table
