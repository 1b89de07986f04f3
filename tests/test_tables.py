"""analysis.book.tables: one loader for every curated table, driven by data/datapackage.yaml, and
the descriptor proven against the Data Package standard with the frictionless package."""

import pytest
from conftest import DATA, csv_rows

from analysis.book import history, trade
from analysis.book.claims import load_history_claims
from analysis.book.tables import (
    DESCRIPTOR,
    DataError,
    check_package,
    columns_table,
    enum_of,
    files_table,
    load_package,
    package_problems,
    read_table,
    resource,
)

TABLES = ["events", "date_non_events", "history_claims", "trade_figures", "trade_external", "sources"]


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_frictionless_finds_the_data_folder_valid_against_its_descriptor(data_unchanged):
    from frictionless import Package

    report = Package(str(DATA / DESCRIPTOR)).validate()
    assert report.valid, report.flatten(["resource", "rowNumber", "fieldName", "type", "message"])
    assert report.stats["tasks"] == len(load_package()["resources"])


def test_frictionless_catches_what_the_loader_catches(data_copy):
    from frictionless import Package

    _edit(data_copy / "history_claims.csv", ",partly,", ",maybe,")
    _edit(data_copy / "sources" / "000_8a114138c5d88286.txt", "Russia", "Rusia")
    report = Package(str(data_copy / DESCRIPTOR)).validate()
    kinds = {e[0] for e in report.flatten(["type"])}
    assert {"constraint-error", "hash-count"} & kinds, kinds
    problems = "\n".join(package_problems(data_copy))
    assert "history_claims.csv row 1 column 'verdict': enum" in problems
    assert "sources/000_8a114138c5d88286.txt: hash: sha256 is" in problems


def test_the_book_data_folder_agrees_with_its_descriptor(data_unchanged):
    assert package_problems() == []
    check_package()


def test_every_file_in_data_has_a_resource_and_every_resource_a_file():
    described = {r["path"] for r in load_package()["resources"]}
    on_disk = {p.relative_to(DATA).as_posix() for p in DATA.rglob("*") if p.is_file()} - {DESCRIPTOR}
    assert described == on_disk


@pytest.mark.parametrize("name", TABLES)
def test_every_table_reads_with_its_declared_columns_and_keys(name):
    res = resource(name)
    df = read_table(name)
    assert list(df.columns) == [f["name"] for f in res["schema"]["fields"]]
    for key in res["schema"].get("primaryKey", []):
        assert df[key].is_unique
    assert len(df) > 0


def test_typed_columns():
    events = read_table("events.csv")
    assert all(e >= s for s, e in zip(events["start"], events["end"]))
    figures = read_table("trade_figures")
    assert str(figures["year_from"].dtype) == "Int64" and figures["value"].dtype == float
    assert (figures["year_from"] <= figures["year_to"]).all()
    for written, quote in zip(figures["written"], figures["quote"]):
        assert written in quote  # the number as written is a verbatim part of the quote


@pytest.mark.parametrize("table, old, new, row, column, rule", [
    ("events.csv", "E02,1956-05-13,1956-12-31", "E02,1956-05-13,1956-13-31", 2, "end", "type date"),
    ("events.csv", ",year,inferred,", ",era,inferred,", 2, "precision", "enum"),
    ("events.csv", "E02,1956", "E01,1956", 2, "event_id", "primary key"),
    ("trade_figures.csv", ",229.2,", ",lots,", 2, "value", "type number"),
    ("trade_figures.csv", ",229.2,", ",-3,", 2, "value", "minimum"),
    ("trade_figures.csv", "T01,turnover_2019,2019,2019,2019,turnover", "T01,turnover_2019,2019,2019,2019,", 1, "flow",
     "required"),
    ("trade_figures.csv", ",1979–1990,1979,1990,", ",1979–1990,1979,199O,", 6, "year_to", "type integer"),
    ("events.csv", "article | article | interview,A3 | A2 | I13", "article | speech | interview,A3 | A2 | I13", 1,
     "source", "pattern"),
    ("date_non_events.csv", ",E01,\n", ",E99,\n", 1, "related_event", "foreign key"),
    ("trade_external.csv", "https://tass.com/world/1066941", "tass.com", 4, "url", "pattern"),
])
def test_a_bad_cell_raises_one_error_naming_file_row_column_and_rule(data_copy, table, old, new, row, column, rule):
    _edit(data_copy / table, old, new)
    with pytest.raises(DataError) as caught:
        read_table(table, data_copy)
    err = caught.value
    assert (err.file, err.row, err.column) == (table, row, column)
    assert err.rule.startswith(rule) and f"{table} row {row} column {column!r}: {rule}" in str(err)


def test_the_chapter_loaders_raise_the_same_error(data_copy):
    _edit(data_copy / "events.csv", ",diplomacy,", ",sport,")
    with pytest.raises(DataError, match=r"events.csv row 1 column 'category': enum"):
        history.load_events()
    _edit(data_copy / "trade_external.csv", ",71.8,", ",0,")
    with pytest.raises(DataError, match=r"trade_external.csv row 1 column 'value': minimum"):
        trade.load_trade_external()
    _edit(data_copy / "history_claims.csv", ",partly,", ",maybe,")
    with pytest.raises(DataError, match=r"history_claims.csv row 1 column 'verdict'"):
        load_history_claims()


def test_cross_field_rules_name_row_and_column(data_copy):
    _edit(data_copy / "events.csv", "E01,1956-04-23,1956-05-13", "E01,1956-05-23,1956-05-13")
    with pytest.raises(DataError, match=r"events.csv row 1 column 'end': end before start"):
        history.load_events()


def test_allowed_values_come_from_the_descriptor_only():
    assert history.CATEGORIES == enum_of("events", "category")
    assert enum_of("history_claims", "verdict") == ("agrees", "partly", "disagrees", "unverified")
    with pytest.raises(DataError, match="no list of allowed values"):
        enum_of("events", "label")
    with pytest.raises(AttributeError):
        history.NO_SUCH_THING  # noqa: B018


def test_missing_and_extra_columns_and_files_are_reported(data_copy):
    _edit(data_copy / "events.csv", "event_id,start,", "event_id,begin,")
    (data_copy / "extra.csv").write_text("a\n1\n", encoding="utf-8")
    (data_copy / "stopwords_en.txt").unlink()
    problems = "\n".join(package_problems(data_copy))
    assert "events.csv: column(s) ['start'] declared in datapackage.yaml are not in the file" in problems
    assert "extra.csv: file in data/ has no resource" in problems
    assert "stopwords_en.txt: resource in datapackage.yaml but no such file" in problems
    with pytest.raises(DataError, match="disagrees with its descriptor"):
        check_package(data_copy)


def test_word_lists_and_json_nulls_are_checked(data_copy):
    _edit(data_copy / "sources.json", '"id": "article"', '"id": null')
    with (data_copy / "stopwords_en.txt").open("a", encoding="utf-8") as fh:
        fh.write("\nthe\n")
    problems = "\n".join(package_problems(data_copy))
    assert "sources.json row 1 column 'id': required" in problems
    assert "stopwords_en.txt: wordlist: a word is listed twice (got 'the')" in problems
    _edit(data_copy / "stopwords_en.txt", "\nthe\n", "\nBad-Word\n")
    assert "does not match" in "\n".join(package_problems(data_copy))


def test_a_malformed_descriptor_is_refused_naming_the_entry(data_copy):
    path = data_copy / DESCRIPTOR
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("type: date", "type: when", 1), encoding="utf-8")
    with pytest.raises(DataError, match="field 'start': type must be one of"):
        load_package(data_copy)
    path.write_text(text.replace("required: true", "mandatory: true", 1), encoding="utf-8")
    with pytest.raises(DataError, match="unknown constraint"):
        load_package(data_copy)
    path.write_text("resources: [", encoding="utf-8")
    with pytest.raises(DataError, match="not valid YAML"):
        load_package(data_copy)
    path.write_text("name: x\n", encoding="utf-8")
    with pytest.raises(DataError, match="needs a list of resources"):
        load_package(data_copy)
    path.unlink()
    with pytest.raises(DataError, match="no Data Package descriptor"):
        load_package(data_copy)
    with pytest.raises(DataError, match="data folder not found"):
        load_package(data_copy / "nowhere")
    with pytest.raises(DataError, match="no resource of that name"):
        resource("nothing.csv", DATA)


def test_the_appendix_tables_are_generated_from_the_descriptor():
    files = files_table().set_index("file")
    assert set(files.index) == {r["path"] for r in load_package()["resources"]} | {DESCRIPTOR}
    for name in ("events.csv", "history_claims.csv", "trade_figures.csv"):  # counted from the file itself
        rows = csv_rows(name)
        assert files.loc[name, "shape"] == f"{len(rows)} rows × {len(rows[0])} columns", name
    assert files.loc["stopwords_en.txt", "format"] == "wordlist"
    assert (files["description"].str.len() > 0).all()
    cols = columns_table("events.csv").set_index("column")
    assert list(cols.index) == [f["name"] for f in resource("events")["schema"]["fields"]]
    assert cols.loc["precision", "values"] == "one of: day / month / year / decade"
    assert "unique" in cols.loc["event_id", "values"]
    assert 'several values, " | "' in cols.loc["source", "values"]
    with pytest.raises(DataError, match="not a table"):
        columns_table("stopwords_en.txt")
    with pytest.raises(DataError, match="not a table"):
        read_table("stopwords_en.txt")
