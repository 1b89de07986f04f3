"""analysis.book.synthesis: themes of the lexical chapter joined to the periods of the history chapter."""

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")

from analysis.book.history import PERIODS, load_events
from analysis.book.synthesis import (
    UNDATED,
    SynthesisError,
    dated_share,
    paragraph_periods,
    theme_counts,
    theme_period_table,
)
from analysis.display.synthesis_figures import theme_period_figure


def test_paragraph_periods_follow_the_events_table():
    periods = paragraph_periods()
    assert periods["A3"] == ("Founding and Soviet gifts",)
    assert "I19" not in periods  # the trade answer dates a statistic, not an event
    toy = pd.DataFrame({"paragraph": ["A1 | I2", "A1"], "period": ["Pandemic diplomacy", "The Soviet decade"]})
    assert paragraph_periods(toy) == {"A1": ("The Soviet decade", "Pandemic diplomacy"), "I2": ("Pandemic diplomacy",)}
    with pytest.raises(SynthesisError, match=r"lacks column\(s\) \['period'\]"):
        paragraph_periods(pd.DataFrame({"paragraph": ["A1"]}))


def test_theme_period_table_counts_each_theme_word_once_per_period():
    table = theme_period_table("article")
    assert list(table.columns) == [p.name for p in PERIODS] + [UNDATED]
    assert table.loc["sovereignty"].sum() == 0
    toy = {"founding": ["1956"]}
    small = theme_period_table("article", themes=toy, events=load_events())
    assert small.loc["founding", "Founding and Soviet gifts"] >= 1
    assert small.loc["founding", "The silent years"] == 0


def test_theme_counts_count_each_token_once():
    counts = theme_counts("article")
    # A13 tells a founding event and a pandemic one: its "coronavirus" counts in two heat-map
    # cells but once here
    assert counts.loc["pandemic"].to_dict() == {"total": 7, "dated": 4, "undated": 3}
    assert counts.loc["friendship"].to_dict() == {"total": 2, "dated": 1, "undated": 1}
    assert theme_period_table("article").loc["pandemic"].sum() == 8
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
