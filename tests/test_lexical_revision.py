"""The lexical chapter's second edition: the English reference (Kilgarriff's simple maths on
wordfreq), multi-word names, months inside dates, the inflection merge, key n-grams, the length
artefact and the smallest detectable difference; their book tables and their command-line options."""

from __future__ import annotations

import json
import math
from collections import Counter

import numpy as np
import pandas as pd
import pytest

from analysis.book.keywords import (
    COUNTINGS,
    KeywordsError,
    counted_tokens,
    diversity_detectable,
    keyness_by_counting,
    length_artefact,
    merged_groups,
    ngram_keyness,
    reference_tables,
    top_changes,
)
from analysis.book.provenance import validate_quotes
from analysis.book.voices import EXCLUDE_NAMES, blank_names, load_names, names, voices
from analysis.core.cli import main
from analysis.core.diversity import detectable_difference
from analysis.core.errors import AnalysisError
from analysis.core.keyness import keyness_from_counts, smallest_significant_count
from analysis.core.lexemes import (
    drop_date_months,
    drop_names,
    inflection_groups,
    inflection_map,
    is_inflection,
    mark_names,
    merge_inflections,
    name_tuples,
    names_blanker,
    ngram_counts,
    read_names,
    stem,
)
from analysis.core.reference import (
    SMOOTHING,
    english_per_million,
    per_million,
    reference_description,
    reference_keyness,
    simple_maths,
)
from analysis.core.tokens import LexicalError


# --- Kilgarriff's simple maths ------------------------------------------------------------------

def test_simple_maths_reproduces_sketch_engines_worked_example():
    """Sketch Engine's documentation of simple maths, not Kilgarriff's 2009 paper: of the paper only
    the opening could be read (the stored copies at studylib.net and paperexplained.cn; the `pages`
    and `docs` search corpora hold nothing more), and it gives no worked example with numbers, so
    this published example is reproduced instead: "shard", 35 hits in the BNC (112,289,776 tokens) and 263 in ukWaC
    (1,559,716,979): 0.3117 and 0.1686 per million, score 1.1224 with N = 1."""
    focus, ref = per_million(35, 112_289_776), per_million(263, 1_559_716_979)
    assert round(focus, 4) == 0.3117 and round(ref, 4) == 0.1686
    assert round(simple_maths(focus, ref, n=1), 4) == 1.1224


def test_simple_maths_smoothing_turns_the_focus_from_rare_to_common_words():
    rare, common = (10, 0), (1000, 200)  # per million, focus and reference
    assert simple_maths(*rare, n=1) > simple_maths(*common, n=1)  # 11 against 4.98
    assert simple_maths(*rare, n=100) < simple_maths(*common, n=100)  # 1.1 against 3.67
    np.testing.assert_allclose(simple_maths(np.array([10, 1000]), np.array([0, 200]), n=100), [1.1, 1100 / 300])
    assert SMOOTHING == (1, 100)


@pytest.mark.parametrize("n", [0, -1, float("nan"), float("inf"), True, "1", None])
def test_simple_maths_refuses_a_smoothing_constant_that_is_not_positive(n):
    with pytest.raises(LexicalError, match="smoothing constant"):
        simple_maths(1, 1, n=n)


def test_simple_maths_refuses_negative_or_infinite_frequencies():
    with pytest.raises(LexicalError, match="finite and not negative"):
        simple_maths(-1, 1)
    with pytest.raises(LexicalError, match="finite and not negative"):
        simple_maths(1, float("inf"))
    with pytest.raises(LexicalError, match="positive number of tokens"):
        per_million(1, 0)


def test_english_frequencies_are_wordfreqs_own():
    import wordfreq

    words = ["the", "bilateral", "dialogue", "win-win", "1956", "cambodia's", "zzqxv"]
    ours = english_per_million(words)
    # word_frequency rounds to three significant figures; get_frequency_dict holds the bins exactly
    theirs = [wordfreq.word_frequency(w, "en") * 1e6 for w in words]
    np.testing.assert_allclose(ours, theirs, rtol=1e-3)
    table = wordfreq.get_frequency_dict("en", wordlist="large")
    np.testing.assert_allclose(ours[:3], [table[w] * 1e6 for w in words[:3]], rtol=1e-12)
    assert ours[-1] == 0 and "2021" in reference_description()


def test_english_frequencies_match_word_frequency_on_a_sample():
    """The look-up path gives wordfreq's own frequency: for a word the list holds as one entry the
    unrounded bin of ``get_frequency_dict`` (``word_frequency`` rounds it to three significant
    figures), for every other word exactly ``word_frequency``'s (apostrophes, hyphens, digits,
    capitals)."""
    import wordfreq

    words = ["the", "of", "bilateral", "cambodia", "asean", "vaccine", "russia's", "don't", "win-win",
             "co-operation", "cambodia’s", "1956", "1980s", "2,5", "covid-19", "Cambodia", "ASEAN", "Phnom",
             "zzqx-vv", "Zzqxv", "zzqxv"]
    freqs = wordfreq.get_frequency_dict("en", wordlist="large")
    ours = english_per_million(words)
    theirs = [wordfreq.word_frequency(w, "en", wordlist="large") for w in words]
    listed = [w in freqs for w in words]
    assert sum(listed) >= 7 and len(words) - sum(listed) >= 10  # both paths are sampled
    for w, o, t, held in zip(words, ours, theirs, listed):
        if held:
            assert o == freqs[w] * 1e6 and o / 1e6 == pytest.approx(t, rel=5e-3), w
        else:
            assert o == t * 1e6, w
    assert ours[-1] == 0.0 and ours[words.index("Cambodia")] > 0


def test_english_frequencies_import_wordfreq_only_when_a_word_needs_it():
    import subprocess
    import sys

    code = ("import sys; from analysis.core.reference import english_per_million as f; "
            "a = f(['the', 'zzqxv']); print('wordfreq' in sys.modules); "
            "b = f(['win-win', 'covid-19', '1980s', 'russia-ukraine']); print('wordfreq' in sys.modules); "
            "c = f([\"90's\"]); print('wordfreq' in sys.modules, a[1] == 0 < a[0], (b[:3] > 0).all(), c[0] > 0)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    # hyphens, apostrophes between letters and digit runs are looked up without wordfreq's import;
    # an apostrophe beside a digit is a form only wordfreq's tokenizer decides
    assert out == ["False", "False", "True", "True", "True", "True"]


def test_english_frequencies_refuse_bad_input():
    with pytest.raises(LexicalError, match="wordlist"):
        english_per_million(["the"], wordlist="huge")
    with pytest.raises(LexicalError, match="list of str"):
        english_per_million("the")
    with pytest.raises(LexicalError, match="not a str"):
        english_per_million(["the-x", 3])


def test_reference_keyness_scores_and_sorts_every_word():
    t = reference_keyness({"the": 50, "bilateral": 3, "zzqxv": 1}, total=1000)
    assert list(t.columns) == ["count", "fpm", "ref_fpm", "sm_1", "sm_100"]
    assert list(t.index) == ["zzqxv", "bilateral", "the"] and t.loc["bilateral", "fpm"] == 3000
    assert t.loc["zzqxv", "sm_1"] == pytest.approx(1001.0) and t.loc["zzqxv", "ref_fpm"] == 0
    assert t["sm_1"].is_monotonic_decreasing and t.attrs["total"] == 1000
    assert list(reference_keyness({"the": 50, "x-y": 1}, min_count=2).index) == ["the"]
    assert reference_keyness({"a": 1}, smoothing=(10,)).columns[-1] == "sm_10"


@pytest.mark.parametrize("kwargs, match", [
    ({"counts": ["a"]}, "mapping"),
    ({"counts": {"a": 1}, "reference": "russian"}, "unknown reference"),
    ({"counts": {"a": 1}, "smoothing": ()}, "smoothing"),
    ({"counts": {"a": 1}, "smoothing": "1"}, "smoothing"),
    ({"counts": {"a": 1}, "min_count": 0}, "min_count"),
    ({"counts": {"a": 5}, "total": 3}, "smaller"),
    ({"counts": {"a": 0}}, "no tokens"),
    ({"counts": {"a": -1}}, "whole numbers"),
])
def test_reference_keyness_refuses_bad_input(kwargs, match):
    with pytest.raises(LexicalError, match=match):
        reference_keyness(**kwargs)
    with pytest.raises(LexicalError, match="unknown reference"):
        reference_description("russian")


# --- names, months, inflections, n-grams --------------------------------------------------------

def test_names_are_found_longest_first_and_dropped():
    toks = "the russia-asean dialogue partnership and dialogue".split()
    assert mark_names(toks, ["Dialogue Partnership", "Russia-ASEAN Dialogue Partnership"]) == [
        False, True, True, True, False, False]
    assert drop_names(toks, ["dialogue partnership"]) == ["the", "russia-asean", "and", "dialogue"]
    assert name_tuples(["Phnom Penh", "Phnom Penh"]) == (("phnom", "penh"),)
    assert drop_names([], ["Phnom Penh"]) == []


@pytest.mark.parametrize("bad", ["Phnom Penh", None, ["", "x y"], [["a", 1]]])
def test_names_refuse_what_is_not_a_list_of_names(bad):
    with pytest.raises(LexicalError):
        mark_names(["a"], bad)


def test_names_blanker_keeps_offsets_and_ignores_case(tmp_path):
    blank = names_blanker(["Commonwealth of Independent States", "Phnom Penh"])
    text = "the COMMONWEALTH of\nIndependent States and phnom penh's Phnom-Penhs"
    out = blank(text)
    assert len(out) == len(text) and "independent" not in out.lower() and "'s" in out and "Phnom-Penhs" in out
    f = tmp_path / "names.txt"
    f.write_text("# names\n\nPhnom Penh\n", encoding="utf-8")
    assert read_names(f) == ["Phnom Penh"]
    for one in ("Cambodia\n", "Cambodia .\n", "# x\nCambodia -- \n"):   # a lone word with punctuation is one word
        f.write_text(one, encoding="utf-8")
        with pytest.raises(LexicalError, match="is one word"):
            read_names(f)
    f.write_text("# nothing\n", encoding="utf-8")
    with pytest.raises(LexicalError, match="no name"):
        read_names(f)
    with pytest.raises(LexicalError, match="cannot read"):
        read_names(tmp_path / "absent.txt")
    with pytest.raises(LexicalError):
        names_blanker([])
    with pytest.raises(LexicalError):
        names_blanker("Phnom Penh")


def test_names_blanker_keeps_the_words_it_is_told_to_keep():
    blank = names_blanker(["Moscow State University", "Commission on Trade, Economic Cooperation",
                           "Russia-Cambodia Commission"], keep={"moscow", "russia"})
    text = "at MOSCOW State  University, the Commission on Trade, Economic Cooperation; Russia-Cambodia Commission"
    out = blank(text)
    assert len(out) == len(text)
    # the kept word stays as written; commas inside a name go; a hyphenated word is one word
    assert out.split() == ["at", "MOSCOW", ",", "the", ";"]
    assert names_blanker(["Phnom Penh"], keep=())("Phnom Penh") == " " * 10
    for bad in ("moscow", ["Moscow"], ["two words"], [3]):
        with pytest.raises(LexicalError, match="keep"):
            names_blanker(["Phnom Penh"], keep=bad)


def test_the_two_forms_of_the_name_matcher_differ_as_documented():
    # punctuation between a name's words: the token form matches, the text form does not
    assert names_blanker(["Phnom Penh"])("in Phnom, Penh") == "in Phnom, Penh"
    assert mark_names(["in", "phnom", "penh"], ["Phnom Penh"]) == [False, True, True]
    # apostrophes: tokens are normalised, text is matched as written in the list
    assert names_blanker(["Russia's Day"])("Russia’s Day") == "Russia’s Day"
    assert mark_names(["russia's", "day"], ["Russia’s Day"]) == [True, True]
    # no keep in the token form: an n-gram touching a kept word of a name is skipped
    assert ngram_counts([["at", "moscow", "state", "university"]], 2, names=["Moscow State University"]) == Counter()
    # the command line's n-grams are counted after blanking: they can join the words around a name
    toks = names_blanker(["Phnom Penh"])("visits Phnom Penh today").lower().split()
    assert ngram_counts([toks], 2) == Counter({"visits today": 1})


def test_the_book_and_the_command_line_share_one_matcher_and_it_agrees_with_the_token_form():
    import re

    from analysis.core.tokens import TOKEN_PATTERN, tokenize

    assert blank_names("the COMMONWEALTH of Independent States") == blank_names("the Commonwealth of Independent States").replace(
        "Commonwealth", "COMMONWEALTH")
    alternatives = (r"\s+".join(map(re.escape, n.split())) for n in names())
    pattern = re.compile("|".join(rf"(?<!\w){a}(?!\w)" for a in alternatives), re.IGNORECASE)
    checked = 0
    for voice in voices().values():
        for text in voice.texts:
            spans = [m.span() for m in pattern.finditer(text)]
            from_text = [any(s <= m.start() < e for s, e in spans) for m in TOKEN_PATTERN.finditer(text.lower())]
            assert from_text == mark_names(tokenize(text), names())
            checked += sum(from_text)
    assert checked > 100  # the names are there


def test_month_names_are_dropped_only_inside_dates():
    assert drop_date_months("13 may 2021 we may meet in november 2020 or in march".split()) == [
        "13", "2021", "we", "may", "meet", "in", "2020", "or", "in"]
    # months that are no common word are dates without a number; may and march need a date word
    assert drop_date_months("in late september and early october due in march".split()) == [
        "in", "late", "and", "early", "due", "in"]
    assert drop_date_months("they may march on".split()) == ["they", "may", "march", "on"]
    assert drop_date_months("may 17-19".split()) == ["may", "17-19"]  # a range is not a day number
    assert drop_date_months([]) == []
    with pytest.raises(LexicalError):
        drop_date_months("may 2021")


PORTER_1980_STEP_1 = {
    # Porter (1980), steps 1a–1c: the examples whose full-algorithm output is the step's
    "caresses": "caress", "ponies": "poni", "ties": "ti", "caress": "caress", "cats": "cat",
    "plastered": "plaster", "bled": "bled", "motoring": "motor", "sing": "sing", "hopping": "hop",
    "tanned": "tan", "falling": "fall", "hissing": "hiss", "fizzed": "fizz", "failing": "fail",
    "filing": "file", "happy": "happi", "sky": "sky",
}
SNOWBALL_ENGLISH_SAMPLE = {
    # from the sample vocabulary and output of the Snowball English stemmer's page
    "consign": "consign", "consigned": "consign", "consigning": "consign", "consignment": "consign",
    "consist": "consist", "consisted": "consist", "consistency": "consist", "consistent": "consist",
    "consistently": "consist", "consisting": "consist", "consists": "consist", "consolation": "consol",
    "consolations": "consol", "consolatory": "consolatori", "console": "consol", "consoled": "consol",
    "consoles": "consol", "consolidate": "consolid", "consolidated": "consolid", "consolidating": "consolid",
    "consoling": "consol", "consolingly": "consol", "consols": "consol", "consonant": "conson",
    "knack": "knack", "knackeries": "knackeri", "knacks": "knack", "knaves": "knave", "knavish": "knavish",
    "kneaded": "knead", "knives": "knive",
}


def test_the_porter_step_one_examples_of_1980():
    # context, not validation: this runs NLTK's PorterStemmer (the 1980 algorithm), not the
    # Snowball stemmer the book uses; the Snowball sample below is the book's stemmer's test
    from nltk.stem.porter import PorterStemmer

    porter = PorterStemmer(mode=PorterStemmer.ORIGINAL_ALGORITHM)
    assert {w: porter.stem(w) for w in PORTER_1980_STEP_1} == PORTER_1980_STEP_1


def test_the_snowball_english_sample_vocabulary():
    assert {w: stem(w) for w in SNOWBALL_ENGLISH_SAMPLE} == SNOWBALL_ENGLISH_SAMPLE
    with pytest.raises(LexicalError):
        stem(3)


@pytest.mark.parametrize("word, base, expected", [
    ("dialogues", "dialogue", True), ("welcoming", "welcome", True), ("countries", "country", True),
    ("studied", "study", True), ("studying", "study", True), ("planned", "plan", True),
    ("cambodia's", "cambodia", True), ("related", "relations", False), ("important", "import", False),
    ("international", "internal", False), ("studiing", "study", False),
])
def test_is_inflection(word, base, expected):
    assert is_inflection(word, base) is expected


def test_inflection_merge_keeps_derivations_apart_and_shows_the_commonest_form():
    counts = {"dialogue": 5, "dialogues": 2, "import": 1, "important": 4, "relations": 7, "related": 1,
              "develop": 1, "developed": 2, "development": 3, "developments": 1}
    m = inflection_map(counts)
    assert m["dialogues"] == "dialogue" and m["important"] == "important" and m["import"] == "import"
    assert m["related"] == "related" and m["develop"] == "developed" and m["developments"] == "development"
    assert inflection_groups(counts) == {"developed": ["develop", "developed"], "development": [
        "development", "developments"], "dialogue": ["dialogue", "dialogues"]}
    assert merge_inflections("dialogues dialogue x".split(), m) == ["dialogue", "dialogue", "x"]
    with pytest.raises(LexicalError):
        inflection_map(["a"])
    with pytest.raises(LexicalError):
        inflection_map({1: 1})
    with pytest.raises(LexicalError):
        is_inflection("a", None)


def test_ngrams_stay_inside_paragraphs_and_away_from_names():
    paras = [["the", "bilateral", "relations", "of"], ["the", "phnom", "penh", "office"]]
    grams = ngram_counts(paras, 2, names=["Phnom Penh"], exclude={"the", "of"})
    assert grams == Counter({"the bilateral": 1, "bilateral relations": 1, "relations of": 1})
    assert ngram_counts(paras, 3) == Counter({"the bilateral relations": 1, "bilateral relations of": 1,
                                              "the phnom penh": 1, "phnom penh office": 1})
    with pytest.raises(LexicalError, match="n must be 2 or 3"):
        ngram_counts(paras, 4)
    with pytest.raises(LexicalError):
        ngram_counts("text", 2)


# --- the length artefact and the detectable difference -------------------------------------------

def test_smallest_significant_count_is_the_first_count_that_passes():
    for n_a, n_b in ((730, 1770), (1000, 1000), (200, 5000)):
        for side in ("a", "b"):
            k = smallest_significant_count(n_a, n_b, side)
            p = [keyness_from_counts(*(({"w": c}, {}) if side == "a" else ({}, {"w": c})), total_a=n_a, total_b=n_b,
                                     correction="none").loc["w", "p"] for c in (k - 1, k) if c > 0]
            assert p[-1] < 0.05 and (len(p) == 1 or p[0] >= 0.05)
    assert smallest_significant_count(730, 1770, "a") < smallest_significant_count(730, 1770, "b")


@pytest.mark.parametrize("kwargs, match", [
    ({"total_a": 10, "total_b": 10, "side": "c"}, "side"), ({"total_a": 10, "total_b": 10, "alpha": 2}, "alpha"),
    ({"total_a": 0, "total_b": 10}, "at least one"), ({"total_a": "10", "total_b": 10}, "whole number"),
    ({"total_a": 2, "total_b": 2, "alpha": 1e-9}, "no count"),
])
def test_smallest_significant_count_refuses_bad_input(kwargs, match):
    with pytest.raises(LexicalError, match=match):
        smallest_significant_count(**kwargs)


def test_detectable_difference_is_the_power_formula():
    from scipy.stats import t

    a, b = [1, 2, 3, 4], [2, 3, 4, 5]
    se = math.sqrt(np.var(a, ddof=1) / 4 + np.var(b, ddof=1) / 4)
    assert detectable_difference(a, b) == pytest.approx((t.ppf(0.975, 6) + t.ppf(0.8, 6)) * se)
    assert detectable_difference(a, b, power=0.5) < detectable_difference(a, b)
    assert detectable_difference([1, 1], [2, 2]) == 0.0


@pytest.mark.parametrize("args, kwargs", [(([1], [1, 2]), {}), (([1, 2], [1, float("nan")]), {}),
                                          (([1, 2], [1, 2]), {"power": 1.0}), (([1, 2], [1, 2]), {"alpha": 0}),
                                          (([[1, 2]], [1, 2]), {})])
def test_detectable_difference_refuses_bad_input(args, kwargs):
    with pytest.raises(LexicalError):
        detectable_difference(*args, **kwargs)


# --- the book -------------------------------------------------------------------------------------

def test_every_name_is_quoted_verbatim_at_its_first_occurrence():
    table = load_names()
    located = validate_quotes(table, "names.csv", "name")
    assert len(located) == len(table) >= 40 and (table["name"] == table["quote"]).all()
    assert {"Commonwealth of Independent States", "Russia-ASEAN Dialogue Partnership"} <= set(names())
    assert len(names()[0]) >= len(names()[-1])


def test_names_leave_themes_and_keyness_but_not_concordances():
    assert EXCLUDE_NAMES is True
    blanked = blank_names("the Commonwealth of Independent States, Europe")
    assert "Independent" not in blanked and len(blanked) == len("the Commonwealth of Independent States, Europe")
    plain, without = voices(["answers"])["answers"], voices(["answers"], without_names=True)["answers"]
    assert plain.starts == without.starts and len(without.tokens) < len(plain.tokens)
    assert "independent" in plain.tokens and "independent" not in without.tokens
    with pytest.raises(LexicalError):
        voices(without_names="yes")
    with pytest.raises(LexicalError):
        blank_names(None)


def test_the_countings_reproduce_the_issue_s_dialogue():
    changes = top_changes(12)
    assert changes.loc["dialogue", "counts_tokens"] == "5 : 0" and changes.loc["dialogue", "rank_tokens"] <= 3
    assert changes.loc["dialogue", "counts_inflections"] == "3 : 2"
    assert changes.loc["dialogue", "rank_inflections"] > 12
    first = keyness_by_counting("tokens")
    assert {"may", "november"} <= set(first.index[first["p"] < 0.05])
    dates = keyness_by_counting("dates")
    assert "november" not in dates.index and "may" not in dates.index[dates["p"] < 0.05]
    assert list(COUNTINGS) == ["tokens", "names", "dates", "inflections"]
    assert "dialogue" in merged_groups()
    with pytest.raises(KeywordsError):
        counted_tokens("lemmas")
    with pytest.raises(KeywordsError):
        top_changes(0)
    with pytest.raises(KeywordsError):
        top_changes(3, first="inflections", last="tokens")


def test_the_length_artefact_as_the_issue_counts_it():
    first = length_artefact(keyness_by_counting("tokens"))
    assert (first["passes"], first["lean_a"], first["two_zero"]) == (32, 25, 18)
    assert first["min_count_a"] < first["min_count_b"]
    assert first["lean_a"] + first["lean_b"] == first["passes"]


def test_reference_tables_and_ngrams_of_the_book():
    tables = reference_tables()
    assert set(tables) == {"article", "answers", "questions"}
    assert all(t["count"].min() >= 2 for t in tables.values())
    assert "bilateral" in tables["article"].index and "pandemic" in tables["answers"].index
    bi, tri = ngram_keyness(2), ngram_keyness(3)
    assert bi.index[0] == "relations between" and not any("dialogue partnership" in g for g in bi.index)
    assert all(len(g.split()) == 3 for g in tri.index)


def test_diversity_detectable_is_larger_than_the_observed_differences():
    det = diversity_detectable()
    assert list(det.index) == ["mattr", "mtld", "hdd"]
    assert (det["detectable"] > det["difference"].abs()).all()


# --- the command line ------------------------------------------------------------------------------

@pytest.fixture
def two_corpora(tmp_path):
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("The bilateral dialogue of Phnom Penh. Bilateral dialogues in May 2021. " * 20, encoding="utf-8")
    b.write_text("We trade rice and we talk about trade in Phnom Penh. " * 20, encoding="utf-8")
    return a, b


def test_cli_reference_names_inflections_and_ngrams(two_corpora, tmp_path, capsys):
    a, b = two_corpora
    names_file = tmp_path / "names.txt"
    names_file.write_text("Phnom Penh\n", encoding="utf-8")
    assert main(["compare", str(a), str(b), "--reference", "english", "--names", str(names_file),
                 "--merge-inflections", "--ngrams", "2", "3", "--top", "3", "--progress", "never"]) == 0
    out = capsys.readouterr().out
    assert "against general English of wordfreq" in out and "N = 1 " in out and "N = 100 " in out
    assert "Top 2-grams" in out and "Top 3-grams" in out and "penh" not in out
    assert main(["compare", str(a), str(b), "--reference", "english", "--ngrams", "2", "-f", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert {"reference", "ngrams"} <= set(doc) and doc["params"]["reference"] == "english"
    assert main(["compare", str(a), str(b), "--reference", "english", "--ngrams", "2", "-f", "html"]) == 0
    assert "simple maths" in capsys.readouterr().out
    assert main(["compare", str(a), str(b), "--merge-inflections", "-f", "json"]) == 0
    words = {r["word"] for r in json.loads(capsys.readouterr().out)["keyness"]}
    assert "dialogue" in words and "dialogues" not in words


def test_cli_refuses_bad_new_options(two_corpora, tmp_path, capsys):
    a, b = two_corpora
    with pytest.raises(SystemExit) as exit_:
        main(["compare", str(a), str(b), "--reference", "french"])
    assert exit_.value.code == 2
    with pytest.raises(SystemExit):
        main(["compare", str(a), str(b), "--ngrams", "4"])
    assert main(["compare", str(a), str(b), "--names", str(tmp_path / "absent.txt")]) == 1
    assert "names file" in capsys.readouterr().err
    from analysis.core.cli import compare
    from analysis.core.corpus import CorpusError

    with pytest.raises(CorpusError, match="--dask"):
        compare(str(a), str(b), names=str(tmp_path / "x.txt"), dask="local")
    with pytest.raises(CorpusError, match="--reference"):
        compare(str(a), str(b), reference="french")
    with pytest.raises(CorpusError, match="--ngrams"):
        compare(str(a), str(b), ngrams=(5,))


def test_cli_help_documents_the_new_options(capsys):
    with pytest.raises(SystemExit):
        main(["compare", "--help"])
    text = capsys.readouterr().out
    for option in ("--reference", "--names FILE", "--merge-inflections", "--ngrams", "wordfreq", "2021",
                   "simple maths"):
        assert option in text


def test_readme_documents_the_new_options():
    from analysis.book.paths import repo_root

    readme = (repo_root() / "README.md").read_text(encoding="utf-8")
    for option in ("--reference english", "--names FILE", "--merge-inflections", "--ngrams"):
        assert option in readme


# --- the benchmark ---------------------------------------------------------------------------------

def test_the_reference_adds_at_most_a_fifth_to_a_cli_comparison():
    from analysis.book.paths import repo_root

    bench = pd.read_csv(repo_root() / "bench" / "results.csv")
    pair = bench[bench["corpus"] == "pair"].set_index("pipeline")
    assert pair.loc["cli", "tokens"] == 200_000 and pair.loc["cli_reference", "tokens"] == 200_000
    assert pair.loc["cli_reference", "cpu_s"] / pair.loc["cli", "cpu_s"] <= 1.2
    assert pair.loc["cli_reference", "seconds"] / pair.loc["cli", "seconds"] <= 1.2
    # the README reports the committed rows
    readme = (repo_root() / "README.md").read_text(encoding="utf-8")
    for col in ("seconds", "cpu_s"):
        a, b = pair.loc["cli", col], pair.loc["cli_reference", col]
        assert f"{round(100 * (b / a - 1))}%" in readme and f"({a:.2f} s to" in " ".join(readme.split())
        assert f"{b:.2f} s)" in " ".join(readme.split())


def test_every_new_error_is_an_analysis_error():
    assert issubclass(KeywordsError, AnalysisError) and issubclass(LexicalError, AnalysisError)


# --- referee fixes: exact minima, Welch, ties, kept name words, contractions -------------------

def test_fisher_exact_minima_are_larger_than_g2s():
    from analysis.core.keyness import exact_p, smallest_significant_count

    # 2 : 0 against texts of 673 and 1650 tokens: G² says p = 0.026, Fisher's exact 0.084
    assert exact_p(2, 0, 673, 1650) == pytest.approx(0.08384, abs=1e-4)
    assert exact_p(3, 0, 673, 1650) < 0.05
    assert smallest_significant_count(673, 1650, "a") == 2
    assert smallest_significant_count(673, 1650, "a", test="fisher") == 3
    assert smallest_significant_count(673, 1650, "b", test="fisher") > smallest_significant_count(673, 1650, "b")
    for bad in ((0, 0, 10, 10), (11, 0, 10, 10), (-1, 0, 10, 10), (1, 0, 0, 10)):
        with pytest.raises(LexicalError):
            exact_p(*bad)
    with pytest.raises(LexicalError, match="test must be"):
        smallest_significant_count(100, 100, "a", test="chi")


def test_welch_comparison_gives_p_interval_and_critical_difference():
    from scipy.stats import ttest_ind

    from analysis.core.diversity import welch_comparison

    a, b = [1.0, 2.0, 3.0, 4.0, 6.0], [2.0, 3.0, 4.0, 5.0, 9.0, 8.0]
    r = welch_comparison(a, b)
    assert r["p"] == pytest.approx(ttest_ind(a, b, equal_var=False).pvalue)
    assert r["low"] < r["difference"] < r["high"]
    assert r["critical"] > r["high"] - r["difference"]  # 95 % half-width exceeds the 90 % one
    with pytest.raises(LexicalError):
        welch_comparison([1.0], [1.0, 2.0])
    with pytest.raises(LexicalError):
        welch_comparison([1.0, 1.0], [2.0, 2.0])
    with pytest.raises(LexicalError):
        welch_comparison(a, b, confidence=90)


def test_tied_top_names_every_word_tied_at_a_rank():
    from analysis.book.keywords import KeywordsError, tied_top
    from analysis.core.keyness import keyness

    t = keyness("a a a b b b c d".split(), "d d d d e e e e f".split())
    assert tied_top(t, "a") == ["a", "b"]
    assert tied_top(t, "a", 2) == ["c"]
    assert tied_top(t, "b") == ["e"]
    for bad in ({"side": "x"}, {"start": -1}, {"start": 99}):
        with pytest.raises(KeywordsError):
            tied_top(t, **({"side": "a"} | bad))


def test_the_book_reports_ties_and_builds_on_the_corrected_counting():
    from analysis.book import findings as F
    from analysis.book.keywords import MAIN_COUNTING, keyness_by_counting, length_artefact

    key = F.article_answers_keyness()
    assert key is keyness_by_counting(MAIN_COUNTING) and MAIN_COUNTING == "inflections"
    ties = F.keyness_ties(key)
    assert ties["b1"] == ["i"] and ties["a1"] == ["relations"]
    assert ties["a2"] == ["asem", "welcome", "whole"]  # all 3 : 0; alphabetical order is no evidence
    assert key.loc["dialogue", ["count_a", "count_b"]].tolist() == [3, 2]
    assert "may" not in key.index or key.loc["may", "count_a"] == 0  # months in dates left out
    art = length_artefact()
    assert (art["min_count_a"], art["min_count_b"]) == (2, 6)
    assert (art["exact_min_count_a"], art["exact_min_count_b"]) == (3, 11)
    assert art["exact_passes"] < art["passes"]


def test_single_word_names_inside_names_stay_words():
    from analysis.book.keywords import keyness_by_counting
    from analysis.book.voices import blank_names

    assert blank_names("Moscow University").split() == ["Moscow"]
    assert blank_names("the Kingdom of Cambodia").split() == ["the", "Cambodia"]
    assert blank_names("Dialogue Partnership").split() == ["Dialogue", "Partnership"]  # not a name of the list
    assert blank_names("Russia-ASEAN Dialogue Partnership").split() == []
    names = keyness_by_counting("names")
    assert names.loc["moscow", ["count_a", "count_b"]].tolist() == [3, 1]
    with pytest.raises(LexicalError):
        blank_names(3)


def test_contractions_are_not_inflections():
    from analysis.core.lexemes import inflection_groups, is_inflection

    assert not is_inflection("it's", "it") and not is_inflection("its", "it")
    assert not is_inflection("that's", "that")
    assert is_inflection("meeting", "meet")  # the rule cannot tell the noun from the verb
    groups = inflection_groups({"it": 5, "it's": 2, "its": 3, "that": 4, "that's": 1, "country": 2, "countries": 1})
    assert groups == {"country": ["countries", "country"]}


def test_the_dispersion_chart_can_leave_dp_out():
    import matplotlib.pyplot as plt

    from analysis.book.voices import THEMES, voices
    from analysis.core.distribution import dispersion
    from analysis.display import lexical_figures as ld

    v = {"article": voices(["article"])["article"]}
    dp = {"article": dispersion(v["article"].paragraph_tokens, THEMES)}
    texts = lambda fig: [t.get_text() for ax in fig.axes for t in ax.texts]  # noqa: E731
    with_dp, without = ld.dispersion_chart(v, THEMES, dp=dp), ld.dispersion_chart(v, THEMES, dp=dp, show_dp=False)
    assert any("DP=" in t for t in texts(with_dp)) and not any("DP=" in t for t in texts(without))
    assert any(t.startswith("n=") for t in texts(without))
    plt.close("all")
    with pytest.raises(LexicalError):
        ld.dispersion_chart(v, THEMES, dp=dp, show_dp="no")


# --- second audit: the names matcher described as it is, the CLI's edges, the shared reference top

def test_the_book_blanks_a_name_written_in_lower_case_as_its_texts_describe():
    """The chapter, the README and data/datapackage.yaml say the book's matcher ignores capitals
    and keeps NAME_WORDS_KEPT; the behaviour must match the description."""
    import nbformat
    import yaml

    from analysis.book.paths import repo_root
    from analysis.book.voices import NAME_WORDS_KEPT

    assert blank_names("the commonwealth of independent states").split() == ["the"]
    assert blank_names("moscow university").split() == ["moscow"] and "moscow" in NAME_WORDS_KEPT
    root = repo_root()
    cell = next(c.source for c in nbformat.read(root / "notebooks" / "04_lexical.ipynb", 4).cells
                if c.source.startswith("(lex-names)="))
    flat = " ".join(cell.split())
    assert "without regard to capitals" in flat and "names_blanker" in flat and "NAME_WORDS_KEPT" in flat
    assert "capitals included" not in flat
    readme = " ".join((root / "README.md").read_text(encoding="utf-8").split())
    assert "as the texts spell them" not in readme and "names_blanker" in readme and "NAME_WORDS_KEPT" in readme
    package = yaml.safe_load((root / "data" / "datapackage.yaml").read_text(encoding="utf-8"))
    table = next(r for r in package["resources"] if r["name"] == "names")
    field = next(f for f in table["schema"]["fields"] if f["name"] == "name")
    assert "without regard to capitals" in field["description"] and "NAME_WORDS_KEPT" in field["description"]


def test_read_names_drops_a_byte_order_mark_and_refuses_a_line_without_a_word(tmp_path):
    f = tmp_path / "names.txt"
    f.write_bytes("\ufeffCommonwealth of Independent States\nPhnom Penh\n".encode("utf-8"))
    assert read_names(f) == ["Commonwealth of Independent States", "Phnom Penh"]
    blank = names_blanker(read_names(f))
    assert blank("the Commonwealth of Independent States").split() == ["the"]
    f.write_text("Phnom Penh\n... ...\n", encoding="utf-8")
    with pytest.raises(LexicalError, match=r"line 2: '\.\.\. \.\.\.' has no word token"):
        read_names(f)


def test_cli_with_a_bom_names_file_blanks_the_first_name(tmp_path, capsys):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("the Commonwealth of Independent States met. " * 5, encoding="utf-8")
    b.write_text("independent states and people. " * 5, encoding="utf-8")
    names_file = tmp_path / "names.txt"
    names_file.write_bytes(b"\xef\xbb\xbfCommonwealth of Independent States\n")
    assert main(["compare", str(a), str(b), "--names", str(names_file), "-f", "json"]) == 0
    rows = {r["word"]: r for r in json.loads(capsys.readouterr().out)["keyness"]}
    assert rows["independent"]["count_a"] == 0 and "commonwealth" not in rows
    names_file.write_text("... ...\n", encoding="utf-8")
    assert main(["compare", str(a), str(b), "--names", str(names_file)]) == 1
    err = capsys.readouterr().err
    assert "line 1" in err and "no word token" in err and len(err.strip().splitlines()) == 1


def test_cli_ngrams_count_function_word_sequences_and_words_as_written(tmp_path):
    from analysis.core.cli import compare

    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("the state of the dialogues. " * 4, encoding="utf-8")
    b.write_text("a dialogue of trade. " * 4, encoding="utf-8")
    result = compare(str(a), str(b), ngrams=(2,), merge_inflections=True)
    grams = result["ngrams"][2]
    assert "of the" in grams.index  # as compare()'s docstring says: no function-word list here
    assert "the dialogues" in grams.index  # not merged in the n-grams
    assert "dialogues" not in result["keyness"].index  # merged in the keyness table


def test_cli_refuses_reference_or_ngrams_with_csv(two_corpora, tmp_path, capsys):
    from analysis.core.cli import ReportFormatError, check_format

    a, b = two_corpora
    out = tmp_path / "out.csv"
    for extra in (["--reference", "english"], ["--ngrams", "2"]):
        assert main(["compare", str(a), str(b), "-f", "csv", "-o", str(out), *extra]) == 2
        err = capsys.readouterr().err
        assert extra[0] in err and "-f csv" in err and len(err.strip().splitlines()) == 1
        assert not out.exists()
    assert main(["compare", str(a), str(b), "-f", "csv", "--top", "2"]) == 0
    assert check_format("csv") is None and check_format("html", "english", (2,)) is None
    with pytest.raises(ReportFormatError, match="--reference and --ngrams"):
        check_format("csv", "english", (2, 3))
    with pytest.raises(ReportFormatError, match="unknown report format 'xml'"):
        check_format("xml")
    assert issubclass(ReportFormatError, AnalysisError)


def test_cli_help_says_what_merge_inflections_and_ngrams_leave_out(capsys):
    with pytest.raises(SystemExit):
        main(["compare", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "nor in the n-grams" in text and "'of the' included" in text and "refused with -f csv" in text
    assert "not in the reference lists" in text
    from analysis.book.paths import repo_root

    readme = " ".join((repo_root() / "README.md").read_text(encoding="utf-8").split())
    assert "It does not apply to the reference lists" in readme and "is refused (exit status 2)" in readme
    assert "a blanked name leaves no gap" in readme


def test_shared_reference_top_is_the_intersection_of_every_top_list():
    from analysis.book.keywords import (REFERENCE_TOP, reference_top, shared_reference_text,
                                        shared_reference_top)
    from analysis.book.voices import stopwords

    tables = reference_tables()
    shared = shared_reference_top()
    for voice in ("article", "answers"):
        for col in ("sm_1", "sm_100"):
            top = reference_top(tables[voice], col, REFERENCE_TOP, stopwords())
            assert set(shared) <= set(top) and len(top) == REFERENCE_TOP
    # every word in all four lists is there, and nothing else
    lists = [set(reference_top(tables[v], c, REFERENCE_TOP, stopwords()))
             for v in ("article", "answers") for c in ("sm_1", "sm_100")]
    assert set(shared) == set.intersection(*lists)
    assert shared == ["cambodia", "bilateral", "pandemic"]
    assert shared_reference_text() == "*cambodia*, *bilateral* and *pandemic*"
    # the opening page cannot paste a Markdown value from another page: its key finding 6 writes
    # the words out, and they must be these
    from analysis.book.paths import repo_root

    intro = " ".join((repo_root() / "intro.md").read_text(encoding="utf-8").split())
    assert f"under both smoothings are {shared_reference_text()}, words of the subject matter" in intro
    with pytest.raises(KeywordsError, match="voice_names"):
        shared_reference_top(voice_names=("speeches",))
    with pytest.raises(KeywordsError, match="k must be"):
        shared_reference_top(0)
    with pytest.raises(KeywordsError, match="column 'sm_5'"):
        reference_top(tables["article"], "sm_5")


def test_the_methods_appendix_sets_command_line_options_in_code():
    from analysis.book.environment import _options_as_code, bench_report

    assert _options_as_code("the command line with --reference english") == "the command line with `--reference` english"
    from analysis.book.environment import load_bench_results

    text = bench_report(load_bench_results())
    assert "`--reference` english" in text and " --reference" not in text.replace("`--reference`", "")


def test_the_readme_reports_the_marked_pair_and_says_the_letters_only_pair_skips_wordfreq():
    """bench/results.csv's pair_marked rows (3% of tokens with an apostrophe, hyphen or digit) are
    the README's numbers; the README says the letters-only pair never imports wordfreq."""
    from analysis.book.paths import repo_root

    bench = pd.read_csv(repo_root() / "bench" / "results.csv")
    marked = bench[bench["corpus"] == "pair_marked"].set_index("pipeline")
    assert marked.loc["cli", "tokens"] == 200_000 and marked.loc["cli_reference", "tokens"] == 200_000
    readme = " ".join((repo_root() / "README.md").read_text(encoding="utf-8").split())
    assert "letters-only pseudo-words" in readme and "neither corpus pays for the import" in readme
    for col in ("seconds", "cpu_s"):
        a, b = marked.loc["cli", col], marked.loc["cli_reference", col]
        assert f"{round(100 * (b / a - 1))}% to the" in readme and f"({a:.2f} s to {b:.2f} s)" in readme
        assert b / a <= 1.2, f"the reference adds {b / a - 1:.0%} of {col} on pair_marked"
    # the forms the benchmark marks (bench/run.py: "x's", "x-y", "x7") are looked up without wordfreq
    import subprocess
    import sys

    code = ("import sys; from analysis.core.reference import english_per_million as f; "
            "f([\"quorbel's\", 'quorbel-tamish', 'quorbel7']); print('wordfreq' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False"]


def test_cli_reference_scores_word_forms_even_when_inflections_are_merged(tmp_path):
    """A merged group's count set against one form's general-English frequency is no ratio: with
    --merge-inflections the keyness table merges, the reference lists score each form as written."""
    from analysis.core.cli import compare
    from analysis.core.reference import english_per_million

    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("dialogue dialogues dialogues dialogues partner talks. " * 3, encoding="utf-8")
    b.write_text("trade grows and trade partners meet. " * 3, encoding="utf-8")
    merged = compare(str(a), str(b), reference="english", merge_inflections=True)
    plain = compare(str(a), str(b), reference="english")
    assert merged["keyness"].loc["dialogues", "count_a"] == 12    # 3 + 9, merged
    ref = merged["reference"]["a"]
    assert int(ref.loc["dialogues", "count"]) == 9 and int(ref.loc["dialogue", "count"]) == 3
    assert ref.loc["dialogues", "ref_fpm"] == english_per_million(["dialogues"])[0]
    pd.testing.assert_frame_equal(ref, plain["reference"]["a"])


def test_the_modal_may_stays_after_words_that_also_lead_dates():
    from analysis.core.lexemes import AMBIGUOUS_LEADS, drop_date_months

    for lead in ("this", "by", "of", "from", "next", "last", "it", "we"):
        assert drop_date_months([lead, "may", "be"]) == [lead, "may", "be"], lead
    for lead in sorted(AMBIGUOUS_LEADS):
        assert drop_date_months([lead, "may"]) == [lead], lead
    assert drop_date_months(["13", "may", "1956"]) == ["13", "1956"]
    assert drop_date_months(["this", "september"]) == ["this"]   # a month that is no common word
