"""How to cite the book: BibTeX and a formatted reference, generated from ``CITATION.cff``.

``CITATION.cff`` (Citation File Format 1.2.0) at the repository root is the one source of the
book's citation metadata; ``.zenodo.json`` repeats it for the archive and the package version
in ``pyproject.toml`` is the version both carry (the test suite keeps all three equal). This
module reads the file and writes two forms of it for the "How to cite" page:

* :func:`bibtex`: a ``@misc`` entry (it works in BibTeX and biblatex alike; CFF's ``type:
  software`` has no classic BibTeX type), with the version, the year of ``date-released``, the
  repository URL and, when the file has one, the DOI;
* :func:`formatted_reference`: an author–date reference in the style of the book's bibliography
  (authors, year, *title*, version, URL).

``CITATION.cff`` names the repository (``repository-code``) only once the public one is known;
until then :func:`with_repository` adds the one the book is built from, as
:func:`analysis.book.repository.find_repository` finds it (the launch buttons use the same).

Authors follow CFF: a person has ``family-names`` and ``given-names``, an entity a ``name``.

>>> meta = {"title": "A Book", "version": "1.2.0", "date-released": "2026-01-31",
...         "authors": [{"family-names": "Doe", "given-names": "Jane"}, {"name": "Team X"}],
...         "repository-code": "https://example.org/book"}
>>> print(formatted_reference(meta))
Doe, J., & Team X (2026). *A Book* (Version 1.2.0). https://example.org/book
>>> print(bibtex(meta).splitlines()[0])
@misc{doe2026book,
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path

import yaml

from analysis.book.paths import repo_root
from analysis.book.repository import RepositoryNotFound, find_repository
from analysis.core.errors import AnalysisError

__all__ = ["CitationError", "CITATION_FILE", "load_citation", "author_names", "bibtex",
           "formatted_reference", "with_repository", "repository_note", "page_url"]

#: The citation file, at the repository root.
CITATION_FILE = "CITATION.cff"
#: Fields the book's citation needs (CFF requires the first three; the book adds the others).
REQUIRED = ("cff-version", "title", "authors", "version", "date-released")


class CitationError(AnalysisError):
    """The citation metadata is missing, malformed or lacks a field the book needs."""


def load_citation(path: str | Path | None = None) -> dict:
    """Read and check ``CITATION.cff`` (default: the one at the repository root)."""
    path = Path(path) if path is not None else repo_root() / CITATION_FILE
    if not path.is_file():
        raise CitationError(f"no citation file at {path}")
    try:
        meta = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise CitationError(f"{path} is not valid YAML: {exc}") from None
    if not isinstance(meta, dict):
        raise CitationError(f"{path} does not hold a mapping of fields")
    missing = [field for field in REQUIRED if not meta.get(field)]
    if missing:
        raise CitationError(f"{path} lacks the field(s) {', '.join(missing)}")
    _year(meta)
    author_names(meta)
    return meta


def _year(meta: dict) -> int:
    released = meta.get("date-released")
    if isinstance(released, _dt.date):
        return released.year
    if isinstance(released, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", released):
        return int(released[:4])
    raise CitationError(f"date-released must be a date YYYY-MM-DD, not {released!r}")


def author_names(meta: dict) -> list[tuple[str, str]]:
    """Each author as ``(family or entity name, given names or "")``."""
    authors = meta.get("authors")
    if not isinstance(authors, list) or not authors:
        raise CitationError("authors must be a non-empty list")
    names = []
    for i, author in enumerate(authors, start=1):
        if not isinstance(author, dict):
            raise CitationError(f"author {i} is not a mapping: {author!r}")
        if author.get("family-names"):
            names.append((str(author["family-names"]), str(author.get("given-names", ""))))
        elif author.get("name"):
            names.append((str(author["name"]), ""))
        else:
            raise CitationError(f"author {i} has neither family-names nor name: {author!r}")
    return names


def _initials(given: str) -> str:
    return " ".join(part[0] + "." for part in given.split() if part)


def formatted_reference(meta: dict) -> str:
    """An author–date reference: ``Authors (year). *Title* (Version v). URL`` (Markdown)."""
    names = [f"{family}, {_initials(given)}" if given else family for family, given in author_names(meta)]
    authors = names[0] if len(names) == 1 else ", ".join(names[:-1]) + ", & " + names[-1]
    if "title" not in meta or "version" not in meta:
        raise CitationError("a reference needs title and version")
    reference = f"{authors} ({_year(meta)}). *{meta['title']}* (Version {meta['version']})."
    if meta.get("doi"):
        reference += f" https://doi.org/{meta['doi']}"
    elif meta.get("repository-code"):
        reference += f" {meta['repository-code']}"
    return reference


def _escape(value: str) -> str:
    """Protect BibTeX specials and keep capitals in titles (``{...}``)."""
    return re.sub(r"([&%$#_])", r"\\\1", str(value))


def bibtex(meta: dict, key: str | None = None) -> str:
    """A BibTeX ``@misc`` entry for the book; ``key`` defaults to first-author + year + title word."""
    names = author_names(meta)
    year = _year(meta)
    if "title" not in meta or "version" not in meta:
        raise CitationError("a BibTeX entry needs title and version")
    if key is None:
        first = re.sub(r"[^a-z]", "", names[0][0].split()[0].lower()) or "anon"
        words = [w for w in re.findall(r"[a-z]+", meta["title"].lower()) if w not in {"a", "an", "the", "one"}]
        key = f"{first}{year}{words[0] if words else ''}"
    if not re.fullmatch(r"[A-Za-z0-9_:\-]+", key):
        raise CitationError(f"not a usable BibTeX key: {key!r}")
    authors = " and ".join(f"{{{_escape(f)}}}" if not g else f"{_escape(f)}, {_escape(g)}" for f, g in names)
    fields = [("author", authors), ("title", f"{{{_escape(meta['title'])}}}"), ("year", str(year)),
              ("version", _escape(meta["version"])), ("note", f"Version {_escape(meta['version'])}")]
    if meta.get("doi"):
        fields.append(("doi", meta["doi"]))
    if meta.get("repository-code"):
        fields.append(("url", meta["repository-code"]))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}"


def with_repository(meta: dict, folder=None, environ=None) -> dict:
    """``meta`` with the repository the book is built from as ``repository-code``, when the
    citation file names none (a URL in the file wins). ``folder`` and ``environ`` are passed to
    :func:`analysis.book.repository.find_repository`; when it finds no repository, ``meta`` is
    returned as it is.

    >>> with_repository({"title": "T"}, environ={"GITHUB_REPOSITORY": "o/b", "GITHUB_REF_NAME": "main"})
    {'title': 'T', 'repository-code': 'https://github.com/o/b'}
    """
    if not isinstance(meta, dict):
        raise CitationError(f"citation metadata must be a mapping, not {type(meta).__name__}")
    if meta.get("repository-code"):
        return dict(meta)
    try:
        repository = find_repository(folder, environ)
    except RepositoryNotFound:
        return dict(meta)
    return {**meta, "repository-code": repository.url}


def page_url(page: str, folder=None, environ=None) -> str | None:
    """The address of a page of the book (``notebooks/01_sources.html``) on its published site,
    from the same repository :func:`with_repository` and the launch buttons use; ``None`` when
    the build does not know its repository (no address is made up).

    >>> page_url("notebooks/01_sources.html", environ={"GITHUB_REPOSITORY": "o/b", "GITHUB_REF_NAME": "main"})
    'https://o.github.io/b/notebooks/01_sources.html'
    """
    if not isinstance(page, str) or not page or page.startswith(("/", "http")) or "#" in page:
        raise CitationError(f"a page of the book is a relative path without anchor, got {page!r}")
    try:
        repository = find_repository(folder, environ)
    except RepositoryNotFound:
        return None
    return repository.pages_url + page


def repository_note(meta: dict) -> str:
    """One sentence (Markdown) for the "How to cite" page: where the book's repository is, or
    that this build does not know it.

    >>> repository_note({"repository-code": "https://github.com/o/b"})
    'The source of this book, its data and its notebooks are at <https://github.com/o/b>.'
    """
    if not isinstance(meta, dict):
        raise CitationError(f"citation metadata must be a mapping, not {type(meta).__name__}")
    url = meta.get("repository-code")
    if url:
        return f"The source of this book, its data and its notebooks are at <{url}>."
    return ("This copy of the book was built outside a known public repository, so the reference "
            "gives no URL and the pages have no launch buttons.")
