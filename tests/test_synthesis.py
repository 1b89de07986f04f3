"""analysis.book.synthesis: themes of the lexical chapter joined to the periods of the history chapter."""

import matplotlib
import pandas as pd
import pytest
from conftest import csv_rows

matplotlib.use("Agg")

from analysis.book.history import PERIODS, load_events, period_of
from analysis.book.history import mention_coverage
from analysis.book.synthesis import (
    DATING_RULES,
    UNDATED,
    SynthesisError,
    dated_paragraphs,
    dated_share,
    dated_share_sensitivity,
    paragraph_periods,
    theme_counts,
    theme_period_table,
)
from analysis.core.intervals import wilson_interval
from analysis.book.voices import EXCLUDE_NAMES, THEMES, voices
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
    v = voices([voice], without_names=EXCLUDE_NAMES)[voice]  # as the book reads a voice given by name
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


# ---------------------------------------------------------------- the headline measure and its rules

#: A toy timeline: P1 tells an event the text dates, P2 one placed from the outside record only,
#: P3 dates a statistic, P4 holds a publication date, P5 holds nothing.
TOY_EVENTS = pd.DataFrame({"paragraph": ["P1", "P2"], "dating": ["stated", "external"],
                           "period": ["Founding and Soviet gifts", "Pandemic diplomacy"]})
TOY_COVERAGE = pd.DataFrame({
    "paragraph": ["P1", "P3", "P4"], "event_id": ["E1", "", ""],
    "non_event_reason": ["", "the reference year of a trade statistic (trade chapter)",
                         "the (inferred) publication date, not an event in the relations"]})


@pytest.mark.parametrize("rule, expected", [
    ("events", {"P1", "P2"}), ("stated_events", {"P1"}), ("text_dates", {"P1"}),
    ("events_and_statistics", {"P1", "P2", "P3"}), ("text_dates_and_statistics", {"P1", "P3"}),
    ("any_date", {"P1", "P3", "P4"})])
def test_each_dating_rule_on_a_toy_timeline(rule, expected):
    assert dated_paragraphs(rule, TOY_EVENTS, TOY_COVERAGE) == expected


def test_dating_rules_on_the_books_paragraphs():
    events = dated_paragraphs("events")
    assert events == set(paragraph_periods())  # the first edition's rule
    assert "A13" in events and "A13" not in dated_paragraphs("stated_events")  # the hospital is dated from outside
    assert "A13" not in dated_paragraphs("text_dates")
    stats = dated_paragraphs("events_and_statistics") - events
    assert {"I19", "I20"} <= stats  # "end of last year", "a decade ago": the as-of dates of the trade figures
    coverage = mention_coverage()
    assert dated_paragraphs("any_date") == set(coverage["paragraph"])
    # every rule that reads statistics' dates finds them in rows whose reason the pattern names
    reasons = coverage.loc[coverage["paragraph"].isin(stats), "non_event_reason"]
    assert reasons.str.contains("statistic|as-of|baseline").all()


def test_dating_rules_refuse_unknown_rules_and_bad_tables():
    with pytest.raises(SynthesisError, match="unknown dating rule 'dated'"):
        dated_paragraphs("dated")
    with pytest.raises(SynthesisError, match=r"events table lacks column\(s\) \['dating'\]"):
        dated_paragraphs("stated_events", pd.DataFrame({"paragraph": ["A1"], "period": ["x"]}))
    with pytest.raises(SynthesisError, match=r"coverage table lacks column\(s\) \['non_event_reason'\]"):
        dated_paragraphs("text_dates", TOY_EVENTS, pd.DataFrame({"paragraph": ["P1"], "event_id": ["E1"]}))
    with pytest.raises(SynthesisError, match="unknown dating rule"):
        dated_share("article", dating="sometimes")


def test_dated_share_under_each_rule_recounts_and_carries_its_intervals():
    v = voices(["article"])["article"]
    patterns = [p for ps in THEMES.values() for p in ps]
    hits = [sum(_hits(t, patterns) for t in toks) for toks in v.paragraph_tokens]
    for rule in DATING_RULES:
        dated = dated_paragraphs(rule)
        d = dated_share(v, dating=rule)
        k = sum(h for h, pid in zip(hits, v.paragraph_ids) if pid in dated)
        assert (d["theme_hits_dated"], d["theme_hits"]) == (k, sum(hits)), rule
        assert (d["wilson_low"], d["wilson_high"]) == wilson_interval(k, sum(hits))
        assert d["boot_low"] <= d["theme_dated_share"] <= d["boot_high"]
    empty = dated_share("article", themes={"none": ("zzzz*",)})
    assert empty["theme_hits"] == 0 and all(pd.isna(empty[k]) for k in ("theme_dated_share", "wilson_low", "boot_high"))


def test_sensitivity_table_has_one_row_per_rule_and_agrees_with_dated_share():
    table = dated_share_sensitivity()
    assert list(table.index) == list(DATING_RULES)
    assert table.attrs["a"] == "article" and table.attrs["b"] == "answers"
    for rule, row in table.iterrows():
        for voice in ("article", "answers"):
            d = dated_share(voice, dating=rule)
            assert (row[f"{voice}_dated"], row[f"{voice}_hits"]) == (d["theme_hits_dated"], d["theme_hits"])
            assert row[f"{voice}_share"] == pytest.approx(100 * d["theme_dated_share"])
            assert row[f"{voice}_low"] <= row[f"{voice}_share"] <= row[f"{voice}_high"]
        assert row["difference"] == pytest.approx(row["article_share"] - row["answers_share"])
        assert row["difference_low"] <= row["difference"] <= row["difference_high"]
        assert row["rule"] == DATING_RULES[rule]
    # names left out (the second edition): the article keeps 12 theme words, the answers 46
    assert table.loc["events", ["article_dated", "article_hits", "answers_dated", "answers_hits"]].tolist() == [6, 12, 7, 46]
    # the voices with their names' words, under the first edition's rule, give the first edition's numbers
    whole = voices()
    first = dated_share_sensitivity(whole["article"], whole["answers"], rules=["events"], n_resamples=200)
    assert first.loc["events", ["article_dated", "article_hits", "answers_dated", "answers_hits"]].tolist() == [10, 16, 11, 51]
    pd.testing.assert_frame_equal(dated_share_sensitivity(), table)  # seeded: the same on every build
    small = dated_share_sensitivity(rules=["events"], conf=0.5, n_resamples=500)
    assert small.loc["events", "article_high"] - small.loc["events", "article_low"] < \
        table.loc["events", "article_high"] - table.loc["events", "article_low"]


def test_sensitivity_table_refuses_bad_input():
    with pytest.raises(SynthesisError, match="non-empty list of keys"):
        dated_share_sensitivity(rules="events")
    with pytest.raises(SynthesisError, match="non-empty list of keys"):
        dated_share_sensitivity(rules=[])
    with pytest.raises(SynthesisError, match="unknown dating rule 'never'"):
        dated_share_sensitivity(rules=["never"])
    with pytest.raises(SynthesisError, match="voice 'article' has no theme words"):
        dated_share_sensitivity(themes={"none": ("zzzz*",)})
    with pytest.raises(SynthesisError, match="unknown voice"):
        dated_share_sensitivity(a="speech")


def test_the_paragraph_bootstrap_is_wider_than_wilson_for_both_voices():
    """What the chapter's note says: treating words as independent gives the narrower interval here."""
    for voice in ("article", "answers"):
        d = dated_share(voice)
        assert d["boot_high"] - d["boot_low"] > d["wilson_high"] - d["wilson_low"], voice
