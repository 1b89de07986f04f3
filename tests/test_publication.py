"""The publication's own machinery: the edition footer and PDF printer, the accessibility repairs,
the publishing workflow and CI script, and the whole-book PDF of the tested build."""

import re
import tomllib

import pytest
import yaml
from conftest import CHROMIUM, ROOT, load_ext, toc_files

# what tests/conftest.py sets for the test build, as GitHub Actions would
REPO, BRANCH = "example-org/example-book", "example-branch"
BUILT_FROM = f"https://github.com/{REPO}"


def _ext(name):
    return load_ext(name)


def test_book_version_is_the_package_version():
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert _ext("book_edition").book_version() == version


def test_pdf_folder_sits_beside_the_html_output(tmp_path):
    assert _ext("book_edition").pdf_folder(tmp_path / "_build" / "html") == tmp_path / "_build" / "pdf"


def test_printer_refuses_a_missing_page(tmp_path):
    with pytest.raises(FileNotFoundError, match="no single-page HTML build"):
        _ext("book_edition").print_pdf(tmp_path / "nothing.html", tmp_path / "out.pdf")


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium: .ci/run installs it")
def test_printer_prints_a_page(tmp_path):
    page = tmp_path / "index.html"
    page.write_text("<html><body><h1>Printed</h1></body></html>", encoding="utf-8")
    out = _ext("book_edition").print_pdf(page, tmp_path / "sub" / "out.pdf", CHROMIUM)
    assert out.read_bytes().startswith(b"%PDF")


def test_accessibility_repairs():
    repair = _ext("accessible_pages").repair_body
    page = ('<div role="list" class="citation-list"><div class="citation" role="doc-biblioentry">A</div></div>'
            '<summary aria-label="Toggle hidden content"><p>Show code cell source</p></summary>')
    fixed = repair(page)
    assert 'role="listitem"' in fixed and "doc-biblioentry" not in fixed
    assert "<summary><p>Show code cell source</p></summary>" in fixed
    assert repair("<p>nothing to repair</p>") == "<p>nothing to repair</p>"
    for template in ("search-button-field.html", "theme-switcher.html"):
        assert (ROOT / "_templates" / template).is_file(), template


def test_pages_workflow_builds_with_the_readme_command():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    runs = [s.get("run", "") for s in steps]
    assert "make book" in runs, "the workflow must build with `make book`, as README.md says"
    assert "make book" in (ROOT / "README.md").read_text(encoding="utf-8")
    upload = next(s for s in steps if "upload-pages-artifact" in s.get("uses", ""))
    assert upload["with"]["path"] == "_build/html"
    assert any("deploy-pages" in s.get("uses", "") for s in workflow["jobs"]["deploy"]["steps"])


def test_ci_installs_chromium_when_missing_then_runs_make_test():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"command -v chromium", ci) and "apt-get install" in ci and "DEBIAN_FRONTEND=noninteractive" in ci
    assert ci.rstrip().endswith("make test")


@pytest.mark.book
def test_whole_book_pdf_is_built_linked_and_complete(book):
    assert CHROMIUM, "no chromium on this machine: install Debian's chromium (.ci/run does)"
    assert book.pdf.is_file(), f"no PDF: see {book.out / 'build.log'}"
    data = book.pdf.read_bytes()
    assert data.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page\b", data))
    assert pages >= 5, f"the PDF has only {pages} pages"
    assert (book.html / "book.pdf").read_bytes() == data, "the site does not carry the printed PDF"
    # the single page (index.html only redirects to it)
    single = max((p.read_text(encoding="utf-8") for p in book.singlehtml.glob("*.html")), key=len)
    files = toc_files()
    for f in files:  # every page of the toc is in the printed single page
        html = (book.html / f"{f}.html").read_text(encoding="utf-8")
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1).split(" &#8212; ")[0].strip()
        assert title in single, f"{f} ({title}) is missing from the PDF's single page"
    cite = (book.html / "notebooks" / "how_to_cite.html").read_text(encoding="utf-8")
    assert 'href="../book.pdf"' in cite


@pytest.mark.book
def test_every_page_shows_version_licences_and_pdf_link(book):
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    pages = [p for p in book.html.rglob("*.html") if "_static" not in p.parts]
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        if 'http-equiv="Refresh"' in html[:300]:
            continue  # index.html only redirects to the first page
        rel = "../" * (len(page.relative_to(book.html).parts) - 1)
        assert f'<p class="book-edition">Version {version} · <a href="{rel}book.pdf">' in html, page.name
        assert "Code: MIT licence" in html and "CC BY 4.0" in html, page.name


@pytest.mark.book
def test_citation_page_shows_the_generated_reference(book):
    from analysis.book.citation import bibtex, formatted_reference, load_citation, with_repository

    html = (book.html / "notebooks" / "how_to_cite.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", html)
    import html as htmllib

    text = htmllib.unescape(text)
    meta = with_repository(load_citation(), environ={"GITHUB_REPOSITORY": REPO, "GITHUB_REF_NAME": BRANCH})
    assert f"This is version {meta['version']} of the book" in " ".join(text.split())
    for line in bibtex(meta).splitlines():
        assert line.strip() in text, line
    assert re.search(rf'its notebooks are at <a [^>]*href="{BUILT_FROM}"', html), "no repository link on the page"
    assert f"url = {{{BUILT_FROM}}}" in text and formatted_reference(with_repository(meta)).endswith(BUILT_FROM)
    assert f"mybinder.org/v2/gh/{REPO}/{BRANCH}?urlpath=lab/tree/notebooks/how_to_cite.ipynb" in html


@pytest.mark.book
def test_every_notebook_page_launches_on_binder_and_live_code(book):
    """The test build runs with GITHUB_REPOSITORY and GITHUB_REF_NAME set (tests/conftest.py), as
    GitHub Actions does: every launch link and the repository button must point there."""
    files = toc_files()[1:]  # the chapters, not the root page
    notebooks = [f for f in files if (ROOT / f"{f}.ipynb").is_file()]
    assert notebooks
    for nb in notebooks:
        html = (book.html / f"{nb}.html").read_text(encoding="utf-8")
        binder = f"https://mybinder.org/v2/gh/{REPO}/{BRANCH}?urlpath=lab/tree/{nb}.ipynb"
        assert binder in html, f"{nb}: no Binder link to {binder}"
        assert 'onclick="initThebeSBT()"' in html, f"{nb}: no live-code button"
        assert f'repo: "{REPO}"' in html and f'ref: "{BRANCH}"' in html, nb
        assert f'path: "./{nb.rsplit("/", 1)[0]}"' in html, f"{nb}: live code would start in the wrong folder"
        assert f'href="{BUILT_FROM}"' in html, f"{nb}: no repository button"
        launches = set(re.findall(r"mybinder\.org/v2/gh/([\w.-]+/[\w.-]+/[\w.-]+)", html))
        assert launches == {f"{REPO}/{BRANCH}"}, f"{nb} launches other repositories: {launches}"
        for default in ("executablebooks/jupyter-book", "binder-examples/", "one-ambassador-two-texts/"):
            assert default not in html, f"{nb} carries a repository nobody chose: {default}"


@pytest.mark.book
def test_build_log_says_where_the_links_point_as_information(book):
    lines = [l for l in book.log.splitlines() if "repository_links:" in l]
    assert lines, "the build log does not say where the launch links point"
    assert all(f"point at {BUILT_FROM}, branch {BRANCH} (from GITHUB_REPOSITORY)" in l for l in lines), lines
    assert not [l for l in lines if "WARNING" in l or "ERROR" in l], lines
