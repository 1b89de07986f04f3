"""data/limits_record.csv (analysis.book.limits): the record behind the limits of this edition, each
passage verbatim with its outlet, URL and access date, checked against the sources and the bibliography."""

import re
from datetime import date

import pytest
from conftest import DATA, csv_rows
from pybtex.database import parse_file

from analysis.book.limits import load_limits_record
from analysis.book.sources import load_sources
from analysis.book.tables import DataError

CYRILLIC = re.compile(r"[А-Яа-яЁё]")


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_row_has_outlet_url_passage_and_access_date(data_unchanged):
    record = load_limits_record()
    rows = csv_rows("limits_record.csv")
    assert len(record) == len(rows) > 0
    assert record["record_id"].tolist() == [r["record_id"] for r in rows]
    for r, (_, row) in zip(rows, record.iterrows(), strict=True):
        assert row["outlet"] and row["passage"] and row["url"].startswith(("https://", "http://"))
        assert row["accessed"] == date.fromisoformat(r["accessed"]) <= date.today()
        # the language column says what the passage is written in
        assert bool(CYRILLIC.search(row["passage"])) == (row["passage_language"] == "ru"), row["record_id"]


def test_the_limits_the_issue_names_each_have_a_row():
    record = load_limits_record()
    assert {"language", "dates", "authorship", "outlet", "genre"} <= set(record["limit"])
    # the embassy's statement, in its own words, and the date the interview was republished
    passages = " ".join(record["passage"])
    assert "вымышленных цитат" in passages and "24 февраля / 2023" in passages
    assert "29 December 202017:30" in passages and "en-GB1 ru-RU1" in passages


def test_the_rights_rest_on_outside_provisions_not_on_the_books_own_record():
    """The basis for reproducing the texts is sourced outside the book (issue 18's audit found it
    quoted only data/sources.json): the Berne Convention's quotation article and its press article,
    the Russian Civil Code's, each verbatim and independent of the speaker, and what each allows."""
    record = load_limits_record()
    rights = record[record["limit"] == "rights"].set_index("record_id")
    assert len(rights) >= 5 and (rights["independent"] == "yes").all()
    passages = " ".join(rights["passage"])
    assert "It shall be permissible to make quotations from a work" in passages  # Berne 10(1)
    assert "mention shall be made of the source" in passages  # Berne 10(3)
    assert "la reproduction par la presse" in passages  # Berne 10bis(1), in French
    assert "в объеме, оправданном целью цитирования" in passages  # Civil Code 1274(1)(1)
    # the findings say what the provisions allow, not more: quotation, and the press's licence
    assert "not of reproducing a work whole" in rights.loc["L18", "finding"]
    assert "which this book is not" in rights.loc["L21", "finding"]
    assert rights.loc["L21", "passage_language"] == "fr"
    # none of them is the book's own record of the sources
    assert not {s.meta["republication_url"] for s in load_sources().values()} & set(rights["url"])


def test_passages_from_the_sources_own_pages_stand_in_the_source_files():
    raw = {s.meta["republication_url"]: s.raw for s in load_sources().values()}
    checked = 0
    for row in csv_rows("limits_record.csv"):
        if row["url"] in raw:
            assert row["passage"] in raw[row["url"]], row["record_id"]
            checked += 1
    assert checked >= 3  # the switcher, the republication date, the credit


def test_cited_rows_agree_with_the_bibliography():
    entries = parse_file(str(DATA.parent / "references.bib")).entries
    for row in csv_rows("limits_record.csv"):
        if row["cite_key"]:
            fields = entries[row["cite_key"]].fields
            assert (fields["url"], fields["urldate"]) == (row["url"], row["accessed"]), row["record_id"]


@pytest.mark.parametrize("old, new, match", [
    ("en-GB1 ru-RU1", "en-GB1 fr-FR1", r"limits_record.csv row 1 column 'passage': the passage is not in the source file"),
    (",borovik2020interview,", ",nosuchkey,", r"row 1 column 'cite_key': cite_key is not in references.bib"),
    (",hist_gamaleya2020,", ",borovik2021article,", r"row 5 column 'url': references.bib gives borovik2021article another url"),
    (",language,", ",style,", r"limits_record.csv row 1 column 'limit'"),
])
def test_broken_rows_are_named(data_copy, old, new, match):
    _edit(data_copy / "limits_record.csv", old, new)
    with pytest.raises(DataError, match=match):
        load_limits_record()


def test_an_access_date_the_bibliography_does_not_give_is_named(data_copy):
    text = (data_copy / "limits_record.csv").read_text(encoding="utf-8").splitlines()
    text[1] = text[1][: -len("2026-12-01")] + "2026-11-30"
    (data_copy / "limits_record.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"row 1 column .accessed.: references.bib gives borovik2020interview another"):
        load_limits_record()


def test_limits_findings_counts_the_record_and_quotes_it(data_unchanged):
    from analysis.book.limits import LIMITS, limits_findings

    record = load_limits_record()
    f = limits_findings(record)
    assert f["lim_n_rows"] == len(record) == sum(f[f"lim_n_{limit}"] for limit in LIMITS)
    assert f["lim_n_independent"] == (record["independent"] == "yes").sum()
    assert f["lim_L01_passage"] == "en-GB1 ru-RU1"
    assert f["lim_L04_finding"].startswith("The Ministry credits the text")
    # the statement's date comes from the bibliography, not from the page's Russian date line
    assert f["lim_statement_date"] == "24 February 2023"
    assert "scholarly analysis and criticism" in f["lim_rights_interview"]
    assert f["lim_n_rights"] == (record["limit"] == "rights").sum() > 0
    # a cited row's entry agrees with the bibliography (the loader's check), so every genre row is cited
    genre = record[record["limit"] == "genre"]
    assert genre["cite_key"].map(lambda k: isinstance(k, str) and bool(k)).all()


@pytest.mark.parametrize("bad, match", [
    ("not a table", "needs the record as a table, got str"),
    ("drop", r"lacks the column\(s\) \['passage'\]"),
    ("limit", r"unknown limit\(s\) \['weather'\]"),
])
def test_limits_findings_names_a_bad_record(bad, match):
    from analysis.book.limits import limits_findings

    record = load_limits_record()
    if bad == "drop":
        bad = record.drop(columns="passage")
    elif bad == "limit":
        bad = record.assign(limit=["weather"] + record["limit"].tolist()[1:])
    with pytest.raises(DataError, match=match):
        limits_findings(bad)


def test_the_limits_table_links_every_outlet_with_its_access_date():
    from analysis.display.reader_tables import ReaderTableError, styled_limits

    record = load_limits_record()
    table = styled_limits(record)
    assert table.cells.columns.tolist() == ["Record", "Limit", "Finding", "Outlet", "Independent of the speaker"]
    assert len(table.cells) == len(record)
    assert all(re.search(r'<a href="https?://[^"]+">.+</a>, accessed \d+ \w+ \d{4}', c) for c in table.cells["Outlet"])
    with pytest.raises(ReaderTableError, match=r"styled_limits: missing column\(s\) \['url'\]"):
        styled_limits(record.drop(columns="url"))


def test_glue_statements_glues_sentences_as_markdown():
    from IPython.display import Markdown

    from analysis.display.glue import glue_statements

    store = {}
    glue_statements({"s": "A sentence.", "n": 17}, lambda name, value, display: store.update({name: (value, display)}))
    assert isinstance(store["s"][0], Markdown) and store["s"][0].data == "A sentence."
    assert store["n"] == (17, False) and store["s"][1] is False
