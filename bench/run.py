"""Benchmark: tokenise + count + keyness of two corpora, ours against the tools readers use.

Run with ``make bench`` (installs bench/requirements.txt into .venv first). Not part of the
test suite. The text is the English documentation that ships with CPython (``pydoc_data``),
split in two halves (corpus A and corpus B) and repeated until the pair holds the target number
of tokens. Each pipeline runs in a fresh subprocess, reads both files, tokenises and counts them
its own way, then computes the same keyness table (:func:`analysis.lexical.keyness_from_counts`),
so the timings compare tokenising and counting at equal downstream work.

Pipelines: ``ours`` (:func:`analysis.corpus.count_corpus`, streamed); ``nltk``
(``NLTKWordTokenizer`` line by line + ``FreqDist``); ``sklearn`` (``CountVectorizer`` over lines,
column sums); ``scattertext`` where it is installed; ``floor`` (``re.findall(r"\\w+")`` on the
lowercased text + ``collections.Counter``), the least work any pipeline could do.

Output: a table on standard output (seconds, tokens per second, peak resident memory, each time
as a ratio to ours) and ``bench/results.csv``, which the book's methods appendix shows, plus the
fitted exponent of time against tokens for our pipeline.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SIZES = [10**4, 10**5, 10**6, 10**7]
PIPELINES = ["ours", "nltk", "sklearn", "scattertext", "floor"]
_WORD = re.compile(r"\w+")


def make_corpora(total_tokens: int, folder: Path) -> tuple[Path, Path]:
    """Two files of about ``total_tokens / 2`` tokens each, from CPython's pydoc topics."""
    from pydoc_data.topics import topics

    keys = sorted(topics)
    half = len(keys) // 2
    paths = []
    for name, part in (("a", keys[:half]), ("b", keys[half:])):
        text = "\n\n".join(topics[k] for k in part)
        per_copy = len(_WORD.findall(text))
        target = total_tokens // 2
        copies, rest = divmod(target, per_copy)
        words = list(_WORD.finditer(text))
        tail = text[: words[rest].start()] if rest else ""
        path = folder / f"{name}_{total_tokens}.txt"
        with open(path, "w", encoding="utf-8") as fh:
            for _ in range(copies):
                fh.write(text)
                fh.write("\n\n")
            fh.write(tail)
        paths.append(path)
    return paths[0], paths[1]


def _count(pipeline: str, path: Path):
    if pipeline == "ours":
        from analysis.corpus import count_corpus

        return count_corpus(path).counts
    text = path.read_text(encoding="utf-8")
    if pipeline == "floor":
        from collections import Counter

        return Counter(_WORD.findall(text.lower()))
    if pipeline == "nltk":
        from nltk.probability import FreqDist
        from nltk.tokenize import NLTKWordTokenizer

        tok, fd = NLTKWordTokenizer(), FreqDist()
        for line in text.splitlines():
            fd.update(w.lower() for w in tok.tokenize(line))
        return fd
    if pipeline == "sklearn":
        from sklearn.feature_extraction.text import CountVectorizer

        vec = CountVectorizer(lowercase=True)
        matrix = vec.fit_transform(text.splitlines())
        sums = matrix.sum(axis=0).A1
        return {w: int(sums[i]) for w, i in vec.vocabulary_.items()}
    if pipeline == "scattertext":
        import pandas as pd
        import scattertext as st

        df = pd.DataFrame({"text": text.splitlines(), "cat": "x"})
        corpus = st.CorpusFromPandas(df, category_col="cat", text_col="text",
                                     nlp=st.whitespace_nlp_with_sentences).build()
        freq = corpus.get_term_freq_df()
        return {w: int(n) for w, n in freq.iloc[:, 0].items() if " " not in w}
    raise ValueError(f"unknown pipeline {pipeline!r}")


def run_one(pipeline: str, path_a: Path, path_b: Path) -> dict:
    """Time one pipeline in this process (called in a fresh subprocess)."""
    from analysis.lexical import keyness_from_counts

    if pipeline == "nltk":
        import nltk.probability, nltk.tokenize  # noqa: F401  (imports are not timed)
    elif pipeline == "sklearn":
        import sklearn.feature_extraction.text  # noqa: F401
    elif pipeline == "scattertext":
        import scattertext  # noqa: F401
    # keyness imports pandas and scipy on first use: warm it up so no pipeline pays that in the timing
    keyness_from_counts({"warm": 1, "up": 1}, {"warm": 1})
    start = time.perf_counter()
    counts_a, counts_b = _count(pipeline, path_a), _count(pipeline, path_b)
    table = keyness_from_counts(counts_a, counts_b)
    seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tokens = int(sum(counts_a.values()) + sum(counts_b.values()))
    return {"seconds": seconds, "peak_mib": peak_kib / 1024, "tokens": tokens, "types": len(table)}


def available(pipeline: str) -> bool:
    mod = {"nltk": "nltk", "sklearn": "sklearn", "scattertext": "scattertext"}.get(pipeline)
    if mod is None:
        return True
    import importlib.util

    return importlib.util.find_spec(mod) is not None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=SIZES)
    parser.add_argument("--pipelines", nargs="+", default=PIPELINES, choices=PIPELINES)
    parser.add_argument("--repeat", type=int, default=3, help="runs per cell below 10^7 tokens; best is kept")
    parser.add_argument("--out", type=Path, default=HERE / "results.csv")
    parser.add_argument("--one", nargs=3, metavar=("PIPELINE", "A", "B"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one[0], Path(args.one[1]), Path(args.one[2]))))
        return 0
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            a, b = make_corpora(size, Path(tmp))
            for pipeline in args.pipelines:
                if not available(pipeline):
                    print(f"{pipeline}: not installed, skipped", file=sys.stderr)
                    continue
                best = None
                for _ in range(args.repeat if size < 10**7 else 1):
                    proc = subprocess.run([sys.executable, __file__, "--one", pipeline, str(a), str(b)],
                                          capture_output=True, text=True)
                    if proc.returncode != 0:
                        print(f"{pipeline} at {size}: failed\n{proc.stderr[-2000:]}", file=sys.stderr)
                        break
                    res = json.loads(proc.stdout)
                    best = res if best is None or res["seconds"] < best["seconds"] else best
                if best:
                    rows.append({"pipeline": pipeline, "target_tokens": size, **best})
                    print(f"{pipeline:12s} {size:>10,d} {best['seconds']:9.3f} s {best['peak_mib']:8.1f} MiB",
                          file=sys.stderr)
    ours = {r["target_tokens"]: r["seconds"] for r in rows if r["pipeline"] == "ours"}
    for r in rows:
        r["tokens_per_s"] = r["tokens"] / r["seconds"]
        r["ratio_to_ours"] = r["seconds"] / ours[r["target_tokens"]] if r["target_tokens"] in ours else float("nan")
    fields = ["pipeline", "target_tokens", "tokens", "types", "seconds", "tokens_per_s", "peak_mib", "ratio_to_ours"]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        for r in rows:
            writer.writerow({k: (f"{r[k]:.6g}" if isinstance(r[k], float) else r[k]) for k in fields})
    print(f"{'pipeline':12s} {'tokens':>12s} {'seconds':>9s} {'tokens/s':>12s} {'peak MiB':>9s} {'× ours':>7s}")
    for r in rows:
        print(f"{r['pipeline']:12s} {r['tokens']:>12,d} {r['seconds']:9.3f} {r['tokens_per_s']:12,.0f} "
              f"{r['peak_mib']:9.1f} {r['ratio_to_ours']:7.2f}")
    from analysis.environment import fitted_exponent

    sizes = sorted(ours)
    if len(sizes) >= 2:
        exp_all = fitted_exponent(sizes, [ours[s] for s in sizes])
        big = [s for s in sizes if s >= 10**5]
        line = f"fitted exponent of our time against tokens: {exp_all:.3f} (all sizes)"
        if len(big) >= 2:
            line += f", {fitted_exponent(big, [ours[s] for s in big]):.3f} (10^5 tokens and up)"
        print(line)
    print(f"table written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
