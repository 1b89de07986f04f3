"""Editions of the book: what each glues, what changed since an earlier edition, which edition a page names.

An edition is a version of the package (``pyproject.toml``, repeated by ``CITATION.cff`` and
``.zenodo.json``). What an edition *says* is the set of values its pages glue: myst-nb keeps
each as a display output whose metadata carries ``scrapbook.name``, and when it executes a
notebook it moves those outputs into ``<build>/jupyter_execute/<page>.glue.json`` beside the
executed copy. :func:`glue_values` reads them from a build; a published edition keeps them as a
snapshot (``tests/data/glue_v<version>.json``, never regenerated), read by
:func:`edition_snapshot`. :func:`glue_changes` says, key by key, what was removed, added or
changed between two such sets, so the "Editions and corrections" page can list every finding
that moved; :func:`changes_since` compares a build with an edition's snapshot.

Text values are kept as shown (``text/plain``, or ``text/html``/``text/markdown`` when that is
what the page pastes); figures and other binary outputs as a SHA-256 of their data, so a
snapshot says *that* a figure changed, not how.

>>> glue_changes({"p": {"n": {"text/plain": "3"}}}, {"p": {"n": {"text/plain": "4"}}}).iloc[0].tolist()
['p', 'n', 'changed', '3', '4']
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
import tomllib
from pathlib import Path

import pandas as pd

from analysis.book import findings
from analysis.book.paths import repo_root
from analysis.book.tables import read_table
from analysis.core.errors import AnalysisError

__all__ = ["EditionError", "TEXT_TYPES", "glue_values", "compare", "glue_changes", "edition_snapshot",
           "snapshot_path", "changes_since", "book_version", "page_editions", "FINDINGS_FUNCTIONS",
           "current_values", "snapshot_scalars", "statement_keys", "render_statement", "load_corrections"]

#: Output types kept as text in a snapshot; every other one is kept as its SHA-256.
TEXT_TYPES = ("text/plain", "text/markdown", "text/html", "text/latex")
#: Where a published edition's snapshot lives in the checkout.
SNAPSHOT_DIR = Path("tests") / "data"


class EditionError(AnalysisError):
    """No build or snapshot where one was asked for, or a snapshot or page that says no edition."""


def _value(data: dict, prefix: str) -> dict:
    shown = {}
    for mime, value in data.items():
        mime = mime[len(prefix):] if prefix and mime.startswith(prefix) else mime
        text = "".join(value) if isinstance(value, list) else value
        if mime in TEXT_TYPES:
            shown[mime] = text
        else:
            shown[mime] = "sha256:" + hashlib.sha256(str(text).encode()).hexdigest()
    return shown


def glue_values(build) -> dict[str, dict[str, dict]]:
    """``{notebook path: {glue key: {mime type: value}}}`` for every executed notebook under
    ``build`` (any folder holding a ``jupyter_execute`` tree, searched recursively). Raises
    :class:`EditionError` when there is none."""
    found: dict[str, dict[str, dict]] = {}
    roots = sorted(Path(build).rglob("jupyter_execute"))
    if not roots:
        raise EditionError(f"no jupyter_execute folder under {build}: not a book build")
    for root in roots:
        for nb_path in sorted(root.rglob("*.ipynb")):
            nb = json.loads(nb_path.read_text(encoding="utf-8"))
            outputs = [out for cell in nb["cells"] for out in cell.get("outputs", [])]
            side = nb_path.with_suffix(".glue.json")
            if side.is_file():
                outputs += list(json.loads(side.read_text(encoding="utf-8")).values())
            keys: dict[str, dict] = {}
            for out in outputs:
                scrap = out.get("metadata", {}).get("scrapbook")
                if scrap and "name" in scrap:
                    keys[scrap["name"]] = _value(out.get("data", {}), scrap.get("mime_prefix", ""))
            if keys:
                found.setdefault(str(nb_path.relative_to(root).with_suffix("")), {}).update(keys)
    return found


def _check_values(values, what: str) -> dict:
    if not isinstance(values, dict) or not all(isinstance(v, dict) for v in values.values()):
        raise EditionError(f"{what} must be glued values as glue_values() returns them "
                           f"({{page: {{key: {{mime: value}}}}}}), got {type(values).__name__}")
    return values


def _shown(value: dict) -> str:
    """What a reader saw of a glued value: its text, or "figure" for an image."""
    for mime in ("text/markdown", "text/html", "text/plain"):
        if mime in value and not any(m.startswith("image/") for m in value):
            return value[mime]
    return "figure" if any(m.startswith("image/") for m in value) else next(iter(value.values()), "")


def glue_changes(before: dict, after: dict) -> pd.DataFrame:
    """Every glue key removed, added or changed from ``before`` to ``after`` (both as
    :func:`glue_values` returns them), page by page and key by key in sorted order: columns
    ``page``, ``key``, ``change`` ("removed", "added", "changed"), ``before`` and ``after`` (what
    the page showed: the text, or "figure" for an image; empty where there is none)."""
    before, after = _check_values(before, "before"), _check_values(after, "after")
    rows = []
    for page in sorted(set(before) | set(after)):
        a, b = before.get(page, {}), after.get(page, {})
        for key in sorted(set(a) | set(b)):
            if key not in b:
                rows.append((page, key, "removed", _shown(a[key]), ""))
            elif key not in a:
                rows.append((page, key, "added", "", _shown(b[key])))
            elif a[key] != b[key]:
                rows.append((page, key, "changed", _shown(a[key]), _shown(b[key])))
    return pd.DataFrame(rows, columns=["page", "key", "change", "before", "after"])


def compare(before: dict, after: dict) -> list[str]:
    """:func:`glue_changes` as one line per key, with the raw values (the form the tests name)."""
    before, after = _check_values(before, "before"), _check_values(after, "after")
    lines = []
    for row in glue_changes(before, after).itertuples(index=False):
        a, b = before.get(row.page, {}).get(row.key), after.get(row.page, {}).get(row.key)
        if row.change == "removed":
            lines.append(f"{row.page}: {row.key} removed (was {a})")
        elif row.change == "added":
            lines.append(f"{row.page}: {row.key} added ({b})")
        else:
            lines.append(f"{row.page}: {row.key} changed {a} -> {b}")
    return lines


def snapshot_path(version: str) -> Path:
    """Where the snapshot of edition ``version`` lives in the checkout (it may not exist)."""
    if not isinstance(version, str) or not re.fullmatch(r"\d+\.\d+\.\d+", version):
        raise EditionError(f"an edition is a version like '0.1.0', got {version!r}")
    return repo_root() / SNAPSHOT_DIR / f"glue_v{version}.json"


def edition_snapshot(version: str = "0.1.0") -> dict:
    """The glued values of the published edition ``version``, from its snapshot. Raises
    :class:`EditionError` naming the snapshots there are when it has none."""
    path = snapshot_path(version)
    if not path.is_file():
        have = sorted(p.name for p in path.parent.glob("glue_v*.json"))
        raise EditionError(f"no snapshot of edition {version} at {path}; snapshots: {have}")
    return _check_values(json.loads(path.read_text(encoding="utf-8")), path.name)


def changes_since(build, version: str = "0.1.0") -> pd.DataFrame:
    """What a build glues differently from edition ``version`` (:func:`glue_changes` of the
    edition's snapshot and the build's :func:`glue_values`)."""
    return glue_changes(edition_snapshot(version), glue_values(build))


def book_version() -> str:
    """The book's version: the package version in the checkout's ``pyproject.toml`` (the one
    source that ``CITATION.cff``, ``.zenodo.json`` and every page's footer repeat)."""
    with open(repo_root() / "pyproject.toml", "rb") as fh:
        return tomllib.load(fh)["project"]["version"]


#: A heading that opens an edition's entry on the editions page: "## Edition 0.2.0 …".
EDITION_HEADING = re.compile(r"^#{2,3}\s+Edition\s+(\d+\.\d+\.\d+)\b", re.MULTILINE)


def page_editions(text: str) -> list[str]:
    """The editions a page lists, newest first as the page orders them: the version of every
    heading ``## Edition X.Y.Z``. Raises :class:`EditionError` when the page names none.

    >>> page_editions("# Editions\\n\\n## Edition 0.2.0 (this edition)\\n…\\n## Edition 0.1.0\\n")
    ['0.2.0', '0.1.0']
    """
    if not isinstance(text, str):
        raise EditionError(f"page_editions needs the page's text, got {type(text).__name__}")
    found = EDITION_HEADING.findall(text)
    if not found:
        raise EditionError("the page names no edition: no heading '## Edition X.Y.Z'")
    return found


# ---------------------------------------------------------------------------------------------
# Corrections: what the editions page lists, each old and new statement computed, not typed

#: Every page whose findings a statement may name, and the package function that computes them
#: (the function the page itself glues with). Keys are the page's path without ``.ipynb``.
FINDINGS_FUNCTIONS = {
    "notebooks/01_sources": "sources_findings", "notebooks/02_history": "history_findings",
    "notebooks/03_trade": "trade_findings", "notebooks/04_lexical": "lexical_findings",
    "notebooks/05_conclusions": ("conclusions_findings", "sensitivity_findings"),
}
#: A value in a statement: ``{02_history::n_claims}`` or ``{03_trade::kh_share_of_ru:.0%}``.
PLACEHOLDER = re.compile(r"\{(?P<page>[\w]+)::(?P<key>\w+)(?::(?P<fmt>[^{}]*))?\}")


def _page(short: str) -> str:
    return f"notebooks/{short}"


def current_values(pages=None) -> dict[str, dict]:
    """``{page: {key: value}}`` as this checkout computes them, from :data:`FINDINGS_FUNCTIONS`
    (every page when ``pages`` is omitted). An unknown page raises :class:`EditionError`."""
    pages = list(FINDINGS_FUNCTIONS) if pages is None else list(pages)
    out = {}
    for page in pages:
        if page not in FINDINGS_FUNCTIONS:
            raise EditionError(f"no findings are computed for page {page!r}; pages: {sorted(FINDINGS_FUNCTIONS)}")
        names = FINDINGS_FUNCTIONS[page]
        values: dict = {}
        for name in (names,) if isinstance(names, str) else names:
            values.update(getattr(findings, name)())
        out[page] = values
    return out


def _literal(text: str):
    """A snapshot's ``text/plain`` as the value it shows (quotes of a string removed), as myst-nb reads it."""
    try:
        return ast.literal_eval(text)
    except (SyntaxError, ValueError):
        return text


def snapshot_scalars(version: str = "0.1.0") -> dict[str, dict]:
    """``{page: {key: value}}`` of the text values edition ``version`` glued (figures left out)."""
    return {page: {k: _literal(v["text/plain"]) for k, v in keys.items() if "text/plain" in v
                   and not any(m.startswith("image/") for m in v)}
            for page, keys in edition_snapshot(version).items()}


def statement_keys(template: str) -> list[tuple[str, str]]:
    """The ``(page, key)`` pairs a statement template names, in order.

    >>> statement_keys("Of {02_history::n_claims} claims, {02_history::n_agrees} agree")
    [('notebooks/02_history', 'n_claims'), ('notebooks/02_history', 'n_agrees')]
    """
    if not isinstance(template, str):
        raise EditionError(f"a statement must be text, got {type(template).__name__}")
    return [(_page(m["page"]), m["key"]) for m in PLACEHOLDER.finditer(template)]


def render_statement(template: str, values: dict[str, dict]) -> str:
    """``template`` with each ``{page::key:format}`` replaced by the value ``values`` holds for it,
    formatted as the book's glue roles format it. A page or key ``values`` lacks, or a format the
    value refuses, raises :class:`EditionError` naming it.

    >>> render_statement("{03_trade::share:.0%} of it", {"notebooks/03_trade": {"share": 0.226}})
    '23% of it'
    """
    statement_keys(template)
    if not isinstance(values, dict):
        raise EditionError(f"values must be {{page: {{key: value}}}}, got {type(values).__name__}")

    def one(m: re.Match) -> str:
        page, key, fmt = _page(m["page"]), m["key"], m["fmt"] or ""
        if page not in values or key not in values[page]:
            raise EditionError(f"the statement names {m['page']}::{key}, which that edition does not glue")
        value = values[page][key]
        try:
            if fmt and fmt[-1] in "eEfFgGn%":
                value = float(value)
            elif fmt and fmt[-1] in "bcdoxX":
                value = int(value)
            return format(value, fmt)
        except (TypeError, ValueError) as exc:
            raise EditionError(f"{m['page']}::{key} = {value!r} cannot be formatted as {fmt!r}: {exc}") from None

    return PLACEHOLDER.sub(one, template)


def load_corrections(version: str | None = None, old_values=None, new_values=None) -> pd.DataFrame:
    """``data/corrections.csv`` with each statement rendered: ``old_text`` from the snapshot of the
    edition the row corrects (``corrects``), ``new_text`` from this checkout's findings
    (:func:`current_values`). ``version`` keeps only the rows of one edition. A statement naming a
    value its edition does not glue raises :class:`EditionError` naming the row."""
    table = read_table("corrections")
    if version is not None:
        snapshot_path(version)
        table = table[table["edition"] == version].reset_index(drop=True)
    new_values = current_values() if new_values is None else new_values
    olds: dict[str, dict] = {}
    old_text, new_text = [], []
    for row in table.itertuples(index=False):
        if old_values is not None:
            olds[row.corrects] = old_values
        elif row.corrects not in olds:
            olds[row.corrects] = snapshot_scalars(row.corrects)
        try:
            old_text.append(render_statement(row.old, olds[row.corrects]))
            new_text.append(render_statement(row.new, new_values))
        except EditionError as exc:
            raise EditionError(f"corrections.csv, {row.correction_id}: {exc}") from None
    return table.assign(old_text=old_text, new_text=new_text)
