"""analysis.display.reader_tables' styled tables: the reader tables the chapters display, each
checked on known input (its HTML id, its headers from the label register or the Data Package,
its cells written for people, its download link) and on bad input (an AnalysisError naming the
function and the problem)."""

import math

import pandas as pd
import pytest
from IPython.display import Markdown

import analysis.display.reader_tables as rt
from analysis.book.claims import load_history_claims
from analysis.book.environment import BENCH_COLUMNS, bench_report, package_versions, platform_summary
from analysis.book.findings import collocation_tables, diversity_comparison, quantity_tables, theme_dispersion
from analysis.book.history import date_mentions_table, load_events, load_non_events, mention_coverage
from analysis.book.sources import load_sources, voice_counts
from analysis.book.tables import files_table
from analysis.book.trade import load_trade_external, load_trade_figures
from analysis.book.voices import THEMES, voices
from analysis.core.errors import AnalysisError


def _headers(table) -> list[str]:
    return [str(c) for c in table.cells.columns]


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


def test_keyness_table_labels_formats_and_words():
    table = rt.styled_keyness(_key(), n=2)
    assert table.table == "lex-keyness" and table.csv == "../tables/keyness.csv"
    assert _headers(table) == ["Word", "Article (count)", "Answers (count)", "Article (per 1,000 tokens)",
                               "Answers (per 1,000 tokens)", "Log-likelihood G²", "Log Ratio (binary log)",
                               "p, Benjamini–Hochberg", "Expected count under 5", "Key for (adjusted p < 0.05)"]
    assert table.cells.iloc[0].tolist() == ["w0", "10", "1", "1.23", "0.10", "12.35", "3.32", "0.001", "no", "article"]
    assert table.cells.iloc[1].tolist()[6:] == ["−∞", "0.012", "yes", "answers"]
    html = table.to_html()
    assert 'id="T_lex-keyness"' in html and 'href="../tables/keyness.csv"' in html
    third = rt.styled_keyness(_key()).cells.iloc[2]
    assert third["p, Benjamini–Hochberg"] == "–" and third["Key for (adjusted p < 0.05)"] == "neither"


def test_keyness_measures_table_every_measure():
    table = rt.styled_keyness_measures(_key())
    assert table.table == "lex-keyness-full" and len(_headers(table)) == 1 + len(rt.KEYNESS_MEASURES)
    first = dict(zip(_headers(table), table.cells.iloc[0], strict=True))
    assert first["%DIFF"] == "900.4 %" and first["p"] == "&lt; 0.001" and first["p, Bonferroni"] == "0.001"
    assert table.cells.iloc[2]["p"] == "–"


@pytest.mark.parametrize("func", [rt.styled_keyness, rt.styled_keyness_measures])
def test_keyness_tables_refuse_bad_input(func):
    with pytest.raises(AnalysisError, match=r"missing column\(s\) \['ll'"):
        func(_key().drop(columns=["ll"]))
    with pytest.raises(AnalysisError, match="needs a pandas DataFrame, got list"):
        func([1, 2])
    with pytest.raises(AnalysisError, match="whole number of rows"):
        func(_key(), n=0)


def test_vocabulary_table():
    table = rt.styled_vocabulary(_key(), stop=set())
    assert table.table == "lex-vocabulary"
    assert table.cells.to_dict("list") == {"Shared (article : answers)": ["w0 (10 : 1)", "w2 (3 : 3)"],
                                           "Only in the article": ["", ""], "Only in the answers": ["w1 (5)", ""]}
    with pytest.raises(AnalysisError, match=r"styled_vocabulary: missing column\(s\) \['count_b'\]"):
        rt.styled_vocabulary(_key().drop(columns=["count_b"]), stop=set())


def test_provenance_table_titles_dashes_links_and_hash():
    sources = load_sources()
    table = rt.styled_provenance(sources)
    assert table.table == "sources-provenance" and _headers(table) == ["Field", "Article", "Interview"]
    assert table.cells["Field"].tolist()[:2] == ["Title", "Author"] and "SHA-256" in table.cells["Field"].tolist()
    assert (table.cells == "–").any().any()
    html = table.to_html()
    assert '<code class="rt-break">' + sources["article"].meta["sha256"] in html
    assert '<a class="rt-break" href="http' in html
    # every address the table links carries the date it was accessed, the bibliography's
    for src in sources.values():
        url = src.meta["republication_url"]
        assert f'href="{url}">{url}</a>, accessed 1 December 2026' in html
    # a date passed in is the one shown; an address without one is named
    url = sources["interview"].meta["republication_url"]
    dates = {s.meta["republication_url"]: "2026-11-30" for s in sources.values()}
    assert f"{url}</a>, accessed 30 November 2026" in rt.styled_provenance(sources, accessed=dates).to_html()
    with pytest.raises(AnalysisError, match=r"styled_provenance: https://www\.mid\.ru/\S+ is cited but not in references\.bib"):
        rt.styled_provenance(sources, accessed={k: v for k, v in dates.items() if k != url})
    for bad in ({}, {"article": "text"}, ["article"]):
        with pytest.raises(AnalysisError, match="styled_provenance: needs a dict of source id -> Source"):
            rt.styled_provenance(bad)


def test_source_chapter_tables_without_offsets():
    sources = load_sources()
    removals = rt.styled_removals(sources)
    assert _headers(removals) == ["Source", "Line", "Removed text", "Why removed"]
    assert removals.csv == "../tables/removals.csv"
    turns = rt.styled_turns(sources["interview"])
    assert 'href="01_sources.html#I5"' in turns.to_html()
    with pytest.raises(AnalysisError, match="styled_turns: needs a Source, got str"):
        rt.styled_turns("interview")
    counts = rt.styled_voice_counts(voice_counts())
    assert _headers(counts) == ["Voice", "Source", "Speaker", "Paragraphs", "Sentences", "Words"]
    assert "nan" not in counts.to_html() and "1,770" in counts.cells["Words"].tolist()
    with pytest.raises(AnalysisError, match=r"styled_voice_counts: missing column\(s\) \['words'\]"):
        rt.styled_voice_counts(voice_counts().drop(columns=["words"]))


def test_history_tables_ids_labels_and_links():
    events, non_events = load_events(), load_non_events()
    coverage = mention_coverage(date_mentions_table(), events, non_events)
    tables = {"hist1": rt.styled_mention_summary(coverage), "hist2": rt.styled_mentions(coverage),
              "hist3": rt.styled_events(events), "hist4": rt.styled_event_quotes(events),
              "hist5": rt.styled_events_told_once(events), "hist6": rt.styled_claims(load_history_claims()),
              "hist7": rt.styled_non_events(non_events)}
    for name, table in tables.items():
        assert table.table == name and f'id="T_{name}"' in table.to_html(), name
    assert sum(int(n) for n in tables["hist1"].cells["Date mentions"]) == len(coverage)
    assert len(tables["hist2"].cells) == len(coverage) and len(tables["hist3"].cells) == len(events)
    assert _headers(tables["hist4"]) == ["Id", "Event", "Paragraph", "Quote", "Note"]
    assert tables["hist4"].csv == "../data/events.csv" and tables["hist7"].csv == "../data/date_non_events.csv"
    assert _headers(tables["hist7"]) == ["Source", "Paragraph", "Quote", "Mention", "Why not an event", "Related event",
                                        "Tied to the figure"]
    claims = tables["hist6"]
    assert _headers(claims) == ["Id", "Claim, and the words that make it", "Verdict", "The record says (sources)",
                                "Comment"]
    assert '<span class="rt-quote">“' in claims.to_html()
    assert '<a href="http' in claims.to_html() and 'href="01_sources.html#I' in claims.to_html()


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
                                  rt.styled_external, rt.styled_versions, rt.styled_bench, rt.styled_trade_figures,
                                  rt.styled_quantities])
def test_styled_tables_refuse_what_is_not_a_table(func):
    with pytest.raises(AnalysisError, match=rf"{func.__name__}: needs a pandas DataFrame, got dict"):
        func({"a": 1})


def test_claims_table_refuses_a_table_without_claim_columns():
    with pytest.raises(AnalysisError, match="not a history claims table"):
        rt.styled_claims(pd.DataFrame({"claim_id": ["C1"]}))


def test_trade_tables_flows_in_words_and_money_for_people():
    figures = rt.styled_trade_figures(load_trade_figures())
    flows = set(figures.cells["Flow"])
    assert "Cambodia → Russia" in flows and not any("_" in f for f in flows)
    values = figures.cells[[h for h in figures.cells.columns if h.startswith("Value")][0]].tolist()
    assert "229.2 USD million" in values and "about 246 USD million" in values and "Unit" not in figures.cells
    quantities = rt.styled_quantities(quantity_tables()["interview"])
    assert "Start" not in _headers(quantities) and quantities.csv == "../tables/quantities.csv"
    shown = quantities.to_html()
    assert "80000000" not in shown and "e+0" not in shown
    money = quantities.cells[quantities.cells["As written"] == "USD$80 million"].iloc[0]
    assert (money["Value"], money["Unit"]) == ("80.0", "USD million")
    with pytest.raises(AnalysisError, match=r"styled_quantities: missing column\(s\) \['flag'\]"):
        rt.styled_quantities(quantity_tables()["interview"].drop(columns=["flag"]))


def test_aid_table_usd_million_one_decimal():
    aid = rt.aid_table(12)
    d = aid.cells.set_index("Reading")
    assert d.loc["D", "All donors per year (USD million)"] == "0.0001"  # literal dollars: USD 100
    assert d.loc["A", "All donors 1979–1990 (USD million)"] == "1,200.0"
    assert d.loc["D", "USSR share of all donors"] == rt.PART_EXCEEDS_WHOLE == "n/a (part exceeds whole)" and d.loc["D", "Part within the whole"] == "no"


def test_external_table_values_as_written_and_links():
    external = load_trade_external()
    table = rt.styled_external(external)
    assert table.table == "trade_external" and table.csv == "../data/trade_external.csv"
    assert table.cells["Source"].str.startswith('<a href="').all()
    assert _headers(table)[:5] == ["Year", "Flow", "Reporter", "Partner", "Value"]
    assert "56.98" in table.cells["Value"].tolist()
    with pytest.raises(AnalysisError, match=r"styled_external: missing column\(s\) \['url'\]"):
        rt.styled_external(external.drop(columns=["url"]))


def test_lexical_tables_by_measure_and_voice():
    v = voices()
    div = rt.styled_diversity(diversity_comparison(), v)
    assert _headers(div)[:3] == ["Measure", "Voice", "Segments"] and "HD-D" in div.cells["Measure"].tolist()
    assert "hdd" not in div.cells["Measure"].tolist() and "yule_k" not in div.to_html()
    with pytest.raises(AnalysisError, match="indexed by \\(text, measure\\)"):
        rt.styled_diversity(diversity_comparison().reset_index(), v)
    coll = rt.styled_collocations(collocation_tables(), v)
    assert _headers(coll) == ["Voice", "First word", "Second word", "Count", "Log-likelihood G²"]
    disp = rt.styled_dispersion(theme_dispersion(), v)
    assert _headers(disp) == ["Theme", "Voice", "Frequency", "Range (parts)", "DP", "DP, normalised"]
    assert list(rt.styled_themes(THEMES).cells["Theme"]) == list(THEMES)


def test_data_files_table():
    table = rt.styled_data_files(files_table())
    assert table.table == "data-files" and "Size (bytes)" in _headers(table)


def test_platform_and_versions_tables():
    platform = rt.styled_platform(platform_summary())
    assert platform.table == "methods-platform" and _headers(platform) == ["Name", "Value"]
    assert "Python" in platform.cells["Name"].tolist()
    versions = rt.styled_versions(package_versions())
    assert versions.table == "methods-versions" and _headers(versions) == ["Package", "Pinned", "Installed"]
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


def test_bench_table_labels_and_formats():
    table = rt.styled_bench(_bench())
    assert table.table == "methods-bench"
    assert _headers(table) == ["Corpus", "Pipeline", "Target (tokens)", "Tokens", "Types", "Time (s)", "CPU time (s)",
                               "Speed (tokens/s)", "Peak memory (MiB)", "Memory at start (MiB)", "CPU time (× floor)"]
    assert table.cells.iloc[0].tolist() == ["Zipf (synthetic)", "count_corpus + keyness_from_counts", "10,000", "9,943", "1,433", "0.0121", "0.0119",
                                            "819,847", "134", "120", "1.00"]
    assert table.cells.iloc[2].tolist()[-1] == "15.43"
    with pytest.raises(AnalysisError, match=r"styled_bench: missing column\(s\) \['peak_mib'\]"):
        rt.styled_bench(_bench().drop(columns=["peak_mib"]))
    with pytest.raises(AnalysisError, match=r"styled_bench: pipeline \['spacy'\] has no reader's name"):
        rt.styled_bench(_bench().replace({"pipeline": {"nltk": "spacy"}}))


@pytest.fixture
def shown(monkeypatch):
    """What a function displays, in order (IPython's display replaced by a list)."""
    out = []
    monkeypatch.setattr("IPython.display.display", out.append)
    return out


def test_show_bench_with_results_shows_the_paragraph_then_the_table(shown):
    rt.show_bench(_bench())
    assert [type(x).__name__ for x in shown] == ["Markdown", "ReaderTable"]
    assert shown[0].data == bench_report(_bench()) and shown[1].table == "methods-bench"


def test_show_bench_without_results_shows_the_note_only(shown):
    rt.show_bench(None)
    assert len(shown) == 1 and isinstance(shown[0], Markdown) and "is absent in this build" in shown[0].data


def test_show_bench_refuses_a_bad_table_before_showing_anything(shown):
    with pytest.raises(AnalysisError, match="show_bench: needs a pandas DataFrame, got str"):
        rt.show_bench("results.csv")
    assert shown == []


def _sensitivity(rows=("events", "text_dates")) -> pd.DataFrame:
    """A sensitivity table as dated_share_sensitivity() returns it, for two rules."""
    table = pd.DataFrame({
        "article_dated": [10, 8], "article_hits": [16, 16], "article_share": [62.5, 50.0],
        "article_low": [21.4, 9.1], "article_high": [88.9, 81.0],
        "answers_dated": [11, 9], "answers_hits": [51, 51], "answers_share": [21.6, 17.6],
        "answers_low": [6.8, 3.4], "answers_high": [41.7, 36.2],
        "difference": [40.9, 32.4], "difference_low": [-3.4, -12.2], "difference_high": [71.9, 67.2],
    }, index=pd.Index(list(rows), name="dating"))
    table.attrs.update(a="article", b="answers", conf=0.95)
    return table


def test_sensitivity_table_names_rules_and_rounds_to_whole_per_cent():
    from analysis.book.synthesis import DATING_LABELS

    shown = rt.styled_dated_sensitivity(_sensitivity())
    assert shown.table == "concl-dated-sensitivity"
    assert list(shown.cells.columns) == [
        "A paragraph is dated when it …", "Article: share in dated paragraphs", "Article: 95% interval",
        "Answers: share in dated paragraphs", "Answers: 95% interval", "Difference (points)",
        "Difference: 95% interval"]
    assert shown.cells.iloc[:, 0].tolist() == [DATING_LABELS["events"], DATING_LABELS["text_dates"]]
    assert shown.cells.iloc[0, 1:].tolist() == ["62% (10 of 16)", "21–89%", "22% (11 of 51)", "7–42%", "+41",
                                                "-3 to +72"]
    assert 'id="T_concl-dated-sensitivity"' in shown.to_html()
    other = _sensitivity()
    other.attrs["conf"] = 0.9
    with pytest.raises(AnalysisError, match="labels its intervals 95%; the table is at 0.9"):
        rt.styled_dated_sensitivity(other)


def test_sensitivity_table_refuses_what_is_not_the_sensitivity_table():
    with pytest.raises(AnalysisError, match="names its voices"):
        rt.styled_dated_sensitivity(pd.DataFrame({"x": [1]}))
    broken = _sensitivity().drop(columns="difference_low")
    with pytest.raises(AnalysisError, match=r"sensitivity_view: missing column\(s\) \['difference_low'\]"):
        rt.styled_dated_sensitivity(broken)
    with pytest.raises(AnalysisError, match=r"rows \['sometimes'\] are not dating rules"):
        rt.styled_dated_sensitivity(_sensitivity(rows=("events", "sometimes")))
    with pytest.raises(AnalysisError, match="names its voices"):
        rt.sensitivity_view([1, 2])
