"""analysis.book.tables: the data dictionary agrees with every file in data/, and catches drift."""

import shutil

import pytest
from conftest import DATA

from analysis.book.tables import (
    DataDictionaryError,
    check_dictionary,
    columns_table,
    data_files,
    dictionary_problems,
    files_table,
    load_dictionary,
    read_table,
)


def test_the_book_data_folder_agrees_with_its_dictionary(data_unchanged):
    assert dictionary_problems() == []
    check_dictionary()  # raises if anything drifted


def test_every_file_in_data_is_documented_and_every_documented_file_exists():
    documented = set(load_dictionary()["files"])
    on_disk = {p.relative_to(DATA).as_posix() for p in DATA.rglob("*") if p.is_file()}
    assert documented == on_disk
    assert data_files() == sorted(on_disk)


@pytest.fixture
def copy(tmp_path):
    """A private copy of data/ that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_undocumented_file_and_a_missing_file_are_reported(copy):
    (copy / "extra.csv").write_text("a\n1\n", encoding="utf-8")
    (copy / "stopwords_en.txt").unlink()
    problems = dictionary_problems(copy)
    assert "extra.csv: file in data/ is not documented in dictionary.yml" in problems
    assert "stopwords_en.txt: documented in dictionary.yml but not in data/" in problems


def test_an_added_and_a_removed_column_are_reported(copy):
    _edit(copy / "events.csv", "event_id,start,", "event_id,begin,")
    problems = dictionary_problems(copy)
    assert "events.csv: column 'begin' is not documented" in problems
    assert "events.csv: documented column 'start' is missing from the file" in problems


def test_values_that_break_type_allowed_values_pattern_or_uniqueness_are_reported(copy):
    _edit(copy / "events.csv", "E02,1956-05-13,1956-12-31,year,inferred", "E01,1956-05-13,1956-13-31,era,inferred")
    _edit(copy / "history_claims.csv", ",partly,", ",maybe,")
    _edit(copy / "trade_figures.csv", ",229.2,", ",lots,")
    problems = "\n".join(dictionary_problems(copy))
    assert "events.csv row 2, column end: not a date (YYYY-MM-DD): '1956-13-31'" in problems
    assert "events.csv row 2, column precision: 'era' is not an allowed value" in problems
    assert "events.csv, column event_id: values repeat but must be unique: ['E01']" in problems
    assert "history_claims.csv row 1, column verdict: 'maybe' is not an allowed value" in problems
    assert "trade_figures.csv row 2, column value: not a number: 'lots'" in problems


def test_multi_valued_cells_are_checked_value_by_value_and_empty_cells_need_nullable(copy):
    _edit(copy / "events.csv", "article | article | interview,A3 | A2 | I13", "article | speech | interview,A3 | A2 | I13")
    _edit(copy / "trade_figures.csv", "T01,2019,turnover", "T01,2019,")
    problems = "\n".join(dictionary_problems(copy))
    assert "events.csv row 1, column source: 'speech' is not an allowed value" in problems
    assert "trade_figures.csv row 1, column flow: empty, but the column is not nullable" in problems
    with pytest.raises(DataDictionaryError, match=r"problem\(s\)"):
        check_dictionary(copy)


def test_json_nulls_and_word_lists_are_checked(copy):
    _edit(copy / "sources.json", '"id": "article"', '"id": null')
    with (copy / "stopwords_en.txt").open("a", encoding="utf-8") as fh:
        fh.write("\nBad-Word the\n")
    problems = "\n".join(dictionary_problems(copy))
    assert "sources.json row 1, column id: empty, but the column is not nullable" in problems
    assert "stopwords_en.txt: words that do not match" in problems and "Bad-Word" in problems
    assert "stopwords_en.txt: words listed more than once: ['the']" in problems


def test_a_malformed_dictionary_is_refused_naming_the_entry(copy):
    _edit(copy / "dictionary.yml", "        type: date\n        description: First day", "        type: when\n        description: First day")
    with pytest.raises(DataDictionaryError, match="events.csv, column start: type must be one of"):
        load_dictionary(copy)
    (copy / "dictionary.yml").write_text("files: [", encoding="utf-8")
    with pytest.raises(DataDictionaryError, match="not valid YAML"):
        load_dictionary(copy)
    (copy / "dictionary.yml").unlink()
    with pytest.raises(DataDictionaryError, match="no data dictionary"):
        load_dictionary(copy)
    with pytest.raises(DataDictionaryError, match="data folder not found"):
        data_files(copy / "nowhere")


def test_files_table_reads_shapes_from_the_files():
    table = files_table().set_index("file")
    assert table.loc["events.csv", "shape"] == f"{len(read_table('events.csv', {'format': 'csv'}))} rows × 11 columns"
    assert table.loc["sources.json", "shape"].startswith("2 rows")
    assert table.loc["stopwords_en.txt", "format"] == "wordlist"
    assert (table["description"].str.len() > 0).all()


def test_columns_table_summarises_each_column():
    table = columns_table("events.csv").set_index("column")
    assert table.loc["precision", "values"] == "one of: day / month / year / decade"
    assert table.loc["start", "observed"].startswith("1956-04-23 to ")
    assert table.loc["note", "values"] == "free text; may be empty"
    assert table.loc["event_id", "filled"] == "30/30"
    with pytest.raises(DataDictionaryError, match="'stopwords_en.txt' is not a documented table"):
        columns_table("stopwords_en.txt")
