"""analysis.book.environment: versions read from the running environment; benchmark results if present."""

import sys

import pytest

from analysis.book.environment import (
    BENCH_COLUMNS,
    EnvironmentReportError,
    load_bench_results,
    package_versions,
    platform_summary,
    requirement_pins,
)


def test_requirement_pins_parse_pins_and_skip_the_rest():
    text = "# note\njupyter-book==1.0.4.post1\n-e .\nfoo[extra]==2.0  # why\n\nbar>=1\n"
    assert requirement_pins(text) == {"jupyter-book": "1.0.4.post1", "foo": "2.0"}
    assert "pandas" in requirement_pins()
    with pytest.raises(TypeError, match="needs the file's text"):
        requirement_pins(42)


def test_package_versions_match_the_pins_in_this_environment():
    table = package_versions().set_index("package")
    pinned = table[table["pinned"] != ""]
    assert (pinned["pinned"] == pinned["installed"]).all(), pinned
    assert table.loc["myst-nb", "installed"] and table.loc["myst-nb", "pinned"] == ""
    with pytest.raises(EnvironmentReportError, match="'no-such-package-xyz' is not installed"):
        package_versions(["pandas", "no-such-package-xyz"])


def test_platform_summary_is_the_running_interpreter():
    info = platform_summary()
    assert info["Python"] == sys.version.split()[0]
    assert set(info) == {"Python", "implementation", "operating system", "machine"}


def test_bench_results_absent_present_and_malformed(tmp_path):
    assert load_bench_results(tmp_path / "results.csv") is None
    good = tmp_path / "good.csv"
    good.write_text(",".join(BENCH_COLUMNS) + "\nzipf,streaming,10000,9943,1433,0.54,0.5,18301.1,134.1,120.5,1.2\n")
    table = load_bench_results(good)
    assert table.loc[0, "pipeline"] == "streaming" and table.loc[0, "tokens"] == 9943
    bad = tmp_path / "bad.csv"
    bad.write_text("pipeline,seconds\nours,1\n")
    with pytest.raises(EnvironmentReportError, match=r"missing column\(s\) \['corpus', 'target_tokens'"):
        load_bench_results(bad)
    empty = tmp_path / "empty.csv"
    empty.write_text(",".join(BENCH_COLUMNS) + "\n")
    with pytest.raises(EnvironmentReportError, match="holds no results"):
        load_bench_results(empty)
