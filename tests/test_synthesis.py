"""analysis.book.synthesis: themes of the lexical chapter joined to the periods of the history chapter."""

import matplotlib
import pandas as pd
import pytest
from conftest import csv_rows

matplotlib.use("Agg")

from analysis.book.history import PERIODS, load_events, period_of
from analysis.book.synthesis import (
    UNDATED,
    SynthesisError,
    dated_share,
    paragraph_periods,
    theme_counts,
    theme_period_table,
)
from analysis.book.voices import THEMES, voices
from analysis.display.synthesis_figures import theme_period_figure


def test_paragraph_periods_follow_the_events_table():
    periods = paragraph_periods()
    assert periods["A3"] == ("Founding and Soviet gifts",)
    assert "I19" not in periods  # the trade answer dates a statistic, not an event
    toy = pd.DataFrame({"paragraph": ["A1 | I2", "A1"], "period": ["Pandemic diplomacy", "The Soviet decade"]})
    assert paragraph_periods(toy) == {"A1": ("The Soviet decade", "Pandemic diplomacy"), "I2": ("Pandemic diplomacy",)}
    with pytest.raises(SynthesisError, match=r"lacks column\(s\) \['period'\]"):
        paragraph_periods(pd.DataFrame({"paragraph": ["A1"]}))


def _hits(token, patterns):
    return any(token.startswith(p[:-1]) if p.endswith("*") else token == p for p in patterns)


def _recount(voice, patterns):
    """Theme hits per paragraph of a voice, and the periods of the events that cite each
    paragraph, recounted here: events.csv read with the csv module, periods by start date."""
    v = voices([voice])[voice]
    periods = {}
    for r in csv_rows("events.csv"):
        for pid in r["paragraph"].split(" | "):
            periods.setdefault(pid.strip(), set()).add(period_of(r["start"]).name)
    return [(sum(_hits(t, patterns) for t in tokens), periods.get(pid, {UNDATED}))
            for pid, tokens in zip(v.paragraph_ids, v.paragraph_tokens, strict=True)]


def test_theme_period_table_counts_each_theme_word_once_per_period():
    table = theme_period_table("article")
    assert list(table.columns) == [p.name for p in PERIODS] + [UNDATED]
    for theme, patterns in THEMES.items():
        for period in table.columns:  # every cell equals the recount
            assert table.loc[theme, period] == sum(n for n, ps in _recount("article", patterns) if period in ps), \
                (theme, period)
    toy = {"founding": ["1956"]}
    small = theme_period_table("article", themes=toy, events=load_events())
    assert small.loc["founding", "Founding and Soviet gifts"] >= 1  # "1956" stands in A3, the notes of 1956
    assert small.loc["founding"].sum() == sum(n * len(ps) for n, ps in _recount("article", ["1956"]))


def test_theme_counts_count_each_token_once():
    for voice in ("article", "answers"):
        counts = theme_counts(voice)
        for theme, patterns in THEMES.items():
            found = _recount(voice, patterns)
            total = sum(n for n, _ in found)
            undated = sum(n for n, ps in found if ps == {UNDATED})
            assert counts.loc[theme].to_dict() == {"total": total, "dated": total - undated, "undated": undated}, \
                (voice, theme)
            # a paragraph that tells events of two periods counts in two heat-map cells, once here
            assert theme_period_table(voice).loc[theme].sum() == sum(n * len(ps) for n, ps in found)
    # the case the chapter explains: A13 tells a founding event and a pandemic one
    assert sum(n for n, ps in _recount("article", THEMES["pandemic"]) if len(ps) > 1) > 0
    counts = theme_counts("article")
    assert (counts["dated"] + counts["undated"] == counts["total"]).all()
    share = dated_share("article")
    assert counts["total"].sum() == share["theme_hits"] and counts["dated"].sum() == share["theme_hits_dated"]
    with pytest.raises(SynthesisError, match="unknown voice 'speech'"):
        theme_counts("speech")
    with pytest.raises(SynthesisError, match="non-empty mapping"):
        theme_counts("article", themes=[])


def test_dated_share_of_the_two_voices():
    art, ans = dated_share("article"), dated_share("answers")
    assert art["dated_paragraphs"] <= art["paragraphs"] and 0 <= art["dated_share"] <= 1
    assert art["theme_dated_share"] > ans["theme_dated_share"]  # the joined finding the chapter reports


def test_bad_voices_and_themes_are_refused():
    with pytest.raises(SynthesisError, match="unknown voice 'speech'"):
        theme_period_table("speech")
    with pytest.raises(SynthesisError, match="voice must be a voice name"):
        dated_share(42)
    with pytest.raises(SynthesisError, match="non-empty mapping"):
        theme_period_table("article", themes={})


def test_figure_has_one_panel_per_voice_and_refuses_empty_input():
    fig = theme_period_figure({"a": theme_period_table("article"), "b": theme_period_table("answers")}, title="t")
    assert len(fig.axes) == 2 and fig.axes[0].get_title() == "a"
    with pytest.raises(SynthesisError, match="needs a mapping"):
        theme_period_figure({})
    with pytest.raises(SynthesisError, match="non-empty DataFrame"):
        theme_period_figure({"a": pd.DataFrame()})
