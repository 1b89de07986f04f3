"""Tests of analysis.core.keyness: published values reproduced, conventions shown, bad input refused."""

from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from nltk.metrics import BigramAssocMeasures

from analysis import lexical as lx
from analysis.book import voices as bv
from analysis.core.tokens import LexicalError
from analysis.display.reader_tables import concordance_html

ORACLE = json.loads((Path(__file__).parent / "data" / "lexicalrichness_readme.json").read_text("utf-8"))


# --- tokenizer (behaviour kept from the foundation) ------------------------------------------

def test_tokenize_rules():
    assert lx.tokenize("People-to-people ties, that’s COVID-19; $229.2 million.") == [
        "people-to-people", "ties", "that's", "covid-19", "229.2", "million"]
    assert lx.tokenize("Россия и Камбоджа") == ["россия", "и", "камбоджа"]
    assert lx.tokenize("   ") == []
    with pytest.raises(TypeError, match="needs a str"):
        lx.tokenize(42)


# --- keyness: published values -----------------------------------------------------------------

@pytest.mark.parametrize("a, n_a, b, n_b, published", [
    (110, 221, 2442, 31556, 270.72),  # Dunning 1993, as in NLTK's collocations doctest
    (8, 32, 5, 31745, 95.29),
])
def test_keyness_reproduces_dunning(a, n_a, b, n_b, published):
    table = lx.keyness_from_counts({"w": a}, {"w": b}, total_a=n_a, total_b=n_b)
    assert round(float(table.loc["w", "ll"]), 2) == published
    # the same table through NLTK's own implementation
    nltk_ll = BigramAssocMeasures.likelihood_ratio(a, (a + b, n_a), n_a + n_b)
    assert float(table.loc["w", "ll"]) == pytest.approx(nltk_ll, rel=1e-12)


def test_keyness_two_term_form_differs_and_is_shown():
    """UCREL's two-term form against the four-term G² on Dunning's first table."""
    row = lx.keyness_from_counts({"w": 110}, {"w": 2442}, total_a=221, total_b=31556).loc["w"]
    e_a = 221 * 2552 / 31777
    e_b = 31556 * 2552 / 31777
    two_term = 2 * (110 * math.log(110 / e_a) + 2442 * math.log(2442 / e_b))
    assert row["ll_two_term"] == pytest.approx(two_term)
    assert round(row["ll_two_term"], 2) == 220.22  # vs 270.72 four-term
    assert round(row["ll"], 2) == 270.72


def test_keyness_effect_sizes_by_hand():
    table = lx.keyness("x x x y".split(), "y y z z".split())
    x = table.loc["x"]
    assert (x["count_a"], x["count_b"]) == (3, 0)
    assert x["per_1000_a"] == 750.0
    assert x["log_ratio"] == pytest.approx(math.log2((3 / 4) / (0.5 / 4)))  # zero count as 0.5
    assert x["pct_diff"] == math.inf
    y = table.loc["y"]
    assert y["pct_diff"] == pytest.approx(100 * (1 / 4 - 2 / 4) / (2 / 4))
    # Monroe et al. (2008) with the pooled counts as prior: alpha_y = 3, alpha_0 = 8
    delta = math.log((1 + 3) / (4 + 8 - 1 - 3)) - math.log((2 + 3) / (4 + 8 - 2 - 3))
    assert y["log_odds_z"] == pytest.approx(delta / math.sqrt(1 / 4 + 1 / 5))
    assert set(table.columns) >= {"count_a", "count_b", "per_1000_a", "per_1000_b", "ll",
                                  "ll_two_term", "log_ratio", "pct_diff", "p", "p_bonferroni",
                                  "p_bh", "log_odds_z", "min_expected", "key_for"}
    assert list(table["ll"]) == sorted(table["ll"], reverse=True)


def test_keyness_corrections_and_key_for():
    a = ["alpha"] * 40 + ["common"] * 200 + ["rare"]
    b = ["beta"] * 40 + ["common"] * 200 + ["rare"] * 2
    table = lx.keyness(a, b)
    m = len(table)
    p = table["p"]
    assert (table["p_bonferroni"] == (p * m).clip(upper=1)).all()
    # Benjamini–Hochberg by hand: p_(i) · m / i, made monotone from the top
    ordered = p.sort_values()
    bh = (ordered * m / np.arange(1, m + 1))[::-1].cummin()[::-1].clip(upper=1)
    assert table["p_bh"].loc[bh.index].to_numpy() == pytest.approx(bh.to_numpy())
    assert table.loc["alpha", "key_for"] == "a" and table.loc["beta", "key_for"] == "b"
    assert table.loc["common", "key_for"] is None and table.loc["rare", "key_for"] is None
    assert bool(table.loc["rare", "low_expected"]) and table.loc["rare", "min_expected"] < 5
    strict = lx.keyness(a, b, correction="none", alpha=0.5)
    assert strict.attrs["correction"] == "none"


def test_keyness_from_counts_equals_keyness():
    a, b = "we build we trade".split(), "i trade i".split()
    left = lx.keyness(a, b)
    right = lx.keyness_from_counts(Counter(a), Counter(b))
    assert left.equals(right)


@pytest.mark.parametrize("a, b, message", [
    ([], [], "tokens_a is empty"),
    (["x"], [], "tokens_b is empty"),
    (["x", 3], ["x"], r"tokens_a\[1\] is int"),
    ("a text", ["x"], "not a str"),
])
def test_keyness_bad_input(a, b, message):
    with pytest.raises(LexicalError, match=message):
        lx.keyness(a, b)


def test_keyness_from_counts_bad_input():
    with pytest.raises(LexicalError, match="correction"):
        lx.keyness_from_counts({"x": 1}, {"x": 1}, correction="holm")
    with pytest.raises(LexicalError, match="counts must be whole numbers"):
        lx.keyness_from_counts({"x": -1}, {"x": 1})
    with pytest.raises(LexicalError, match="smaller than a count"):
        lx.keyness_from_counts({"x": 5}, {"x": 1}, total_a=2)
    with pytest.raises(LexicalError, match="text b has no tokens"):
        lx.keyness_from_counts({"x": 5}, {})


def test_keyness_one_repeated_word_and_cyrillic():
    same = lx.keyness(["да"] * 5, ["да"] * 3)
    assert same.loc["да", "ll"] == 0 and same.loc["да", "key_for"] is None
    assert same.loc["да", "log_odds_z"] == 0  # documented: a word that is both whole texts leans to neither
    cyr = lx.keyness(lx.tokenize("Россия Россия дружба"), lx.tokenize("Камбоджа дружба"))
    assert set(cyr.index) == {"россия", "дружба", "камбоджа"}


# --- diversity: lexicalrichness README values ----------------------------------------------------

def test_diversity_reproduces_lexicalrichness_readme():
    words, pub = ORACLE["wordlist"], ORACLE["published"]
    d = lx.diversity(words, mattr_window=25, mtld_threshold=0.72, hdd_draws=42)
    assert (d["n_tokens"], d["n_types"]) == (pub["words"], pub["terms"]) == (57, 39)
    assert d["ttr"] == pytest.approx(pub["ttr"])  # 0.6842
    assert d["mattr"] == pytest.approx(pub["mattr_25"])  # 0.8352
    assert d["mtld"] == pytest.approx(pub["mtld_0.72"])  # 46.79
    assert d["hdd"] == pytest.approx(pub["hdd_42"])  # 0.7469
    assert d["maas"] == pytest.approx(pub["Maas"])  # 0.0232
    assert d["yule_k"] == pytest.approx(pub["yulek"])  # 153.89


def test_mtld_threshold_test_is_a_parameter():
    words = ORACLE["wordlist"]
    assert lx.mtld(words, 0.72, test="<=") == pytest.approx(ORACLE["published"]["mtld_0.72"])
    # "falls strictly below" ends fewer factors on this text: 48.01 instead of 46.79
    assert lx.mtld(words, 0.72, test="<") == pytest.approx(48.00946372239748)


def test_our_tokenizer_against_lexicalrichness_tokenizer():
    """Our tokenizer keeps numbers; lexicalrichness strips digits. Both values shown."""
    ours = lx.tokenize(ORACLE["text"])
    assert len(ours) == 64 and "2010" in ours and "0.660" in ours
    assert lx.ttr(ours) == pytest.approx(45 / 64)  # vs 39/57 = 0.684 for the package's list
    assert lx.tokenize(ORACLE["text"], numbers=False) == ORACLE["wordlist"]


def test_diversity_edge_cases():
    one = lx.diversity(["the"] * 10, mattr_window=5, hdd_draws=5)
    assert one["ttr"] == 0.1 and one["mattr"] == 0.2 and one["mtld"] == 2.0
    assert one["hdd"] == pytest.approx(1 / 5)
    assert one["yule_k"] == pytest.approx(9000.0)
    short = lx.diversity("a b c".split())  # window 50 and 42 draws exceed the text
    assert math.isnan(short["mattr"]) and math.isnan(short["hdd"])
    assert short["mtld"] == 3.0  # never reaches the threshold: one factor
    assert math.isnan(lx.maas(["x"]))
    cyr = lx.diversity(lx.tokenize("Россия и Камбоджа и дружба"), mattr_window=2, hdd_draws=2)
    assert cyr["n_types"] == 4


def test_diversity_bad_input():
    with pytest.raises(LexicalError, match="empty"):
        lx.diversity([])
    with pytest.raises(LexicalError, match=r"tokens\[0\] is NoneType"):
        lx.diversity([None, "x"])
    with pytest.raises(LexicalError, match="larger than the text"):
        lx.mattr(["a", "b"], window=3)
    with pytest.raises(LexicalError, match="draws"):
        lx.hdd(["a", "b"], draws=3)
    with pytest.raises(LexicalError, match="threshold test"):
        lx.mtld(["a"], test="=")
    with pytest.raises(LexicalError, match="threshold must be between"):
        lx.mtld(["a"], threshold=1.5)
    with pytest.raises(LexicalError, match="must be an int"):
        lx.mattr(["a"], window=2.5)


def test_diversity_segments_and_compare():
    segs = lx.diversity_segments(list("abcdabcdab"), segment_length=4, mattr_window=2, hdd_draws=2)
    assert list(segs["start"]) == [0, 4] and list(segs["ttr"]) == [1.0, 1.0]
    long = ["a", "b", "c", "a"] * 10  # 40 tokens
    short = ["x", "y"] * 6  # 12 tokens
    table = lx.compare_diversity({"long": long, "short": short}, segment_length=4,
                                 mattr_window=2, hdd_draws=2)
    row = table.loc[("long", "ttr")]
    assert row["cut_length"] == 12 and row["cut"] == pytest.approx(3 / 12)
    assert row["n_segments"] == 10 and row["mean"] == pytest.approx(0.75)
    assert row["low"] == pytest.approx(0.75) and row["high"] == pytest.approx(0.75)  # no spread
    mixed = lx.compare_diversity({"t": list("aabcabcdabcdeabc")}, segment_length=4,
                                 mattr_window=2, hdd_draws=2).loc[("t", "ttr")]
    assert mixed["low"] < mixed["mean"] < mixed["high"]
    with pytest.raises(LexicalError, match="larger than the text"):
        lx.diversity_segments(["a"] * 3, segment_length=4)
    with pytest.raises(LexicalError, match="texts\\['b'\\] is empty"):
        lx.compare_diversity({"a": ["x"], "b": []})


def test_vocabulary_overlap():
    d = lx.vocabulary_overlap("the x y y z".split(), "the y z w".split(), exclude={"the"})
    assert (d["shared"], d["only_a"], d["only_b"]) == (2, 1, 1)
    assert d["jaccard"] == 0.5 and d["token_share_a"] == 0.75
    with pytest.raises(LexicalError, match="nothing left"):
        lx.vocabulary_overlap(["the"], ["x"], exclude={"the"})


# --- collocations, concordance, dispersion ---------------------------------------------------

def test_collocations_match_nltk_and_respect_paragraphs():
    from nltk.collocations import BigramCollocationFinder

    toks = "strategic partnership and strategic partnership of the strategic partnership".split()
    table = lx.collocations(toks, min_count=2)
    finder = BigramCollocationFinder.from_words(toks)
    expected = finder.score_ngram(BigramAssocMeasures.likelihood_ratio, "strategic", "partnership")
    assert table.iloc[0][["w1", "w2", "count"]].tolist() == ["strategic", "partnership", 3]
    assert table.iloc[0]["ll"] == pytest.approx(expected)
    # no pair across the break between two paragraphs
    paras = lx.collocations([["trade", "grew"], ["grew", "fast"], ["trade", "grew"]], min_count=1)
    assert ("grew", "grew") not in set(zip(paras["w1"], paras["w2"]))
    assert lx.collocations(toks, min_count=2, exclude={"strategic"}).empty
    with pytest.raises(LexicalError, match="at least two tokens"):
        lx.collocations(["one"])
    with pytest.raises(LexicalError, match=r"tokens\[1\] is int"):
        lx.collocations(["a", 1])


def test_concordance_and_html_escaping():
    text = "Our <b>friendship</b> & trade.\nFriendly ties; friendship again."
    table = lx.concordance(text, "friend*", width=10)
    assert list(table["match"]) == ["friendship", "Friendly", "friendship"]
    assert table.loc[0, "left"] == "Our <b>" and "\n" not in table.loc[1, "left"]
    out = concordance_html(table, caption="<i>friend</i>")
    assert "<b>" not in out and "&lt;b&gt;" in out and "&amp; trade" in out
    assert "&lt;i&gt;friend&lt;/i&gt;" in out
    assert concordance_html(lx.concordance(text, "sovereignty")).count("no occurrences") == 1
    wide = lx.concordance("only trade", "trade", width=500)  # window larger than the text
    assert wide.loc[0, "left"] == "only " and wide.loc[0, "right"] == ""
    cyr = lx.concordance("Дружба народов", "дружба")
    assert cyr.loc[0, "match"] == "Дружба"


def test_concordance_bad_input():
    with pytest.raises(LexicalError, match="one word"):
        lx.concordance("a b", "two words")
    with pytest.raises(LexicalError, match="one word"):
        lx.concordance("a b", "")
    with pytest.raises(LexicalError, match="str or a Voice"):
        lx.concordance(["a"], "a")
    with pytest.raises(LexicalError, match="must be a str"):
        lx.term_matcher([3])


def test_dispersion_dp_by_hand():
    # spread exactly as the text: DP = 0; all in one of four equal parts: DP = 3/4, DP_norm = 1
    parts = [["t", "x"], ["t", "x"], ["t", "x"], ["t", "x"]]
    table = lx.dispersion(parts, {"even": "t", "x": ["x"]})
    assert table.loc["even", "dp"] == 0 and table.loc["even", "range"] == 4
    bunched = lx.dispersion([["t", "x"], ["x", "x"], ["x", "x"], ["x", "x"]], ["t"]).loc["t"]
    assert bunched["dp"] == pytest.approx(0.75) and bunched["dp_norm"] == pytest.approx(1.0)
    assert math.isnan(lx.dispersion(parts, ["absent"]).loc["absent", "dp"])
    with pytest.raises(LexicalError, match="at least one token"):
        lx.dispersion([[], []], ["t"])
    with pytest.raises(LexicalError, match=r"parts\[0\]\[0\] is int"):
        lx.dispersion([[1]], ["t"])


# --- voices and word lists -------------------------------------------------------------------

def test_voices_split_the_texts_by_speaker():
    v = bv.voices()
    assert set(v) == {"article", "answers", "questions"}
    assert v["article"].paragraph_ids[0].startswith("A") and v["answers"].speaker == "Borovik"
    assert v["questions"].speaker == "KT"
    assert not any(t.startswith(("KT:", "Borovik:")) for t in v["answers"].texts + v["questions"].texts)
    assert len(v["answers"].tokens) > len(v["article"].tokens) > len(v["questions"].tokens) > 0
    from analysis.book.sources import load_source

    interview = load_source("interview")
    for pid, text, start in zip(v["answers"].paragraph_ids, v["answers"].texts, v["answers"].starts):
        assert interview.text[start:start + len(text)] == text
        assert interview.paragraph(pid).speaker == "Borovik"
    lines = lx.concordance(v["answers"], "vaccine*")
    assert not lines.empty and lines["paragraph"].str.startswith("I").all()
    with pytest.raises(LexicalError, match="unknown voice"):
        bv.voices(["editor"])


def test_term_positions():
    v = bv.voices(["article"])["article"]
    pos = lx.term_positions(v, bv.THEMES)
    assert set(pos["term"]) <= set(bv.THEMES)
    assert pos["position"].between(0, 1).all()
    with pytest.raises(LexicalError, match="needs a Voice"):
        lx.term_positions("text", bv.THEMES)


def test_stopwords_file():
    sw = bv.stopwords()
    assert {"the", "of", "and", "we", "our", "it's"} <= sw
    assert not {"cooperation", "friendship", "people", "new"} & sw
    from analysis.book.paths import data_dir

    header = (data_dir() / "stopwords_en.txt").read_text("utf-8")
    assert "Licence" in header and "Provenance" in header


def test_compare_diversity_cut_length():
    table = lx.compare_diversity({"a": list("abcd" * 5), "b": list("ab" * 3)}, segment_length=2,
                                 cut_length=8, mattr_window=2, hdd_draws=2)
    assert table.loc[("a", "ttr"), "cut"] == 0.5
    assert math.isnan(table.loc[("b", "ttr"), "cut"])  # shorter than the cut: documented nan
    with pytest.raises(LexicalError, match="cut_length must be at least 1"):
        lx.compare_diversity({"a": ["x", "y"]}, segment_length=1, cut_length=0)


def test_benjamini_hochberg_and_the_chi_square_tail_match_scipy_stats():
    """keyness_from_counts avoids importing scipy.stats (2 s of a notebook's start); its own
    Benjamini–Hochberg and scipy.special's chi-square tail give scipy.stats' values."""
    import numpy as np
    from scipy.special import chdtrc
    from scipy.stats import chi2, false_discovery_control

    from analysis.core.keyness import _benjamini_hochberg

    rng = np.random.default_rng(7)
    for p in (rng.uniform(size=500), rng.uniform(size=1), np.array([0.01, 0.01, 0.5, 1.0, 0.0])):
        assert np.allclose(_benjamini_hochberg(p), false_discovery_control(p, method="bh"), rtol=0, atol=1e-15)
    ll = np.array([0.0, 0.5, 3.84, 10.83, 200.0])
    assert np.allclose(chdtrc(1, ll), chi2.sf(ll, 1), rtol=1e-12, atol=0)
