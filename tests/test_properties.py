"""Properties (Hypothesis) of the tokenizer, the number and money parsers and keyness_from_counts:
invariants that hold for any input, each failing case shrunk to the smallest."""

import io
import math
import unicodedata
import warnings
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.core.corpus import count_tokens, read_chunks
from analysis.core.keyness import MAX_COUNT, keyness_from_counts
from analysis.core.quantities import QuantityError, parse_money, parse_number
from analysis.core.tokens import LexicalError, UnsegmentedScriptWarning, normal_form, tokenize, tokenize_with_offsets

# deterministic (the same examples on every run, as CI needs) and no example database in the tree
settings.register_profile("book", database=None, deadline=None, derandomize=True, max_examples=100,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("book")

KHMER = "ប្រទេសកម្ពុជា និង សហព័ន្ធរុស្ស៊ី"
# text from the scripts the book meets and the ones that break naive tokenizers: Latin with
# accents (composed and not), Cyrillic with stress marks, Khmer, Thai, Devanagari, Han, kana,
# digits of other scripts, the joiners the rule knows, and any other character
_PIECES = st.sampled_from(["résumé", "re\u0301sume\u0301", "приве́т", "Россия", "កម្ពុជា", KHMER, "ประเทศไทย",
                           "हिन्दी", "柬埔寨", "カンボジア", "ひらがな", "٢٠١٩", "8,000", "229.2", "that’s",
                           "people-to-people", "COVID-19", " ", "\n", ".", ",", "-", "'", "’", "\u200d", "\u0301"])
TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=12).map("".join)


def _quiet(fn, *args, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnsegmentedScriptWarning)
        return fn(*args, **kw)


@given(TEXT)
def test_tokens_are_nfc_non_empty_and_the_same_for_nfc_and_nfd_text(text):
    tokens = _quiet(tokenize, text)
    assert all(tokens) and all(unicodedata.is_normalized("NFC", t) for t in tokens)
    for form in ("NFC", "NFD"):
        assert _quiet(tokenize, unicodedata.normalize(form, text)) == tokens, form


@given(TEXT)
def test_offsets_slice_back_to_the_token(text):
    toks = _quiet(tokenize_with_offsets, text)
    for tok in toks:
        assert 0 <= tok.start < tok.end <= len(text)
        assert normal_form(text[tok.start:tok.end]) == tok.text
    assert all(a.end <= b.start for a, b in zip(toks, toks[1:]))  # in order, never overlapping


@given(st.lists(st.sampled_from(["កម្ពុជា", "ភ្នំពេញ", "រុស្ស៊ី", "មិត្តភាព"]), min_size=1, max_size=6))
def test_khmer_words_between_spaces_are_kept_whole_and_warned_about(words):
    with pytest.warns(UnsegmentedScriptWarning, match="Khmer"):
        assert tokenize(" ".join(words)) == words


@given(st.integers(min_value=0, max_value=10**15))
def test_parse_number_reads_back_every_way_of_writing_an_integer(n):
    assert parse_number(str(n)) == n
    assert parse_number(f"{n:,}") == n
    assert parse_number(f"{n:,}".replace(",", "\u202f")) == n


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_parse_number_reads_decimals_as_written(d):
    assert parse_number(f"{d:,}") == pytest.approx(float(d), rel=1e-15)


@given(st.text(max_size=12))
def test_parse_number_returns_a_finite_number_or_refuses(s):
    try:
        value = parse_number(s)
    except QuantityError:
        return
    assert math.isfinite(value) and value >= 0


@given(st.text(alphabet="0123456789", min_size=1, max_size=3),
       st.characters(categories=["Nd"]).filter(lambda c: c not in "0123456789"))
def test_digits_of_other_scripts_are_refused(ascii_part, other):
    with pytest.raises(QuantityError, match="ASCII"):
        parse_number(ascii_part + other)
    with pytest.raises(QuantityError, match="ASCII"):
        parse_number(other + ascii_part)


@given(st.floats(min_value=0.1, max_value=9999, allow_nan=False).map(lambda x: round(x, 1)),
       st.sampled_from([("million", 1e6), ("billion", 1e9), ("thousand", 1e3)]),
       st.sampled_from(["USD$", "US$", "$"]), st.sampled_from(["", "about ", "more than "]))
def test_parse_money_value_is_number_times_scale(number, scale, currency, hedge):
    word, factor = scale
    q = parse_money(f"{hedge}{currency}{number:g} {word}")
    assert q.number == pytest.approx(number) and q.value == pytest.approx(number * factor)
    assert q.qualifier == hedge.strip() and q.unit == "USD"


WORDS = st.sampled_from(["trade", "friendship", "kingdom", "россия", "កម្ពុជា", "rice", "aid"])
COUNTS = st.dictionaries(WORDS, st.integers(min_value=0, max_value=10**12), max_size=7)


@settings(max_examples=40)
@given(COUNTS, COUNTS)
def test_keyness_columns_are_finite_ll_non_negative_and_sides_swap(counts_a, counts_b):
    if not sum(counts_a.values()) or not sum(counts_b.values()):
        with pytest.raises(LexicalError, match="no tokens"):
            keyness_from_counts(counts_a, counts_b)
        return
    t = keyness_from_counts(counts_a, counts_b)
    numeric = t.drop(columns=["key_for", "low_expected", "pct_diff"])
    assert numeric.map(math.isfinite).all().all()
    assert (t["ll"] >= 0).all() and t["p"].between(0, 1).all()
    # %DIFF is infinite exactly where the word is absent from b, finite elsewhere
    assert (t["pct_diff"] == math.inf).equals(t["count_b"] == 0)
    swapped = keyness_from_counts(counts_b, counts_a).loc[t.index]
    assert (swapped["log_ratio"] == -t["log_ratio"]).all()
    assert swapped["ll"].to_numpy() == pytest.approx(t["ll"].to_numpy(), rel=1e-9, abs=1e-9)
    assert (swapped["count_a"] == t["count_b"]).all()


@given(st.one_of(st.integers(min_value=MAX_COUNT + 1), st.integers(max_value=-1), st.floats(),
                 st.text(max_size=3), st.booleans(), st.none()))
@settings(max_examples=40)
def test_keyness_refuses_every_count_that_is_not_a_whole_number_in_range(bad):
    with pytest.raises(LexicalError, match=r"counts_a\['w'\]"):
        keyness_from_counts({"w": bad, "v": 1}, {"w": 1})


@given(TEXT, st.booleans())
def test_tokenize_is_the_text_of_tokenize_with_offsets(text, numbers):
    assert _quiet(tokenize, text, numbers=numbers) == [t.text for t in _quiet(tokenize_with_offsets, text, numbers)]


ENCODABLE = st.lists(st.one_of(_PIECES, st.text(st.characters(exclude_categories=["Cs"]), max_size=6)),
                     max_size=30).map("".join)


@given(ENCODABLE, st.integers(1, 16))
def test_streamed_counts_equal_tokenize_whatever_the_chunk(text, chunk_bytes):
    chunks = read_chunks(io.BytesIO(text.encode("utf-8")), chunk_bytes=chunk_bytes)
    assert _quiet(count_tokens, chunks) == Counter(_quiet(tokenize, text))
