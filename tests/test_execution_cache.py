"""The execution cache (_ext/execution_cache.py): its key covers the notebooks' inputs, and a
build re-executes a notebook when, and only when, one of them changed."""

from __future__ import annotations

import shutil
import subprocess

import pytest
import yaml

from conftest import BIN, ROOT, guarded_env, load_ext, toc_files


def _module():
    return load_ext("execution_cache")


def _tree(tmp_path):
    (tmp_path / "src" / "analysis" / "__pycache__").mkdir(parents=True)
    (tmp_path / "src" / "analysis" / "a.py").write_text("x = 1\n")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "t.csv").write_text("a,b\n1,2\n")
    (tmp_path / "requirements.txt").write_text("pandas==3.1.1\n")
    return tmp_path


@pytest.mark.parametrize("edit", ["src/analysis/a.py", "data/t.csv", "requirements.txt", "data/new.txt"])
def test_digest_changes_with_every_input(tmp_path, edit):
    ec = _module()
    root = _tree(tmp_path)
    before = ec.input_digest(root)
    assert before == ec.input_digest(root) and len(before) == 16
    path = root / edit
    path.write_text((path.read_text() if path.exists() else "") + "changed\n")
    assert ec.input_digest(root) != before, f"editing {edit} left the cache key unchanged"


def test_digest_ignores_bytecode_and_other_files(tmp_path):
    ec = _module()
    root = _tree(tmp_path)
    before = ec.input_digest(root)
    (root / "src" / "analysis" / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"\0")
    (root / "notes.md").write_text("not an input\n")
    assert ec.input_digest(root) == before


def test_cache_folder_is_named_by_the_digest_under_the_configured_root(tmp_path, monkeypatch):
    ec = _module()
    root = _tree(tmp_path / "book")
    monkeypatch.delenv(ec.CACHE_ENV, raising=False)
    assert ec.cache_folder(root) == root / "_build" / ".jupyter_cache" / ec.input_digest(root)
    monkeypatch.setenv(ec.CACHE_ENV, str(tmp_path / "elsewhere"))
    assert ec.cache_folder(root) == (tmp_path / "elsewhere").resolve() / ec.input_digest(root)


def test_toc_notebooks_are_the_book_chapters_in_order():
    names = [p.stem for p in _module().toc_notebooks(ROOT)]
    assert names[:5] == ["01_sources", "02_history", "03_trade", "04_lexical", "05_conclusions"]
    assert len(names) == len(set(names)) == len(list((ROOT / "notebooks").glob("*.ipynb")))


def _copy_of_the_book(tmp_path):
    """A copy of the repository with one short notebook in its table of contents."""
    copy = tmp_path / "book"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(
        ".venv", "_build", ".git", ".pytest_cache", "__pycache__", "*.egg-info"))
    (copy / ".venv").symlink_to(BIN.parent)
    toc = {"format": "jb-book", "root": toc_files(copy)[0],
           "parts": [{"caption": "Back matter", "chapters": [{"file": "notebooks/how_to_cite"}]}]}
    (copy / "_toc.yml").write_text(yaml.safe_dump(toc), encoding="utf-8")
    return copy


def _make_html(copy, out):
    # not strict: the cut table of contents leaves links to the missing chapters dangling
    proc = subprocess.run(["make", "--no-print-directory", "-C", str(copy), "html", f"OUT={out}",
                           f"VENV={BIN.parent}", "SPHINX_FLAGS="],
                          env=guarded_env(out), capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-3000:]
    return proc.stdout + proc.stderr


@pytest.mark.book
@pytest.mark.slow
def test_a_build_re_executes_when_and_only_when_an_input_changed(tmp_path):
    copy = _copy_of_the_book(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    nb = copy / "notebooks" / "how_to_cite.ipynb"
    first = _make_html(copy, out)
    assert f"Executed notebook {nb} in" in first
    assert f"{nb}: Using cached notebook" in first

    unchanged = _make_html(copy, out)
    assert "Executed notebook" not in unchanged and "execution_cache: all notebooks cached" in unchanged
    assert "0 added, 0 changed, 0 removed" in unchanged and "Executing notebook" not in unchanged
    assert "notebooks/how_to_cite" not in unchanged.split("reading sources")[-1].split("looking for")[0]

    with (copy / "data" / "datapackage.yaml").open("a", encoding="utf-8") as f:
        f.write("# an edit the execution cache must notice\n")
    edited = _make_html(copy, out)
    assert f"Executed notebook {nb} in" in edited, "a data change did not re-execute the notebook"
    assert f"{nb}: Using cached notebook" in edited, "Sphinx did not re-read the re-executed notebook"
    caches = [p.name for p in (out / "_build" / ".jupyter_cache").iterdir()]
    assert caches == [_module().input_digest(copy)], f"stale caches kept: {caches}"


def test_a_cell_that_waited_out_the_timeout_counts_as_stalled():
    ec = _module()
    assert not ec.stalled(3.0, 120) and not ec.stalled(119.9, 120)
    assert ec.stalled(120.0, 120) and ec.stalled(600.0, 120)
    assert ec._worker_class().__module__ == ec.__name__  # picklable by reference for the pool
