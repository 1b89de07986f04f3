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
           "platform_summary", "load_bench_results", "fitted_exponent", "bench_summary"]

#: Packages the book runs on that requirements.txt does not pin itself (installed with Jupyter Book).
ENGINES = ("myst-nb", "sphinx", "docutils", "numpy", "sphinxcontrib-bibtex")
#: Columns ``bench/run.py`` writes to ``bench/results.csv``.
BENCH_COLUMNS = ("pipeline", "target_tokens", "tokens", "types", "seconds", "tokens_per_s", "peak_mib",
                 "ratio_to_ours")
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


def bench_summary(table, reference: str = "ours", fit_from: int = 10**5) -> dict:
    """The benchmark's findings at its largest size: each pipeline's time as a multiple of
    ``reference``'s, the reference's throughput and peak memory, and the exponent fitted to the
    reference's times from ``fit_from`` tokens up (smaller runs measure start-up, not growth).
    """
    if table is None or reference not in set(table["pipeline"]):
        raise EnvironmentReportError(f"the benchmark table has no {reference!r} rows")
    largest = int(table["target_tokens"].max())
    at = table[table["target_tokens"] == largest].set_index("pipeline")
    if reference not in at.index:
        raise EnvironmentReportError(f"{reference!r} was not run at {largest:,} tokens")
    ref = table[(table["pipeline"] == reference) & (table["target_tokens"] >= fit_from)]
    return {
        "largest": largest,
        "ratios": {p: float(at.loc[p, "seconds"] / at.loc[reference, "seconds"]) for p in at.index},
        "seconds": float(at.loc[reference, "seconds"]),
        "tokens_per_s": float(at.loc[reference, "tokens_per_s"]),
        "peak_mib": float(at.loc[reference, "peak_mib"]),
        "exponent": fitted_exponent(ref["target_tokens"], ref["seconds"]) if len(ref) >= 2 else float("nan"),
    }


#: Reader-facing names of the benchmark's pipelines.
PIPELINE_NAMES = {"nltk": "the plain NLTK pipeline", "sklearn": "scikit-learn's CountVectorizer",
                  "scattertext": "Scattertext", "floor": "the bare re.findall + Counter floor"}


def bench_report(bench) -> str:
    """The methods appendix's paragraph on the benchmark (Markdown), or the note that it is absent."""
    if bench is None:
        return ("*`bench/results.csv` is absent in this build: run `make bench` (about 15 minutes) "
                "to time the pipelines; the book builds without it.*")
    largest = int(bench["target_tokens"].max())
    ours = bench[(bench["pipeline"] == "ours") & (bench["target_tokens"] == largest)]
    summary = f"*`bench/results.csv`: {len(bench)} runs of {bench['pipeline'].nunique()} pipelines, up to {largest:,} tokens.*"
    if len(ours):
        summary += (f" *At that size our pipeline counted {int(ours['tokens'].iloc[0]):,} tokens at "
                    f"{float(ours['tokens_per_s'].iloc[0]):,.0f} tokens per second, peak memory "
                    f"{float(ours['peak_mib'].iloc[0]):,.0f} MiB.*")
    found = bench_summary(bench)
    ratios = "; ".join(f"{PIPELINE_NAMES.get(p, p)} {r:.2f} times" for p, r in found["ratios"].items() if p != "ours")
    summary += (f" *Relative to ours at {found['largest']:,} tokens, the others took: {ratios}. "
                f"Our time grew with the number of tokens to the power {found['exponent']:.2f} "
                f"(least-squares fit from 100,000 tokens up; 1 is linear).*")
    return summary
