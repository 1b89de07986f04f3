"""bench/run.py: the benchmark's corpus maker, timing harness and fitted exponent (not its timings)."""

import importlib.util
import re

import pytest
from conftest import ROOT


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_corpora_hold_the_target_number_of_tokens(bench, tmp_path):
    a, b = bench.make_corpora(20_000, tmp_path)
    for path in (a, b):
        n = len(re.findall(r"\w+", path.read_text(encoding="utf-8")))
        assert n == 10_000


def test_fitted_exponent_recovers_a_power_law():
    from analysis.book.environment import EnvironmentReportError, fitted_exponent

    sizes = [1e4, 1e5, 1e6, 1e7]
    assert fitted_exponent(sizes, [3e-7 * s for s in sizes]) == pytest.approx(1.0)
    assert fitted_exponent(sizes, [1e-9 * s ** 1.5 for s in sizes]) == pytest.approx(1.5)
    with pytest.raises(EnvironmentReportError, match="at least two"):
        fitted_exponent([1e4], [0.1])
    with pytest.raises(EnvironmentReportError, match="positive"):
        fitted_exponent([1e4, 1e5], [0.0, 0.1])
    with pytest.raises(EnvironmentReportError, match="two different sizes"):
        fitted_exponent([1e4, 1e4], [0.1, 0.2])


def test_bench_summary_reads_the_largest_size():
    import pandas as pd

    from analysis.book.environment import EnvironmentReportError, bench_summary

    rows = [("ours", 10**5, 0.1), ("ours", 10**6, 1.0), ("ours", 10**7, 10.0),
            ("nltk", 10**7, 60.0), ("floor", 10**7, 8.0)]
    table = pd.DataFrame([{"pipeline": p, "target_tokens": n, "seconds": s, "tokens_per_s": n / s,
                           "peak_mib": 100.0} for p, n, s in rows])
    summary = bench_summary(table)
    assert summary["largest"] == 10**7 and summary["exponent"] == pytest.approx(1.0)
    assert summary["ratios"] == pytest.approx({"ours": 1.0, "nltk": 6.0, "floor": 0.8})
    with pytest.raises(EnvironmentReportError, match="no 'spacy' rows"):
        bench_summary(table, reference="spacy")


@pytest.mark.parametrize("pipeline", ["ours", "floor", "nltk"])
def test_each_pipeline_counts_and_scores_the_same_corpora(bench, tmp_path, pipeline):
    a, b = bench.make_corpora(4_000, tmp_path)
    result = bench.run_one(pipeline, a, b)
    assert set(result) == {"seconds", "peak_mib", "tokens", "types"}
    assert result["tokens"] >= 3_900 and result["types"] > 100 and result["seconds"] > 0


def test_unknown_pipeline_is_refused(bench, tmp_path):
    a, b = bench.make_corpora(2_000, tmp_path)
    with pytest.raises(ValueError, match="unknown pipeline 'spacy'"):
        bench.run_one("spacy", a, b)


def test_committed_results_meet_the_targets_at_ten_million_tokens():
    """The numbers the methods appendix shows, as last measured with `make bench`."""
    import pandas as pd

    table = pd.read_csv(ROOT / "bench" / "results.csv")
    big = table[table["target_tokens"] == 10**7].set_index("pipeline")
    ours = big.loc["ours", "seconds"]
    assert big.loc["nltk", "seconds"] >= 3 * ours
    assert big.loc["sklearn", "seconds"] >= ours
    assert ours <= 1.5 * big.loc["floor", "seconds"]
    assert big.loc["ours", "peak_mib"] < 1024
