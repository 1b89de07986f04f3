"""Command line: compare any two corpora with the book's method.

    python -m analysis compare A B [--format text|csv|json|html] [-o FILE]
    borovik-texts compare A B ...          (the same, installed as a console script)

A and B are a text file, a folder of text files, or ``-`` for standard input (one of them at
most). Counting is streamed (:mod:`analysis.core.corpus`), so memory grows with the vocabulary; the
keyness table covers the whole of both corpora. Diversity and collocations need the tokens in
order, so they are computed on the first ``--sample-tokens`` tokens of each corpus (default
100,000), file by file: no window or word pair spans two files; the report says so. Files with
no word token are skipped and counted in the report. ``--dask local`` (a Dask ``LocalCluster``)
or ``--dask ADDRESS`` (a running scheduler) counts the files in parallel with the same report
(:mod:`analysis.core.distributed`; ``pip install '.[dask]'``).

Exit status: 0 on success, 1 on bad input (a missing, unreadable, binary or non-UTF-8 file, an
empty corpus, an output that would overwrite an input), 2 on a usage error. Inputs are only
ever read.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import tempfile
import time
from html import escape
from pathlib import Path

import pandas as pd

from analysis.core.corpus import CorpusCounts, CorpusError, corpus_files, count_corpus
from analysis.core.distributed import count_corpus_dask, dask_client, scheduler_kind
from analysis.core.distribution import collocations
from analysis.core.diversity import diversity
from analysis.core.errors import AnalysisError
from analysis.core.keyness import keyness_from_counts

__all__ = ["main", "compare", "render_text", "render_json", "render_html"]

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


def compare(spec_a: str, spec_b: str, top: int = 20, sample_tokens: int = 100_000, numbers: bool = True,
            alpha: float = 0.05, progress: str = "never", stdin=None, dask: str | None = None) -> dict:
    """Count both corpora and compute keyness, diversity and collocations.

    Returns a dict with ``corpora`` (what was read), ``keyness`` (the full table of
    :func:`analysis.core.keyness.keyness_from_counts`), ``diversity`` and ``collocations`` (from
    each corpus's first ``sample_tokens`` tokens, no window or pair spanning two files), and the
    parameters. ``dask`` (``"local"`` or a scheduler address) counts the files on a Dask cluster
    (:mod:`analysis.core.distributed`) with the same result; files with no word token are
    skipped and listed on either path.
    """

    if str(spec_a) == "-" and str(spec_b) == "-":
        raise CorpusError("only one corpus can come from standard input")
    if top < 1 or sample_tokens < 2:
        raise CorpusError(f"--top must be ≥ 1 and --sample-tokens ≥ 2, got {top} and {sample_tokens}")
    counted: dict[str, CorpusCounts] = {}
    if dask is not None:
        counted = _count_on_dask(spec_a, spec_b, dask, numbers, sample_tokens)
    for side, spec in (("a", spec_a), ("b", spec_b)):
        if side in counted:
            continue
        size = _input_size(spec)
        show = progress == "always" or (progress == "auto" and (size is None or size > PROGRESS_BYTES))
        meter = _Progress(f"{side.upper()} ({spec})", size, show)
        counted[side] = count_corpus(spec, numbers=numbers, stdin=stdin, on_bytes=meter,
                                     sample_tokens=sample_tokens)
        meter.finish()
    table = keyness_from_counts(counted["a"].counts, counted["b"].counts, alpha=alpha)
    div, coll = {}, {}
    for side, c in counted.items():
        d = diversity(c.sample_parts)
        div[side] = d
        try:
            coll[side] = collocations(c.sample_parts, top=top)
        except AnalysisError:
            coll[side] = None
    return {
        "corpora": {side: {"spec": str(spec), "files": len(c.files), "empty_files": len(c.empty_files),
                           "bytes": c.n_bytes, "tokens": c.n_tokens, "types": len(c.counts),
                           "sample_tokens": len(c.sample)}
                    for side, spec, c in (("a", spec_a, counted["a"]), ("b", spec_b, counted["b"]))},
        "keyness": table,
        "diversity": div,
        "collocations": coll,
        "params": {"top": top, "alpha": alpha, "correction": "bh", "numbers": numbers,
                   "sample_tokens": sample_tokens},
    }


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
    for side in ("a", "b"):
        coll = result["collocations"][side]
        out += ["", f"Top collocations of {side.upper()} (log-likelihood, pairs seen at least twice)"]
        if coll is None or coll.empty:
            out.append("  none")
        else:
            out.append(_table_text([[f"{r.w1} {r.w2}", int(r.count), float(r.ll)] for r in coll.itertuples()],
                                   ["pair", "count", "ll"]))
    return "\n".join(out) + "\n"


def _jsonable(x):
    if isinstance(x, float) and (math.isnan(x) or math.isinf(x)):
        return None if math.isnan(x) else ("inf" if x > 0 else "-inf")
    if hasattr(x, "item"):
        return _jsonable(x.item())
    return x


def render_json(result: dict) -> str:
    """The whole result as JSON: the full keyness table as a list of rows."""
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
    for side in ("a", "b"):
        coll = result["collocations"][side]
        rows = [] if coll is None else [[f"{r.w1} {r.w2}", int(r.count), float(r.ll)] for r in coll.itertuples()]
        parts.append(table(f"Top collocations of {side.upper()}", ["pair", "count", "ll"], rows))
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _check_output(output: Path, inputs: list[str]) -> None:
    target = output.resolve()
    for spec in inputs:
        if spec == "-":
            continue
        src = Path(spec).resolve()
        if target == src or (src.is_dir() and src in target.parents):
            raise CorpusError(f"refusing to write {output}: it is, or lies inside, the input {spec}")


def _write(path: Path | None, text: str) -> None:
    """Write ``text`` to ``path`` (or stdout) through a fresh temporary file in the same folder,
    so a reader never sees half a report; ``mkstemp`` creates a new name, never an existing file."""
    if path is None:
        sys.stdout.write(text)
        return

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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
                                     "A and B: a text file, a folder of text files, or - for standard input.")
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
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m analysis`` and of the ``borovik-texts`` console script."""
    args = _parser().parse_args(argv)
    try:
        targets = _outputs(args.output, args.format)
        for target in targets:
            _check_output(target, [args.a, args.b])
        result = compare(args.a, args.b, top=args.top, sample_tokens=args.sample_tokens,
                         numbers=not args.no_numbers, alpha=args.alpha, progress=args.progress,
                         dask=args.dask)
        if args.format == "text":
            _write(args.output, render_text(result))
        elif args.format == "json":
            _write(args.output, render_json(result))
        elif args.format == "html":
            _write(args.output, render_html(result))
        else:
            _write(args.output, result["keyness"].to_csv())
            if targets:

                _, diversity_path, collocations_path = targets
                _write(diversity_path, pd.DataFrame(result["diversity"]).to_csv(index_label="measure"))
                colls = [t.assign(corpus=s) for s, t in result["collocations"].items() if t is not None]
                _write(collocations_path, (pd.concat(colls) if colls else pd.DataFrame()).to_csv(index=False))
    except (AnalysisError, OSError) as exc:
        sys.stderr.write(f"{PROG} compare: error: {exc}\n")
        return 1
    except KeyboardInterrupt:
        sys.stderr.write(f"{PROG} compare: interrupted\n")
        return 130
    return 0
