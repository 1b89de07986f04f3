"""The reader tables of the built book (the ``book`` fixture), as a reader meets them: no header
or cell shows a code name of the label register or of the Data Package (``p_bh``, ``hdd``,
``KH_to_RU``, ``whose_data``), a boolean as ``True``/``False`` or a missing value as ``nan``, or
a number as a machine prints it (``8e+05``, ``80000000.0``); every download link beside a table
reaches its file in the site. Text in ``<code>`` (file and column names in the data appendix,
code paths in the methods register) is code on purpose and is not read."""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from analysis.book.tables import load_package
from analysis.display.labels import LABELS

pytestmark = pytest.mark.book

RAW_NUMBER = re.compile(r"\d[eE][+-]\d|\b\d{4,}\.0\b|\b\d+\.\d{7,}\b")
MACHINE_WORDS = {"True", "False", "nan", "NaN", "None", "NaT", "<NA>"}


def code_names() -> set[str]:
    """Names a reader must never meet: register keys and Data Package field names and coded
    values that only code would write (an underscore in them)."""
    names = {k for k in LABELS if "_" in k}
    for res in load_package()["resources"]:
        for field in res.get("schema", {}).get("fields", []):
            names |= {field["name"]} if "_" in field["name"] else set()
            names |= {str(v) for v in field.get("constraints", {}).get("enum", []) if "_" in str(v)}
    return names


def table_faults(html: Path) -> list[str]:
    """What a reader should not see in the tables of the built site ``html``."""
    names = code_names()
    pattern = re.compile(r"(?<![\w./-])(" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + r")(?![\w/-])")
    faults = []
    for page in sorted((html / "notebooks").glob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for table in soup.select(".cell_output table"):
            for code in table.find_all(["code", "a"]):
                if code.name == "code":
                    code.decompose()
            for cell in table.find_all(["th", "td"]):
                text = " ".join(cell.get_text(" ").split())
                where = f"{page.name} table {table.get('id', '?')}: {text[:60]!r}"
                if pattern.search(text):
                    faults.append(f"{where} shows the code name {pattern.search(text).group(1)!r}")
                if text in MACHINE_WORDS:
                    faults.append(f"{where} is a machine's word")
                if RAW_NUMBER.search(text):
                    faults.append(f"{where} is a number as a machine prints it")
        for link in soup.select(".reader-table-download a"):
            target = (page.parent / link["href"]).resolve()
            if not target.is_file():
                faults.append(f"{page.name}: download link to missing {link['href']}")
    return faults


def test_no_reader_table_shows_code_names_machine_words_or_raw_numbers(book):
    assert book.returncode == 0, "the book did not build; see test_book.py"
    assert table_faults(book.html) == []


def test_every_chapter_table_goes_through_the_reader_table(book):
    """Every output table of the chapters is a reader table (or a concordance, which links its
    paragraph ids the same way): no DataFrame printed as pandas prints it."""
    stray = []
    for page in sorted((book.html / "notebooks").glob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        stray += [f"{page.name}: {t.get('class')} {t.get('id')}" for t in soup.select(".cell_output table")
                  if not {"reader-table-grid", "kwic"} & set(t.get("class", []))]
    assert stray == []


def test_the_check_finds_what_it_looks_for(tmp_path):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "bad.html").write_text(
        '<div class="cell_output"><table id="T_x"><tr><th>p_bh</th><th>KH_to_RU</th><th><code>event_id</code></th></tr>'
        "<tr><td>True</td><td>8e+05</td><td>80000000.0</td></tr></table>"
        '<p class="reader-table-download"><a href="../tables/gone.csv">CSV</a></p></div>', encoding="utf-8")
    faults = table_faults(tmp_path)
    assert any("'p_bh'" in f for f in faults) and any("'KH_to_RU'" in f for f in faults)
    assert not any("'event_id'" in f for f in faults)
    assert sum("machine prints" in f for f in faults) == 2 and any("machine's word" in f for f in faults)
    assert any("missing ../tables/gone.csv" in f for f in faults)
