"""Command line: compare any two corpora with the book's method.

    python -m analysis compare A B [--format text|csv|json|html] [-o FILE]
    borovik-texts compare A B ...          (the same, installed as a console script)

A and B are a text file, a folder of ``.txt`` files, or ``-`` for standard input (one of them at
most). Counting is streamed (:mod:`analysis.core.corpus`), so memory grows with the vocabulary; the
keyness table covers the whole of both corpora. Diversity and collocations need the tokens in
order, so they are computed on the first ``--sample-tokens`` tokens of each corpus (default
100,000), file by file: no window or word pair spans two files; the report says so. Files with
no word token are skipped and counted in the report. ``--dask local`` (a Dask ``LocalCluster``)
or ``--dask ADDRESS`` (a running scheduler) counts the files in parallel with the same report
(:mod:`analysis.core.distributed`; ``pip install '.[dask]'``).

Exit status: 0 on success, 1 on bad input (a missing, unreadable, binary or non-UTF-8 file, an
empty corpus, an output that would overwrite an input or cannot be written), 2 on a usage error
(a missing or unknown option, ``--top`` < 1, ``--sample-tokens`` < 2, ``--alpha`` outside (0, 1),
both corpora from standard input, ``--reference`` or ``--ngrams`` with ``--format csv``, whose
three files have no place for them: :func:`check_format`). Inputs are only ever read.

``-o FILE`` (:func:`plan_outputs`, :func:`write_outputs`): every output is checked before any
input is read. A regular file is written whole or not at all (a temporary file in its folder,
then renamed over it), through a symbolic link to the link's target (the link stays); a new file
gets the mode the umask gives, a replaced one keeps its mode. A FIFO or a character device
(``/dev/null``, ``/dev/stdout`` and links to them) is opened and written in place, never
replaced. A folder, a block device, a socket or a dangling link is refused. With ``--format
csv`` the three files are all written or none. Messages name the path as given, never a
temporary file, with control characters and bytes that are not UTF-8 escaped.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import stat
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass
from html import escape
from pathlib import Path

from collections import Counter

import pandas as pd

from analysis.core.corpus import CorpusCounts, CorpusError, corpus_files, count_corpus
from analysis.core.distributed import count_corpus_dask, dask_client, scheduler_kind
from analysis.core.distribution import collocations
from analysis.core.diversity import diversity
from analysis.core.errors import AnalysisError, shown
from analysis.core.keyness import keyness_from_counts
from analysis.core.reference import REFERENCES, reference_description, reference_keyness
from analysis.core.lexemes import inflection_map, names_blanker, ngram_counts, read_names

__all__ = ["OutputError", "ReportFormatError", "check_format", "main", "compare", "plan_outputs", "write_outputs", "render_text", "render_json",
           "render_html"]


class OutputError(AnalysisError):
    """An output path that cannot or must not be written."""


class ReportFormatError(AnalysisError):
    """A report format that cannot hold what the options ask for."""


def check_format(fmt: str, reference: str | None = None, ngrams=()) -> None:
    """Refuse a report format that would silently drop a table: the CSV trio (keyness, diversity,
    collocations) has no place for ``--reference`` or ``--ngrams``.

    >>> check_format("json", reference="english", ngrams=(2,)) is None
    True
    """
    if fmt not in ("text", "csv", "json", "html"):
        raise ReportFormatError(f"unknown report format {fmt!r}; formats: text, csv, json, html")
    dropped = [opt for opt, on in (("--reference", reference is not None), ("--ngrams", bool(ngrams))) if on]
    if fmt == "csv" and dropped:
        raise ReportFormatError(f"{' and '.join(dropped)} cannot be written with -f csv (the CSV files hold "
                                "keyness, diversity and collocations only); use -f text, json or html")

PROG = "python -m analysis"
#: Inputs larger than this (bytes) show progress on standard error in ``--progress auto``.
PROGRESS_BYTES = 20 * 1024 * 1024


class _Progress:
    """Bytes read so far, written to stderr at most twice a second."""

    def __init__(self, label: str, total: int | None, enabled: bool):
        self.label, self.total, self.enabled = label, total, enabled
        self.done = 0
        self.last = 0.0
        self.tty = sys.stderr.isatty()

    def __call__(self, n: int) -> None:
        self.done += n
        now = time.monotonic()
        if self.enabled and now - self.last >= 0.5:
            self.last = now
            self._write()

    def _write(self, final: bool = False) -> None:
        mb = self.done / 1e6
        if self.total:
            msg = f"reading {self.label}: {100 * self.done / self.total:5.1f}% ({mb:,.1f} of {self.total / 1e6:,.1f} MB)"
        else:
            msg = f"reading {self.label}: {mb:,.1f} MB"
        end = "\n" if final or not self.tty else ""
        sys.stderr.write(("\r" if self.tty else "") + msg + end)
        sys.stderr.flush()

    def finish(self) -> None:
        if self.enabled:
            self._write(final=True)


def _input_size(spec: str) -> int | None:
    files = corpus_files(spec)
    return None if files is None else sum(p.stat().st_size for p in files)


#: Words seen fewer times in a corpus are not listed against the reference (``--reference``).
REFERENCE_MIN_COUNT = 2


def compare(spec_a: str, spec_b: str, top: int = 20, sample_tokens: int = 100_000, numbers: bool = True,
            alpha: float = 0.05, progress: str = "never", stdin=None, dask: str | None = None,
            reference: str | None = None, names: str | None = None, merge_inflections: bool = False,
            ngrams: tuple[int, ...] = ()) -> dict:
    """Count both corpora and compute keyness, diversity and collocations.

    Returns a dict with ``corpora`` (what was read), ``keyness`` (the full table of
    :func:`analysis.core.keyness.keyness_from_counts`), ``diversity`` and ``collocations`` (from
    each corpus's first ``sample_tokens`` tokens, no window or pair spanning two files), and the
    parameters. ``dask`` (``"local"`` or a scheduler address) counts the files on a Dask cluster
    (:mod:`analysis.core.distributed`) with the same result; files with no word token are
    skipped and listed on either path.

    ``reference="english"`` adds ``reference``: each corpus against general English
    (:func:`analysis.core.reference.reference_keyness`, Kilgarriff's simple maths with N = 1 and
    N = 100, words seen at least :data:`REFERENCE_MIN_COUNT` times). ``names`` is a file of
    multi-word names, one a line (:func:`analysis.core.lexemes.read_names`), whose words are not
    counted. ``merge_inflections`` merges the inflections of a word in both corpora
    (:func:`analysis.core.lexemes.inflection_map`) before keyness, not in the reference lists (the
    reference lists word forms, so each form is scored against its own frequency) nor in the
    n-grams. ``ngrams`` (2, 3 or both) adds ``ngrams``: keyness of the word sequences of the
    first ``sample_tokens`` tokens, none crossing a file, of the words as written (a name blanked
    by ``names`` leaves no gap: the words on either side of it join); sequences of
    function words only (*of the*) are counted too, since the command line has no list of
    function words (the book's chapter, :func:`analysis.book.keywords.ngram_keyness`, drops them).
    """

    problem = _usage_problem(spec_a, spec_b, top, sample_tokens, alpha)
    if problem is None and reference is not None and reference not in REFERENCES:
        problem = f"--reference must be one of {list(REFERENCES)}, got {reference!r}"
    if problem is None and any(n not in (2, 3) for n in ngrams):
        problem = f"--ngrams takes 2 and/or 3, got {list(ngrams)}"
    if problem is None and names is not None and dask is not None:
        problem = "--names cannot be combined with --dask (the names are applied while reading)"
    if problem:
        raise CorpusError(problem)
    blank = names_blanker(read_names(names)) if names is not None else None
    counted: dict[str, CorpusCounts] = {}
    if dask is not None:
        counted = _count_on_dask(spec_a, spec_b, dask, numbers, sample_tokens)
    for side, spec in (("a", spec_a), ("b", spec_b)):
        if side in counted:
            continue
        size = _input_size(spec)
        show = progress == "always" or (progress == "auto" and (size is None or size > PROGRESS_BYTES))
        meter = _Progress(f"{side.upper()} ({shown(spec)})", size, show)
        counted[side] = count_corpus(spec, numbers=numbers, stdin=stdin, on_bytes=meter,
                                     sample_tokens=sample_tokens, text_filter=blank)
        meter.finish()
    forms = {side: c.counts for side, c in counted.items()}
    counts = forms
    if merge_inflections:
        mapping = inflection_map(forms["a"] + forms["b"])
        counts = {side: _merged(c, mapping) for side, c in forms.items()}
    table = keyness_from_counts(counts["a"], counts["b"], alpha=alpha)
    ref = None
    if reference is not None:
        # the reference lists word forms: a merged group's count set against one form's frequency
        # in general English would be no ratio at all, so the reference scores the forms as written
        ref = {side: reference_keyness(c, reference=reference, min_count=REFERENCE_MIN_COUNT)
               for side, c in forms.items()}
    grams = {}
    for n in ngrams:
        g = {side: ngram_counts(c.sample_parts, n) for side, c in counted.items()}
        grams[n] = keyness_from_counts(g["a"], g["b"], alpha=alpha) if g["a"] and g["b"] else None
    div, coll = {}, {}
    for side, c in counted.items():
        d = diversity(c.sample_parts)
        div[side] = d
        try:
            coll[side] = collocations(c.sample_parts, top=top)
        except AnalysisError:
            coll[side] = None
    return {
        "corpora": {side: {"spec": shown(spec), "files": len(c.files), "empty_files": len(c.empty_files),
                           "bytes": c.n_bytes, "tokens": c.n_tokens, "types": len(c.counts),
                           "sample_tokens": len(c.sample)}
                    for side, spec, c in (("a", spec_a, counted["a"]), ("b", spec_b, counted["b"]))},
        "keyness": table,
        "diversity": div,
        "collocations": coll,
        "reference": ref,
        "ngrams": grams,
        "params": {"top": top, "alpha": alpha, "correction": "bh", "numbers": numbers,
                   "sample_tokens": sample_tokens, "reference": reference, "names": names,
                   "merge_inflections": merge_inflections, "ngrams": list(ngrams)},
    }


def _merged(counts, mapping) -> Counter:
    out: Counter = Counter()
    for w, c in counts.items():
        out[mapping.get(w, w)] += c
    return out


def _count_on_dask(spec_a: str, spec_b: str, scheduler: str, numbers: bool, sample_tokens: int) -> dict:
    """Both corpora counted on one Dask client (standard input, if any, is left to this process)."""
    scheduler_kind(scheduler)
    specs = {side: spec for side, spec in (("a", spec_a), ("b", spec_b)) if str(spec) != "-"}
    for spec in specs.values():
        corpus_files(spec)  # a missing path is reported before a cluster starts
    client = dask_client(scheduler)
    try:
        return {side: count_corpus_dask(spec, client, numbers=numbers, sample_tokens=sample_tokens)
                for side, spec in specs.items()}
    finally:
        cluster = getattr(client, "cluster", None)
        client.close()
        if cluster is not None and scheduler == "local":
            cluster.close()


def _usage_problem(spec_a, spec_b, top, sample_tokens, alpha) -> str | None:
    """What is wrong with the arguments of a comparison, or ``None``."""
    if str(spec_a) == "-" and str(spec_b) == "-":
        return "only one corpus can come from standard input"
    for name, value, least in (("--top", top, 1), ("--sample-tokens", sample_tokens, 2)):
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            return f"{name} must be a whole number ≥ {least}, got {value!r}"
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float)) or not 0 < alpha < 1:
        return f"--alpha must be a number between 0 and 1, got {alpha!r}"
    return None


def _key_words(result: dict, side: str):
    table = result["keyness"]
    key = table[table["key_for"] == side]
    return key.head(result["params"]["top"])


_KEY_COLUMNS = ["count_a", "count_b", "per_1000_a", "per_1000_b", "ll", "log_ratio", "p_bh", "low_expected"]
_MEASURES = ["n_tokens", "n_types", "ttr", "mattr", "mtld", "hdd", "maas", "yule_k"]


def _fmt(x) -> str:
    if isinstance(x, bool):
        return "yes" if x else ""
    if isinstance(x, int):
        return f"{x:,}"
    if isinstance(x, float):
        if math.isnan(x):
            return "–"
        if x != 0 and (abs(x) < 1e-3 or abs(x) >= 1e6):
            return f"{x:.2e}"
        return f"{x:,.3f}"
    return str(x)


def _table_text(rows: list[list], header: list[str]) -> str:
    cells = [header] + [[_fmt(v) for v in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
             for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join("  " + line for line in lines)


def render_text(result: dict) -> str:
    """A readable terminal report."""
    c, p = result["corpora"], result["params"]
    out = ["Comparison of two corpora", ""]
    for side in ("a", "b"):
        k = c[side]
        empty = f" ({k['empty_files']:,} without words, skipped)" if k.get("empty_files") else ""
        out.append(f"  {side.upper()}: {k['spec']} — {k['files']:,} file(s){empty}, {k['tokens']:,} tokens, "
                   f"{k['types']:,} types")
    out.append(f"  Keyness table: {len(result['keyness']):,} word types of A and B together")
    out += ["", f"Diversity (first {p['sample_tokens']:,} tokens of each corpus)"]
    out.append(_table_text([[m, result["diversity"]["a"][m], result["diversity"]["b"][m]] for m in _MEASURES],
                           ["measure", "A", "B"]))
    for side in ("a", "b"):
        kw = _key_words(result, side)
        out += ["", f"Key words of {side.upper()} (log-likelihood G², Benjamini–Hochberg p < {p['alpha']}; "
                    f"top {p['top']}; log ratio = log2 of the relative-frequency ratio A/B)"]
        if kw.empty:
            out.append("  none")
        else:
            out.append(_table_text([[w] + [row[col].item() if hasattr(row[col], "item") else row[col]
                                           for col in _KEY_COLUMNS] for w, row in kw.iterrows()],
                                   ["word"] + _KEY_COLUMNS))
    out += _extra_text(result)
    for side in ("a", "b"):
        coll = result["collocations"][side]
        out += ["", f"Top collocations of {side.upper()} (log-likelihood, pairs seen at least twice)"]
        if coll is None or coll.empty:
            out.append("  none")
        else:
            out.append(_table_text([[f"{r.w1} {r.w2}", int(r.count), float(r.ll)] for r in coll.itertuples()],
                                   ["pair", "count", "ll"]))
    return "\n".join(out) + "\n"


_REF_COLUMNS = ["count", "fpm", "ref_fpm", "sm_1", "sm_100"]


def _extra_text(result: dict) -> list[str]:
    """The sections of ``--reference`` and ``--ngrams`` in the text report."""
    out, p = [], result["params"]
    for side, t in (result.get("reference") or {}).items():
        for col in ("sm_1", "sm_100"):
            top = t.sort_values(col, ascending=False, kind="stable").head(p["top"])
            out += ["", f"Key words of {side.upper()} against {reference_description(p['reference'])}: "
                        f"Kilgarriff's simple maths, N = {col[3:]} (per-million ratio; words seen at least "
                        f"{REFERENCE_MIN_COUNT} times; top {p['top']})"]
            out.append(_table_text([[w, int(row["count"])] + [float(row[c]) for c in _REF_COLUMNS[1:]]
                                    for w, row in top.iterrows()], ["word"] + _REF_COLUMNS))
    for n, t in (result.get("ngrams") or {}).items():
        out += ["", f"Top {n}-grams by log-likelihood (first {p['sample_tokens']:,} tokens of each corpus; "
                    f"top {p['top']}; key_for after Benjamini–Hochberg)"]
        if t is None or t.empty:
            out.append("  none")
            continue
        rows = [[w, int(r.count_a), int(r.count_b), float(r.ll), float(r.log_ratio), float(r.p_bh),
                 r.key_for or ""] for w, r in t.head(p["top"]).iterrows()]
        out.append(_table_text(rows, ["sequence", "count_a", "count_b", "ll", "log_ratio", "p_bh", "key_for"]))
    return out


def _jsonable(x):
    # JSON has no infinity: an undefined or infinite measure (%DIFF of a word absent from B)
    # is null, so that every numeric column holds numbers or null
    if isinstance(x, float) and not math.isfinite(x):
        return None
    if hasattr(x, "item"):
        return _jsonable(x.item())
    return x


def render_json(result: dict) -> str:
    """The whole result as JSON: the full keyness table as a list of rows. A value that is not a
    finite number (``pct_diff`` of a word absent from B, a diversity measure undefined for a
    short sample) is ``null``."""
    table = result["keyness"].reset_index()
    doc = {
        "corpora": result["corpora"],
        "params": result["params"],
        "diversity": {s: {k: _jsonable(v) for k, v in d.items()} for s, d in result["diversity"].items()},
        "keyness": [{k: _jsonable(v) for k, v in row.items()} for row in table.to_dict(orient="records")],
        "collocations": {s: ([] if t is None else [{k: _jsonable(v) for k, v in r.items()}
                                                   for r in t.to_dict(orient="records")])
                         for s, t in result["collocations"].items()},
    }
    if result.get("reference"):
        doc["reference"] = {s: [{k: _jsonable(v) for k, v in r.items()}
                                for r in t.reset_index().to_dict(orient="records")]
                            for s, t in result["reference"].items()}
    if result.get("ngrams"):
        doc["ngrams"] = {str(n): ([] if t is None else [{k: _jsonable(v) for k, v in r.items()}
                                                      for r in t.head(result["params"]["top"]).reset_index()
                                                      .to_dict(orient="records")])
                         for n, t in result["ngrams"].items()}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def render_html(result: dict) -> str:
    """A self-contained HTML report (inline style, no scripts, every value escaped)."""
    c, p = result["corpora"], result["params"]
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             "<title>Comparison of two corpora</title>",
             "<style>body{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;color:#111;background:#fff}"
             "table{border-collapse:collapse;margin:1em 0}td,th{padding:.2em .6em;border-bottom:1px solid #ccc;"
             "text-align:right}td:first-child,th:first-child{text-align:left}caption{text-align:left;font-weight:bold}"
             "</style></head><body>", "<h1>Comparison of two corpora</h1><ul>"]
    for side in ("a", "b"):
        k = c[side]
        empty = f" ({k['empty_files']:,} without words, skipped)" if k.get("empty_files") else ""
        parts.append(f"<li><strong>{side.upper()}</strong>: {escape(k['spec'])} — {k['files']:,} file(s){empty}, "
                     f"{k['tokens']:,} tokens, {k['types']:,} types</li>")
    parts.append("</ul>")

    def table(caption, header, rows):
        body = "".join("<tr>" + "".join(f"<td>{escape(_fmt(v))}</td>" for v in r) + "</tr>" for r in rows)
        head = "".join(f"<th scope='col'>{escape(h)}</th>" for h in header)
        return f"<table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    parts.append(table(f"Diversity (first {p['sample_tokens']:,} tokens of each corpus)", ["measure", "A", "B"],
                       [[m, result["diversity"]["a"][m], result["diversity"]["b"][m]] for m in _MEASURES]))
    for side in ("a", "b"):
        kw = _key_words(result, side)
        parts.append(table(f"Key words of {side.upper()} (G², Benjamini–Hochberg p < {p['alpha']})",
                           ["word"] + _KEY_COLUMNS,
                           [[w] + [_jsonable(row[col]) for col in _KEY_COLUMNS] for w, row in kw.iterrows()]))
    for side, t in (result.get("reference") or {}).items():
        top = t.head(p["top"])
        parts.append(table(f"Key words of {side.upper()} against {reference_description(p['reference'])} "
                           "(Kilgarriff's simple maths)", ["word"] + _REF_COLUMNS,
                           [[w] + [_jsonable(row[c]) for c in _REF_COLUMNS] for w, row in top.iterrows()]))
    for n, t in (result.get("ngrams") or {}).items():
        rows = [] if t is None else [[w, int(r.count_a), int(r.count_b), float(r.ll), float(r.p_bh)]
                                     for w, r in t.head(p["top"]).iterrows()]
        parts.append(table(f"Top {n}-grams by log-likelihood", ["sequence", "count_a", "count_b", "ll", "p_bh"], rows))
    for side in ("a", "b"):
        coll = result["collocations"][side]
        rows = [] if coll is None else [[f"{r.w1} {r.w2}", int(r.count), float(r.ll)] for r in coll.itertuples()]
        parts.append(table(f"Top collocations of {side.upper()}", ["pair", "count", "ll"], rows))
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


@dataclass(frozen=True)
class _Target:
    path: Path  #: as the user gave it
    real: Path  #: what is written (a link's target)
    stream: bool  #: written in place (FIFO, character device), not replaced
    mode: int | None  #: mode to keep when replacing an existing file


def _refuse(path: Path, why: str) -> OutputError:
    return OutputError(f"cannot write {shown(path)}: {why}")


def _through_dev(path: Path) -> bool:
    """Whether ``path`` or a link on the way to its target lies in /dev or /proc (``/dev/stdout``
    is a link to the process's own output, whatever that is redirected to)."""
    current = Path(os.path.abspath(path))
    for _ in range(40):
        if current.parts[1:2] in (("dev",), ("proc",)):
            return True
        if not current.is_symlink():
            return False
        current = Path(os.path.abspath(current.parent / os.readlink(current)))
    return False


def _plan_one(path: Path) -> _Target:
    try:
        st = os.stat(path)  # follows links
    except FileNotFoundError:
        if os.path.islink(path):
            raise _refuse(path, f"it is a symbolic link to {shown(os.readlink(path))}, which does not exist") from None
        st = None
    except OSError as exc:
        raise _refuse(path, exc.strerror or str(exc)) from None
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise _refuse(path, "it is a folder")
        if not (stat.S_ISREG(st.st_mode) or stat.S_ISFIFO(st.st_mode) or stat.S_ISCHR(st.st_mode)):
            raise _refuse(path, "it is a block device or a socket, not a file")
        if not stat.S_ISREG(st.st_mode) or _through_dev(path):
            # a FIFO, /dev/null, /dev/stdout (whatever it is redirected to): written in place
            if not os.access(path, os.W_OK):
                raise _refuse(path, "permission denied")
            return _Target(path, path, True, None)
    real = Path(os.path.realpath(path))
    folder = real.parent
    if not folder.is_dir():
        raise _refuse(path, f"the folder {shown(path.parent)} does not exist")
    try:  # the one sure test that the folder takes a new file (as root, permissions say little)
        fd, probe = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".tmp", dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise _refuse(path, f"its folder does not take new files ({exc.strerror or exc})") from None
    return _Target(path, real, False, stat.S_IMODE(st.st_mode) if st is not None else None)


def plan_outputs(outputs: list[Path], inputs: list[str]) -> list[_Target]:
    """Check every output before any input is read (see the module docstring); returns the plan
    :func:`write_outputs` follows. Raises :class:`OutputError` naming the path as given."""
    plan = [_plan_one(Path(p)) for p in outputs]
    for target in plan:
        for spec in inputs:
            if str(spec) == "-":
                continue
            src = Path(spec).resolve()
            same = target.real == src or (src.exists() and target.real.exists()
                                          and os.path.samefile(src, target.real))
            if same or (src.is_dir() and src in target.real.parents):
                raise OutputError(f"refusing to write {shown(target.path)}: it is, or lies inside, "
                                  f"the input {shown(spec)}")
    reals = [t.real for t in plan if not t.stream]
    if len(set(reals)) < len(reals):
        raise OutputError("refusing to write: two outputs are the same file "
                          f"({', '.join(shown(t.path) for t in plan)})")
    return plan


def _umask_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_outputs(plan: list[_Target], texts: list[str]) -> None:
    """Write ``texts[i]`` to ``plan[i]``: the regular files all or none, then the streams.

    Each regular file is written to a temporary file in its folder first; only when all are
    written are they renamed over their targets, and if a rename fails the files already
    renamed are put back as they were. Raises :class:`OutputError` naming the path as given.
    """
    regular = [(t, text) for t, text in zip(plan, texts) if not t.stream]
    staged: list[tuple[_Target, str]] = []
    renamed: list[tuple[_Target, str | None]] = []
    current = None
    try:
        for target, text in regular:
            current = target
            fd, tmp = tempfile.mkstemp(prefix=f".{target.real.name}.", suffix=".tmp", dir=target.real.parent)
            staged.append((target, tmp))
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                os.fchmod(fh.fileno(), target.mode if target.mode is not None else _umask_mode())
                fh.write(text)
        for target, tmp in staged:
            current = target
            backup = None
            if target.real.exists():
                backup = f"{tmp}.old"
                try:
                    os.link(target.real, backup)
                except OSError:
                    backup = None
            os.replace(tmp, target.real)
            renamed.append((target, backup))
    except BaseException as exc:
        for target, backup in reversed(renamed):  # put back what was there
            try:
                if backup:
                    os.replace(backup, target.real)
                else:
                    os.unlink(target.real)
            except OSError:
                pass
        for _, tmp in staged[len(renamed):]:
            Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError) and current is not None:
            raise _refuse(current.path, exc.strerror or str(exc)) from None
        raise
    for _, backup in renamed:
        if backup:
            Path(backup).unlink(missing_ok=True)
    for target, text in zip(plan, texts):
        if target.stream:
            try:
                with open(target.path, "w", encoding="utf-8") as fh:
                    fh.write(text)
            except OSError as exc:
                raise _refuse(target.path, exc.strerror or str(exc)) from None


def _outputs(output: Path | None, fmt: str) -> list[Path]:
    """Every file the command will write for ``--output``/``--format``."""
    if output is None:
        return []
    if fmt != "csv":
        return [output]
    stem = output.with_suffix("")
    return [output, stem.with_name(stem.name + ".diversity.csv"), stem.with_name(stem.name + ".collocations.csv")]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description="Compare two corpora with the book's method.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="command")
    cmp = sub.add_parser("compare", help="keyness, diversity and collocations of corpus A against corpus B",
                         description="Keyness, diversity and collocations of corpus A against corpus B. "
                                     "A and B: a text file, a folder of .txt files (read recursively), or - for standard input.")
    cmp.add_argument("a", help="corpus A: file, folder or -")
    cmp.add_argument("b", help="corpus B: file, folder or -")
    cmp.add_argument("-f", "--format", choices=["text", "csv", "json", "html"], default="text")
    cmp.add_argument("-o", "--output", type=Path, help="write here instead of standard output "
                     "(csv also writes <name>.diversity.csv and <name>.collocations.csv beside it)")
    cmp.add_argument("--top", type=int, default=20, help="key words and collocations listed per side (20)")
    cmp.add_argument("--alpha", type=float, default=0.05, help="significance level after BH correction (0.05)")
    cmp.add_argument("--sample-tokens", type=int, default=100_000,
                     help="tokens per corpus for diversity and collocations (100,000)")
    cmp.add_argument("--no-numbers", action="store_true", help="drop tokens with no letter")
    cmp.add_argument("--progress", choices=["auto", "always", "never"], default="auto",
                     help="progress on standard error: auto shows it for inputs over 20 MB or from stdin")
    cmp.add_argument("--dask", metavar="local|ADDRESS", default=None,
                     help="count the files on a Dask cluster: 'local' starts one worker per core, an address "
                          "(tcp://host:8786) uses a running scheduler; needs pip install '.[dask]'")
    cmp.add_argument("--reference", choices=list(REFERENCES), default=None,
                     help="also compare each corpus with a reference corpus: 'english' is the general English of "
                          "the wordfreq package (data frozen in 2021), scored by Kilgarriff's simple maths on "
                          "frequencies per million with N = 1 and N = 100 (text, json and html reports; "
                          "refused with -f csv)")
    cmp.add_argument("--names", metavar="FILE", default=None,
                     help="a UTF-8 file of multi-word names, one a line (# starts a comment); their words are "
                          "not counted (matched case-insensitively; not with --dask)")
    cmp.add_argument("--merge-inflections", action="store_true",
                     help="count the inflections of a word as one (Snowball English stem plus an inflectional "
                          "ending: dialogue, dialogues) in the keyness table; not in the reference lists, which "
                          "score each form against its own frequency, nor in the n-grams")
    cmp.add_argument("--ngrams", type=int, nargs="+", choices=[2, 3], default=[], metavar="N",
                     help="also list key bigrams (2) and/or trigrams (3) of the first --sample-tokens tokens, "
                          "function-word sequences such as 'of the' included (text, json and html reports)")
    return parser


def _reports(result: dict, fmt: str) -> list[str]:
    """The texts of the report: one, or the CSV trio (keyness, diversity, collocations)."""
    if fmt == "text":
        return [render_text(result)]
    if fmt == "json":
        return [render_json(result)]
    if fmt == "html":
        return [render_html(result)]
    colls = [t.assign(corpus=s) for s, t in result["collocations"].items() if t is not None]
    return [result["keyness"].to_csv(),
            pd.DataFrame(result["diversity"]).to_csv(index_label="measure"),
            (pd.concat(colls) if colls else pd.DataFrame()).to_csv(index=False)]


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m analysis`` and of the ``borovik-texts`` console script."""
    parser = _parser()
    args = parser.parse_args(argv)
    problem = _usage_problem(args.a, args.b, args.top, args.sample_tokens, args.alpha)
    if problem:
        parser.error(problem)  # exits with status 2
    try:
        check_format(args.format, args.reference, args.ngrams)
    except ReportFormatError as exc:
        sys.stderr.write(f"{PROG} compare: error: {exc}\n")
        return 2
    try:
        plan = plan_outputs(_outputs(args.output, args.format), [args.a, args.b])
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = compare(args.a, args.b, top=args.top, sample_tokens=args.sample_tokens,
                             numbers=not args.no_numbers, alpha=args.alpha, progress=args.progress,
                             dask=args.dask, reference=args.reference, names=args.names,
                             merge_inflections=args.merge_inflections, ngrams=tuple(dict.fromkeys(args.ngrams)))
        for message in dict.fromkeys(str(w.message) for w in caught):
            sys.stderr.write(f"{PROG} compare: warning: {message}\n")
        texts = _reports(result, args.format)
        if plan:
            write_outputs(plan, texts if args.format == "csv" else texts[:1])
        else:
            sys.stdout.write(texts[0])
    except (AnalysisError, OSError) as exc:
        sys.stderr.write(f"{PROG} compare: error: {shown(exc)}\n")
        return 1
    except KeyboardInterrupt:
        sys.stderr.write(f"{PROG} compare: interrupted\n")
        return 130
    return 0
