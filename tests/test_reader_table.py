"""analysis.display.reader_tables.reader_table and the label register: the one function every
reader table goes through. Known input → headers, units, cells written for people, HTML with a
scroller and a download link; bad input → ReaderTableError naming table, column or value."""

import math
import re

import pandas as pd
import pytest
from conftest import DATA

import analysis.display.reader_tables as rt
from analysis.book.tables import load_package
from analysis.core.errors import AnalysisError
from analysis.display.labels import KINDS, LABELS, Label


@pytest.mark.parametrize("value, kind, shown", [
    (0.00004, "p", "&lt; 0.001"), (0.0412, "p", "0.041"), (1.0, "p", "1.000"),
    (80.0, "usd_m", "80.0"), (0.0001, "usd_m", "0.0001"), (1200.0, "usd_m", "1,200.0"), (0.8, "share", "80.0 %"), (1597.26, "percent", "1,597.3 %"),
    (800000.0, "int", "800,000"), (229.2, "number", "229.2"), (246.0, "number", "246"), (56.98, "number", "56.98"),
    (0.0121279, "sig3", "0.0121"), (134.223, "sig3", "134"), (819847.2, "sig3", "819,847"),
    (-4.2458, "dec2", "−4.25"), (-0.001, "dec2", "0.00"), (math.inf, "percent", "∞"), (-math.inf, "dec2", "−∞"),
    (float("nan"), "dec2", "–"), (None, "text", "–"), (True, "bool", "yes"), (False, "bool", "no"),
    (True, "text", "yes"), (2019.0, "text", "2019"), ("<b>x</b>", "text", "&lt;b&gt;x&lt;/b&gt;"),
    ("<b>x</b>", "html", "<b>x</b>"),
    ("I5 | I31", "paragraph", '<a class="paragraph-ref" href="01_sources.html#I5">I5</a> | '
                              '<a class="paragraph-ref" href="01_sources.html#I31">I31</a>'),
])
def test_cells_are_written_for_people(value, kind, shown):
    assert rt.format_cell(value, kind) == shown


def test_no_number_is_shown_in_exponent_notation_or_with_a_bare_dot_zero():
    for value in (8e5, 8e7, 1.5e-7, 123456789.0):
        for kind in ("int", "number", "usd_m", "sig3", "dec2"):
            shown = rt.format_cell(value, kind)
            assert "e+" not in shown and "e-" not in shown, (value, kind, shown)
    assert rt.format_cell(80000000.0, "number") == "80,000,000"


def test_a_table_takes_curated_labels_from_the_data_package():
    frame = pd.DataFrame({"flow": ["KH_to_RU", "turnover"], "value": [229.2, 246.0], "paragraph": ["I20", "I19"]})
    table = rt.reader_table(frame, table="demo", labels="trade_figures.csv")
    assert list(table.cells.columns) == ["Flow", "Value", "Paragraph"]
    assert table.cells["Flow"].tolist() == ["Cambodia → Russia", "turnover (both ways)"]
    assert table.cells["Value"].tolist() == ["229.2", "246"]
    assert table.csv == "../data/trade_figures.csv"
    html = table.to_html()
    assert 'class="reader-table-scroll" tabindex="0" role="region"' in html and 'id="T_demo"' in html
    assert '<a href="../data/trade_figures.csv" download>' in html and "rt-sticky" in html
    assert table._repr_html_() == html and "demo: 2 rows × 3 columns" in repr(table)


def test_derived_tables_take_the_register_and_name_their_download():
    frame = pd.DataFrame({"word": ["a"], "p_bh": [0.2], "low_expected": [False]})
    table = rt.reader_table(frame, table="demo-derived", csv="keyness")
    assert list(table.cells.columns) == ["Word", "p, Benjamini–Hochberg", "Expected count under 5"]
    assert table.cells.iloc[0].tolist() == ["a", "0.200", "no"] and table.csv == "../tables/keyness.csv"
    long = rt.reader_table(pd.DataFrame({"text": ["word " * 20]}), table="demo-long", kinds={"text": "text"})
    assert 'class="rt-long"' in long.to_html() and "rt-sticky" not in long.to_html()


@pytest.mark.parametrize("call, message", [
    (lambda: rt.reader_table([1], table="x"), "needs a pandas DataFrame, got list"),
    (lambda: rt.reader_table(pd.DataFrame({"a": [1]}), table="x y"), "the table id must be a word"),
    (lambda: rt.reader_table(pd.DataFrame({"no_such_column": [1]}), table="x"),
     "column 'no_such_column' has no label"),
    (lambda: rt.reader_table(pd.DataFrame({"word": [1]}), table="x", labels="nothing.csv"), "no resource 'nothing.csv'"),
    (lambda: rt.reader_table(pd.DataFrame({"word": [1]}), table="x", csv="nothing"), "no downloadable table 'nothing'"),
    (lambda: rt.reader_table(pd.DataFrame({"word": [1]}), table="x", kinds={"ll": "dec1"}), "does not have: \\['ll'\\]"),
    (lambda: rt.reader_table(pd.DataFrame({"word": [1]}), table="x", kinds={"word": "colour"}), "unknown cell kind"),
    (lambda: rt.reader_table(pd.DataFrame({"id": [1], "event_id": [2]}), table="x", labels="events.csv"),
     "two columns would show the same header"),
    (lambda: rt.paragraph_link("X9"), "not a paragraph id"),
])
def test_bad_input_raises_a_reader_table_error(call, message):
    with pytest.raises(rt.ReaderTableError, match=message):
        call()
    assert issubclass(rt.ReaderTableError, AnalysisError)


def test_the_register_has_no_code_names_in_its_headers():
    assert all(isinstance(label, Label) and label.kind in KINDS for label in LABELS.values())
    for name, label in LABELS.items():
        assert "_" not in label.header, name
    with pytest.raises(ValueError, match="unknown cell kind"):
        Label("x", kind="colour")


def test_every_curated_field_has_a_title_and_coded_values_have_words():
    for res in load_package()["resources"]:
        for field in res.get("schema", {}).get("fields", []):
            assert field.get("title") and "_" not in field["title"], (res["path"], field["name"])
            for value in field.get("constraints", {}).get("enum", []):
                if "_" in str(value):
                    assert value in field.get("value_labels", {}), (res["path"], field["name"], value)


def test_write_downloads_copies_data_and_writes_every_derived_table(tmp_path, data_unchanged):
    written = rt.write_downloads(tmp_path)
    assert {p.name for p in written} >= {"events.csv", "sources.json"} | {f"{n}.csv" for n in rt.DOWNLOADS}
    assert (tmp_path / "data" / "events.csv").read_bytes() == (DATA / "events.csv").read_bytes()
    keyness = pd.read_csv(tmp_path / "tables" / "keyness.csv")
    assert {"word", "p_bh", "log_ratio"} <= set(keyness.columns) and len(keyness) > 100
    quantities = pd.read_csv(tmp_path / "tables" / "quantities.csv")
    assert {"start", "end"} <= set(quantities.columns)  # the offsets stay in the machine-readable table


def test_every_paragraph_has_an_anchor_and_a_cite_button():
    from analysis.book.sources import load_source

    source = load_source("interview")
    html = rt.source_html(source, page_url="https://o.github.io/b/notebooks/01_sources.html",
                          meta={"title": "The Book", "version": "9.9"})
    ids = re.findall(r'<p id="(I\d+)"', html)
    assert ids == [p.id for p in source.paragraphs] and len(set(ids)) == len(ids)
    button = re.search(r'<button type="button" class="cite-paragraph" data-paragraph="I31" data-cite="([^"]+)" '
                       r'data-cite-url="([^"]+)"', html)
    assert button.group(2) == "https://o.github.io/b/notebooks/01_sources.html#I31"
    assert button.group(1).endswith("paragraph I31. In: The Book, version 9.9.")
    assert 'href="#I31"' in html
    # a build that does not know its site gives no address (the page's own is used by the script)
    assert "data-cite-url" not in rt.source_html(source, page_url="", meta={"title": "T", "version": "1"})


def test_page_url_comes_from_the_repository_or_is_none(tmp_path):
    from analysis.book.citation import CitationError, page_url
    from analysis.book.repository import Repository

    env = {"GITHUB_REPOSITORY": "Example-Org/example-book", "GITHUB_REF_NAME": "main"}
    assert page_url("notebooks/01_sources.html", environ=env) == \
        "https://example-org.github.io/example-book/notebooks/01_sources.html"
    assert page_url("index.html", folder=tmp_path, environ={}) is None
    assert Repository("o/o.github.io", "main", "test").pages_url == "https://o.github.io/"
    for bad in ("", "/abs.html", "https://x.org/a.html", "a.html#I31", None):
        with pytest.raises(CitationError, match="relative path without anchor"):
            page_url(bad, environ=env)


def test_source_html_can_show_paragraphs_by_their_opening_words_and_a_link():
    """The sources chapter shows each paragraph's id, speaker, opening words and the page it was copied
    from, not the whole text (the rights found cover quotation)."""
    from analysis.book.sources import load_source

    source = load_source("interview")
    html = rt.source_html(source, page_url="", meta={"title": "T", "version": "1"}, opening_words=3)
    long = max(source.paragraphs, key=lambda p: len(p.text.split()))
    assert long.text not in html and " ".join(long.text.split()[:4]) not in html
    assert f'<strong>{long.id}</strong></a> <em>[{long.speaker}]</em> ' + " ".join(long.text.split()[:3]) + " …" in html
    address = source.meta["republication_url"]
    assert html.count(f'<a class="source-link" href="{address}">at its source page</a>') == len(source.paragraphs)
    assert re.findall(r'<p id="(I\d+)"', html) == [p.id for p in source.paragraphs]   # every anchor stays
    short = min(source.paragraphs, key=lambda p: len(p.text.split()))
    shown = rt.source_html(source, page_url="", meta={"title": "T", "version": "1"},
                           opening_words=len(short.text.split()))
    assert f"</em> {short.text} <a" in shown.replace("&#x27;", "'")   # a short paragraph whole, no ellipsis
    for bad in (0, -1, True, 2.5, "8"):
        with pytest.raises(rt.ReaderTableError, match="opening_words must be a whole number of at least 1"):
            rt.source_html(source, page_url="", meta={"title": "T", "version": "1"}, opening_words=bad)


def test_source_html_refuses_to_link_a_source_without_an_address():
    from dataclasses import replace

    from analysis.book.sources import load_source

    source = load_source("article")
    bare = replace(source, meta={**source.meta, "republication_url": None, "original_url": None})
    with pytest.raises(rt.ReaderTableError, match="source 'article' has no page address"):
        rt.source_html(bare, page_url="", meta={"title": "T", "version": "1"}, opening_words=8)
    assert bare.paragraphs[0].text in rt.source_html(bare, page_url="", meta={"title": "T", "version": "1"})


def test_concordance_caption_names_every_form_of_a_merged_word():
    assert rt.concordance_caption("Article", "relations", 7) == "Article: “relations”, 7 lines"
    assert rt.concordance_caption("Answers", ["welcome", "welcomed", "welcoming"], 1) == \
        "Answers: “welcome”, “welcomed”, “welcoming”, 1 line"
    for bad in ([], [""], None, 3, ["ok", 2]):
        with pytest.raises(rt.ReaderTableError, match="word must be a word or a list of words"):
            rt.concordance_caption("Article", bad, 0)
