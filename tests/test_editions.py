"""analysis.book.editions: glued values of a build and of a published edition, what changed between
them, and the edition the editions page names (which must be the package's one version)."""

import json
import re
import tomllib

import pytest
import yaml
from conftest import ROOT

from analysis.book import editions as E
from analysis.book.citation import load_citation

PAGE = ROOT / "notebooks" / "editions.ipynb"


def _page_text() -> str:
    """The editions page's markdown, cell after cell."""
    nb = json.loads(PAGE.read_text(encoding="utf-8"))
    return "\n\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


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
    assert "notebooks/editions" in files
    listed = E.page_editions(_page_text())
    assert listed[0] == E.book_version(), f"the editions page opens with edition {listed[0]}, the package is {E.book_version()}"
    assert listed == sorted(listed, key=lambda v: tuple(map(int, v.split("."))), reverse=True), "newest first"
    assert len(set(listed)) == len(listed)
    # every earlier edition the page lists has the snapshot its changes are measured against
    for version in listed[1:]:
        assert E.snapshot_path(version).is_file(), version


# --- corrections: every old and new statement computed, every changed finding listed -------------

FINDINGS_V010 = ROOT / "tests" / "data" / "findings_v0.1.0.md"
ROLE = re.compile(r"\{glue:text\}`(?:(?:\.\./)?(?:notebooks/)?(\w+)\.ipynb::)?(\w+)(?::[^`]*)?`")


def _normalised(text: str) -> str:
    """Markdown of a statement as words: glue roles and placeholders as {page::key}, term roles as
    their words, references, citations and emphasis dropped, whitespace collapsed."""
    text = re.sub(r"\{term\}`([^`<]+?)\s*(?:<[^>]+>)?`", r"\1", text)
    text = re.sub(r"\s*\(?\{(?:ref|numref|cite:p|cite:t)\}`[^`]*`\)?", "", text)
    text = re.sub(r"\{(\w+::\w+):[^{}]*\}", r"{\1}", text)   # a placeholder's format is not wording
    text = text.replace("**", "").replace("*", "")
    text = text.replace("\\$", "$")   # a MyST escape of a dollar sign is not wording
    return " ".join(text.split())


def _findings_v010() -> tuple[str, list[tuple[str, str]]]:
    """The first edition's findings as normalised words, and the (page, key) of every value they glue."""
    keys, words = [], []
    for name, body in _sections_v010():
        own = _OWN_PAGE.get(name, "05_conclusions")

        def role(m, own=own):
            page = m[1] or own
            keys.append((f"notebooks/{page}", m[2]))
            return "{" + page + "::" + m[2] + "}"
        words.append(_normalised(ROLE.sub(role, body)))
    return " ".join(words), list(dict.fromkeys(keys))


#: The source files whose words tests/data/findings_v0.1.0.md copies, each section headed by a
#: comment naming its file.
SECTION = re.compile(r"<!-- (intro\.md|notebooks/0[1-5]_\w+\.ipynb|data/history_claims\.csv|tests/figures) -->")
#: The page a glue role without one belongs to, by section (the opening page's roles all name theirs).
_OWN_PAGE = {f"notebooks/{page}.ipynb": page for page in ("01_sources", "02_history", "03_trade", "04_lexical")}


def _sections_v010() -> list[tuple[str, str]]:
    """``(source file, text)`` of each section of the first edition's findings, in file order
    (the figure titles, which are no page's prose, left out)."""
    parts = SECTION.split(FINDINGS_V010.read_text(encoding="utf-8"))
    return [(name, body) for name, body in zip(parts[1::2], parts[2::2], strict=True) if name != "tests/figures"]


#: A sentence ends at . ? ! followed by a space and a capital, an emphasis mark, a quote or a
#: bracket; a clause ends at a semicolon (the two are checked alike).
SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=[A-Z0-9*\"“({])|(?<=;)\s+")


def _sentences(body: str, own: str = "05_conclusions") -> list[str]:
    """The sentences of a section of prose, each as normalised words: comments, headings, labels
    (``(x)=``), directive fences and options (a glued figure's caption is kept), list markers and
    block-quote marks dropped before splitting at :data:`SENTENCE_END`."""
    body = re.sub(r"<!--.*?-->", "", body, flags=re.S)
    lines = []
    for line in body.splitlines():
        stripped = line.strip()
        if re.match(r"#+\s|\(\S+\)=$|```|:::|:\w+:", stripped):
            lines.append("")   # a heading, label, fence or option ends the sentence before it
            continue
        lines.append(re.sub(r"^(?:\d+\.|[-*>])\s+", "", stripped))
    out = []
    for block in re.split(r"\n\s*\n", "\n".join(lines)):
        text = _normalised(ROLE.sub(lambda m: "{" + (m[1] or own) + "::" + m[2] + "}", block))
        # the mark that ends a sentence is not its wording: a clause may now end a sentence
        out += [s.rstrip(".;:,") for s in SENTENCE_END.split(text) if len(s.split()) >= 3]
    return out


def _overlaps(sentence: str, statement: str, run: int = 8) -> bool:
    """Whether a statement covers a sentence: one holds the other, or both hold the same run of
    consecutive words, at least ``run`` long and at least half the sentence (a statement that
    shares a phrase with a sentence does not cover the rest of it)."""
    sentence, statement = sentence.rstrip(".;:,"), statement.rstrip(".;:,")
    if sentence in statement or statement in sentence:
        return True
    a, b = sentence.split(), statement.split()
    longest, previous = 0, [0] * (len(b) + 1)
    for x in a:
        current = [0] * (len(b) + 1)
        for j, y in enumerate(b, 1):
            if x == y:
                current[j] = previous[j - 1] + 1
                longest = max(longest, current[j])
        previous = current
    return longest >= max(run, len(a) / 2)


def test_statement_keys_and_rendering():
    values = {"notebooks/02_history": {"n": 24, "name": "x"}, "notebooks/03_trade": {"s": 0.2263}}
    assert E.render_statement("{02_history::n:d} claims, {03_trade::s:.0%}, {02_history::name}", values) == \
        "24 claims, 23%, x"
    assert E.statement_keys("no values") == []
    with pytest.raises(E.EditionError, match="names 02_history::gone, which that edition does not glue"):
        E.render_statement("{02_history::gone}", values)
    with pytest.raises(E.EditionError, match=r"'x' cannot be formatted as '\.1f'"):
        E.render_statement("{02_history::name:.1f}", values)
    with pytest.raises(E.EditionError, match="a statement must be text, got int"):
        E.statement_keys(3)
    with pytest.raises(E.EditionError, match="values must be"):
        E.render_statement("{02_history::n}", [1])


def test_current_values_are_the_pages_findings():
    from analysis.book.findings import history_findings

    values = E.current_values(["notebooks/02_history"])
    assert values == {"notebooks/02_history": history_findings()}
    with pytest.raises(E.EditionError, match="no findings are computed for page 'notebooks/99_x'"):
        E.current_values(["notebooks/99_x"])


def test_snapshot_scalars_read_the_first_edition_as_its_pages_showed_it():
    old = E.snapshot_scalars("0.1.0")
    assert old["notebooks/how_to_cite"]["book_version"] == "0.1.0"
    assert isinstance(old["notebooks/02_history"]["n_claims"], int)
    assert "concl_fig_themes" not in old["notebooks/05_conclusions"]   # figures are not statements


def test_every_correction_renders_and_quotes_the_first_edition_word_for_word(data_unchanged):
    words, _keys = _findings_v010()
    corrections = E.load_corrections()
    for row in corrections.itertuples(index=False):
        assert row.old_text and row.new_text and row.why, row.correction_id
        assert not E.statement_keys(row.why), f"{row.correction_id}: a reason is shown as typed, so it names no value"
        if row.corrects == "0.1.0" and row.kind != "figure":
            assert _normalised(row.old) in words, f"{row.correction_id}: the old statement is not 0.1.0's wording"


def test_every_changed_value_of_the_first_editions_findings_has_a_correction(data_unchanged):
    """A finding of 0.1.0 whose value this checkout computes differently (or no longer computes)
    must be listed on the editions page: its key named in the old statement of a correction."""
    _words, keys = _findings_v010()
    old, new = E.snapshot_scalars("0.1.0"), E.current_values()
    named = {k for row in E.load_corrections().itertuples() for k in E.statement_keys(row.old)}
    moved = []
    for page, key in keys:
        a, b = old[page].get(key), new.get(page, {}).get(key)
        same = a == b or (isinstance(a, float) and isinstance(b, (int, float)) and abs(a - b) < 1e-9)
        if not same:
            moved.append((page, key))
    missing = [f"{p}::{k}" for p, k in moved if (p, k) not in named]
    assert not missing, f"findings of 0.1.0 that changed and the editions page does not list: {missing}"


def test_a_correction_naming_a_value_its_edition_lacks_is_named(data_copy):
    path = data_copy / "corrections.csv"
    path.write_text("correction_id,edition,corrects,kind,where,old,new,why\n"
                    "E01,0.2.0,0.1.0,finding,Abstract,{02_history::no_such_key} claims,{02_history::n_claims},x\n",
                    encoding="utf-8")
    with pytest.raises(E.EditionError, match="corrections.csv, E01: the statement names 02_history::no_such_key"):
        E.load_corrections()


def test_the_corrections_page_shows_each_statement_in_full(data_copy):
    from analysis.display.reader_tables import ReaderTableError, corrections_html

    (data_copy / "corrections.csv").write_text(
        "correction_id,edition,corrects,kind,where,old,new,why\n"
        "E01,0.2.0,0.1.0,finding,Abstract,{02_history::n_claims} claims <old>,{02_history::n_claims} claims,because\n",
        encoding="utf-8")
    table = E.load_corrections()
    html = corrections_html(table)
    old = E.snapshot_scalars("0.1.0")["notebooks/02_history"]["n_claims"]
    assert f"<dt>Edition 0.1.0 said</dt><dd>{old} claims &lt;old&gt;</dd>" in html
    assert "<dt>Edition 0.2.0 says</dt>" in html and "<dt>Why</dt><dd>because</dd>" in html
    assert 'id="E01"' in html and "{" not in html
    # the statements are Markdown: emphasis is shown as emphasis, not as asterisks
    (data_copy / "corrections.csv").write_text(
        "correction_id,edition,corrects,kind,where,old,new,why\n"
        "E01,0.2.0,0.1.0,finding,Abstract,*dialogue* leads,*relations* leads <b>,because\n", encoding="utf-8")
    emphasis = corrections_html(E.load_corrections())
    assert "<dd><em>dialogue</em> leads</dd>" in emphasis and "<em>relations</em> leads &lt;b&gt;" in emphasis
    assert "*" not in emphasis
    with pytest.raises(ReaderTableError, match=r"corrections_html: missing column\(s\) \['why'\]"):
        corrections_html(table.drop(columns="why"))


def _current_words() -> str:
    """This edition's statements as normalised words: the opening page, every chapter's Markdown
    (a glue role without a page is the chapter's own), and the claims table as 'id, verdict: comment'."""
    import csv

    parts = []
    sources = [(ROOT / "intro.md", None)] + [(p, p.stem) for p in sorted((ROOT / "notebooks").glob("0*.ipynb"))]
    for path, own in sources:
        if path.suffix == ".ipynb":
            nb = json.loads(path.read_text(encoding="utf-8"))
            text = "\n\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
        else:
            text = path.read_text(encoding="utf-8")
        parts.append(_normalised(ROLE.sub(lambda m, own=own: "{" + (m[1] or own) + "::" + m[2] + "}", text)))
    with open(ROOT / "data" / "history_claims.csv", newline="", encoding="utf-8") as f:
        parts += [_normalised(f"{r['claim_id']}, {r['verdict']}: {r['comment']}") for r in csv.DictReader(f)]
    return " ".join(parts)


def test_every_correction_quotes_this_editions_wording_word_for_word():
    """The "0.2.0 says" of each correction is what the pages say now (a referee found two that had
    drifted from the key findings): its words, with values as placeholders, occur in the opening
    page, a chapter or the claims table."""
    words = _current_words()
    drifted = [row.correction_id for row in E.load_corrections().itertuples(index=False)
               if row.edition == E.book_version() and row.kind != "figure" and _normalised(row.new) not in words]
    assert not drifted, f"corrections whose new statement is not this edition's wording: {drifted}"


def test_the_sentence_split_drops_markup_and_keeps_prose():
    body = ("<!-- a note -->\n(concl-x)=\n## A heading\n\nThe first sentence, with {glue:text}`c_n` events. "
            "*The second* one; And a third one\nover two lines.\n\n1. **A listed finding.** Its body here.\n\n"
            "```{glue:figure} fig\n:name: x-fig\n:alt: no words of this count\n\nA caption sentence of the figure.\n```\n")
    assert _sentences(body) == ["The first sentence, with {05_conclusions::c_n} events", "The second one",
                                "And a third one over two lines", "A listed finding", "Its body here",
                                "A caption sentence of the figure"]
    assert _overlaps("one two three four five six seven eight nine", "zero two three four five six seven eight nine ten")
    assert not _overlaps("one two three four five six seven x nine", "zero two three four five six seven eight nine")
    long = "a b c d e f g h " + " ".join(f"w{i}" for i in range(20))
    assert not _overlaps(long, "a b c d e f g h i j")   # a shared phrase does not cover the sentence
    assert _overlaps("a b", "x a b y") and _overlaps("x a b y", "a b")


def _uncovered_sentences() -> list[str]:
    """Sentences of the first edition's findings that are neither this edition's wording nor
    overlap the old statement of a correction (a row of any kind, the 'other wording' ledger
    among them)."""
    current = _current_words()
    olds = [_normalised(row.old) for row in E.load_corrections().itertuples(index=False)
            if row.corrects == "0.1.0" and row.kind != "figure"]
    missing = []
    for name, body in _sections_v010():
        for sentence in _sentences(body, _OWN_PAGE.get(name, "05_conclusions")):
            if sentence not in current and not any(_overlaps(sentence, old) for old in olds):
                missing.append(f"[{name}] {sentence}")
    return missing


def test_every_sentence_of_the_first_editions_findings_is_current_or_listed(data_unchanged):
    """Values are not all that moves: a sentence of 0.1.0's findings whose wording this edition
    changed must be on the editions page, as a correction (a finding, verdict or figure that moved)
    or in its 'other wording' list (kind ``statement``: wording changed, no finding moved)."""
    missing = _uncovered_sentences()
    assert not missing, "sentences of 0.1.0 whose wording changed and the editions page does not list:\n" + \
        "\n".join(missing)


def _figure_titles_v010() -> dict[str, str]:
    """``{glue key: title}`` of the first edition's figures, as tests/data/findings_v0.1.0.md
    records them (section ``tests/figures``)."""
    parts = SECTION.split(FINDINGS_V010.read_text(encoding="utf-8"))
    body = dict(zip(parts[1::2], parts[2::2], strict=True))["tests/figures"]
    body = re.sub(r"<!--.*?-->", "", body, flags=re.S)
    return dict(re.match(r"- (\w+): (.+)$", line).groups() for line in body.splitlines() if line.strip())


def _title(text: str) -> str:
    """A title as words: whitespace collapsed, no space before a per cent sign."""
    return re.sub(r"\s+%", "%", " ".join(str(text).split()))


def test_the_first_editions_figure_titles_are_recorded():
    old = _figure_titles_v010()
    assert "concl_fig_themes" in old and "lex_keyness_fig" in old and len(old) >= 12
    assert all(title and "\n" not in title for title in old.values())


def test_every_figure_title_of_the_first_edition_is_this_editions_or_corrected(data_unchanged):
    """A figure's title is a statement: where this edition's differs from the first edition's
    (both as the code draws them), a figure correction quotes the two, values computed."""
    from figure_titles import book_titles

    old, new = _figure_titles_v010(), book_titles(ROOT)
    rows = E.load_corrections().query("kind == 'figure' and corrects == '0.1.0'")
    quoted = {(_title(r.old_text), _title(r.new_text)) for r in rows.itertuples(index=False)}
    gone = sorted(set(old) - set(new))
    assert not gone, f"figures of 0.1.0 this edition no longer draws (say so on the editions page): {gone}"
    moved = [f"{key}: {old[key]!r} -> {new[key]!r}" for key in old
             if _title(old[key]) != _title(new[key]) and (_title(old[key]), _title(new[key])) not in quoted]
    assert not moved, "figure titles that changed and no figure correction quotes:\n" + "\n".join(moved)
    # and every figure correction is of a title that did change, word for word
    olds = {_title(t) for t in old.values()}
    stale = [r.correction_id for r in rows.itertuples(index=False) if _title(r.old_text) not in olds
             or _title(r.new_text) not in {_title(t) for t in new.values()}]
    assert not stale, f"figure corrections that quote no title of 0.1.0 or of this edition: {stale}"
