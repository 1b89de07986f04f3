"""The documented in-memory path against the floor, side by side in one process (issue 20, point 1).

    .venv/bin/python bench/api_floor.py            # writes bench/api_floor.csv (about 3 minutes)

Two corpora, each split in halves A and B held in memory: ``docs``, CPython's own documentation
text (``pydoc_data``) repeated to 2.5 million tokens (a fixed vocabulary, the old benchmark's
corpus), and ``zipf``, 3 million tokens drawn from the Zipf law of ``bench/run.py`` (exponent 1.1
over a million types: some 290,000 types). For each, alternately and three times, the best kept:

* ``api``: ``keyness(tokenize(A), tokenize(B))``;
* ``floor``: ``keyness_from_counts(Counter(TOKEN_PATTERN.findall(A.lower())), …)``: the same
  keyness table from the least counting work with the tokenizer's own pattern.

Also timed alone, without the keyness table: ``Counter(tokenize(A))`` against
``Counter(TOKEN_PATTERN.findall(A.lower()))`` (``count_ratio``). CPU time of this process
(``time.process_time``), which other jobs on a shared machine disturb less than wall time.
"""

from __future__ import annotations

import csv
import importlib.util
import re
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIELDS = ["corpus", "tokens", "types", "api_s", "floor_s", "ratio", "api_count_s", "floor_count_s", "count_ratio"]
_WORD = re.compile(r"\w+")


def docs_halves(total_tokens: int) -> tuple[str, str]:
    """CPython's pydoc topics, split in two halves, each repeated to ``total_tokens // 2`` words."""
    from pydoc_data.topics import topics

    keys = sorted(topics)
    half = len(keys) // 2
    out = []
    for part in (keys[:half], keys[half:]):
        text = "\n\n".join(topics[k] for k in part)
        words = list(_WORD.finditer(text))
        copies, rest = divmod(total_tokens // 2, len(words))
        out.append("\n\n".join([text] * copies) + "\n\n" + (text[: words[rest].start()] if rest else ""))
    return out[0], out[1]


def zipf_halves(total_tokens: int) -> tuple[str, str]:
    spec = importlib.util.spec_from_file_location("bench_run", HERE / "run.py")
    run = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run)
    return (run._zipf_text(total_tokens // 2, 1, 0.0), run._zipf_text(total_tokens // 2, 2, run.ZIPF_SHUFFLED))


def _best(fn, repeat: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.process_time()
        result = fn()
        best = min(best, time.process_time() - start)
    return best, result


def measure(name: str, a: str, b: str, repeat: int = 3) -> dict:
    from analysis.core.tokens import TOKEN_PATTERN
    from analysis.lexical import keyness, keyness_from_counts, tokenize

    findall = TOKEN_PATTERN.findall
    keyness_from_counts({"warm": 1}, {"up": 1})
    times: dict[str, float] = {}
    tables = {}
    for _ in range(repeat):  # alternate, so that a busy moment hits both
        for label, fn in (
            ("api", lambda: keyness(tokenize(a), tokenize(b))),
            ("floor", lambda: keyness_from_counts(Counter(findall(a.lower())), Counter(findall(b.lower())))),
            ("api_count", lambda: Counter(tokenize(a))),
            ("floor_count", lambda: Counter(findall(a.lower()))),
        ):
            seconds, result = _best(fn, 1)
            times[label] = min(times.get(label, float("inf")), seconds)
            tables[label] = result
    api, floor = tables["api"], tables["floor"]
    # the floor lowercases before matching and keeps curly apostrophes, so a few forms differ
    differ = int((api["count_a"].sum() + api["count_b"].sum()) - (floor["count_a"].sum() + floor["count_b"].sum()))
    assert abs(differ) <= 1e-3 * api["count_a"].sum(), f"api and floor disagree by {differ} tokens"
    return {"corpus": name, "tokens": int(api["count_a"].sum() + api["count_b"].sum()), "types": len(api),
            "api_s": times["api"], "floor_s": times["floor"], "ratio": times["api"] / times["floor"],
            "api_count_s": times["api_count"], "floor_count_s": times["floor_count"],
            "count_ratio": times["api_count"] / times["floor_count"]}


def main(argv: list[str] | None = None) -> int:
    out = HERE / "api_floor.csv"
    rows = []
    for name, make, size in (("docs", docs_halves, 2_500_000), ("zipf", zipf_halves, 3_000_000)):
        a, b = make(size)
        rows.append(measure(name, a, b))
        r = rows[-1]
        print(f"{name}: {r['tokens']:,} tokens, {r['types']:,} types; api {r['api_s']:.2f} s, floor "
              f"{r['floor_s']:.2f} s, ratio {r['ratio']:.2f}; counting alone {r['count_ratio']:.2f}", flush=True)
    with open(out, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=FIELDS)
        writer.writeheader()
        for r in rows:
            writer.writerow({k: (f"{v:.4g}" if isinstance(v, float) else v) for k, v in r.items()})
    print(f"written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
