"""analysis.book.editions: glued values of a build and of a published edition, what changed between
them, and the edition the editions page names (which must be the package's one version)."""

import json
import tomllib

import pytest
import yaml
from conftest import ROOT

from analysis.book import editions as E
from analysis.book.citation import load_citation

PAGE = ROOT / "editions.md"


def _build(tmp_path, values: dict, side: bool = True):
    """A fake build: one executed notebook whose glued outputs sit in the notebook or beside it."""
    folder = tmp_path / "_build" / "jupyter_execute" / "notebooks"
    folder.mkdir(parents=True)
    outputs = [{"output_type": "display_data", "data": data, "metadata": {"scrapbook": {"name": key, "mime_prefix": ""}}}
               for key, data in values.items()]
    nb = {"cells": [{"cell_type": "code", "outputs": [] if side else outputs}], "metadata": {}, "nbformat": 4,
          "nbformat_minor": 5}
    (folder / "05_conclusions.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    if side:
        (folder / "05_conclusions.glue.json").write_text(json.dumps(dict(enumerate(outputs))), encoding="utf-8")
    return tmp_path / "_build"


@pytest.mark.parametrize("side", [True, False])
def test_glue_values_reads_a_build_and_hashes_figures(tmp_path, side):
    build = _build(tmp_path, {"n": {"text/plain": "3"}, "fig": {"image/png": "iVBOR", "text/plain": "<Figure>"}}, side)
    values = E.glue_values(build)
    assert list(values) == ["notebooks/05_conclusions"]
    got = values["notebooks/05_conclusions"]
    assert got["n"] == {"text/plain": "3"}
    assert got["fig"]["image/png"].startswith("sha256:") and got["fig"]["text/plain"] == "<Figure>"
    with pytest.raises(E.EditionError, match="no jupyter_execute folder"):
        E.glue_values(tmp_path / "nothing")


def test_glue_changes_lists_every_removed_added_and_changed_key():
    before = {"p": {"a": {"text/plain": "1"}, "b": {"text/plain": "2"}, "f": {"image/png": "sha256:x"}},
              "gone": {"z": {"text/plain": "'x'"}}}
    after = {"p": {"a": {"text/plain": "1"}, "b": {"text/plain": "5"}, "c": {"text/html": "<b>c</b>"},
                   "f": {"image/png": "sha256:y"}}}
    table = E.glue_changes(before, after)
    assert table.to_dict("records") == [
        {"page": "gone", "key": "z", "change": "removed", "before": "'x'", "after": ""},
        {"page": "p", "key": "b", "change": "changed", "before": "2", "after": "5"},
        {"page": "p", "key": "c", "change": "added", "before": "", "after": "<b>c</b>"},
        {"page": "p", "key": "f", "change": "changed", "before": "figure", "after": "figure"}]
    assert E.glue_changes(after, after).empty
    assert E.compare(before, after) == [
        "gone: z removed (was {'text/plain': \"'x'\"})", "p: b changed {'text/plain': '2'} -> {'text/plain': '5'}",
        "p: c added ({'text/html': '<b>c</b>'})", "p: f changed {'image/png': 'sha256:x'} -> {'image/png': 'sha256:y'}"]
    with pytest.raises(E.EditionError, match="before must be glued values"):
        E.glue_changes([1], after)
    with pytest.raises(E.EditionError, match="after must be glued values"):
        E.compare(before, {"p": 3})


def test_the_first_editions_snapshot_and_the_changes_since_it(tmp_path):
    first = E.edition_snapshot("0.1.0")
    assert E.snapshot_path("0.1.0") == ROOT / "tests" / "data" / "glue_v0.1.0.json"
    assert first["notebooks/how_to_cite"]["book_version"] == {"text/plain": "'0.1.0'"}
    build = _build(tmp_path, {"c_n_events": {"text/plain": "31"}, "c_new": {"text/plain": "1"}})
    changes = E.changes_since(build, "0.1.0")
    row = changes.set_index("key").loc["c_n_events"]
    assert (row["change"], row["before"], row["after"]) == ("changed", first["notebooks/05_conclusions"]["c_n_events"]["text/plain"], "31")
    assert changes.set_index("key").loc["c_new", "change"] == "added"
    # every other key of the first edition is missing from this small build
    assert (changes["change"] == "removed").sum() == sum(map(len, first.values())) - 1
    with pytest.raises(E.EditionError, match=r"no snapshot of edition 9.9.9 .*snapshots: \['glue_v0.1.0.json'"):
        E.edition_snapshot("9.9.9")
    with pytest.raises(E.EditionError, match="a version like '0.1.0'"):
        E.snapshot_path("v1")


def test_book_version_is_pyprojects():
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert E.book_version() == version == str(load_citation()["version"])


def test_page_editions_reads_the_headings():
    assert E.page_editions("## Edition 1.2.3 (this edition)\n\ntext\n\n### Edition 1.0.0\n") == ["1.2.3", "1.0.0"]
    with pytest.raises(E.EditionError, match="names no edition"):
        E.page_editions("# Editions\n\nEdition 1.0.0 in prose is not a heading\n")
    with pytest.raises(E.EditionError, match="needs the page's text"):
        E.page_editions(None)


def test_the_editions_page_names_this_edition_first():
    """The edition the page opens with is the package's one version, so bumping the version
    without writing the new edition's entry fails here."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [c["file"] for part in toc["parts"] for c in part["chapters"]]
    assert "editions" in files
    listed = E.page_editions(PAGE.read_text(encoding="utf-8"))
    assert listed[0] == E.book_version(), f"editions.md opens with edition {listed[0]}, the package is {E.book_version()}"
    assert listed == sorted(listed, key=lambda v: tuple(map(int, v.split("."))), reverse=True), "newest first"
    assert len(set(listed)) == len(listed)
    # every earlier edition the page lists has the snapshot its changes are measured against
    for version in listed[1:]:
        assert E.snapshot_path(version).is_file(), version
