"""Tests of analysis.book.history: the date extractor, its conventions and bad input, the curated
history tables (every quote located, every date mention tied to an event or listed as not
one), the periods, the figure and the timeline widget."""

from datetime import date

import pandas as pd
import pytest
from conftest import csv_rows

from analysis.book.claims import load_history_claims
from analysis.book.history import (
    CATEGORIES,
    PERIODS,
    date_mentions,
    date_mentions_table,
    event_counts_by_text,
    load_events,
    load_non_events,
    mention_coverage,
    period_of,
)
from analysis.book.provenance import split_cell, validate_quotes
from analysis.core.dates import DateError, find_dates
from analysis.core.errors import AnalysisError
from analysis.display.history_figures import timeline_figure
from analysis.display.reader_tables import periods_table


def spans(text, **kw):
    return [(m.text, m.interval_start, m.interval_end, m.precision) for m in find_dates(text, **kw)]


# ------------------------------------------------------------------ known input

def test_full_dates_and_day_ranges():
    assert spans("On 23-24 November 2015 and 17–19 May 2016") == [
        ("23-24 November 2015", date(2015, 11, 23), date(2015, 11, 24), "day"),
        ("17–19 May 2016", date(2016, 5, 17), date(2016, 5, 19), "day"),
    ]
    assert spans("On 7 September 2020, and May 13, 1956")[1][1] == date(1956, 5, 13)
    assert spans("30 November – 2 December 2015")[0][1:3] == (date(2015, 11, 30), date(2015, 12, 2))


def test_coordinated_dates_share_the_year_and_say_so():
    first, second = find_dates("notes of 23 April and 13 May 1956")
    assert (first.text, first.interval_start) == ("23 April", date(1956, 4, 23))
    assert "coordinated" in first.resolution
    assert (second.text, second.interval_start, second.resolution) == ("13 May 1956", date(1956, 5, 13), "")
    assert [m.interval_start.day for m in find_dates("1, 2 and 3 May 2020")] == [1, 2, 3]


def test_months_years_ranges_and_decades():
    assert spans("in November 2021") == [("November 2021", date(2021, 11, 1), date(2021, 11, 30), "month")]
    assert spans("It was in 1984") == [("1984", date(1984, 1, 1), date(1984, 12, 31), "year")]
    assert spans("Since 1979 to 1990 aid") == [("Since 1979 to 1990", date(1979, 1, 1), date(1990, 12, 31), "year")]
    assert spans("between 1979 and 1990")[0][1:3] == (date(1979, 1, 1), date(1990, 12, 31))
    assert spans("since 1960s") == [("1960s", date(1960, 1, 1), date(1969, 12, 31), "decade")]
    early = find_dates("Since early 1980-s, more")[0]
    assert (early.text, early.interval_start, early.interval_end, early.precision) == (
        "early 1980-s", date(1980, 1, 1), date(1983, 12, 31), "decade")
    assert "convention" in early.resolution
    assert spans("the late 1980’s")[0][1:3] == (date(1987, 1, 1), date(1989, 12, 31))
    part = find_dates("returned in the early part of the year 2000")[0]
    assert (part.interval_start, part.interval_end, part.relative) == (date(2000, 1, 1), date(2000, 4, 30), False)


def test_relative_expressions_are_resolved_against_the_reference_date():
    ref = "2020-12-29"
    assert spans("end of last year", reference_date=ref)[0][1] == date(2019, 1, 1)
    assert spans("this year we have", reference_date="2021-05-13")[0][1:3] == (date(2021, 1, 1), date(2021, 12, 31))
    ago = find_dates("a decade ago when", reference_date=ref)[0]
    assert (ago.interval_start.year, ago.relative) == (2010, True) and "10 years" in ago.resolution
    anniversary = find_dates("marks the 65th anniversary", reference_date="2021-05-13")[0]
    assert anniversary.interval_start == date(1956, 1, 1)
    past = find_dates("In the past 65 years the", reference_date="2021-05-13")[0]
    assert (past.interval_start, past.interval_end, past.kind) == (date(1956, 1, 1), date(2021, 5, 13), "duration")
    six = find_dates("more than six decades of", reference_date="2021-05-13")[0]
    assert six.interval_start.year == 1961 and "approximate" in six.resolution
    assert find_dates("30 years since establishment", reference_date="2021-05-13")[0].interval_start.year == 1991
    assert find_dates("This day marks", reference_date="2021-05-13")[0].interval_start == date(2021, 5, 13)


def test_month_without_a_year_looks_back_unless_the_text_looks_forward():
    late = find_dates("meetings in late September", reference_date="2020-12-29")[0]
    assert (late.text, late.interval_start, late.interval_end) == ("late September", date(2020, 9, 21), date(2020, 9, 30))
    due = find_dates("the 2nd vaccine due in March?", reference_date="2020-12-29")[0]
    assert (due.text, due.interval_start) == ("March", date(2021, 3, 1))


def test_unanchored_duration_has_no_interval_and_words_are_not_dates():
    stay = find_dates("I was here for 15 years before", reference_date="2020-12-29")[0]
    assert (stay.kind, stay.interval_start, stay.interval_end) == ("duration", None, None)
    # "May" as a verb, ordinals, counts, money and "today" are not dates
    assert find_dates("May I ask? Today the 20th summit had 40,000 volunteers and USD$229.2 million.") == []


# ------------------------------------------------------------------ bad input

def test_empty_text_and_text_without_dates_give_an_empty_list():
    assert find_dates("") == []
    assert find_dates("   \n") == []
    assert find_dates("Russia and Cambodia have long-standing partnership.") == []


def test_non_string_is_a_type_error():
    with pytest.raises(TypeError, match="needs a str"):
        find_dates(1956)


@pytest.mark.parametrize("text, message", [
    ("On 31 February 2020", r"impossible date '31 February 2020': February 2020 has 29 days"),
    ("On 29 February 2021", r"February 2021 has 28 days"),
    ("13-11 May", r"day range '13-11 May' runs backwards"),
    ("from 1990 to 1979", r"runs backwards"),
])
def test_impossible_dates_raise_a_date_error_naming_the_expression(text, message):
    with pytest.raises(DateError, match=message):
        find_dates(text, reference_date="2020-12-29")


def test_years_outside_the_range():
    # a bare number outside 1900–2100 is a quantity, not a year: documented result
    assert find_dates("In 1850 there were 1500 students; by 2150 or 3000") == []
    # a date expression with such a year is an error that names it
    for text in ("13 May 1850", "the 1850s", "November 2150", "early 1850"):
        with pytest.raises(DateError, match=r"outside the supported range 1900–2100"):
            find_dates(text)


def test_cyrillic_text_keeps_digits_only():
    found = find_dates("Дипломатические отношения установлены 13 мая 1956 года")
    assert [(m.text, m.precision) for m in found] == [("1956", "year")]
    assert find_dates("Россия и Камбоджа") == []


def test_date_mentions_refuses_a_non_english_source():
    from dataclasses import replace

    from analysis.book.sources import load_source

    src = load_source("article")
    russian = replace(src, meta={**src.meta, "language": "ru"})
    with pytest.raises(DateError, match="reads English only"):
        date_mentions(russian)


def test_relative_expression_without_a_reference_date():
    with pytest.raises(DateError, match=r"'last year' at offset 7 needs a reference date"):
        find_dates("end of last year")
    kept = find_dates("end of last year and in 1997", on_unresolved="keep")
    assert (kept[0].interval_start, kept[0].resolution) == (None, "unresolved: no reference date")
    assert kept[1].interval_start == date(1997, 1, 1)
    with pytest.raises(DateError, match="on_unresolved"):
        find_dates("x", on_unresolved="ignore")


@pytest.mark.parametrize("ref", ["2021-13-01", "13 May 2021", 20210513])
def test_malformed_reference_date(ref):
    with pytest.raises(DateError, match="reference date must be an ISO date"):
        find_dates("last year", reference_date=ref)


# ------------------------------------------------------------------ the sources

def test_mentions_carry_source_paragraph_and_offsets_into_the_cleaned_text():
    from analysis.book.sources import load_source

    for sid in ("article", "interview"):
        text = load_source(sid).text
        ms = date_mentions(sid)
        assert ms, f"no date mentions in {sid}"
        for m in ms:
            assert text[m.start:m.end] == m.text
            assert m.paragraph.startswith(sid[0].upper())
    table = date_mentions_table()
    assert set(table["source"]) == {"article", "interview"}
    first = table.iloc[0]
    assert (first["paragraph"], first["text"]) == ("A1", "65 Years")


def test_the_coordinated_notes_of_1956_are_two_mentions_in_A3():
    a3 = [m for m in date_mentions("article") if m.paragraph == "A3"]
    assert [(m.text, m.interval_start) for m in a3] == [
        ("23 April", date(1956, 4, 23)), ("13 May 1956", date(1956, 5, 13))]


# ------------------------------------------------------------------ curated tables

def test_every_event_quote_is_in_its_paragraph():
    events = load_events()
    checked = validate_quotes(events, "events.csv", "event_id")
    rows = csv_rows("events.csv")  # the file read with the csv module alone
    assert len(events) == len(rows) and events["event_id"].tolist() == [r["event_id"] for r in rows]
    assert len(checked) == sum(len(r["quote"].split(" | ")) for r in rows)  # every quote, none twice
    assert sorted(set(checked["row"])) == sorted(events.index)


def test_every_non_event_quote_is_located_and_holds_its_mention():
    non = load_non_events()
    validate_quotes(non, "date_non_events.csv", "mention")
    for _, row in non.iterrows():
        assert row["mention"] in row["quote"], row["mention"]
        assert row["reason"].strip(), f"{row['mention']} has no reason"


def test_every_claim_quote_is_located_and_has_outlets_urls_and_keys():
    claims = load_history_claims()
    validate_quotes(claims, "history_claims.csv", "claim_id")
    bib = (__import__("conftest").ROOT / "references.bib").read_text(encoding="utf-8")
    for _, row in claims.iterrows():
        keys = split_cell(row["cite_key"])
        assert len(keys) == len(split_cell(row["url"])), row["claim_id"]
        for key in keys:
            assert "{" + key + "," in bib, f"{key} is not in references.bib"


def test_every_date_mention_is_tied_to_an_event_or_listed_as_not_one():
    cov = mention_coverage()
    untied = cov[(cov["event_id"] == "") & (cov["non_event_reason"] == "")]
    assert untied.empty, "untied date mentions:\n" + untied[["source", "paragraph", "text"]].to_string()
    both = cov[(cov["event_id"] != "") & (cov["non_event_reason"] != "")]
    assert both.empty, "mentions both tied to an event and listed as not one:\n" + both.to_string()


def test_every_non_event_row_covers_a_mention():
    cov = mention_coverage()
    listed = set(zip(cov["source"], cov["paragraph"], cov["text"]))
    for _, row in load_non_events().iterrows():
        assert (row["source"], row["paragraph"], row["mention"]) in listed, row["mention"]


def test_dated_events_have_a_mention_whose_interval_overlaps_theirs():
    cov = mention_coverage()
    for _, e in load_events().iterrows():
        tied = cov[cov["event_id"].str.contains(e["event_id"])]
        if e["dating"] in ("stated", "relative"):
            assert not tied.empty, f"{e['event_id']} is dated by the text but no mention is tied to it"
            assert any(m["interval_start"] <= e["end"] and e["start"] <= m["interval_end"]
                       for _, m in tied.iterrows()), f"{e['event_id']}: no tied mention overlaps its interval"
        else:
            assert e["note"].strip(), f"{e['event_id']} is undated in the texts and needs a note"


def test_events_told_by_both_texts_are_one_row_citing_both():
    events = load_events()
    assert events["event_id"].is_unique
    both = events[events["texts"] == "both"]
    assert not both.empty
    for _, row in both.iterrows():
        assert set(split_cell(row["source"])) == {"article", "interview"}
    for _, row in events[events["texts"] != "both"].iterrows():
        assert set(split_cell(row["source"])) == {row["texts"]}
    counts = event_counts_by_text(events)
    assert counts.sum() == len(events)
    # each count equals a recount of the source column of the file, read with the csv module
    told = [{s.strip() for s in r["source"].split("|")} for r in csv_rows("events.csv")]
    assert counts["both"] == sum(t == {"article", "interview"} for t in told)
    for sid in ("article", "interview"):
        assert counts[sid] == sum(t == {sid} for t in told), sid


# ------------------------------------------------------------------ periods, figure, widget

def test_periods_are_contiguous_and_cover_1956_to_2021():
    assert PERIODS[0].start <= date(1956, 4, 23) and PERIODS[-1].end >= date(2021, 11, 30)
    for a, b in zip(PERIODS, PERIODS[1:]):
        assert (b.start - a.end).days == 1, (a.name, b.name)
    assert period_of("1984-06-01").key == "soviet_decade"
    assert list(periods_table()["from"])[0] == 1956
    with pytest.raises(DateError, match="outside the book's periods"):
        period_of("1950-01-01")


def test_every_event_falls_in_a_period_and_has_a_known_category():
    events = load_events()
    assert set(events["category"]) <= set(CATEGORIES)
    assert events["period"].notna().all()


def test_timeline_figure_draws_every_category_and_refuses_an_empty_table():
    import matplotlib

    matplotlib.use("Agg")
    events = load_events()
    fig = timeline_figure(events)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert set(labels) == set(events["category"])
    assert fig.get_facecolor()[:3] == (1.0, 1.0, 1.0)
    with pytest.raises(AnalysisError, match="at least one event"):
        timeline_figure(events.iloc[0:0])


def test_timeline_explorer_filters_and_rejects_unknown_values():
    import matplotlib

    matplotlib.use("Agg")
    from analysis.display.widgets import timeline_explorer

    w = timeline_explorer(period="The Soviet decade", text="interview")
    pickers = w.children[0].children
    assert [p.value for p in pickers] == ["The Soviet decade", "all", "interview"]
    with pytest.raises(AnalysisError, match="unknown category 'sport'"):
        timeline_explorer(category="sport")


def test_timeline_explorer_redraws_its_image_and_lists_the_filtered_events():
    import ipywidgets as widgets
    import matplotlib

    matplotlib.use("Agg")
    from analysis.display.widgets import timeline_explorer

    w = timeline_explorer()
    period, category, text = w.children[0].children
    chart, listing = w.children[1], w.children[2]
    assert isinstance(chart, widgets.Image) and bytes(chart.value).startswith(b"\x89PNG")
    assert listing.value == ""  # all events: the page lists them beside the widget
    everything = chart.value
    text.value = "interview"
    assert chart.value != everything and "<table" in listing.value and "<script" not in listing.value
    for name in [c for c in category.options if c != "all"]:
        category.value = name
        period.value = period.options[1]
        if "No event matches" in listing.value:
            assert chart.layout.display == "none"
            break
    else:
        pytest.fail("no filter combination left the timeline empty")
    period.value, category.value, text.value = "all", "all", "all"
    assert chart.layout.display is None and chart.value == everything and listing.value == ""


def test_format_interval_writes_each_precision_and_rejects_bad_input():
    from analysis.core.dates import format_interval

    assert format_interval(date(1956, 4, 23), date(1956, 5, 13), "day") == "23 Apr 1956 – 13 May 1956"
    assert format_interval(date(2021, 11, 1), date(2021, 11, 30), "month") == "Nov 2021"
    assert format_interval(date(2020, 9, 21), date(2020, 9, 30), "month") == "21–30 Sep 2020"
    assert format_interval(date(1979, 1, 1), date(1990, 12, 31), "year") == "1979–1990"
    with pytest.raises(DateError, match="unknown precision 'week'"):
        format_interval(date(2020, 1, 1), date(2020, 1, 7), "week")
    with pytest.raises(DateError, match="runs backwards"):
        format_interval(date(2020, 1, 7), date(2020, 1, 1), "day")


def test_events_table_and_mention_summary():
    from analysis.display.reader_tables import events_table, mention_summary

    table = events_table()
    assert list(table.columns) == ["id", "when", "event", "category", "told by", "dating", "paragraphs"]
    assert table.iloc[0]["id"] == "E01" and len(table) == len(load_events())
    summary = mention_summary().set_index("text")
    total = summary["date mentions"]
    assert (summary["date an event"] + summary["not an event"] == total).all()
    assert total.sum() == len(date_mentions_table())


def test_record_values_are_stated_by_their_findings():

    from analysis.book.claims import load_history_claims, record_values

    values = record_values()
    # the same pairs, parsed here from the file with the csv module alone; each stated in its finding
    expected = {}
    for r in csv_rows("history_claims.csv"):
        for pair in filter(None, (x.strip() for x in r["record_values"].split(";"))):
            name, number = pair.split("=")
            assert number in r["external_finding"], (r["claim_id"], name)
            expected[name] = int(number)
    assert values == expected and expected
    claims = load_history_claims()
    bad = claims.copy()
    bad.loc[bad["claim_id"] == "C09", "record_values"] = "commission_11th=2024"
    with pytest.raises(AnalysisError, match=r"\(C09\): the external finding does not state 2024"):
        record_values(bad)
    bad.loc[bad["claim_id"] == "C09", "record_values"] = "commission 11th"
    with pytest.raises(AnalysisError, match="is not name=number"):
        record_values(bad)
    bad.loc[bad["claim_id"] == "C09", "record_values"] = "dam_from=2025"
    with pytest.raises(AnalysisError, match="'dam_from' is defined twice"):
        record_values(bad)
    assert record_values(pd.DataFrame(columns=claims.columns)) == {}


def test_claims_tables_split_links_and_escape():

    from analysis.book.claims import load_history_claims
    from analysis.display.reader_tables import claims_tables

    claims = load_history_claims()
    verdicts, quotes = claims_tables(claims)
    assert len(verdicts) == len(quotes) == len(claims)
    assert verdicts["id"].tolist() == claims["claim_id"].tolist()
    first_url = claims["url"].iloc[0].split(" | ")[0]
    assert f'href="{first_url}"' in verdicts["finding and sources"].iloc[0]
    odd = claims.head(1).assign(claim="a <b> claim", quote="x & y")
    v, q = claims_tables(odd)
    assert v["claim"].iloc[0] == "a &lt;b&gt; claim" and q["quote"].iloc[0] == "x &amp; y"
    with pytest.raises(AnalysisError, match="missing"):
        claims_tables(pd.DataFrame({"claim": ["x"]}))


# ---- one rule for years, shared with the quantity extractor (analysis.core.numbers)

@pytest.mark.parametrize("text, year, count", [
    ("about 1500 students", None, "1500 students"),   # outside the range: a count, not a year
    ("2050 volunteers", None, "2050 volunteers"),     # in the range but counting a noun: a count
    ("the plan runs to 2050 and beyond", "2050", None),
    ("in 1899 or so", None, None),
    ("in 1900 or so", "1900", None),
    ("in 2100 or so", "2100", None),
    ("in 2101 or so", None, None),
    ("1980 students came in 1980", "1980", "1980 students"),
    ("early 2020 visits", None, "2020 visits"),
])
def test_dates_and_quantities_agree_on_what_a_year_is(text, year, count):
    from analysis.core.quantities import find_quantities

    years = [d.text[-4:] for d in find_dates(text) if d.kind == "year"]
    counts = [q.text for q in find_quantities(text) if q.kind == "count" and q.text[:4].isdigit()]
    assert years == ([year] if year else [])
    if count:
        assert count in counts
    for c in counts:  # a number is never both a year and a count
        assert c[:4] not in years or text.count(c[:4]) > 1


def test_the_year_rule_is_one_function():
    from analysis.core import dates, numbers, quantities

    assert dates.YEAR_RANGE is numbers.YEAR_RANGE
    assert quantities.is_year is dates.is_year is numbers.is_year
