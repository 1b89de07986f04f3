"""The software environment the book was built in, and the benchmark results, read at build time.

Versions come from the running interpreter (:mod:`importlib.metadata`, :data:`sys.version`,
:mod:`platform`), never from a typed list: the methods appendix shows what actually ran.
The packages listed are those pinned in ``requirements.txt`` plus the engines beneath the
book (myst-nb, Sphinx, docutils, NumPy), so a reader can compare pins with what ran.

``bench/results.csv`` is written by ``make bench`` (``bench/run.py``); it may be absent, and
:func:`load_bench_results` then returns ``None`` so the book still builds.

>>> requirement_pins("pandas==2.2.3\\n# comment\\n-e .\\n")
{'pandas': '2.2.3'}
"""

from __future__ import annotations

import math
import platform
import re
import sys
from importlib import metadata
from pathlib import Path

import pandas as pd

from analysis.book.paths import repo_root
from analysis.core.errors import AnalysisError

__all__ = ["EnvironmentReportError", "bench_report", "ENGINES", "BENCH_COLUMNS", "requirement_pins", "package_versions",
           "platform_summary", "load_bench_results", "fitted_exponent", "bench_summary",
           "PIPELINE_NAMES", "CORPUS_NAMES", "CORPUS_SHORT"]

#: Packages the book runs on that requirements.txt does not pin itself (installed with Jupyter Book).
ENGINES = ("myst-nb", "sphinx", "docutils", "numpy", "sphinxcontrib-bibtex")
#: Columns ``bench/run.py`` writes to ``bench/results.csv``.
BENCH_COLUMNS = ("corpus", "pipeline", "target_tokens", "tokens", "types", "seconds", "cpu_s", "tokens_per_s",
                 "peak_mib", "base_mib", "ratio_to_floor")
_PIN = re.compile(r"^\s*([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?\s*==\s*([^\s;#]+)")


class EnvironmentReportError(AnalysisError):
    """A package that is not installed, or a benchmark file that is not what bench/run.py writes."""


def requirement_pins(text: str | None = None) -> dict[str, str]:
    """``name → pinned version`` from requirements text (default: the repository's
    ``requirements.txt``). Comments, blank lines and ``-e .`` are skipped."""
    if text is None:

        path = repo_root() / "requirements.txt"
        if not path.is_file():
            raise EnvironmentReportError(f"no requirements.txt at {path}")
        text = path.read_text(encoding="utf-8")
    if not isinstance(text, str):
        raise TypeError(f"requirement_pins() needs the file's text, got {type(text).__name__}")
    return {m.group(1): m.group(2) for line in text.splitlines() if (m := _PIN.match(line))}


def package_versions(names=None):
    """A DataFrame of package, pinned version (if pinned) and installed version, one row per
    package: by default the pins of requirements.txt and :data:`ENGINES`.

    Raises :class:`EnvironmentReportError` naming a package that is not installed.
    """

    pins = requirement_pins()
    wanted = list(dict.fromkeys([*pins, *ENGINES])) if names is None else list(names)
    rows = []
    for name in wanted:
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            raise EnvironmentReportError(f"package {name!r} is not installed in this environment") from None
        rows.append({"package": name, "pinned": pins.get(name, ""), "installed": installed})
    return pd.DataFrame(rows)


def platform_summary() -> dict[str, str]:
    """Python and operating system as the running interpreter reports them."""
    return {
        "Python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "operating system": f"{platform.system()} {platform.release()}",
        "machine": platform.machine(),
    }


def load_bench_results(path=None):
    """``bench/results.csv`` as a DataFrame, or ``None`` when the file does not exist.

    Raises :class:`EnvironmentReportError` when the file lacks a column of :data:`BENCH_COLUMNS`
    or holds no rows.
    """

    if path is None:

        path = repo_root() / "bench" / "results.csv"
    path = Path(path)
    if not path.is_file():
        return None
    table = pd.read_csv(path)
    missing = [c for c in BENCH_COLUMNS if c not in table.columns]
    if missing:
        raise EnvironmentReportError(f"{path.name}: missing column(s) {missing}; run make bench to rewrite it")
    if table.empty:
        raise EnvironmentReportError(f"{path.name} holds no results")
    return table


def fitted_exponent(sizes, seconds) -> float:
    """Least-squares slope of log(time) on log(size): 1 means time grows linearly with size.

    >>> round(fitted_exponent([1e4, 1e5, 1e6], [0.01, 0.1, 1.0]), 3)
    1.0
    """

    sizes, seconds = list(sizes), list(seconds)
    if len(sizes) != len(seconds) or len(sizes) < 2:
        raise EnvironmentReportError("a fitted exponent needs at least two (size, time) pairs of equal length")
    if min(sizes) <= 0 or min(seconds) <= 0:
        raise EnvironmentReportError("sizes and times must be positive to fit a power law")
    xs, ys = [math.log(s) for s in sizes], [math.log(t) for t in seconds]
    if len(set(xs)) < 2:
        raise EnvironmentReportError("a fitted exponent needs at least two different sizes")
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def bench_summary(table, corpus: str = "zipf", reference: str = "floor", ours: str = "streaming",
                  fit_from: int = 10**5) -> dict:
    """The benchmark's findings on one ``corpus`` at its largest size: each pipeline's CPU time as a
    multiple of ``reference``'s (the floor; wall time on a shared machine measures the other jobs too), ``ours``'s time, throughput and peak memory, the
    exponent fitted to ``ours``'s times from ``fit_from`` tokens up (smaller runs measure
    start-up, not growth), and Heaps' exponent: the slope of log types on log tokens over every
    size of the corpus (``ours``'s counts), 1 for a vocabulary that grows as fast as the text.
    """
    if table is None or not len(table):
        raise EnvironmentReportError("the benchmark table is empty")
    rows = table[table["corpus"] == corpus]
    for name in (reference, ours):
        if name not in set(rows["pipeline"]):
            raise EnvironmentReportError(f"the benchmark table has no {name!r} rows for the {corpus!r} corpus")
    largest = int(rows["target_tokens"].max())
    at = rows[rows["target_tokens"] == largest].set_index("pipeline")
    for name in (reference, ours):
        if name not in at.index:
            raise EnvironmentReportError(f"{name!r} was not run on {corpus!r} at {largest:,} tokens")
    mine = rows[rows["pipeline"] == ours].sort_values("target_tokens")
    timed = mine[mine["target_tokens"] >= fit_from]
    return {
        "corpus": corpus,
        "largest": largest,
        "tokens": int(at.loc[ours, "tokens"]),
        "types": int(at.loc[ours, "types"]),
        "ratios": {p: float(at.loc[p, "cpu_s"] / at.loc[reference, "cpu_s"]) for p in at.index},
        "seconds": float(at.loc[ours, "seconds"]),
        "tokens_per_s": float(at.loc[ours, "tokens_per_s"]),
        "peak_mib": {p: float(at.loc[p, "peak_mib"]) for p in at.index},
        "exponent": (fitted_exponent(timed["target_tokens"], timed["cpu_s"]) if len(timed) >= 2
                     else float("nan")),
        "heaps": fitted_exponent(mine["tokens"], mine["types"]) if len(mine) >= 2 else float("nan"),
    }


#: Reader-facing names of the benchmark's pipelines.
PIPELINE_NAMES = {"api": "keyness(tokenize(…))", "streaming": "count_corpus + keyness_from_counts",
                  "cli": "the command line, end to end",
                  "cli_reference": "the command line with --reference english", "nltk": "the plain NLTK pipeline",
                  "sklearn": "scikit-learn's CountVectorizer", "scattertext": "Scattertext",
                  "floor": "the bare re.findall + Counter floor"}
#: Reader-facing names of the benchmark's corpora (bench/run.py documents them in full).
CORPUS_NAMES = {"zipf": "the synthetic Zipf corpus (exponent 1.1 over 1,000,000 types)",
                "pair": "two corpora of 100,000 tokens each from the same Zipf law (the reference's cost; letters only)",
                "pair_marked": "the same two corpora with 3% of the tokens given an apostrophe, a hyphen or a digit "
                               "(the reference's cost on forms wordfreq's list joins from their parts)",
                "convention": "the 2012 US convention speeches Scattertext ships (natural size)"}
#: The same corpora named short, for a table's cells (the paragraph above the table names them in full).
CORPUS_SHORT = {"zipf": "Zipf (synthetic)", "pair": "Zipf, 2 × 100,000", "pair_marked": "Zipf, 2 × 100,000, 3% marked", "convention": "Convention speeches, 2012"}


_OPTION = re.compile(r"(?<![\w`-])(--[a-z][a-z-]*)")


def _options_as_code(text: str) -> str:
    """Command-line options of ``text`` in code format, so that Markdown does not turn ``--`` into
    a dash: ``"with --reference english"`` → ``"with `--reference` english"``."""
    return _OPTION.sub(r"`\1`", text)


def bench_report(bench) -> str:
    """The methods appendix's paragraph on the benchmark (Markdown), or the note that it is absent."""
    if bench is None:
        return ("*`bench/results.csv` is absent in this build: run `make bench` (about 20 minutes) "
                "to time the pipelines; the book builds without it.*")
    out = [f"*`bench/results.csv`: {len(bench)} runs of {bench['pipeline'].nunique()} pipelines on "
           f"{bench['corpus'].nunique()} corpora.*"]
    for corpus in sorted(set(bench["corpus"])):
        found = bench_summary(bench, corpus=corpus)
        ratios = "; ".join(f"{_options_as_code(PIPELINE_NAMES.get(p, p))} {r:.2f}"
                           for p, r in found["ratios"].items() if p != "floor")
        text = (f"*On {CORPUS_NAMES.get(corpus, corpus)}, at {found['tokens']:,} tokens and {found['types']:,} "
                f"types, each pipeline's CPU time as a multiple of the floor's: {ratios}")
        if not math.isnan(found["heaps"]):
            text += (f". The vocabulary grew with the number of tokens to the power {found['heaps']:.2f} "
                     "(Heaps' exponent, fitted over the sizes run)")
        if not math.isnan(found["exponent"]):
            text += (f"; the streaming path's CPU time to the power {found['exponent']:.2f} "
                     f"(from 100,000 tokens up; 1 is linear)")
        out.append(text + ".*")
    return " ".join(out)
