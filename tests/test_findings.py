"""analysis.book.findings: every number the prose glues, checked as invariants between findings
(not as golden numbers), the findings two chapters share computed once, and the readings the
prose gives of them (formerly asserts inside the notebooks)."""

from collections import Counter

import pytest
from conftest import csv_rows

from analysis.book import findings as F
from analysis.book.claims import load_history_claims
from analysis.book.history import PERIODS, load_events, period
from analysis.book.tables import enum_of
from analysis.core.dates import DateError


@pytest.fixture(scope="module")
def chapters():
    return {"sources": F.sources_findings(), "history": F.history_findings(), "trade": F.trade_findings(),
            "lexical": F.lexical_findings(), "conclusions": F.conclusions_findings(), "data": F.data_findings(),
            "methods": F.methods_findings(), "cite": F.citation_findings()}


def test_history_counts_add_up(chapters):
    h = chapters["history"]
    assert h["n_mentions_article"] + h["n_mentions_interview"] == h["n_mentions"]
    assert h["n_tied"] + h["n_not_events"] == h["n_mentions"]
    assert h["n_tied_article"] + h["n_tied_interview"] == h["n_tied"]
    assert h["n_events_article"] + h["n_events_interview"] + h["n_events_both"] == h["n_events"]
    assert h["n_dated"] + h["n_undated"] == h["n_events"] == len(load_events())
    assert sum(h[f"n_{p.key}"] for p in PERIODS) == h["n_events"]
    assert sum(h[f"n_{v.replace(' ', '_')}"] for v in enum_of("history_claims", "verdict")) == h["n_claims"] == len(load_history_claims())


def test_history_counts_equal_a_recount_of_the_csv_files(chapters):
    """Each glued count of a curated table equals the same count made here from the file with the
    csv module alone (not through the package's loader)."""
    h = chapters["history"]
    events, claims = csv_rows("events.csv"), csv_rows("history_claims.csv")
    assert h["n_events"] == len(events) and h["n_claims"] == len(claims)
    verdicts = Counter(r["verdict"] for r in claims)
    for v in enum_of("history_claims", "verdict"):
        assert h[f"n_{v.replace(' ', '_')}"] == verdicts[v], v
    dating = Counter(r["dating"] for r in events)
    assert h["n_undated"] == dating["inferred"] + dating["external"]
    assert h["n_dated"] == dating["stated"] + dating["relative"]
    told = Counter(("both" if len(set(r["source"].split(" | "))) == 2 else r["source"].split(" | ")[0])
                   for r in events)
    for key in ("article", "interview", "both"):
        assert h[f"n_events_{key}"] == told[key], key
    non_events = csv_rows("date_non_events.csv")
    assert h["n_not_events"] == len(non_events)
    assert h["recent_from"] == period("revival").start.year and 0 < h["n_recent"] <= h["n_events"]


def test_sources_counts_add_up(chapters):
    s = chapters["sources"]
    assert s["interview_questions"] + s["interview_answers"] == s["interview_turns"]
    for sid in ("article", "interview"):
        assert s[f"{sid}_clean_chars"] < s[f"{sid}_raw_chars"]
        assert 0 < s[f"{sid}_removed_chars"] < s[f"{sid}_raw_chars"]
    assert s["article_last_id"] == f"A{s['article_paragraphs']}"
    assert s["interview_last_id"] == f"I{s['interview_paragraphs']}"
    share = s["voice_answers_words"] / (s["voice_answers_words"] + s["voice_questions_words"])
    assert s["answers_word_share"] == pytest.approx(100 * share)


def test_chapters_that_show_one_finding_show_the_same_value(chapters):
    h, c, t, lx = chapters["history"], chapters["conclusions"], chapters["trade"], chapters["lexical"]
    for key in ("n_events", "n_recent", "recent_from", "n_claims", "n_agrees", "n_partly", "n_disagrees",
                "n_unverified", "n_events_article", "n_events_interview", "n_events_both"):
        assert c["c_" + key[2:] if key.startswith("n_") and key[2:] in ("agrees", "partly", "disagrees", "unverified")
                 else "c_" + key.replace("n_events_", "events_") if key.startswith("n_events_") else "c_" + key] == h[key]
    assert (c["c_silence_from"], c["c_silence_to"]) == (h["p_silence_from"], h["p_silence_to"])
    assert c["c_types_tested"] == lx["lex_types_tested"]
    assert c["c_raw_sig"] == lx["lex_raw_sig"] and c["c_bh_sig"] == lx["lex_bh_sig"]
    assert c["c_n_themes"] == lx["lex_n_themes"]
    for key in ("cagr", "mirror_turnover", "parts_difference", "year"):
        assert c[f"c_{key}"] == t[key]
    assert c["c_money_interview"] == t["n_money_interview"] and c["c_money_article"] == t["n_money_article"]


def test_the_article_answers_keyness_is_computed_once_for_both_chapters():
    assert F.article_answers_keyness() is F.article_answers_keyness()
    key = F.article_answers_keyness()
    leaders = F.keyness_leaders(key)
    assert key.loc[leaders["b1"], "log_ratio"] < 0 < key.loc[leaders["a1"], "log_ratio"]


def test_lexical_counts_are_consistent(chapters):
    lx = chapters["lexical"]
    assert lx["lex_bonf_sig"] <= lx["lex_bh_sig"] <= lx["lex_raw_sig"] <= lx["lex_types_tested"]
    assert lx["lex_shared"] + lx["lex_only_article"] <= lx["lex_article_types"]
    assert 0 <= lx["lex_jaccard"] <= 1
    for name in ("article", "answers", "questions"):
        assert lx[f"lex_{name}_types"] <= lx[f"lex_{name}_tokens"]
        for m in ("ttr", "mattr", "hdd"):
            assert lx[f"lex_div_{name}_{m}_low"] <= lx[f"lex_div_{name}_{m}_mean"] <= lx[f"lex_div_{name}_{m}_high"]


def test_the_prose_readings_of_the_dispersion_and_the_heat_map_hold():
    """Chapter 4 compares no DP values, because no theme has more than 17 occurrences in a voice
    (the second edition dropped the first's ranking of the most evenly spread themes); chapter 5
    with names left out, says the article's body has one *friendship*, in its closing wish
    (A16), which dates nothing, and that the answers' sovereignty words all stand in undated
    paragraphs (the prose's singular and its "all" rest on these asserts)."""
    dp = F.theme_dispersion()
    assert F.lexical_findings()["lex_theme_max_n"] == max(int(t["frequency"].max()) for t in dp.values()) <= 17
    c = F.conclusions_findings()
    assert c["c_article_friendship"] == c["c_article_friendship_undated"] == 1
    assert c["c_answers_sovereignty"] == c["c_answers_sovereignty_undated"] > 0
    assert c["c_article_tokens"] == 730  # all words: leaving names out does not shorten the texts
    assert c["c_article_trade"] == c["c_article_trade_dated"]  # its trade words stand beside the commission's session


def test_data_and_methods_findings(chapters):
    d, m = chapters["data"], chapters["methods"]
    assert d["d_n_tables"] < d["d_n_files"] and d["d_n_columns"] > d["d_n_tables"]
    assert m["m_n_areas"] == len(m["m_areas"].split(", ")) and m["m_n_conventions"] >= m["m_n_areas"]
    assert chapters["cite"]["book_version"].count(".") == 2


def test_periods_are_found_by_key():
    assert period("founding").start.year == 1956
    with pytest.raises(DateError, match="no period with key 'modern'"):
        period("modern")
    assert F.events_since(key="founding") == len(load_events())
    assert F.timeline_title().startswith(f"{F.events_since()} of {len(load_events())} events fall after 2014")


def test_sensitivity_findings_summarise_the_table():
    s, table = F.sensitivity_findings(), F.dated_sensitivity()
    assert s["s_n_rules"] == len(table) == 6 and s["s_conf"] == 95 and s["s_resamples"] == 10_000
    assert (s["s_article_hits"], s["s_answers_hits"]) == (F.dated_share("article")["theme_hits"], F.dated_share("answers")["theme_hits"])
    first = F.conclusions_findings()
    # the first edition's rule is one of the rules: its shares lie in the glued ranges
    assert s["s_article_share_min"] <= first["c_article_theme_dated"] <= s["s_article_share_max"]
    assert s["s_answers_share_min"] <= first["c_answers_theme_dated"] <= s["s_answers_share_max"]
    assert s["s_difference_min"] == table["difference"].min() and s["s_difference_max"] == table["difference"].max()
    assert 0 <= s["s_across_zero"] <= s["s_n_rules"] and 0 <= s["s_article_above"] <= s["s_n_rules"]
    assert s["s_widest_low"] <= s["s_difference_min"] and s["s_difference_max"] <= s["s_widest_high"]
    assert F.dated_sensitivity() is table  # computed once for the prose and the table


def test_the_words_the_opening_page_and_conclusions_use_for_counts_match_the_counts():
    """Some counts are said in words, not pasted: "could be chance under all of them" and "within
    chance under every rule" (the sensitivity table), "the one that disagrees" (the verdicts). If a
    count moves, the words become false; this test fails first."""
    from analysis.book.findings import history_findings, sensitivity_findings
    from analysis.book.paths import repo_root

    s = sensitivity_findings()
    intro = " ".join((repo_root() / "intro.md").read_text(encoding="utf-8").split())
    conclusions = " ".join((repo_root() / "notebooks" / "05_conclusions.ipynb").read_text(encoding="utf-8").split())
    if "could be chance under all of them" in intro or "within chance under every rule" in conclusions:
        assert s["s_across_zero"] == s["s_n_rules"], "the interval includes zero under fewer than all rules"
    if "the one that disagrees" in intro:
        assert history_findings()["n_disagrees"] == 1
    assert "could be chance under all of them" in intro and "the one that disagrees" in intro
