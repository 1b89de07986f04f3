"""data/trade_record.csv and the trade chapter's checks against it (issue 16): every row's passage,
outlet, address and access date; the aid readings against the record at a named tolerance; the
readings of "about 90%"; the growth claim against Russia's figure near the base year; the mirror
coverage and hypotheses; bad input named by a typed error."""

import re
from datetime import date

import pandas as pd
import pytest
from conftest import DATA, csv_rows
from pybtex.database import parse_file

from analysis.book import trade
from analysis.book.tables import DataError
from analysis.core.quantities import QuantityError
from analysis.display import reader_tables, trade_figures
from analysis.display.plotting import legible

CYRILLIC = re.compile(r"[А-Яа-яЁё]")


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_row_has_outlet_url_passage_figure_and_access_date(data_unchanged):
    record = trade.load_trade_record()
    rows = csv_rows("trade_record.csv")
    assert len(record) == len(rows) > 0
    urls = {e.fields.get("url"): e.fields.get("urldate")
            for e in parse_file(str(DATA.parent / "references.bib")).entries.values()}
    for r, (_, row) in zip(rows, record.iterrows(), strict=True):
        assert row["outlet"] and row["passage"] and row["measures"] and row["whose_data"]
        assert row["url"].startswith(("https://", "http://"))
        assert row["accessed"] == date.fromisoformat(r["accessed"]) <= date.today()
        assert row["independent"] in {"yes", "no", "counterpart"}
        assert bool(CYRILLIC.search(row["passage"])) == (row["passage_language"] == "ru"), row["record_id"]
        # the figure stands in the passage as written, and reads back as the value
        if r["written"]:
            assert r["written"] in row["passage"], row["record_id"]
            assert float(r["value"]) == pytest.approx(trade._written_number(r["written"]))
        else:
            assert r["value"] == ""
        # every address the chapter links to is in the bibliography, with the date it was read
        assert urls.get(row["url"]), row["record_id"]


def test_the_russian_side_sources_are_marked_not_independent():
    rec = trade.load_trade_record().set_index("key")
    for key in ("aid_samoilenko", "ru_turnover_c2008", "eec_2016", "ru_imports_noncis_2010"):
        assert rec.loc[key, "independent"] == "no", key
    assert rec.loc["kh_reporter_eaeu", "independent"] == "counterpart"


@pytest.mark.parametrize("old, new, match", [
    (",284,million roubles,,284,", ",284,million roubles,,2840,", r"row 1 column 'written': the written figure is not in the passage"),
    (",284,million roubles,,284,", ",285,million roubles,,284,", r"row 1 column 'value': the written figure reads as 284"),
    (",aid,1979,1990,284,", ",trade,1979,1990,284,", r"trade_record.csv row 1 column 'point'"),
])
def test_broken_rows_are_named(data_copy, old, new, match):
    _edit(data_copy / "trade_record.csv", old, new)
    with pytest.raises(DataError, match=match):
        trade.load_trade_record()


def test_a_value_without_its_written_figure_is_named(data_copy):
    _edit(data_copy / "trade_record.csv", ",284,million roubles,,284,", ",284,million roubles,,,")
    with pytest.raises(DataError, match="row 1 column 'written': a value needs the figure as written"):
        trade.load_trade_record()


def test_soviet_aid_by_period_is_front_loaded_and_sums_to_the_plan():
    t = trade.soviet_aid_by_period()
    assert t["period"].tolist() == ["1979–1980", "1981–1985", "1986–1990"]
    assert t["roubles"].sum() == 284
    assert t.loc[0, "share"] == pytest.approx(200 / 284)
    assert t["per_year"].tolist() == pytest.approx([100, 8.8, 8.0])


def test_periods_that_do_not_sum_to_the_plan_are_refused():
    rec = trade.load_trade_record().copy()
    rec.loc[rec["key"] == "aid_soviet_plan", "value"] = 300.0
    with pytest.raises(QuantityError, match="sum to 284, not the plan's 300"):
        trade.soviet_aid_by_period(rec)


def test_aid_checks_convert_roubles_at_the_official_rate_or_a_given_one():
    c = trade.aid_checks().set_index("check")
    early = "Soviet grant and Vietnamese aid, 1979–80"
    assert c.loc[early, "record"] == pytest.approx(100 / 0.65 + (56 + 62) / 2)
    assert trade.aid_checks(usd_per_rouble=1).set_index("check").loc[early, "record"] == pytest.approx(159)
    assert c.loc["Soviet aid a year and Vietnam's commitment, 1980s", "record"] == 105
    with pytest.raises(QuantityError, match="usd_per_rouble must be positive"):
        trade.aid_checks(usd_per_rouble=0)


def test_each_reading_against_every_check():
    t = trade.aid_tests().pivot(index="check", columns="reading", values="verdict")
    assert set(t.loc["Soviet grant and Vietnamese aid, 1979–80"]) == {"contradicted"}
    assert t.loc["Soviet aid a year, 1980s"].to_dict() == {"A": "matches", "B": "understates", "C": "understates",
                                                         "D": "matches"}
    assert t.loc["Soviet economic plan, whole period", "C"] == "contradicted"
    assert trade.aid_survivors() == []
    # 1981: Time's bloc figure plus Vietnam's commitment breaks every ceiling of 100 a year
    assert t.loc["Soviet bloc aid and Vietnam's commitment, 1981"].to_dict() == {"A": "contradicted", "B": "contradicted", "C": "contradicted", "D": "contradicted"}
    assert trade.aid_survivors(from_year=1981) == []
    assert trade.aid_survivors(from_year=1986) == ["A", "B"]
    # a lower bound under a ceiling says only that it does not contradict it
    assert t.loc["Soviet economic aid a year, 1981–85", "A"] == trade.NOT_CONTRADICTED == "not contradicted"
    assert "consistent" not in set(t.values.ravel())


def test_the_1981_check_adds_vietnams_commitment_to_the_bloc():
    c = trade.aid_checks().set_index("check").loc["Soviet bloc aid and Vietnam's commitment, 1981"]
    assert c["record"] == 103 + 25 and c["records"] == "R08, R05"
    early = trade.aid_checks().set_index("check").loc["Soviet bloc aid a year, October 1979 to 1980"]
    assert early["record"] == pytest.approx((488 - 103) * 12 / 15) and early["year_from"] == 1979
    rec = trade.load_trade_record()
    with pytest.raises(QuantityError, match="aid_bloc_since_oct1979"):
        trade.aid_checks(rec[rec["key"] != "aid_bloc_since_oct1979"])
    with pytest.raises(QuantityError, match="aid_vietnam_commitment"):
        trade.aid_checks(rec[rec["key"] != "aid_vietnam_commitment"])


def test_the_tolerance_is_a_named_parameter_that_moves_the_verdicts():
    assert trade.AID_TOLERANCE == 0.10 and trade.AID_STRICT == 0.0
    assert trade.aid_tolerance_needed() == pytest.approx(0.28)
    strict = trade.aid_tests(tolerance=trade.AID_STRICT)
    assert trade.aid_survivors(strict) == [] and trade.aid_survivors(strict, from_year=1981) == []
    assert trade.aid_survivors(trade.aid_tests(tolerance=0.28), from_year=1981) == ["A", "B"]
    assert trade.aid_survivors(trade.aid_tests(tolerance=0.27), from_year=1981) == []
    for bad in (-0.1, 1, True, "0.1"):
        with pytest.raises(QuantityError, match="tolerance must be a fraction"):
            trade.aid_tests(tolerance=bad)
    with pytest.raises(QuantityError, match="no reading 'E'"):
        trade.aid_tolerance_needed(reading="E")
    with pytest.raises(QuantityError, match="no check is left"):
        trade.aid_survivors(from_year=2000)


def test_the_verdicts_hold_at_one_rouble_to_the_dollar():
    parity = trade.aid_tests(trade.aid_checks(usd_per_rouble=1.0))
    assert trade.aid_survivors(parity) == [] and trade.aid_survivors(parity, from_year=1981) == []


def test_textile_readings_carry_the_range_and_bound_garments():
    t = trade.textile_readings(229.2).set_index("reading")
    assert list(t.index) == list(trade.TEXTILE_READINGS)
    assert float(t.loc["customs group", "group_low"]) == pytest.approx(194.82)
    assert float(t.loc["customs group", "group_high"]) == pytest.approx(217.74)
    assert t.loc["customs group", "garments_low"] is None and t.loc["with tanning", "garments_low"] is None
    assert float(t.loc["garments only", "garments_low"]) == pytest.approx(194.82)
    assert float(t.loc["garments only", "rest_high"]) == pytest.approx(229.2 - 194.82)
    with pytest.raises(QuantityError):
        trade.textile_readings(229.2, 99, 5)


def test_the_base_year_follows_the_rule_for_relative_dates():
    assert trade.growth_base_year() == 2009
    ind = trade.trade_indicators()
    assert ind["start_year"] == 2009 and ind["span"] == 10


def test_a_curated_year_that_breaks_the_rule_is_refused():
    f = trade.load_trade_figures().copy()
    f.loc[f["key"] == "multiple_decade_before", "year_to"] = 2010
    with pytest.raises(QuantityError, match="gives 'a decade ago' the year 2010, the rule for relative dates 2009"):
        trade.trade_indicators(f)


def test_growth_against_russias_figure_near_the_base_year():
    r = trade.growth_record_check(246, 7, 2009)
    assert r["year_record"] == 2008 and r["ru_2008"] == 95
    assert r["multiple_2008"] == pytest.approx(246 / 95)
    assert r["fall_needed"] == pytest.approx(1 - (246 / 7) / 95)
    assert r["trough_level"] == pytest.approx(95 * 0.607)
    assert r["kh_turnover_2008"] == pytest.approx(9 + 9 + 21.34)
    assert not r["seven_reached"]
    with pytest.raises(QuantityError):
        trade.growth_record_check(246, 0.5, 2009)
    with pytest.raises(QuantityError, match="base_year"):
        trade.growth_record_check(246, 7, 20090)


def test_mirror_coverage_and_hypotheses_name_their_record():
    cov = trade.mirror_coverage().set_index("side")
    assert cov.loc["Cambodia", "figure"] == 51.81 and "Union" in cov.loc["Cambodia", "partner"]
    assert cov.loc["Cambodia", "valuation"].startswith("not stated")
    h = trade.mirror_hypotheses()
    assert len(h) == len(trade.MIRROR_GAP_HYPOTHESES)
    assert h.set_index("hypothesis").loc["grey imports", "effect"].startswith("makes Russia's smaller")
    assert all(re.match(r"R\d\d: ", e) for e in h["evidence"])
    rec = trade.load_trade_record()
    with pytest.raises(QuantityError, match="no row with key 'hk_reexports'"):
        trade.mirror_hypotheses(rec[rec["key"] != "hk_reexports"])


def test_findings_glue_the_checks():
    f = trade.trade_record_findings()
    assert f["aid_survivors_all"] == "none" and f["aid_survivors_1981"] == "none"
    assert f["aid_survivors_strict_all"] == "none" and f["aid_survivors_strict_1981"] == "none"
    assert f["aid_A_over_1981"] == pytest.approx(0.28) and f["aid_A_over_80s"] == pytest.approx(0.05)
    assert f["aid_A_self"] == 105 and f["aid_indep_soviet_share"] == pytest.approx(8.8 / 0.65 / 80)
    assert f["same_ratio_turnover_2008"] == pytest.approx(95 / 39.34)
    assert f["base_year"] == 2009 and f["plan_period_first"] == "1979–1980"
    assert f["multiple_c2008"] == pytest.approx(2.589, abs=1e-3)
    assert f["n_record_rows"] == len(csv_rows("trade_record.csv"))
    assert trade._readings_words(["A"]) == "A" and trade._readings_words(["A", "B", "C"]) == "A, B and C"


def test_reader_tables_of_the_checks_have_labels_and_no_code_names():
    aid = reader_tables.aid_tests_table(trade.aid_tests())
    assert list(aid.cells.columns) == ["What the record gives", "Record (USD million)", "Bound of the reading tested",
                                       "Reading A", "Reading B", "Reading C", "Reading D"]
    assert aid.cells.iloc[0, 2] == "ceiling of all donors, a year"
    assert "whole period" in aid.cells.iloc[-1, 2]
    assert aid.cells.iloc[0, 1] == "212.8"
    tex = reader_tables.textile_table(trade.textile_readings(229.2))
    assert tex.cells.iloc[0, 2] == "217.7 at most" and tex.cells.iloc[2, 2] == "194.8–217.7"
    cov = reader_tables.mirror_coverage_table(trade.mirror_coverage())
    assert cov.cells.iloc[0].tolist()[1:] == ["229.2", "51.81"]
    # derived tables offer their own download, not a data file they do not come from
    assert cov.csv.endswith("tables/mirror_coverage.csv") and tex.csv.endswith("tables/textile_readings.csv")
    rec = reader_tables.styled_trade_record(trade.load_trade_record())
    assert "aid by period" in rec.cells.iloc[0].tolist()
    hyp = reader_tables.mirror_hypotheses_table(trade.mirror_hypotheses())
    assert len(hyp.cells) == len(trade.MIRROR_GAP_HYPOTHESES)
    for fn in (reader_tables.aid_tests_table, reader_tables.textile_table, reader_tables.mirror_coverage_table,
               reader_tables.mirror_hypotheses_table, reader_tables.styled_trade_record):
        with pytest.raises(reader_tables.ReaderTableError):
            fn(pd.DataFrame({"x": [1]}))


def test_the_figures_state_their_findings():
    aid = legible(trade_figures.aid_front_loading_figure(trade.soviet_aid_by_period(), 284 / 12))
    assert "front-loaded: 70%" in aid.axes[0].get_title()
    comp = legible(trade_figures.composition_figure(229.2, (90, 85, 95), 17))
    assert "USD 195–218 million" in comp.axes[0].get_title() and "shoes" in comp.axes[0].get_title()
    g = legible(trade_figures.growth_path_figure(246, 2019, {2018: (202, "TASS")}, record={2008: (95, "x")}))
    assert "2.6 times" in g.axes[0].get_title()
    # the rounding band starts in the same year as the path
    band = g.axes[0].collections[0].get_paths()[0].vertices
    line = g.axes[0].get_lines()[0]
    assert band[:, 0].min() == pytest.approx(line.get_xdata().min())


def test_both_sides_near_2008_and_in_2019():
    m = trade.mirror_same_year()
    assert m["kh_exports_2008"] == pytest.approx(9 + 21.34) and m["kh_turnover_2008"] == pytest.approx(39.34)
    assert m["ratio_kh_exports_2008"] == pytest.approx(80 / 30.34)
    assert m["ratio_ru_exports_2008"] == pytest.approx(15 / 9)
    assert m["ratio_turnover_2019"] == pytest.approx(246.2 / 56.98)
    assert m["ratio_widening"] == pytest.approx(m["ratio_turnover_2019"] / m["ratio_turnover_2008"]) and m["ratio_widening"] > 1
    assert m["kh_growth"] == pytest.approx(56.98 / 39.34)
    rec = trade.load_trade_record()
    with pytest.raises(QuantityError, match="ru_exports_c2008"):
        trade.mirror_same_year(record=rec[rec["key"] != "ru_exports_c2008"])


def test_the_ministry_count_is_a_hypothesis_and_not_customs():
    cov = trade.mirror_coverage().set_index("side")
    assert "not its customs" in cov.loc["Cambodia", "reporter"]
    assert cov.loc["Cambodia", "partner_rule"] == "country of final destination"
    h = trade.mirror_hypotheses().set_index("hypothesis")
    assert h.loc["ministry count", "effect"].startswith("makes Cambodia's smaller")
    assert "R32" in h.loc["ministry count", "evidence"] and "R32" in h.loc["preference incentive", "evidence"]
