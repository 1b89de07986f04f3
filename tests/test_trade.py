"""Tests of analysis.book.trade: extraction, curated tables, indicators, figures, explorer."""

import math

import pytest
from conftest import csv_rows

from analysis.book import trade
from analysis.book.provenance import split_cell, validate_quotes
from analysis.book.sources import load_source
from analysis.core import quantities
from analysis.core.quantities import QuantityError, find_quantities
from analysis.display import trade_figures, widgets


def _one(text, **kw):
    qs = quantities.find_quantities(text, **kw)
    assert len(qs) == 1, qs
    return qs[0]


# --------------------------------------------------------------- extraction on the texts

def test_interview_quantities_as_the_issue_lists_them():
    t = trade.quantity_table("interview")
    got = {(r.text, r.qualifier) for r in t.itertuples()}
    for expected in [("USD$246 million", "about"), ("USD$229.2 million", ""), ("USD$17 million", "just"),
                     ("USD$100", "up to"), ("USD$80 million", "more than"), ("90%", "about"),
                     ("92%", "about"), ("seven times lower", ""), ("40,000 volunteers", ""),
                     ("15 scholarships", ""), ("500 students", "about"), ("8,000 Cambodians", "about")]:
        assert expected in got


def test_unitless_money_is_kept_and_flagged_not_guessed():
    t = trade.quantity_table("interview").set_index("text")
    row = t.loc["USD$100"]
    assert row["paragraph"] == "I14"
    assert math.isnan(row["value"]) and row["number"] == 100
    assert "not guessed" in row["flag"]


def test_offsets_point_into_the_cleaned_text():
    for sid in ("interview", "article"):
        src = load_source(sid)
        t = trade.quantity_table(sid)
        assert len(t) > 0
        for r in t.itertuples():
            assert src.text[r.start:r.end] == r.text
            p = src.paragraph(r.paragraph)
            assert p.start <= r.start < r.end <= p.end


def test_article_count_with_scale_word_and_no_dates_or_ordinals():
    t = trade.quantity_table("article")
    row = t[t["kind"] == "count"].iloc[0]
    assert (row["text"], row["value"], row["qualifier"], row["paragraph"]) == (
        "8 thousand Cambodians", 8000.0, "more than", "A10")
    # "23 April", "1956", "65th", "17-19 May 2016", "COVID-19" are not quantities here
    assert not t["text"].str.contains("April|1956|65th|May|COVID").any()


def test_multiple_direction_and_span():
    qs = quantities.find_quantities("a decade ago when trade volume was seven times lower")
    span, mult = qs
    assert (span.kind, span.value) == ("span", 10.0)
    assert (mult.kind, mult.number, mult.direction) == ("multiple", 7.0, "lower")


# --------------------------------------------------------------- bad input points

@pytest.mark.parametrize("text, value", [
    ("USD 1,234,567.5", None),  # no scale: flagged
    ("USD$1,234.5 million", 1_234.5e6),
    ("US$2.75 billion", 2.75e9),
    ("$1.5bn", 1.5e9),
    ("3 bn US dollars", 3e9),
    ("12 million US dollars", 12e6),
    ("USD\u00a0229.2\u2009million", 229.2e6),  # NBSP and thin space between the parts
    ("USD 40\u202f000 thousand", 40e6),  # narrow no-break space groups thousands
])
def test_money_separators_scales_currency_words_and_unicode_spaces(text, value):
    q = quantities.parse_money(text)
    assert q.value == (pytest.approx(value) if value else None)
    assert q.unit == "USD"


def test_money_without_scale_keeps_the_number():
    q = quantities.parse_money("USD 1,234,567.5")
    assert q.number == 1234567.5 and q.value is None and q.flag


@pytest.mark.parametrize("text, message", [
    ("USD$-5 million", "negative"),
    ("\u2212USD 5 million", "negative"),  # Unicode minus sign
    ("\u2013 5 million US dollars", "negative"),  # en dash as a sign
    ("USD$0 million", "zero"),
    ("USD 10\u201312 million", "range"),  # en dash range
    ("", "empty"),
    ("   \u00a0 ", "empty"),
    ("no money here", "no money figure"),
    ("USD 5 million and USD 6 million", "2 money figures"),
    ("USD 5 million extra words", "not one money amount"),
])
def test_bad_money_is_refused_clearly(text, message):
    with pytest.raises(QuantityError, match=message):
        quantities.parse_money(text)


@pytest.mark.parametrize("text, number", [("40,000", 40000.0), ("229.2", 229.2), ("1\u00a0234", 1234.0),
                                          ("1\u2009234.25", 1234.25), ("seven", 7.0)])
def test_parse_number(text, number):
    assert quantities.parse_number(text) == number


@pytest.mark.parametrize("text, message", [("1,23", "English convention"), ("1.234,5", "English convention"),
                                          ("\u22125", "negative"), ("", "empty"), (None, "must be a str")])
def test_parse_number_refuses(text, message):
    with pytest.raises(QuantityError, match=message):
        quantities.parse_number(text)


def test_percentage_over_100_is_refused_unless_allowed():
    with pytest.raises(QuantityError, match="over 100%"):
        quantities.find_quantities("exports grew 150% last year")
    assert _one("exports grew 150% last year", max_percent=1000).value == 150


def test_negative_and_zero_counts_and_percentages_are_refused():
    with pytest.raises(QuantityError, match="negative count"):
        quantities.find_quantities("there were \u2212500 students")
    with pytest.raises(QuantityError, match="zero count"):
        quantities.find_quantities("there were 0 students")
    with pytest.raises(QuantityError, match="negative percentage"):
        quantities.find_quantities("a share of \u22125%")


def test_empty_text_is_refused():
    for bad in ("", "  \n\u00a0"):
        with pytest.raises(QuantityError, match="empty"):
            quantities.find_quantities(bad)
    with pytest.raises(QuantityError, match="must be a str"):
        quantities.find_quantities(42)


def test_unicode_spaces_and_dashes_in_running_text():
    q = _one("exports of\u00a0about\u2009USD\u00a017.5\u202fmillion")
    assert (q.value, q.qualifier) == (17.5e6, "about")
    # a hyphen inside a date range or a name is not a sign
    qs = quantities.find_quantities("On 23\u201324 November COVID-19 hit 40,000 volunteers")
    assert [q.text for q in qs] == ["40,000 volunteers"]


def test_rounding_step():
    assert quantities.rounding_step("229.2") == pytest.approx(0.1)
    assert quantities.rounding_step("17") == 1.0
    with pytest.raises(QuantityError):
        quantities.rounding_step("abc")


# --------------------------------------------------------------- curated tables

def test_trade_figures_quotes_are_verbatim():
    df = trade.load_trade_figures()
    located = validate_quotes(df, "trade_figures.csv", "id")
    rows = csv_rows("trade_figures.csv")  # an independent reading of the file
    assert len(df) == len(rows) and list(df.index) == [r["id"] for r in rows] and df.index.is_unique
    assert len(located) == sum(len(split_cell(r["quote"])) for r in rows)  # one located quote per quote
    assert list(located["row"].unique()) == list(df.index)  # every row's quote was checked


def test_trade_figures_agree_with_the_extractor():
    figs = trade.load_trade_figures()
    t = trade.quantity_table("interview")
    # every money figure the interview states with its scale (the unitless one is flagged instead)
    money = [r["id"] for r in csv_rows("trade_figures.csv")
             if r["unit"] == "USD million" and r["source"] == "interview"]
    assert money and len(money) == int(((figs["unit"] == "USD million") & (figs["source"] == "interview")).sum())
    for fid in money:
        row = figs.loc[fid]
        hit = t[(t["paragraph"] == row["paragraph"]) & (t["number"] == row["value"]) & (t["kind"] == "money")]
        assert len(hit) == 1, fid
        assert hit.iloc[0]["qualifier"] == row["qualifier"]


def test_external_figures_carry_outlet_url_and_whose_data():
    ext = trade.load_trade_external()
    assert ext["url"].str.startswith("http").all()
    assert (ext["whose_data"].str.len() > 0).all() and (ext["outlet"].str.len() > 0).all()
    # the typed values are the file's, row for row (read here with the csv module alone)
    rows = csv_rows("trade_external.csv")
    assert list(ext.index) == [r["id"] for r in rows] and ext.index.is_unique
    assert ext["value"].tolist() == [float(r["value"]) for r in rows]
    assert ext["partner"].tolist() == [r["partner"] for r in rows]


def test_indicators_find_rows_by_named_keys_not_positions():
    figs = trade.load_trade_figures()
    shuffled = figs.iloc[::-1]
    assert trade.trade_indicators(shuffled) == trade.trade_indicators(figs)
    with pytest.raises(QuantityError, match="no row with key 'turnover_2019'"):
        trade.trade_indicators(figs[figs["key"] != "turnover_2019"])


# --------------------------------------------------------------- indicators

def test_parts_vs_total_2019():
    r = trade.parts_vs_total({"imports": 229.2, "exports": 17}, 246, {"imports": 0.1, "exports": 1.0})
    assert r["sum"] == pytest.approx(246.2) and r["difference"] == pytest.approx(0.2)
    assert r["consistent"]
    off = trade.parts_vs_total({"imports": 229.2, "exports": 17}, 250, {"imports": 0.1, "exports": 1.0})
    assert not off["consistent"]


def test_parts_vs_total_refuses():
    with pytest.raises(QuantityError, match="at least one part"):
        trade.parts_vs_total({}, 246)
    with pytest.raises(QuantityError, match="positive"):
        trade.parts_vs_total({"a": -1}, 246)
    with pytest.raises(QuantityError, match="unknown part"):
        trade.parts_vs_total({"a": 1}, 2, {"b": 1})


def test_balance_coverage_shares():
    assert trade.trade_balance(17, 229.2) == pytest.approx(-212.2)
    assert trade.trade_balance(229.2, 17) == pytest.approx(212.2)
    assert trade.export_coverage(17, 229.2) == pytest.approx(0.07417, abs=1e-5)
    sh = trade.flow_shares({"imports": 229.2, "exports": 17})
    assert sh["imports"] == pytest.approx(0.9309, abs=1e-4) and sum(sh.values()) == pytest.approx(1)
    assert trade.flow_shares({"imports": 229.2}, total=246)["imports"] == pytest.approx(0.9317, abs=1e-4)
    for bad in (lambda: trade.trade_balance(0, 1), lambda: trade.export_coverage(1, -2),
                lambda: trade.flow_shares({}), lambda: trade.export_coverage("17", 2)):
        with pytest.raises(QuantityError):
            bad()


def test_share_value():
    r = trade.share_value(229.2, 90, (85, 95))
    assert (r["value"], r["low"], r["high"]) == pytest.approx((206.28, 194.82, 217.74))
    with pytest.raises(QuantityError, match="outside its range"):
        trade.share_value(229.2, 90, (91, 95))
    with pytest.raises(QuantityError, match=r"\(0, 100\]"):
        trade.share_value(229.2, 120)


def test_implied_growth():
    assert trade.implied_start_level(246, 7) == pytest.approx(35.142857)
    assert trade.implied_cagr(7, 10) == pytest.approx(0.214814, abs=1e-6)
    r = trade.implied_growth_range(246)
    assert r["cagr_low"] == pytest.approx(6.5 ** (1 / 11) - 1)
    assert r["cagr_high"] == pytest.approx(7.5 ** (1 / 9) - 1)
    assert (r["start_level_low"], r["start_level_high"]) == pytest.approx((32.8, 37.846), abs=1e-3)
    g = trade.implied_growth_grid(246, [6.5, 7.5], [9, 11])
    assert g["cagr"].min() == pytest.approx(r["cagr_low"]) and g["cagr"].max() == pytest.approx(r["cagr_high"])
    p = trade.implied_path(246, 2019, 7, 10)
    assert list(p.index) == list(range(2009, 2020)) and p[2009] == pytest.approx(246 / 7)


def test_implied_growth_refuses():
    with pytest.raises(QuantityError, match="at least 1"):
        trade.implied_cagr(0.5, 10)
    with pytest.raises(QuantityError, match="positive"):
        trade.implied_cagr(7, 0)
    with pytest.raises(QuantityError, match="outside its ranges"):
        trade.implied_growth_range(246, multiple=8)
    with pytest.raises(QuantityError, match="at least one"):
        trade.implied_growth_grid(246, [], [10])


def test_aid_readings():
    t = trade.aid_readings(12).set_index("reading")
    assert t.loc["A", ["all_period", "ussr_period", "ussr_share"]].tolist() == pytest.approx([1200, 960, 0.8])
    assert t.loc["C", "all_per_year"] == pytest.approx(100 / 12)
    assert t.loc["B", "ussr_per_year"] == pytest.approx(80 / 12)
    assert not t.loc["D", "coherent"] and t.loc["A", "coherent"]
    assert trade.aid_readings(11).set_index("reading").loc["A", "all_period"] == 1100
    with pytest.raises(QuantityError, match="whole number"):
        trade.aid_readings(11.5)
    with pytest.raises(QuantityError, match="positive"):
        trade.aid_readings(0)


def test_mirror():
    assert trade.mirror_ratio(229.2, 51.81) == pytest.approx(4.4239, abs=1e-4)
    m = trade.mirror_table().set_index("flow")
    assert m.loc["Cambodian goods to Russia", "ratio"] == pytest.approx(229.2 / 51.81)
    assert m.loc["Russian goods to Cambodia", "ratio"] == pytest.approx(17 / 5.17)
    assert set(m["year"]) == {"2019"}
    with pytest.raises(QuantityError, match="positive"):
        trade.mirror_ratio(1, 0)
    with pytest.raises(QuantityError, match="no year"):
        trade.mirror_table(trade.load_trade_external().query("reporter != 'Cambodia'"))


# --------------------------------------------------------------- figures and explorer

def test_figures_have_finding_titles_and_labels():
    import matplotlib.pyplot as plt

    figs = [
        trade_figures.flows_figure(229.2, 17, 246),
        trade_figures.composition_figure(229.2, (90, 85, 95), 17),
        trade_figures.growth_path_figure(246, 2019, {2015: (110.7, "Russian"), 2018: (202, "Russian")}),
        trade_figures.mirror_figure(trade.mirror_table()),
        trade_figures.growth_range_figure(246),
    ]
    for f in figs:
        ax = f.axes[0]
        assert ax.get_title() and (ax.get_ylabel() or ax.get_xlabel())
        assert any("ource" in t.get_text() for t in f.texts)  # a source note
        plt.close(f)
    with pytest.raises(QuantityError):
        trade_figures.flows_figure(0, 17, 246)


def test_explorer_builds_and_renders_default():
    import ipywidgets as w

    box = widgets.trade_explorer(reported={2015: (110.7, "Russian")})
    assert isinstance(box, w.VBox)
    assert [c.value for c in box.children[:3]] == [7, 10, 12]
    assert box.children[3].value == "A"
    with pytest.raises(QuantityError, match="end value"):
        widgets.trade_explorer(end_value=-1)


def test_explorer_draws_into_an_image_and_redraws_when_a_control_changes():
    # no Output widget: under nbclient its captured displays stalled the build (jupyter/nbclient#312)
    import ipywidgets as w

    box = widgets.trade_explorer(reported={2015: (110.7, "Russian")})
    assert not any(isinstance(c, w.Output) for c in box.children)
    chart, text = box.children[4], box.children[5]
    assert isinstance(chart, w.Image) and bytes(chart.value).startswith(b"\x89PNG")
    assert "2009: USD 35.1 million; growth 21.5% a year." in text.value
    assert "2015: path 113.0 vs reported 110.7 (Russian)." in text.value
    first = chart.value
    box.children[0].value = 8  # the multiple
    assert chart.value != first and "growth 23.1% a year" in text.value
    box.children[3].value = "B"
    assert "Aid reading B" in text.value
    # the same state draws the same bytes (two builds give the same page)
    assert widgets.trade_explorer(reported={2015: (110.7, "Russian")}).children[4].value == first


def test_trade_indicators_glue_values():
    ind = trade.trade_indicators()
    assert (ind["year"], ind["start_year"], ind["interview_year"]) == (2019, 2009, 2020)
    assert ind["parts_sum"] == pytest.approx(246.2) and ind["parts_consistent"] is True
    assert ind["balance_russia"] == pytest.approx(-212.2) and ind["balance_cambodia"] == pytest.approx(212.2)
    assert ind["coverage_russia"] == pytest.approx(17 / 229.2)
    assert ind["textile_value"] == pytest.approx(206.28)
    assert ind["cagr"] == pytest.approx(7 ** 0.1 - 1)
    assert (ind["year_2015"], ind["year_2018"], ind["year_2017"]) == (2015, 2018, 2017)
    assert ind["tass_growth_2017_2018"] == pytest.approx(0.215)
    assert ind["path_2018"] == pytest.approx(246 / 7 ** 0.1)
    assert ind["aid_A_all_period"] == 1200 and ind["aid11_A_all_period"] == 1100
    assert ind["mirror_exports_kh"] == pytest.approx(229.2 / 51.81)
    assert ind["cif_margin_needed"] == pytest.approx(229.2 / 51.81 - 1)


def test_trade_indicators_refuse_a_broken_table():
    figs = trade.load_trade_figures().copy()
    figs.loc["T02", "value"] = 0.0
    with pytest.raises(QuantityError, match="positive"):
        trade.trade_indicators(figures=figs)


@pytest.mark.parametrize("text, grouped", [
    ("229 200 000 dollars", "229 200 000"),
    ("some 40 000 volunteers", "40 000"),
    ("up to 1 500 %", "1 500"),
])
def test_digits_grouped_by_ordinary_spaces_are_refused_clearly(text, grouped):
    with pytest.raises(QuantityError, match=f"'{grouped}' at offset .* groups digits with ordinary spaces"):
        find_quantities(text)


def test_a_year_before_a_number_is_not_a_digit_group():
    found = find_quantities("In 2019 200 students came")
    assert [(q.kind, q.value, q.unit) for q in found] == [("count", 200.0, "students")]


@pytest.mark.parametrize("text, value", [
    ("ten million US dollars", 1e7),
    ("a million dollars", 1e6),
    ("about two billion US dollars", 2e9),
])
def test_amounts_written_in_words_are_read(text, value):
    (q,) = find_quantities(text)
    assert (q.kind, q.value, q.unit) == ("money", value, "USD")
