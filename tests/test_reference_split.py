"""analysis.core.reference: the frequencies of hyphenated, apostrophised and numeric tokens, computed
without importing wordfreq, equal wordfreq's own ``word_frequency`` exactly."""

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.book.sources import load_sources
from analysis.core.reference import _joined_frequency, english_per_million
from analysis.core.tokens import tokenize

wordfreq = pytest.importorskip("wordfreq")


def _theirs(word):
    return wordfreq.word_frequency(word, "en", wordlist="large")


def test_every_joined_token_of_the_two_texts_gets_wordfreqs_frequency():
    tokens = {t for src in load_sources().values() for t in tokenize(src.text)}
    joined = sorted(t for t in tokens if any(c in t for c in "-‐‑'") or any(c.isdigit() for c in t))
    assert len(joined) >= 40, joined   # hyphens, possessives, years, figures: the path is exercised
    handled = [t for t in joined if _joined_frequency(t, "large") is not None]
    assert len(handled) >= 0.9 * len(joined), sorted(set(joined) - set(handled))
    freqs = wordfreq.get_frequency_dict("en", wordlist="large")
    for t in handled:
        if t not in freqs:  # a listed word is looked up unrounded before this path (see the next test)
            assert _joined_frequency(t, "large") == _theirs(t), t
            assert english_per_million([t])[0] == _theirs(t) * 1e6, t


@pytest.mark.parametrize("word", ["win-win", "co-operation", "covid-19", "1980s", "19th", "5,000", "2,5",
                                  "2020-2021", "b2b-market", "russia's-own", "zzqx-vv", "vv-zzqx", "a-1",
                                  "1,000,000", "0.5-1"])
def test_joined_forms_equal_word_frequency(word):
    assert _joined_frequency(word, "large") == _theirs(word)


@pytest.mark.parametrize("word", ["90's", "Win-win", "café-bar", "x'", "'x", "a--b", "", "1.5.", "a b",
                                  "l'amour", "d'etat", "qu'il", "a'a", "x'hy", "x'y"])
def test_forms_outside_the_rule_are_left_to_wordfreq(word):
    assert _joined_frequency(word, "large") is None


_letters = st.text(alphabet=string.ascii_lowercase, min_size=1, max_size=6)
_part = st.one_of(
    _letters,
    st.builds(lambda a, b: f"{a}'{b}", _letters, _letters),
    st.builds(lambda a, b: f"{a}'{b}", st.sampled_from(["a", "d", "l", "qu", "o", "xyz", "russia"]), _letters),
    st.text(alphabet=string.ascii_lowercase + string.digits, min_size=1, max_size=6),
    st.builds(lambda a, b: f"{a},{b}", st.integers(0, 999), st.integers(0, 999)),
    st.sampled_from(["the", "of", "war", "post", "soviet", "union", "19", "1956", "2020s", "s", "it's"]),
)


@settings(max_examples=600, deadline=None)
@given(st.lists(_part, min_size=1, max_size=4), st.sampled_from(["-", "‐", "‑"]))
def test_the_rule_agrees_with_wordfreq_on_generated_forms(parts, hyphen):
    word = hyphen.join(parts)
    ours = _joined_frequency(word, "large")
    if ours is not None:
        assert ours == _theirs(word), word
