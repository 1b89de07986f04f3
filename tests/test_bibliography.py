"""references.bib and its style (_ext/bibliography_style.py): every URL the book cites carries the
date it was accessed, and the bibliography shows it."""

from datetime import date

import pytest
from conftest import ROOT, load_ext
from pybtex.database import BibliographyData, Entry, parse_file

BIB = ROOT / "references.bib"


def _entries():
    return parse_file(str(BIB)).entries


def test_every_entry_with_a_url_says_when_it_was_accessed():
    missing = [key for key, e in _entries().items() if "url" in e.fields and "urldate" not in e.fields]
    assert not missing, f"entries with a url and no urldate: {missing}"


def test_every_urldate_is_an_iso_date_no_later_than_today():
    for key, e in _entries().items():
        if "urldate" in e.fields:
            day = date.fromisoformat(e.fields["urldate"])  # raises for anything but YYYY-MM-DD
            assert day <= date.today(), (key, day)
            assert "url" in e.fields, f"{key}: an access date without a URL"
            assert "accessed" not in e.fields.get("note", ""), f"{key}: the access date is also in the note"


def _render(fields: dict) -> str:
    style = load_ext("bibliography_style").AuthorYearStyle()
    data = BibliographyData({"x": Entry("misc", fields=fields)})
    entry = next(iter(style.format_entries(data.entries.values())))
    return entry.text.render_as("text")


def test_the_style_shows_the_access_date_after_the_url():
    text = _render({"title": "A page", "year": "2020", "url": "https://example.org/a", "urldate": "2026-12-01"})
    assert "URL: https://example.org/a (accessed 1 December 2026)" in text
    assert "accessed" not in _render({"title": "A page", "year": "2020", "url": "https://example.org/a"})
    # a date that is not ISO is shown as written, not dropped
    assert "(accessed December 2026)" in _render({"title": "A", "url": "https://example.org", "urldate": "December 2026"})


@pytest.mark.parametrize("iso, shown", [("2026-12-01", "1 December 2026"), ("2021-05-13", "13 May 2021"),
                                        ("spring", "spring")])
def test_accessed_writes_out_iso_dates(iso, shown):
    assert load_ext("bibliography_style").accessed(iso) == shown


def _bib(tmp_path, fields: str):
    path = tmp_path / "refs.bib"
    path.write_text("@misc{k1,\n  title = {T},\n" + fields + "\n}\n", encoding="utf-8")
    return path


def test_accessed_dates_maps_every_url_to_its_date(tmp_path):
    from analysis.book.conventions import accessed_dates

    dates = accessed_dates()
    urls = {e.fields["url"] for e in _entries().values() if "url" in e.fields}
    assert set(dates) == urls and all(date.fromisoformat(d) for d in dates.values())
    assert accessed_dates(_bib(tmp_path, "  url = {https://a.example},\n  urldate = {2026-11-30}")) == \
        {"https://a.example": "2026-11-30"}


@pytest.mark.parametrize("fields, match", [
    ("  url = {https://a.example}", r"'k1' cites https://a.example without the date it was accessed"),
    ("  url = {https://a.example},\n  urldate = {1 Dec 2026}", r"urldate '1 Dec 2026' is not an ISO date")])
def test_accessed_dates_refuses_a_url_without_a_proper_date(tmp_path, fields, match):
    from analysis.book.conventions import ConventionError, accessed_dates

    with pytest.raises(ConventionError, match=match):
        accessed_dates(_bib(tmp_path, fields))


def test_claims_and_external_tables_show_each_sources_access_date():
    from analysis.book.trade import load_trade_external
    from analysis.core.errors import AnalysisError
    from analysis.display import reader_tables as rt

    verdicts, _ = rt.claims_tables()
    for cell in verdicts["finding and sources"]:
        assert cell.count("<a href=") == cell.count("</a>, accessed ") >= 1, cell
    sources = rt.external_table(load_trade_external())["source"]
    assert all("</a>, accessed " in s for s in sources)
    link = rt.source_link("A & B", "https://x.example/?a=1&b=2", {"https://x.example/?a=1&b=2": "2026-12-01"})
    assert link == '<a href="https://x.example/?a=1&amp;b=2">A &amp; B</a>, accessed 1 December 2026'
    with pytest.raises(AnalysisError, match="https://nowhere.example is cited but not in references.bib"):
        rt.source_link("X", "https://nowhere.example", {})
