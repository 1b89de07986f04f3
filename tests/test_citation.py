"""Citation metadata: CITATION.cff valid against the CFF 1.2.0 schema, .zenodo.json and the book
carrying the same metadata and one version, and the BibTeX and reference generated from it."""

import doctest
import hashlib
import json
import re
import tomllib

import jsonschema
import pytest
import yaml
from conftest import ROOT

import analysis
from analysis.book import citation
from analysis.book.citation import (
    CitationError,
    author_names,
    bibtex,
    formatted_reference,
    load_citation,
    repository_note,
    with_repository,
)

EXAMPLE = {"GITHUB_REPOSITORY": "example-org/example-book", "GITHUB_REF_NAME": "example-branch"}

SCHEMA = ROOT / "tests" / "data" / "cff-schema-1.2.0.json"


class _CffLoader(yaml.SafeLoader):
    """YAML as CFF tools read it: dates stay strings, as the schema expects."""


_CffLoader.yaml_implicit_resolvers = {
    k: [r for r in v if r[0] != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _cff_errors(text: str) -> list[str]:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    data = yaml.load(text, Loader=_CffLoader)
    return [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(data)]


def _project_version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def test_schema_copy_is_the_recorded_one():
    digest = hashlib.sha256(SCHEMA.read_bytes()).hexdigest()
    assert digest in (ROOT / "tests" / "data" / "README.md").read_text(encoding="utf-8")


def test_citation_file_is_valid_cff():
    assert _cff_errors((ROOT / "CITATION.cff").read_text(encoding="utf-8")) == []


def test_validator_rejects_a_broken_citation_file():
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    broken = text.replace("cff-version: 1.2.0", "cff-version: 1.2.0\ncolour: blue").replace(
        "date-released: ", "date-released: not-a-date #")
    errors = _cff_errors(broken)
    assert any("colour" in e for e in errors), errors
    assert any("date-released" in e for e in errors), errors


def test_one_version_everywhere():
    version = _project_version()
    cff = load_citation()
    zenodo = json.loads((ROOT / ".zenodo.json").read_text(encoding="utf-8"))
    assert str(cff["version"]) == version, "CITATION.cff version differs from pyproject.toml"
    assert zenodo["version"] == version, ".zenodo.json version differs from pyproject.toml"
    assert analysis.__version__ == version, "the installed package is stale: reinstall (make)"


def test_zenodo_metadata_repeats_the_citation_file():
    cff = load_citation()
    zenodo = json.loads((ROOT / ".zenodo.json").read_text(encoding="utf-8"))
    assert zenodo["title"] == cff["title"]
    assert zenodo["publication_date"] == str(cff["date-released"])
    assert zenodo["description"] == cff["abstract"]
    assert zenodo["keywords"] == cff["keywords"]
    assert [c["name"] for c in zenodo["creators"]] == [
        f"{f}, {g}" if g else f for f, g in author_names(cff)]
    assert zenodo["license"].lower() in [l.lower() for l in cff["license"]]
    # the repository is cited only once CITATION.cff names it
    related = {r["identifier"] for r in zenodo.get("related_identifiers", [])}
    assert related == ({cff["repository-code"]} if cff.get("repository-code") else set())


def test_no_repository_url_is_typed_in():
    """The repository comes from where the book is built (_ext/repository_links.py), never from
    a URL typed into the configuration; CITATION.cff names one only once it is the real one."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert not {"url", "branch"} & set(config.get("repository", {})), "_config.yml names a repository"
    # (what the launch settings do, buttons or none, is built and checked in test_repository_links)
    texts = {p.name: p.read_text(encoding="utf-8") for p in [ROOT / "_config.yml", ROOT / "CITATION.cff", ROOT / ".zenodo.json"]}
    urls = set(re.findall(r"https://github\.com/[\w.-]+/[\w.-]+", "\n".join(texts.values())))
    cited = load_citation().get("repository-code")
    assert urls == ({cited} if cited else set()), urls
    assert not any("one-ambassador-two-texts/borovik-book" in t for t in texts.values()), "the old placeholder is back"


def test_reference_and_bibtex_of_the_book():
    meta = load_citation()
    ref = formatted_reference(meta)
    assert ref.startswith("One Ambassador, Two Texts contributors (2026). *One Ambassador, Two Texts:")
    assert ref.endswith(f"(Version {_project_version()}).")
    built = with_repository(meta, environ=EXAMPLE)
    assert formatted_reference(built) == f"{ref} https://github.com/example-org/example-book"
    assert "  url = {https://github.com/example-org/example-book}\n}" in bibtex(built)
    entry = bibtex(meta)
    assert entry.startswith("@misc{one2026ambassador,\n")
    assert "  author = {{One Ambassador, Two Texts contributors}}," in entry
    assert f"  version = {{{_project_version()}}}," in entry and entry.endswith("\n}")
    assert entry.count("{") == entry.count("}")


def test_people_doi_and_special_characters():
    meta = {"title": "R&D of 100% texts", "version": "2.0", "date-released": "2025-03-01", "doi": "10.5281/zenodo.1",
            "authors": [{"family-names": "van Rossum", "given-names": "Guido"}, {"family-names": "Lovelace", "given-names": "Ada King"}]}
    assert formatted_reference(meta) == (
        "van Rossum, G., & Lovelace, A. K. (2025). *R&D of 100% texts* (Version 2.0). https://doi.org/10.5281/zenodo.1")
    entry = bibtex(meta, key="vr2025")
    assert "author = {van Rossum, Guido and Lovelace, Ada King}" in entry
    assert r"title = {{R\&D of 100\% texts}}" in entry and "doi = {10.5281/zenodo.1}" in entry


def test_module_examples_hold():
    result = doctest.testmod(citation)
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize("text, problem", [
    ("title: x\n", "lacks the field(s) cff-version, authors, version, date-released"),
    ("- just\n- a list\n", "does not hold a mapping"),
    ("title: [unclosed\n", "is not valid YAML"),
])
def test_load_citation_names_the_problem(tmp_path, text, problem):
    path = tmp_path / "CITATION.cff"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CitationError, match=re.escape(problem)):
        load_citation(path)


def test_load_citation_of_a_missing_file(tmp_path):
    with pytest.raises(CitationError, match="no citation file at"):
        load_citation(tmp_path / "nowhere.cff")


@pytest.mark.parametrize("meta, problem", [
    ({"title": "T", "version": "1", "date-released": "2025", "authors": [{"name": "X"}]}, "date-released must be a date"),
    ({"title": "T", "version": "1", "date-released": "2025-01-01", "authors": []}, "authors must be a non-empty list"),
    ({"title": "T", "version": "1", "date-released": "2025-01-01", "authors": [{"email": "a@b"}]}, "author 1 has neither"),
    ({"title": "T", "version": "1", "date-released": "2025-01-01", "authors": ["X"]}, "author 1 is not a mapping"),
])
def test_bad_metadata_is_named(meta, problem):
    with pytest.raises(CitationError, match=problem):
        formatted_reference(meta)
    with pytest.raises(CitationError, match=problem):
        bibtex(meta)


def test_bad_bibtex_key_is_refused():
    with pytest.raises(CitationError, match="not a usable BibTeX key"):
        bibtex(load_citation(), key="has space")


def test_with_repository_adds_the_repository_found_and_keeps_one_in_the_file(tmp_path):
    meta = {"title": "T", "version": "1"}
    assert with_repository(meta, environ=EXAMPLE) == {**meta, "repository-code": "https://github.com/example-org/example-book"}
    assert "repository-code" not in meta, "the caller's metadata was changed"
    named = {**meta, "repository-code": "https://github.com/real/book"}
    assert with_repository(named, environ=EXAMPLE) == named
    # nowhere to find one (no variables, no git checkout): the metadata as it is
    assert with_repository(meta, folder=tmp_path, environ={}) == meta


def test_repository_note_says_where_or_that_it_is_unknown():
    assert repository_note({"repository-code": "https://github.com/o/b"}).endswith("are at <https://github.com/o/b>.")
    assert "built outside a known public repository" in repository_note({"title": "T"})


@pytest.mark.parametrize("call", [with_repository, repository_note])
def test_repository_helpers_refuse_what_is_not_metadata(call):
    with pytest.raises(CitationError, match="must be a mapping, not list"):
        call(["title"])
