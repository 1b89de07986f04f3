"""The repository behind the launch links: found where the book is built (analysis.book.repository),
and turned into buttons, or into no buttons at all, by _ext/repository_links.py."""

import doctest
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import BIN, ROOT, guarded_env

from analysis.book import repository
from analysis.book.repository import Repository, RepositoryError, RepositoryNotFound, find_repository, github_slug

EXAMPLE = {"GITHUB_REPOSITORY": "example-org/example-book", "GITHUB_REF_NAME": "example-branch"}


def _git(folder, *args):
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True, text=True,
                   env={**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"})


@pytest.fixture
def checkout(tmp_path):
    """A git repository with one commit on branch `edition-2`, and no remote yet."""
    folder = tmp_path / "checkout"
    (folder / "notebooks").mkdir(parents=True)
    (folder / "notebooks" / "x.txt").write_text("x", encoding="utf-8")
    _git(folder, "init", "-q", "-b", "edition-2")
    _git(folder, "add", ".")
    _git(folder, "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-m", "one")
    return folder


def test_github_actions_variables_come_first(checkout):
    _git(checkout, "remote", "add", "origin", "https://github.com/someone/else.git")
    found = find_repository(checkout, EXAMPLE)
    assert found == Repository("example-org/example-book", "example-branch", "GITHUB_REPOSITORY")
    assert found.url == "https://github.com/example-org/example-book"


@pytest.mark.parametrize("remote", [
    "https://github.com/reader/borovik.git", "https://github.com/reader/borovik", "https://github.com/reader/borovik/",
    "git@github.com:reader/borovik.git", "ssh://git@github.com/reader/borovik.git",
    "https://x-access-token:secret@github.com/reader/borovik",
])
def test_a_github_origin_and_its_branch(checkout, remote):
    _git(checkout, "remote", "add", "origin", remote)
    found = find_repository(checkout / "notebooks", environ={})
    assert (found.slug, found.branch, found.found_in) == ("reader/borovik", "edition-2", "the origin remote")


def test_the_branch_falls_back_to_the_checkout_when_actions_names_none(checkout):
    assert find_repository(checkout, {"GITHUB_REPOSITORY": "o/b"}).branch == "edition-2"


def test_another_host_gives_no_repository_and_no_credentials_in_the_message(checkout):
    _git(checkout, "remote", "add", "origin", "https://oauth2:TOKEN@gitlab.com/reader/borovik.git")
    with pytest.raises(RepositoryNotFound, match="is not a GitHub repository") as caught:
        find_repository(checkout, environ={})
    assert "TOKEN" not in str(caught.value) and "gitlab.com/reader/borovik" in str(caught.value)


def test_no_remote_gives_no_repository(checkout):
    with pytest.raises(RepositoryNotFound, match="not in a git checkout with an origin remote"):
        find_repository(checkout, environ={})


def test_no_git_checkout_gives_no_repository(tmp_path):
    with pytest.raises(RepositoryNotFound, match="not in a git checkout"):
        find_repository(tmp_path, environ={})
    with pytest.raises(RepositoryNotFound, match="no folder"):
        find_repository(tmp_path / "missing", environ={})


def test_a_detached_head_gives_no_repository(checkout):
    _git(checkout, "remote", "add", "origin", "git@github.com:reader/borovik.git")
    _git(checkout, "checkout", "-q", "--detach")
    with pytest.raises(RepositoryNotFound, match="detached HEAD"):
        find_repository(checkout, environ={})


def test_github_enterprise_is_not_github(checkout):
    with pytest.raises(RepositoryNotFound, match="GITHUB_SERVER_URL is https://git.example.org"):
        find_repository(checkout, {**EXAMPLE, "GITHUB_SERVER_URL": "https://git.example.org"})


def test_actions_without_any_branch_gives_no_repository(tmp_path):
    with pytest.raises(RepositoryNotFound, match="set GITHUB_REF_NAME"):
        find_repository(tmp_path, {"GITHUB_REPOSITORY": "o/b"})


@pytest.mark.parametrize("environ, problem", [
    ({"GITHUB_REPOSITORY": "just-a-name", "GITHUB_REF_NAME": "main"}, "is not owner/name"),
    ({"GITHUB_REPOSITORY": "o/b/c", "GITHUB_REF_NAME": "main"}, "is not owner/name"),
    ({"GITHUB_REPOSITORY": "o/b", "GITHUB_REF_NAME": "two words"}, "is not a usable branch name"),
    ({"GITHUB_REPOSITORY": "o/b", "GITHUB_REF_NAME": "a..b"}, "is not a usable branch name"),
])
def test_variables_github_would_never_set_are_refused(tmp_path, environ, problem):
    with pytest.raises(RepositoryError, match=problem) as caught:
        find_repository(tmp_path, environ)
    assert not isinstance(caught.value, RepositoryNotFound)


@pytest.mark.parametrize("remote", ["https://gitlab.com/a/b", "/srv/git/book.git", "https://github.com/a", ""])
def test_github_slug_refuses_other_remotes(remote):
    with pytest.raises(RepositoryNotFound, match="is not a GitHub repository"):
        github_slug(remote)


def test_github_slug_refuses_what_is_not_text():
    with pytest.raises(TypeError, match="needs a remote URL, got int"):
        github_slug(42)


def test_module_examples_hold():
    result = doctest.testmod(repository)
    assert result.attempted > 0 and result.failed == 0


def test_git_missing_is_no_repository(checkout, monkeypatch):
    monkeypatch.setenv("PATH", str(checkout))  # no git on the path
    with pytest.raises(RepositoryNotFound):
        find_repository(checkout, environ={})


# --- the extension, in a one-page book built with the book's own settings -----------------------

def _small_book(folder: Path) -> Path:
    """A one-notebook book with the repository, launch and html settings of _config.yml."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    small = {key: config[key] for key in ("title", "repository", "launch_buttons", "html")}
    small["execute"] = {"execute_notebooks": "off"}
    small["sphinx"] = {"local_extensions": {"repository_links": str(ROOT / "_ext")}}
    folder.mkdir(parents=True)
    (folder / "_config.yml").write_text(yaml.safe_dump(small), encoding="utf-8")
    (folder / "_toc.yml").write_text("format: jb-book\nroot: intro\nchapters:\n- file: notebooks/page\n",
                                     encoding="utf-8")
    (folder / "intro.md").write_text("# Intro\n", encoding="utf-8")
    shutil.copytree(ROOT / "_static", folder / "_static")  # the html settings name its favicon
    (folder / "notebooks").mkdir()
    (folder / "notebooks" / "page.ipynb").write_text(
        '{"cells": [{"cell_type": "markdown", "metadata": {}, "source": ["# A page\\n"]},'
        ' {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": ["1 + 1"]}],'
        ' "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},'
        ' "nbformat": 4, "nbformat_minor": 5}', encoding="utf-8")
    return folder


def _build_small(folder: Path, extra_env: dict) -> tuple[subprocess.CompletedProcess, str]:
    env = guarded_env(folder)
    for name in ("GITHUB_REPOSITORY", "GITHUB_REF_NAME", "GITHUB_SERVER_URL"):
        env.pop(name, None)
    env.update(extra_env)
    proc = subprocess.run([str(BIN / "jupyter-book"), "build", str(folder), "--builder", "html", "-W", "-n",
                           "--keep-going"], cwd=folder, env=env, capture_output=True, text=True, timeout=600)
    page = folder / "_build" / "html" / "notebooks" / "page.html"
    return proc, page.read_text(encoding="utf-8") if page.is_file() else ""


def test_unknown_repository_builds_strictly_with_no_buttons_and_says_so(tmp_path):
    proc, html = _build_small(_small_book(tmp_path / "book"), {})
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert html, "the page was not built"
    for trace in ("mybinder.org", "initThebeSBT", "text/x-thebe-config", "binder-examples", "github.com",
                  "executablebooks/jupyter-book", "repository-button"):
        assert trace not in html, f"{trace} is on a page of a book whose repository is unknown"
    log = proc.stdout + proc.stderr
    lines = [l for l in log.splitlines() if "repository_links:" in l]
    assert len(lines) == 1 and "no launch or repository buttons, the repository is not known" in lines[0], lines
    assert "WARNING" not in lines[0] and "not in a git checkout" in lines[0]


def test_known_repository_gets_binder_live_code_and_repository_button(tmp_path):
    proc, html = _build_small(_small_book(tmp_path / "book"), EXAMPLE)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert ("https://mybinder.org/v2/gh/example-org/example-book/example-branch"
            "?urlpath=lab/tree/notebooks/page.ipynb") in html
    assert 'onclick="initThebeSBT()"' in html and 'repo: "example-org/example-book"' in html
    assert 'href="https://github.com/example-org/example-book"' in html and "repository-button" in html
    assert "executablebooks/jupyter-book" not in html and "binder-examples" not in html
