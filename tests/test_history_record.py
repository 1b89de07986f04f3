"""Tests of the record around the texts (data/history_record.csv), the verdicts and their one
source of counts (analysis.book.claims), the independence grades, the verdict marks and the
numbered timeline."""

import csv
from datetime import date

import matplotlib
import pandas as pd
import pytest
from conftest import ROOT, csv_rows

matplotlib.use("Agg")

from analysis.book.claims import (  # noqa: E402
    VERDICT_PHRASES,
    independent_support,
    load_history_claims,
    load_history_record,
    verdict_counts,
    verdict_key,
    verdict_label,
    verdict_summary,
)
from analysis.book.findings import conclusions_findings, history_findings, timeline_title  # noqa: E402
from analysis.book.history import load_events  # noqa: E402
from analysis.book.trade import load_trade_record  # noqa: E402
from analysis.book.provenance import split_cell  # noqa: E402
from analysis.book.tables import DataError, enum_of  # noqa: E402
from analysis.core.errors import AnalysisError  # noqa: E402
from analysis.display.history_figures import event_number, timeline_figure  # noqa: E402
from analysis.display.reader_tables import (  # noqa: E402
    VERDICT_MARKS,
    history_record_table,
    styled_claims,
    styled_history_record,
    styled_verdicts,
    verdict_mark,
    verdict_table,
)

BIB = (ROOT / "references.bib").read_text(encoding="utf-8")


# ------------------------------------------------------------------ every row of the record

def test_every_record_row_has_outlet_url_date_passage_and_grade():
    rows = csv_rows("history_record.csv")
    assert len(rows) >= 30
    for r in rows:
        where = r["record_id"]
        assert r["outlet"].strip() and r["finding"].strip(), where
        assert r["url"].startswith(("http://", "https://")) and " " not in r["url"], where
        assert date.fromisoformat(r["urldate"]) <= date.today(), where
        assert len(r["passage"]) >= 20 and r["passage"] == r["passage"].strip(), where
        assert r["independent"] in ("yes", "no", "counterpart"), where
        assert "{" + r["cite_key"] + "," in BIB, f"{where}: {r['cite_key']} not in references.bib"


def test_every_topic_of_the_issue_is_covered():
    topics = {r["topic"] for r in csv_rows("history_record.csv")}
    assert topics == {"silence", "prk", "questions", "career", "claims", "literature"}


def test_record_rows_that_back_a_claim_are_cited_by_it():
    claims = {r["claim_id"]: r for r in csv_rows("history_claims.csv")}
    for r in csv_rows("history_record.csv"):
        if r["topic"] == "claims":
            assert r["claim_id"] in claims, r["record_id"]
            assert r["cite_key"] in split_cell(claims[r["claim_id"]]["cite_key"]), r["record_id"]
            # the claim cites the same address for that key
            keys = split_cell(claims[r["claim_id"]]["cite_key"])
            urls = split_cell(claims[r["claim_id"]]["url"])
            assert dict(zip(keys, urls))[r["cite_key"]] == r["url"], r["record_id"]


def test_each_literature_work_is_cited_in_the_chapter_with_a_passage():
    nb = (ROOT / "notebooks" / "02_history.ipynb").read_text(encoding="utf-8")
    lit = {r["cite_key"] for r in csv_rows("history_record.csv") if r["topic"] == "literature"}
    lit |= {"bektimirova2017"}
    assert lit == {"bektimirova2017", "kharitonova2018", "pichkhun2024", "kapoor2020", "contreras2023"}
    for key in lit:
        assert key in nb, key


def test_the_record_loader_checks_the_bibliography(tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text("@misc{other,\n  title = {T},\n  url = {https://example.org},\n  urldate = {2026-12-01}\n}\n",
                   encoding="utf-8")
    with pytest.raises(DataError, match="not in references.bib"):
        load_history_record(bib_path=bib)
    record = load_history_record()
    key = record.loc[0, "cite_key"]
    bib.write_text("@misc{%s,\n  title = {T},\n  url = {https://example.org/elsewhere},\n  urldate = {2026-12-01}\n}\n" % key,
                   encoding="utf-8")
    with pytest.raises(DataError, match="another url"):
        load_history_record(bib_path=bib)


def test_a_claims_row_of_the_record_must_be_cited_by_its_claim():
    claims = load_history_claims().copy()
    i = claims.index[claims["claim_id"] == "C17"][0]
    claims.loc[i, "cite_key"] = "rec_csm2010 | rec_csm2010"
    with pytest.raises(DataError, match="does not cite rec_ppp2024scholarships"):
        load_history_record(claims)


# ------------------------------------------------------------------ verdicts: one place for every count

def test_not_borne_out_is_its_own_verdict_and_the_forecast_has_it():
    assert "not borne out" in enum_of("history_claims", "verdict")
    claims = load_history_claims().set_index("claim_id")
    assert claims.loc["C09", "verdict"] == "not borne out"
    # the one claim that disagrees is the aid sentence, contradicted in every reading (trade chapter)
    assert list(claims.index[claims["verdict"] == "disagrees"]) == ["C16"]


def test_verdict_counts_summary_and_glued_values_agree():
    claims = load_history_claims()
    counts = verdict_counts(claims)
    assert sum(counts.values()) == len(claims) == len(csv_rows("history_claims.csv"))
    summary = verdict_summary(claims)
    for v, n in counts.items():
        if n:
            assert f"{n} {VERDICT_PHRASES[v][0 if n == 1 else 1]}" in summary, v
    assert summary.endswith("none disagrees") == (counts["disagrees"] == 0)
    h, c = history_findings(), conclusions_findings()
    assert h["verdict_summary"] == c["c_verdict_summary"] == summary
    for v, n in counts.items():
        assert h[f"n_{verdict_key(v)}"] == c[f"c_{verdict_key(v)}"] == n


def test_prose_takes_every_verdict_count_from_the_glued_summary():
    intro = (ROOT / "intro.md").read_text(encoding="utf-8")
    concl = (ROOT / "notebooks" / "05_conclusions.ipynb").read_text(encoding="utf-8")
    hist = (ROOT / "notebooks" / "02_history.ipynb").read_text(encoding="utf-8")
    assert intro.count("02_history.ipynb::verdict_summary:s") == 2
    assert "c_verdict_summary" in concl and "vague rather than wrong" not in concl
    assert "{glue:text}`verdict_summary`" in hist
    for text in (intro, concl, hist):
        for v in ("n_agrees", "n_partly", "n_disagrees", "n_unverified", "c_agrees", "c_partly", "c_disagrees"):
            assert f"`{v}`" not in text and f"::{v}:" not in text, v


def test_verdict_summary_phrases_on_known_input():
    df = pd.DataFrame({"claim_id": ["C1", "C2", "C3"], "verdict": ["agrees", "not borne out", "disagrees"]})
    assert verdict_summary(df) == "1 agrees, 1 forecast was not borne out and 1 disagrees"
    df = pd.DataFrame({"claim_id": ["C1", "C2"], "verdict": ["unverified", "unverified"]})
    assert verdict_summary(df) == "2 remain unverified and none disagrees"


@pytest.mark.parametrize("bad, message", [
    (pd.DataFrame({"claim_id": ["C1"]}), "verdict column"),
    ([1, 2], "verdict column"),
    (pd.DataFrame({"claim_id": ["C1"], "verdict": ["wrong"]}), "unknown verdict"),
])
def test_verdict_counts_refuses_bad_input(bad, message):
    with pytest.raises(AnalysisError, match=message):
        verdict_counts(bad)


def test_verdict_key_and_label():
    assert verdict_key("not borne out") == "not_borne_out"
    with pytest.raises(AnalysisError, match="unknown verdict"):
        verdict_key("maybe")
    assert verdict_label("agrees", "no | no") == "agrees (only sources not independent of the speaker)"
    assert verdict_label("agrees", "counterpart") == "agrees (only the counterpart's sources, the Cambodian government's)"
    assert verdict_label("partly", ["no", "counterpart"]) == "partly (only the speaker's side and the counterpart's sources)"
    assert verdict_label("not borne out", "counterpart").startswith("not borne out (only the counterpart's")
    assert verdict_label("unverified", "no") == "unverified"
    assert verdict_label("partly", ["yes"]) == "partly"
    with pytest.raises(AnalysisError, match="yes, no or counterpart"):
        verdict_label("agrees", "perhaps")
    with pytest.raises(AnalysisError, match="yes, no or counterpart"):
        verdict_label("agrees", "")


# ------------------------------------------------------------------ independence of every source

def test_every_outlet_of_every_claim_has_a_grade_and_the_state_side_is_not_independent():
    for r in csv_rows("history_claims.csv"):
        outlets, grades = split_cell(r["outlet"]), split_cell(r["independent"])
        assert len(outlets) == len(grades), r["claim_id"]
        for o, g in zip(outlets, grades):
            if any(w in o for w in ("TASS", "Sputnik", "Permanent Mission of Russia", "MGIMO", "press release",
                                    "Great Soviet Encyclopedia")):
                assert g == "no", (r["claim_id"], o)
            if "Cambodian People's Party" in o or "Agence Kampuchea Presse" in o:
                assert g == "counterpart", (r["claim_id"], o)


def test_a_claim_confirmed_only_by_the_speakers_side_says_so():
    claims = load_history_claims()
    support = independent_support(claims)
    assert not support["C19"] and support["C18"]
    table = styled_claims(claims).cells.set_index("Id")
    assert "only sources not independent of the speaker" in table.loc["C19", "Verdict"]
    assert "only sources not independent of the speaker" not in table.loc["C18", "Verdict"]
    with pytest.raises(AnalysisError, match="independent column"):
        independent_support(claims.drop(columns="independent"))


def test_a_grade_count_that_differs_from_the_outlets_is_refused(data_copy):
    path = data_copy / "history_claims.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    rows[0]["independent"] = "yes"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    with pytest.raises(DataError, match="one independence grade per outlet"):
        load_history_claims()


# ------------------------------------------------------------------ what the reader sees

def test_verdict_marks_carry_shape_colour_and_word():
    assert set(VERDICT_MARKS) == set(enum_of("history_claims", "verdict"))
    symbols = [s for s, _ in VERDICT_MARKS.values()]
    assert len(set(symbols)) == len(symbols)
    for v in VERDICT_MARKS:
        mark = verdict_mark(v)
        assert v in mark and VERDICT_MARKS[v][0] in mark and VERDICT_MARKS[v][1] in mark
    with pytest.raises(AnalysisError, match="unknown verdict"):
        verdict_mark("wrong")


def test_verdict_table_counts_and_names_the_claims():
    claims = load_history_claims()
    table = verdict_table(claims)
    assert table["claims"].sum() == len(claims)
    row = table[table["verdict mark"].str.contains("not borne out")].iloc[0]
    assert row["claims"] == 1 and row["claim ids"] == "C09"
    shown = styled_verdicts(claims)
    assert shown.table == "hist8" and list(shown.cells.columns) == ["Verdict", "Claims", "Which claims"]


def test_history_record_table_links_every_source_with_its_grade():
    record = load_history_record()
    table = history_record_table(record)
    assert len(table) == len(record)
    assert all('<a href="' in s and s.endswith(("(yes)", "(no)", "(counterpart)")) for s in table["source link"])
    shown = styled_history_record(record)
    assert shown.table == "hist9" and "Passage" in shown.cells.columns
    with pytest.raises(AnalysisError, match="missing"):
        history_record_table(record.drop(columns="passage"))


def test_event_numbers_and_the_numbered_timeline():
    assert event_number("E07") == "7" and event_number("E30") == "30"
    for bad in ("7", "X07", "E", None, "E7a"):
        with pytest.raises(AnalysisError, match="an event id"):
            event_number(bad)
    events = load_events()
    fig = timeline_figure(events, title=timeline_title(events))
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    labels = [t for ax in fig.axes for t in ax.texts if t.get_gid() == "event-number"]
    numbers = {n for t in labels for n in t.get_text().split(",")}
    assert numbers == {event_number(i) for i in events["event_id"]}
    boxes = [t.get_window_extent(renderer) for t in labels]
    assert not [(i, j) for i in range(len(boxes)) for j in range(i + 1, len(boxes)) if boxes[i].overlaps(boxes[j])]


# ------------------------------------------------------------------ referee's points (issue 15, second round)

def test_confirmations_without_independent_source_exclude_forecasts():
    claims = load_history_claims()
    support = independent_support(claims)
    v = claims.set_index("claim_id")["verdict"]
    expected = int((v.isin(["agrees", "partly"]) & ~support).sum())
    assert history_findings()["n_confirmed_dependent"] == expected
    assert v["C09"] == "not borne out" and not support["C09"]  # counted nowhere as a confirmation


def test_counterpart_only_claims_say_counterpart():
    table = styled_claims(load_history_claims()).cells.set_index("Id")
    import html
    assert "counterpart's sources" in html.unescape(table.loc["C11", "Verdict"])
    assert "not independent of the speaker" not in table.loc["C11", "Verdict"]


def test_india_recognised_in_july_1980_not_among_the_january_count():
    record = load_history_record().set_index("record_id")
    assert "India" not in record.loc["R14", "finding"]
    assert "July 1980" in record.loc["R16", "finding"] and record.loc["R16", "independent"] == "yes"
    assert "not feel that right now" in record.loc["R15", "passage"]
    c20 = load_history_claims().set_index("claim_id").loc["C20"]
    assert "rec_jain1980july" in split_cell(c20["cite_key"])
    assert "India, not among them" in c20["external_finding"]


def test_several_visits_rest_on_more_than_one_visit():
    record = load_history_record()
    c22 = record[(record["claim_id"] == "C22")]
    assert {"rec_frus1960", "rec_sihanouk_memoir", "rec_time_cancelled", "rec_lastampa1970"} <= (
        set(c22["cite_key"]) | set(split_cell(load_history_claims().set_index("claim_id").loc["C22", "cite_key"])))


def test_the_15_years_are_unverified_and_the_post_differs():
    c21 = load_history_claims().set_index("claim_id").loc["C21"]
    assert "unverified, not wrong" in c21["comment"] and "attaché" in c21["comment"]
    assert "does not fit" not in c21["comment"]


def test_efficacy_claim_is_attributed_and_rests_on_independent_reports():
    claims = load_history_claims().set_index("claim_id")
    c14 = claims.loc["C14"]
    assert c14["verdict"] == "agrees" and "yes" in split_cell(c14["independent"])
    assert "out of date" not in c14["comment"] and "29 December 2020" in c14["comment"]
    assert "is not known" in c14["comment"]


def test_aid_claim_grades_the_source_that_supports_it():
    record = load_history_record().set_index("record_id")
    # the Cambodia Daily's sentence names no source, in an article built on Russian diplomats'
    # recollections: not independent, in this chapter as in the trade chapter (trade record R10)
    assert "reporter" in record.loc["R56", "independence_note"] and record.loc["R56", "independent"] == "no"
    trade = load_trade_record().set_index("record_id")
    assert trade.loc["R10", "url"] == record.loc["R56", "url"] and trade.loc["R10", "independent"] == "no"
    c16 = load_history_claims().set_index("claim_id").loc["C16"]
    assert c16["verdict"] == "disagrees" and "every reading" in c16["comment"]
    assert "284 million" in record.loc["R57", "passage"] and "does not support" in record.loc["R57", "independence_note"]
