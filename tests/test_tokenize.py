"""analysis.core.tokens.tokenize: the book's one tokenizer and its documented rules."""

import pytest

from analysis.core.tokens import LexicalError, tokenize, tokenize_with_offsets


@pytest.mark.parametrize("text, tokens", [
    ("That’s true, I studied", ["that's", "true", "i", "studied"]),
    ("people-to-people contacts", ["people-to-people", "contacts"]),
    ("the COVID-19 pandemic", ["the", "covid-19", "pandemic"]),
    ("Since early 1980-s,", ["since", "early", "1980-s"]),
    ("USD$229.2 million and 8,000 Cambodians", ["usd", "229.2", "million", "and", "8,000", "cambodians"]),
    ("professionals’ training", ["professionals", "training"]),
    ("about 92% efficacy.", ["about", "92", "efficacy"]),
    ("Статья Посла России", ["статья", "посла", "россии"]),
    ("", []),
    ("  \n\t ", []),
    ("-- ' --", []),
])
def test_tokenize_rules(text, tokens):
    assert tokenize(text) == tokens


def test_numbers_can_be_dropped():
    assert tokenize("In 1956, 13 May, the 20th summit", numbers=False) == ["in", "may", "the", "20th", "summit"]


def test_offsets_point_back_into_the_text():
    text = "Borovik:\xa0That’s true — Khmer-Soviet Friendship"
    toks = tokenize_with_offsets(text)
    assert [t.text for t in toks] == ["borovik", "that's", "true", "khmer-soviet", "friendship"]
    for t in toks:
        assert text[t.start:t.end].lower().replace("’", "'") == t.text


def test_non_string_input_is_refused():
    with pytest.raises(LexicalError, match="needs a str, got list"):
        tokenize(["a", "b"])
    with pytest.raises(TypeError, match="needs a str, got NoneType"):
        tokenize_with_offsets(None)


@pytest.mark.filterwarnings("ignore::analysis.core.tokens.UnsegmentedScriptWarning")
@pytest.mark.parametrize("text, tokens", [
    ("កម្ពុជា", ["កម្ពុជា"]),  # Cambodia: the coeng (្) and vowel signs stay inside the word
    ("រាជធានីភ្នំពេញ", ["រាជធានីភ្នំពេញ"]),
    ("Khmer-Russian: ខ្មែរ-រុស្ស៊ី", ["khmer-russian", "ខ្មែរ-រុស្ស៊ី"]),
    ("e\u0301te\u0301", ["été"]),  # NFD in, NFC out
    ("\u0301alone", ["alone"]),  # a mark with no letter before it is dropped
    ("क्‍ष", ["क्‍ष"]),  # the zero-width joiner inside a Devanagari conjunct
    ("2019年", ["2019", "年"]),
])
def test_combining_marks_and_nfc(text, tokens):
    assert tokenize(text) == tokens
