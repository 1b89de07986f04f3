"""analysis.book.conventions: the register of conventions reads its settings from the code."""

import re

import pytest
from conftest import ROOT

from analysis.book.conventions import (
    AREAS,
    CONVENTIONS,
    ConventionError,
    conventions_table,
    default_of,
    resolve,
)

BIB_KEYS = set(re.findall(r"^@\w+\{([^,]+),", (ROOT / "references.bib").read_text(encoding="utf-8"), re.M))


def test_register_covers_every_convention_the_book_names():
    names = {c.name for c in CONVENTIONS}
    for needed in ("Log-likelihood, four-term", "Log-likelihood, two-term", "Log Ratio", "%DIFF",
                   "Log-odds with informative Dirichlet prior", "Multiple testing", "Minimum expected count",
                   "MATTR", "MTLD threshold test", "HD-D", "Maas's a²", "Yule's K", "Gries's DP",
                   "Sentence splitting", "Tokenizer", "Relative expressions", "Rounding", "Quote matching",
                   # the lexical revision (issue 17)
                   "Length artefact", "Reference corpus", "Simple maths", "Reference minimum count",
                   "Multi-word names", "Months in dates", "Inflection merge", "Main counting",
                   "Exact test of the length artefact", "Key n-grams", "Smallest detectable difference",
                   "Welch comparison of segment means", "Comparison at equal length"):
        assert needed in names, needed


def test_the_welch_row_cites_welch_and_schuirmann():
    row = next(c for c in CONVENTIONS if c.name == "Welch comparison of segment means")
    assert row.references == ("welch1947", "app_schuirmann1987")
    assert {"welch1947", "app_schuirmann1987"} <= BIB_KEYS


@pytest.mark.parametrize("convention", CONVENTIONS, ids=lambda c: c.name)
def test_each_convention_points_at_real_code_and_real_references(convention):
    assert resolve(convention.where) is not None
    assert set(convention.references) <= BIB_KEYS, set(convention.references) - BIB_KEYS
    assert convention.setting().strip()


def test_settings_are_read_from_the_code():
    table = conventions_table().set_index("convention")
    assert table.loc["MTLD threshold test", "setting"].startswith("threshold 0.72;")
    assert "'<='" in table.loc["MTLD threshold test", "setting"]
    assert table.loc["Log Ratio", "setting"].endswith("a zero count is taken as 0.5")
    assert table.loc["Minimum expected count", "setting"].endswith("below 5")
    assert "early 1980s → 1980–1983" in table.loc["Early, mid, late", "setting"]
    assert "'last year' from 2021-05-13 → 2020" in table.loc["Relative expressions", "setting"]
    assert "'end of last year', is 2009" in table.loc["Relative expressions", "setting"]
    assert "± 0.05" in table.loc["Rounding", "setting"]
    assert list(conventions_table("keyness")["area"].unique()) == ["keyness"]
    assert AREAS[0] == "text"


def test_default_of_reads_signatures_and_refuses_what_is_not_there():
    assert default_of("analysis.core.diversity.hdd", "draws") == 42
    with pytest.raises(ConventionError, match="has no parameter 'speed'"):
        default_of("analysis.core.diversity.hdd", "speed")
    with pytest.raises(ConventionError, match="has no parameter 'tokens' with a default"):
        default_of("analysis.core.diversity.hdd", "tokens")


def test_bad_paths_and_areas_are_refused():
    assert resolve("analysis.core.dates.YEAR_RANGE") == (1900, 2100)
    with pytest.raises(ConventionError, match="not a dotted path"):
        resolve("mtld")
    with pytest.raises(ConventionError, match="no module 'analysis.nowhere'"):
        resolve("analysis.nowhere.mtld")
    with pytest.raises(ConventionError, match="has no 'mtdl'"):
        resolve("analysis.core.keyness.mtdl")
    with pytest.raises(ConventionError, match="unknown area 'style'"):
        conventions_table("style")


def test_reference_labels_author_year_and_unknown_key():
    from analysis.book.conventions import ConventionError, reference_labels

    assert reference_labels("dunning1993") == "Dunning 1993"
    assert reference_labels("gries2008, lex_lijffijt2012") == "Gries 2008; Lijffijt & Gries 2012"
    assert reference_labels("") == ""
    with pytest.raises(ConventionError, match="no_such_key"):
        reference_labels(["no_such_key"])
