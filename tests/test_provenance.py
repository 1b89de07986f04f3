"""analysis.book.provenance: locating quotes and validating curated tables."""

import pandas as pd
import pytest

from analysis.book.provenance import (
    SEPARATOR,
    locate_quote,
    split_cell,
    validate_quotes,
)
from analysis.book.sources import load_source
from analysis.core.errors import ProvenanceError, SourceError


def test_locate_quote_gives_paragraph_and_offsets_in_cleaned_text():
    m = locate_quote("article", "23 April and 13 May 1956")
    assert (m.source, m.paragraph, m.exact) == ("article", "A3", True)
    assert load_source("article").text[m.start:m.end] == "23 April and 13 May 1956"


def test_locate_quote_within_a_named_paragraph():
    m = locate_quote("interview", "USD$229.2 million", paragraph="I20")
    assert m.paragraph == "I20"
    with pytest.raises(ProvenanceError, match=r"paragraph I19 \(it stands in I20\)"):
        locate_quote("interview", "USD$229.2 million", paragraph="I19")


def test_whitespace_tolerance_is_the_only_tolerance():
    # the source has a non-breaking space after the label
    m = locate_quote("interview", "Borovik: That’s true")
    assert not m.exact and m.text == "Borovik:\xa0That’s true" and m.paragraph == "I5"
    with pytest.raises(ProvenanceError, match="quote not found"):
        locate_quote("interview", "Borovik: That’s true", whitespace_tolerant=False)
    with pytest.raises(ProvenanceError, match="quote not found"):
        locate_quote("interview", "That's true")  # straight apostrophe is a different character


def test_bad_quotes_and_ids(data_unchanged):
    with pytest.raises(ProvenanceError, match="empty quote"):
        locate_quote("article", "   ")
    with pytest.raises(ProvenanceError, match="quote not found in 'article', any paragraph: 'Vladivostok'"):
        locate_quote("article", "Vladivostok")
    with pytest.raises(SourceError, match="unknown source id"):
        locate_quote("speech", "Russia")
    with pytest.raises(SourceError, match="no paragraph 'I99'"):
        locate_quote("interview", "Russia", paragraph="I99")


def test_split_cell():
    assert split_cell("article | interview") == ["article", "interview"]
    assert split_cell("A3") == ["A3"]
    assert split_cell(None) == [] and split_cell(float("nan")) == [] and split_cell("") == []
    assert SEPARATOR.strip() == "|"


def test_validate_quotes_locates_every_row_including_multi_source_rows():
    table = pd.DataFrame([
        {"label": "notes exchanged", "source": "article", "paragraph": "A3", "quote": "13 May 1956"},
        {"label": "8,000 students", "source": "article | interview", "paragraph": "A10 | I44",
         "quote": "more than 8 thousand Cambodians | about 8,000 Cambodians"},
    ])
    found = validate_quotes(table, "demo", label_column="label")
    assert list(found["paragraph"]) == ["A3", "A10", "I44"]
    assert list(found["row"]) == [0, 1, 1]
    assert found["exact"].all()


def test_validate_quotes_names_the_failing_row(data_unchanged):
    table = pd.DataFrame([
        {"label": "ok", "source": "article", "paragraph": "A3", "quote": "13 May 1956"},
        {"label": "misquoted", "source": "article", "paragraph": "A3", "quote": "14 May 1956"},
    ])
    with pytest.raises(ProvenanceError, match=r"demo row 2 \('misquoted'\): quote not found in 'article', paragraph A3"):
        validate_quotes(table, "demo", label_column="label")


def test_validate_quotes_rejects_malformed_tables():
    with pytest.raises(ProvenanceError, match=r"missing column\(s\) \['quote'\]"):
        validate_quotes(pd.DataFrame([{"source": "article", "paragraph": "A3"}]), "t")
    uneven = pd.DataFrame([{"source": "article | interview", "paragraph": "A3", "quote": "1956"}])
    with pytest.raises(ProvenanceError, match="got 2, 1 and 1"):
        validate_quotes(uneven, "t")
    with pytest.raises(ProvenanceError, match=r"t row 1: .*unknown source id 'speech'"):
        validate_quotes([{"source": "speech", "paragraph": "S1", "quote": "x"}], "t")
