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
  date a paragraph: "last year" in a trade answer dates a statistic, not an event.

>>> paragraph_periods()["A3"]
('Founding and Soviet gifts',)
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analysis.book.history import PERIODS, load_events
from analysis.book.provenance import split_cell
from analysis.book.voices import THEMES, voices
from analysis.core.distribution import term_matcher
from analysis.core.errors import AnalysisError
from analysis.core.tokens import Voice

__all__ = ["SynthesisError", "UNDATED", "paragraph_periods", "theme_period_table", "theme_counts",
           "dated_share"]

#: Column of :func:`theme_period_table` for paragraphs that tell no event.
UNDATED = "no dated event"


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
            return voices([voice])[voice]
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


def dated_share(voice, themes: Mapping | None = None, events=None) -> dict[str, float]:
    """How much of a voice dates events: paragraphs, dated paragraphs and their share, theme
    occurrences and the share of them that stand in dated paragraphs."""
    v = _voice(voice)
    matchers = list(_theme_matchers(themes).values())

    def match(token: str) -> bool:  # a token counts once, whichever themes it belongs to
        return any(m(token) for m in matchers)

    periods = paragraph_periods(events)
    dated = [pid in periods for pid in v.paragraph_ids]
    hits = [sum(map(match, toks)) for toks in v.paragraph_tokens]
    total = sum(hits)
    in_dated = sum(h for h, d in zip(hits, dated) if d)
    return {"paragraphs": len(dated), "dated_paragraphs": sum(dated),
            "dated_share": sum(dated) / len(dated) if dated else float("nan"),
            "theme_hits": total, "theme_hits_dated": in_dated,
            "theme_dated_share": in_dated / total if total else float("nan")}


