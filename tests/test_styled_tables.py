"""analysis.display.reader_tables' styled tables: the pandas Stylers the chapters display, each
checked on known input (its HTML id, hidden index, column names, number formats) and on bad input
(an AnalysisError naming the function and the problem)."""

import math

import pandas as pd
import pytest
from IPython.display import Markdown

import analysis.display.reader_tables as rt
from analysis.book.claims import load_history_claims
from analysis.book.environment import BENCH_COLUMNS, bench_report, package_versions, platform_summary
from analysis.book.history import date_mentions_table, load_events, load_non_events, mention_coverage
from analysis.book.sources import load_sources
from analysis.book.tables import files_table
from analysis.book.trade import load_trade_external
from analysis.core.errors import AnalysisError


def _headers(styler) -> list[str]:
    return [str(c) for c in styler.data.columns]


def _key(rows: int = 3) -> pd.DataFrame:
    """A keyness table of ``rows`` words with every column the styled tables read; the last row's
    p-values undefined."""
    words = [f"w{i}" for i in range(rows)]
    table = pd.DataFrame({
        "count_a": [10, 0, 3][:rows], "count_b": [1, 5, 3][:rows],
        "per_1000_a": [1.23456, 0.0, 0.5][:rows], "per_1000_b": [0.1, 2.5, 0.5][:rows],
        "ll": [12.3456, 7.0, 0.0][:rows], "ll_two_term": [11.0, 6.5, 0.0][:rows],
        "log_ratio": [3.3219, -math.inf, 0.0][:rows], "pct_diff": [900.4, -100.0, 0.0][:rows],
        "log_odds_z": [2.5, -2.0, 0.0][:rows], "p": [0.00045, 0.008, float("nan")][:rows],
        "p_bh": [0.00135, 0.012, float("nan")][:rows], "p_bonferroni": [0.00135, 0.024, float("nan")][:rows],
        "min_expected": [5.5, 2.5, 3.0][:rows], "low_expected": [False, True, False][:rows],
        "key_for": ["a", "b", ""][:rows],
    }, index=words)
    return table


def test_keyness_table_short_names_formats_and_dashes():
    styled = rt.styled_keyness(_key(), n=2)
    assert styled.uuid == "lex-keyness" and styled.hide_index_ == [False]
    assert _headers(styled) == ["art.", "ans.", "art. ‰", "ans. ‰", "ll", "log_ratio", "p_bh", "low_expected",
                                "key_for"]
    assert list(styled.data.index) == ["w0", "w1"]
    html = styled.to_html()
    assert ">1.23<" in html and ">12.35<" in html and ">3.32<" in html and ">0.001<" in html
    assert 'id="T_lex-keyness"' in html and "font-size: 0.78em" in html
    assert ">–<" in rt.styled_keyness(_key()).to_html()  # the undefined p-value of the third word


def test_keyness_measures_table_every_measure():
    styled = rt.styled_keyness_measures(_key())
    assert styled.uuid == "lex-keyness-full"
    assert _headers(styled) == ["art.", "ans.", *rt.KEYNESS_MEASURES[2:]]
    html = styled.to_html()
    assert ">900<" in html and ">0.0004<" in html and ">0.001<" in html and ">–<" in html


@pytest.mark.parametrize("func", [rt.styled_keyness, rt.styled_keyness_measures])
def test_keyness_tables_refuse_bad_input(func):
    with pytest.raises(AnalysisError, match=r"missing column\(s\) \['ll'"):
        func(_key().drop(columns=["ll"]))
    with pytest.raises(AnalysisError, match="needs a pandas DataFrame, got list"):
        func([1, 2])
    with pytest.raises(AnalysisError, match="whole number of rows"):
        func(_key(), n=0)


def test_vocabulary_table_hides_its_index():
    styled = rt.styled_vocabulary(_key(), stop=set())
    assert styled.uuid == "lex-vocabulary" and styled.hide_index_ == [True]
    assert styled.data.to_dict("list") == {"shared (article : answers)": ["w0 (10 : 1)", "w2 (3 : 3)"],
                                           "only in the article": ["", ""], "only in the answers": ["w1 (5)", ""]}
    with pytest.raises(AnalysisError, match=r"styled_vocabulary: missing column\(s\) \['count_b'\]"):
        rt.styled_vocabulary(_key().drop(columns=["count_b"]), stop=set())


def test_provenance_table_dashes_and_breaks():
    sources = load_sources()
    styled = rt.styled_provenance(sources)
    assert styled.uuid == "sources-provenance" and styled.hide_index_ == [False]
    assert list(styled.data.columns) == ["article", "interview"]
    assert not styled.data.isna().any().any() and (styled.data == "—").any().any()
    assert "overflow-wrap: anywhere" in styled.to_html()
    for bad in ({}, {"article": "text"}, ["article"]):
        with pytest.raises(AnalysisError, match="styled_provenance: needs a dict of source id -> Source"):
            rt.styled_provenance(bad)


def test_history_tables_ids_and_hidden_index():
    events, non_events = load_events(), load_non_events()
    coverage = mention_coverage(date_mentions_table(), events, non_events)
    verdicts, quotes = rt.styled_claims(load_history_claims())
    stylers = {"hist1": rt.styled_mention_summary(coverage), "hist2": rt.styled_mentions(coverage),
               "hist3": rt.styled_events(events), "hist4": rt.styled_event_quotes(events),
               "hist5": rt.styled_events_told_once(events), "hist6": verdicts, "hist6q": quotes,
               "hist7": rt.styled_non_events(non_events)}
    for uuid, styled in stylers.items():
        assert styled.uuid == uuid and styled.hide_index_ == [True], uuid
    assert stylers["hist1"].data["date mentions"].sum() == len(coverage)
    assert len(stylers["hist2"].data) == len(coverage) and len(stylers["hist3"].data) == len(events)
    assert _headers(stylers["hist4"]) == ["event_id", "label", "paragraph", "quote", "note"]
    assert stylers["hist7"].data.equals(non_events)
    assert '<a href="' in verdicts.to_html()  # the links stay HTML


@pytest.mark.parametrize("func, table, column", [
    (rt.styled_mention_summary, "coverage", "relative"), (rt.styled_mentions, "coverage", "interval_start"),
    (rt.styled_events, "events", "precision"), (rt.styled_event_quotes, "events", "quote"),
    (rt.styled_events_told_once, "events", "texts"),
])
def test_history_tables_refuse_a_table_without_their_columns(func, table, column):
    events = load_events()
    tables = {"events": events, "coverage": mention_coverage(date_mentions_table(), events, load_non_events())}
    with pytest.raises(AnalysisError, match=rf"{func.__name__}: missing column\(s\) \['{column}'\]"):
        func(tables[table].drop(columns=[column]))


@pytest.mark.parametrize("func", [rt.styled_claims, rt.styled_non_events, rt.styled_data_files,
                                  rt.styled_external, rt.styled_versions, rt.styled_bench])
def test_styled_tables_refuse_what_is_not_a_table(func):
    with pytest.raises(AnalysisError, match=rf"{func.__name__}: needs a pandas DataFrame, got dict"):
        func({"a": 1})


def test_claims_table_refuses_a_table_without_claim_columns():
    with pytest.raises(AnalysisError, match="not a history claims table"):
        rt.styled_claims(pd.DataFrame({"claim_id": ["C1"]}))


def test_external_table_two_decimals_and_links():
    external = load_trade_external()
    styled = rt.styled_external(external)
    assert styled.uuid == "trade_external" and styled.hide_index_ == [False]
    assert styled.data["source"].str.startswith('<a href="').all()
    first = f"{external['value'].iloc[0]:.2f}"
    assert f">{first}<" in styled.to_html()
    with pytest.raises(AnalysisError, match=r"styled_external: missing column\(s\) \['url'\]"):
        rt.styled_external(external.drop(columns=["url"]))


def test_data_files_table_small_type():
    styled = rt.styled_data_files(files_table())
    assert styled.uuid == "data-files" and styled.hide_index_ == [True]
    assert "font-size: 0.8em" in styled.to_html()


def test_platform_and_versions_tables():
    platform = rt.styled_platform(platform_summary())
    assert platform.uuid == "methods-platform" and platform.data.index.name == "interpreter"
    assert list(platform.data.columns) == ["value"] and "Python" in platform.data.index
    versions = rt.styled_versions(package_versions())
    assert versions.uuid == "methods-versions" and versions.hide_index_ == [True]
    for bad in ({}, {"Python": 3}, "3.12"):
        with pytest.raises(AnalysisError, match="styled_platform: needs a non-empty dict"):
            rt.styled_platform(bad)
    with pytest.raises(AnalysisError, match=r"styled_versions: missing column\(s\) \['installed'\]"):
        rt.styled_versions(pd.DataFrame({"package": ["x"], "pinned": [""]}))


def _bench() -> pd.DataFrame:
    rows = [["zipf", "streaming", 10000, 9943, 1433, 0.0121279, 0.0119, 819847.2, 134.223, 120.4, 1.0],
            ["zipf", "floor", 10000, 9943, 1433, 0.0121279, 0.0119, 819847.2, 134.223, 120.4, 1.0],
            ["zipf", "nltk", 10000, 13960, 1688, 0.187122, 0.1836, 74603.8, 178.266, 150.6, 15.4291]]
    return pd.DataFrame(rows, columns=list(BENCH_COLUMNS))


def test_bench_table_short_names_and_formats():
    styled = rt.styled_bench(_bench())
    assert styled.uuid == "methods-bench" and styled.hide_index_ == [True]
    assert _headers(styled) == ["corpus", "pipeline", "target", "tokens", "types", "seconds", "CPU s", "tokens/s",
                                "peak MiB", "base MiB", "× floor"]
    html = styled.to_html()
    for shown in (">10,000<", ">9,943<", ">0.0121<", ">0.184<", ">819,847<", ">134<", ">151<", ">15.43<", ">1.00<"):
        assert shown in html, shown
    with pytest.raises(AnalysisError, match=r"styled_bench: missing column\(s\) \['peak_mib'\]"):
        rt.styled_bench(_bench().drop(columns=["peak_mib"]))


@pytest.fixture
def shown(monkeypatch):
    """What a function displays, in order (IPython's display replaced by a list)."""
    out = []
    monkeypatch.setattr("IPython.display.display", out.append)
    return out


def test_show_bench_with_results_shows_the_paragraph_then_the_table(shown):
    rt.show_bench(_bench())
    assert [type(x).__name__ for x in shown] == ["Markdown", "Styler"]
    assert shown[0].data == bench_report(_bench()) and shown[1].uuid == "methods-bench"


def test_show_bench_without_results_shows_the_note_only(shown):
    rt.show_bench(None)
    assert len(shown) == 1 and isinstance(shown[0], Markdown) and "is absent in this build" in shown[0].data


def test_show_bench_refuses_a_bad_table_before_showing_anything(shown):
    with pytest.raises(AnalysisError, match="show_bench: needs a pandas DataFrame, got str"):
        rt.show_bench("results.csv")
    assert shown == []
