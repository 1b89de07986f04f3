"""analysis.display.reader_tables: the chapters' reader tables, built from the package's data."""

import pytest
from conftest import csv_rows

from analysis.book.findings import article_answers_keyness, collocation_tables, theme_dispersion
from analysis.book.history import date_mentions_table, load_events, load_non_events, mention_coverage
from analysis.book.sources import load_sources
from analysis.book.trade import load_trade_external
from analysis.book.voices import THEMES, stopwords, voices
from analysis.display import reader_tables as rt


def test_sources_tables():
    sources = load_sources()
    prov = rt.provenance_table(sources)
    assert list(prov.columns) == ["article", "interview"] and list(prov.index) == rt.PROVENANCE_FIELDS
    assert prov.loc["sha256", "article"] == sources["article"].meta["sha256"]
    removed = rt.removals_table(sources)
    assert set(removed.index) == {"article", "interview"}
    turns = rt.turns_table(sources["interview"])
    assert len(turns) == len(sources["interview"].turns)
    assert set(turns["kind"]) <= {"question", "answer", "other"} and turns["opening"].str.endswith("…").all()
    assert (turns["words"] > 0).all()


def test_history_tables():
    events = load_events()
    coverage = mention_coverage(date_mentions_table(), events, load_non_events())
    view = rt.mentions_view(coverage)
    assert len(view) == len(coverage) and "interval" in view.columns
    assert (view["tied_to"] != "").all()
    once = rt.events_told_once(events)
    assert set(once["texts"]) <= {"article", "interview"}
    # exactly the rows of events.csv that cite one text (recounted from the file)
    single = [r["event_id"] for r in csv_rows("events.csv") if len({s.strip() for s in r["source"].split("|")}) == 1]
    assert sorted(once["event_id"]) == sorted(single)


def test_trade_tables_escape_and_link():
    ext = load_trade_external()
    table = rt.external_table(ext)
    assert table["source"].str.startswith('<a href="').all() and len(table) == len(ext)
    styled = rt.aid_table(12)
    assert "All donors per year (USD million)" in styled.to_html()
    with pytest.raises(Exception, match="whole number of years"):
        rt.aid_table(0.5)


def test_lexical_tables():
    key, stop, v = article_answers_keyness(), stopwords(), voices()
    vocab = rt.vocabulary_table(key, stop, n=5)
    assert list(vocab.columns) == ["shared (article : answers)", "only in the article", "only in the answers"]
    assert len(vocab) == 5 and not any(c.split(" ")[0] in stop for c in vocab.iloc[:, 0])
    stacked = rt.by_voice(collocation_tables(), v, index=["w1", "w2"])
    assert stacked.index.names == ["voice", "w1", "w2"]
    dp = rt.by_voice(theme_dispersion(), v, ["dp"])
    assert list(dp.columns) == ["dp"] and set(dp.index.get_level_values(0)) == {x.label for x in v.values()}
    assert list(rt.themes_table(THEMES).index) == list(THEMES)
