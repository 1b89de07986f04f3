"""The glossary: every entry defined in one sentence with its reference, and the first use of
every glossary term in each page's prose linked to it with ``{term}``.

"Prose" is the pages' own writing: Markdown files and notebook Markdown cells, without headings,
code, directive lines, figure blocks (their captions are fenced), block quotes, words in double
quotation marks (quotes from the sources), words in italics (words mentioned as words, as in
"the pronoun *I*"), glued values, other roles, links, HTML and math. The masking keeps every
character's position, so a failure names the line it found.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import toc_files

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "glossary.md"

TERM_ROLE = re.compile(r"\{term\}`([^`<]*?)(\s*<([^>`]+)>)?`")
MASKS = [
    re.compile(r"^(```|~~~).*?^\1\s*$", re.S | re.M),      # fenced blocks (code, glue:figure …)
    re.compile(r"^\s*#.*$", re.M),                         # headings
    re.compile(r"^\s*>.*$", re.M),                         # block quotes
    re.compile(r"^\s*:::.*$", re.M),                       # colon-fence directive lines
    re.compile(r"^\s*:[\w-]+:.*$", re.M),                  # directive options
    re.compile(r"^\(.*\)=\s*$", re.M),                     # labels
    re.compile(r"\{(?!term\})[\w:-]+\}`[^`]*`"),           # roles other than {term}
    re.compile(r"`[^`]*`(?<!\{term\}`)"),                  # inline code (term roles restored below)
    re.compile(r"\[[^\]]*\]\([^)]*\)"),                    # links
    re.compile(r"<[^>\n]+>"),                              # HTML
    re.compile(r"\$[^$\n]+\$"),                            # math
    re.compile(r"“[^”]*”|\"(?:[^\"\n]|\n(?!\s*\n))*\""),     # quotations, within a paragraph
    re.compile(r"(?<![*\w])\*(?!\*)[^*\n]+\*(?!\*)"),      # italics: words mentioned as words
]


def glossary_entries(text: str | None = None) -> list[dict]:
    """The glossary's entries: ``{"terms": [...], "definition": str}``, in page order."""
    text = GLOSSARY.read_text(encoding="utf-8") if text is None else text
    entries: list[dict] = []
    for block in re.findall(r"```\{glossary\}\n(.*?)^```", text, re.S | re.M):
        current = None
        for line in block.splitlines():
            if not line.strip():
                current = None if current and current["definition"] else current
                continue
            if line.startswith((" ", "\t")):
                current["definition"] += " " + line.strip()
            elif current is None or current["definition"]:
                current = {"terms": [line.strip()], "definition": ""}
                entries.append(current)
            else:
                current["terms"].append(line.strip())
    return entries


def _variant_pattern(variant: str) -> re.Pattern:
    body = re.escape(variant).replace(r"\ ", r"\s+")
    # acronyms and names keep their case; ordinary words may start a sentence
    flags = 0 if any(c.isupper() for c in variant) else re.I
    return re.compile(rf"(?<![\w-]){body}(?:s|es)?(?![\w-])", flags)


def mask_prose(text: str) -> tuple[str, list[tuple[int, int, str]]]:
    """``text`` with everything but prose blanked (same length), and the term roles' spans
    ``(start, end, target)``; a role's visible text stays, its markup is blanked."""
    chars = list(text)

    def blank(start, end):
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "

    roles = []
    for m in TERM_ROLE.finditer(text):
        roles.append((m.start(), m.end(), (m.group(3) or m.group(1)).strip()))
    for pattern in MASKS:
        for m in pattern.finditer(text):
            if pattern.pattern.startswith("`") and any(s <= m.start() < e for s, e, _ in roles):
                continue
            blank(m.start(), m.end())
    for start, end, _ in roles:  # markup blanked, visible text restored
        m = TERM_ROLE.match(text, start)
        chars[start:end] = list(" " * (m.start(1) - start) + m.group(1) + " " * (end - m.end(1)))
    return "".join(chars), roles


def first_uses(text: str, entries: list[dict]) -> list[dict]:
    """For each entry used in ``text``'s prose: where its first use is, and whether a term role
    pointing at that entry covers it."""
    masked, roles = mask_prose(text)
    found = []
    for entry in entries:
        names = {t.lower() for t in entry["terms"]}
        hits = [m for v in entry["terms"] for m in [_variant_pattern(v).search(masked)] if m]
        if not hits:
            continue
        first = min(hits, key=lambda m: m.start())
        linked = any(s <= first.start() < e and target.lower() in names for s, e, target in roles)
        line = text.count("\n", 0, first.start()) + 1
        found.append({"term": entry["terms"][0], "match": first.group(0), "start": first.start(),
                      "end": first.end(), "line": line, "linked": linked})
    return found


def _pages() -> list[Path]:
    files = toc_files()
    pages = []
    for f in files:
        for suffix in (".md", ".ipynb"):
            if (ROOT / f"{f}{suffix}").is_file() and f not in ("glossary", "bibliography"):
                pages.append(ROOT / f"{f}{suffix}")
    return pages


def page_prose(path: Path) -> str:
    """A page's Markdown: the file, or a notebook's Markdown cells joined by blank lines."""
    if path.suffix == ".ipynb":
        nb = json.loads(path.read_text(encoding="utf-8"))
        return "\n\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    return path.read_text(encoding="utf-8")


def test_every_entry_has_one_sentence_and_a_reference():
    entries = glossary_entries()
    # as many entries as the page's glossary blocks hold, counted here without the parser:
    # an entry is a term line (unindented) right before the first line of its definition (indented)
    blocks = re.findall(r"```\{glossary\}\n(.*?)^```", GLOSSARY.read_text(encoding="utf-8"), re.S | re.M)
    assert entries and len(entries) == sum(len(re.findall(r"^\S[^\n]*\n[ \t]+\S", b, re.M)) for b in blocks)
    for entry in entries:
        d = entry["definition"]
        assert d.endswith("."), f"{entry['terms'][0]}: the definition does not end a sentence"
        body = re.sub(r"\{cite:p\}`[^`]*`|\bet al\.|\be\.g\.|\bi\.e\.", "", d)
        assert not re.search(r"[.!?]\s+[A-Z]", body.rstrip(". ")), f"{entry['terms'][0]}: more than one sentence"
        assert re.search(r"\{cite:[pt]\}`[^`]+`", d), f"{entry['terms'][0]}: no reference"


def test_no_term_is_listed_twice():
    terms = [t.lower() for e in glossary_entries() for t in e["terms"]]
    assert len(terms) == len(set(terms)), sorted(t for t in terms if terms.count(t) > 1)


def test_every_cited_key_is_in_the_bibliography():
    keys = set(re.findall(r"^@\w+\{([^,]+),", (ROOT / "references.bib").read_text(encoding="utf-8"), re.M))
    cited = {k.strip() for m in re.findall(r"\{cite:[pt]\}`([^`]+)`", GLOSSARY.read_text(encoding="utf-8"))
             for k in m.split(",")}
    assert cited <= keys, cited - keys


@pytest.mark.parametrize("page", _pages(), ids=lambda p: p.name)
def test_first_use_of_every_term_links_to_the_glossary(page):
    missing = [f"line {u['line']}: {u['match']!r} ({u['term']})"
               for u in first_uses(page_prose(page), glossary_entries()) if not u["linked"]]
    assert not missing, f"{page.name}: first use not linked to the glossary:\n" + "\n".join(missing)


def test_the_check_finds_an_unlinked_first_use_and_accepts_a_linked_one():
    entries = [{"terms": ["keyness", "key word"], "definition": "x."}]
    assert not first_uses("The keyness of a word.", entries)[0]["linked"]
    assert first_uses("The {term}`keyness` of a word; keyness again.", entries)[0]["linked"]
    assert first_uses("Some {term}`key words <keyness>` here.", entries)[0]["linked"]
    # a quote, a heading, code and italics are not prose; the later plain use is the first use
    text = '# Keyness\n> keyness\n"keyness" and *keyness* and `keyness`, then keyness.'
    uses = first_uses(text, entries)
    assert not uses[0]["linked"] and text[uses[0]["start"]:uses[0]["end"]] == "keyness"
    assert uses[0]["start"] == text.rindex("keyness")
    # a role that points elsewhere does not count
    assert not first_uses("{term}`keyness <Log Ratio>` here", entries)[0]["linked"]
