"""Where the package finds the book's files: the checkout it runs in, from the working directory
upward, however it is installed. (The regular install, `pip install .` in a fresh environment, is
tested in tests/test_packaging.py; Binder's order of steps in tests/test_binder.py.)"""

import re

import pytest
from conftest import ROOT

from analysis.book import paths
from analysis.book.citation import load_citation
from analysis.book.conventions import reference_labels
from analysis.book.environment import load_bench_results, requirement_pins
from analysis.book.paths import DATA_ENV, BookFilesNotFound, data_dir, repo_root
from analysis.core.errors import SourceError


def _book(folder):
    """The smallest folder the package takes for a checkout of the book."""
    (folder / "data").mkdir(parents=True)
    (folder / "_config.yml").write_text("title: a copy\n", encoding="utf-8")
    (folder / "data" / "sources.json").write_text("{}", encoding="utf-8")
    return folder


@pytest.fixture
def regular_install(monkeypatch, tmp_path):
    """The package as a regular install has it: its module in site-packages, beside no checkout."""
    site = tmp_path / "venv" / "lib" / "python3.11" / "site-packages" / "analysis"
    site.mkdir(parents=True)
    monkeypatch.setattr(paths, "__file__", str(site / "paths.py"))
    monkeypatch.delenv(DATA_ENV, raising=False)
    return site


@pytest.mark.parametrize("cwd", ["", "notebooks"], ids=["root", "notebooks"])
def test_every_file_of_the_book_is_found_from_root_and_notebooks(monkeypatch, regular_install, cwd):
    monkeypatch.chdir(ROOT / cwd)
    assert repo_root() == ROOT
    assert data_dir() == ROOT / "data"
    assert load_citation()["title"].startswith("One Ambassador, Two Texts")
    assert reference_labels("dunning1993") == "Dunning 1993"
    assert requirement_pins()["jupyter-book"].startswith("1.")
    assert load_bench_results() is not None  # bench/results.csv


def test_the_checkout_the_code_runs_in_wins(monkeypatch, tmp_path):
    """A copy of the book (Binder's, a reader's clone) is found from its own folders, even when
    this repository's editable install sits beside the package."""
    copy = _book(tmp_path / "copy")
    (copy / "notebooks").mkdir()
    monkeypatch.chdir(copy / "notebooks")
    monkeypatch.delenv(DATA_ENV, raising=False)
    assert repo_root() == copy and data_dir() == copy / "data"
    assert repo_root(copy / "notebooks") == copy


def test_a_config_without_data_is_not_the_book(tmp_path):
    outer = _book(tmp_path / "outer")
    inner = outer / "docs"
    inner.mkdir()
    (inner / "_config.yml").write_text("title: another book\n", encoding="utf-8")
    assert repo_root(inner) == outer


def test_an_editable_install_is_found_from_elsewhere(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(DATA_ENV, raising=False)
    assert repo_root() == ROOT  # this test suite runs against the editable install


def test_nothing_found_says_where_it_looked_and_what_to_do(monkeypatch, tmp_path, regular_install):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(BookFilesNotFound) as caught:
        data_dir()
    message = str(caught.value)
    assert str(tmp_path) in message and str(regular_install.parents[2]) in message
    assert "_config.yml and data/sources.json" in message
    assert "Run from the repository (its root or notebooks/)" in message and DATA_ENV in message
    assert isinstance(caught.value, SourceError)
    with pytest.raises(BookFilesNotFound, match="no checkout of the book found"):
        load_citation()


def test_the_override_points_data_elsewhere(monkeypatch, tmp_path, regular_install):
    data = tmp_path / "other-data"
    data.mkdir()
    (data / "sources.json").write_text("{}", encoding="utf-8")
    monkeypatch.setenv(DATA_ENV, str(data))
    monkeypatch.chdir(tmp_path)  # no checkout needed for the data
    assert data_dir() == data


def test_an_override_without_sources_is_refused(monkeypatch, tmp_path):
    monkeypatch.setenv(DATA_ENV, str(tmp_path))
    with pytest.raises(BookFilesNotFound, match=re.escape(f"no data folder with sources.json at {tmp_path} ({DATA_ENV})")):
        data_dir()


def test_start_may_be_a_string(tmp_path):
    book = _book(tmp_path / "b")
    assert repo_root(str(book)) == book
