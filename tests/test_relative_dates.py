"""Tests of the one rule for relative dates: analysis.core.dates.resolve_relative (core: an
expression against an anchor) and analysis.book.history.relative_mention (the book's rule: a
figure's as-of year for an expression tied to a figure, else the text's reference date)."""

from datetime import date

import pytest

from analysis.book.conventions import conventions_table
from analysis.book.history import date_mentions, load_non_events, relative_mention
from analysis.book.provenance import locate_quote
from analysis.book.sources import load_source
from analysis.core.dates import DateError, resolve_relative
from analysis.core.errors import AnalysisError

# ------------------------------------------------------------------ core


@pytest.mark.parametrize("expression, anchor, start, end", [
    ("a decade ago", 2019, date(2009, 1, 1), date(2009, 12, 31)),
    ("a decade ago", "2020-12-29", date(2010, 1, 1), date(2010, 12, 31)),
    ("last year", "2020-12-29", date(2019, 1, 1), date(2019, 12, 31)),
    ("last year", date(2021, 5, 13), date(2020, 1, 1), date(2020, 12, 31)),
    ("next year", 2020, date(2021, 1, 1), date(2021, 12, 31)),
    ("two decades ago", 2019, date(1999, 1, 1), date(1999, 12, 31)),
    ("65th anniversary", "2021-05-13", date(1956, 1, 1), date(1956, 12, 31)),
    ("the past 65 years", "2021-05-13", date(1956, 1, 1), date(2021, 5, 13)),
    ("this day", "2021-05-13", date(2021, 5, 13), date(2021, 5, 13)),
    ("  last year ", 2020, date(2019, 1, 1), date(2019, 12, 31)),
])
def test_resolve_relative_counts_from_the_anchor(expression, anchor, start, end):
    m = resolve_relative(expression, anchor)
    assert (m.interval_start, m.interval_end, m.relative) == (start, end, True)
    assert "anchor" in m.resolution and "reference" not in m.resolution


@pytest.mark.parametrize("expression, anchor, message", [
    ("13 May 1956", 2021, "not a relative expression"),
    ("last year and a decade ago", 2020, "exactly one date expression"),
    ("no date here", 2020, "exactly one date expression"),
    ("trade a decade ago", 2020, "exactly one date expression"),
    ("", 2020, "non-empty str"),
    ("   ", 2020, "non-empty str"),
    (None, 2020, "non-empty str"),
    (2009, 2020, "non-empty str"),
    ("a decade ago", None, "anchor must be"),
    ("a decade ago", True, "anchor must be"),
    ("a decade ago", 2019.0, "anchor must be"),
    ("a decade ago", "29/12/2020", "ISO date"),
    ("a decade ago", 1850, "outside the supported range"),
    ("this day", 2021, "full anchor date"),
    ("for 15 years", 2020, "no anchor places"),
    ("ninety decades ago", 2020, "outside the supported range"),
])
def test_resolve_relative_refuses_bad_input_with_a_date_error(expression, anchor, message):
    with pytest.raises(DateError, match=message) as err:
        resolve_relative(expression, anchor)
    assert isinstance(err.value, AnalysisError)


# ------------------------------------------------------------------ the book's rule


def test_a_decade_ago_beside_the_2019_figure_is_2009():
    assert relative_mention("interview", "I19", "last year") == 2019
    assert relative_mention("interview", "I19", "a decade ago") == 2009
    assert relative_mention("interview", "I19", "A decade ago") == 2009


def test_expressions_tied_to_no_figure_count_from_the_texts_date():
    assert relative_mention("interview", "I20", "last year") == 2019
    assert relative_mention("article", "A16", "the past 65 years") == 1956
    assert relative_mention("article", "A2", "This day") == 2021


def test_the_history_chapters_mentions_follow_the_rule():
    decade = [d for d in date_mentions("interview") if d.paragraph == "I19" and d.text == "a decade ago"]
    assert len(decade) == 1 and decade[0].interval_start.year == 2009
    assert "tied to the figure" in decade[0].resolution and "2019" in decade[0].resolution
    # every other relative mention keeps its reading against the text's reference date
    for src in ("article", "interview"):
        ref = date.fromisoformat(load_source(src).meta["reference_date"])
        for d in date_mentions(src):
            if d.relative and "tied to the figure" not in d.resolution and d.interval_end is not None:
                assert str(ref) in d.resolution or f"reference year {ref.year}" in d.resolution


def test_every_anchor_row_is_located_in_the_paragraph_of_its_mention():
    rows = load_non_events()
    tied = rows[rows["anchor_quote"] != ""]
    assert len(tied) >= 1
    for _, row in tied.iterrows():
        q = locate_quote(row["source"], row["quote"], row["paragraph"])
        f = locate_quote(row["source"], row["anchor_quote"], row["paragraph"])
        assert row["mention"] in row["quote"] and (q.start, q.end) != (f.start, f.end)
        year = relative_mention(row["source"], row["paragraph"], row["mention"])
        assert isinstance(year, int)


def test_the_methods_convention_states_the_one_rule():
    table = conventions_table("dates")
    setting = " ".join(table.astype(str).agg(" ".join, axis=1))
    assert "'a decade ago', beside the figure for 'end of last year', is 2009" in setting


@pytest.mark.parametrize("args, message", [
    (("interview", "I999", "a decade ago"), "no paragraph"),
    (("interview", "I19", "a century ago"), "not a date mention"),
    (("interview", "I3", "1956"), "not a date mention|names its date itself"),
    (("interview", "I5", "for 15 years"), "no date anchors"),
    (("interview", "", "a decade ago"), "non-empty str"),
    ((None, "I19", "a decade ago"), "non-empty str"),
    (("interview", "I19", 10), "non-empty str"),
])
def test_relative_mention_refuses_bad_input_with_a_date_error(args, message):
    with pytest.raises(DateError, match=message):
        relative_mention(*args)


def test_relative_mention_refuses_an_unknown_source():
    with pytest.raises(AnalysisError):
        relative_mention("speech", "I19", "a decade ago")
