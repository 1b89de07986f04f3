"""The command line, driven in-process through analysis.core.cli.main (one test runs it as
``python -m analysis`` in a subprocess): formats, progress, and bad input."""

import io
import json
import subprocess
import sys
from collections import Counter

import pandas as pd
import pytest
from conftest import BIN, guarded_env

from analysis.book.sources import voice_paragraphs
from analysis.core.cli import compare, main, render_html
from analysis.core.keyness import keyness
from analysis.core.tokens import tokenize

ARTICLE = "\n\n".join(p.content for p in voice_paragraphs("article"))
ANSWERS = "\n\n".join(p.content for p in voice_paragraphs("answers"))


@pytest.fixture
def corpora(tmp_path):
    a, b = tmp_path / "article.txt", tmp_path / "answers.txt"
    a.write_text(ARTICLE, encoding="utf-8")
    b.write_text(ANSWERS, encoding="utf-8")
    return a, b


def run(args, tmp_path, stdin: bytes | None = None):
    """``main(args)`` in this process, with standard input, output and error as bytes, like a
    subprocess: a usage error's SystemExit gives its status."""
    streams = {name: io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=True) for name in ("out", "err")}
    fake_in = io.TextIOWrapper(io.BytesIO(stdin or b""), encoding="utf-8")
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = fake_in, streams["out"], streams["err"]
    try:
        code = main([str(a) for a in args])
    except SystemExit as exc:
        code = exc.code
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
    return subprocess.CompletedProcess(args, code, streams["out"].buffer.getvalue(), streams["err"].buffer.getvalue())


def test_python_m_analysis_compare_runs_as_documented(corpora, tmp_path):
    """The one subprocess test: ``python -m analysis compare`` under the network guard."""
    a, b = corpora
    proc = subprocess.run([sys.executable, "-m", "analysis", "compare", str(a), str(b)], capture_output=True,
                          env=guarded_env(tmp_path), timeout=300)
    assert proc.returncode == 0, proc.stderr.decode()
    out = proc.stdout.decode()
    assert f"A: {a} — 1 file(s), {len(tokenize(ARTICLE)):,} tokens" in out
    assert "Benjamini–Hochberg" in out and "Diversity" in out and "Top collocations of B" in out
    assert not (tmp_path / "netguard-refused.log").exists()


def test_console_script_is_installed_and_is_main(corpora, tmp_path):
    from importlib.metadata import entry_points

    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "borovik-texts"]
    assert script.load() is main and (BIN / "borovik-texts").is_file()
    a, b = corpora
    proc = run(["compare", a, b, "--format", "json"], tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    assert json.loads(proc.stdout)["corpora"]["a"]["tokens"] == len(tokenize(ARTICLE))


def test_keyness_from_the_command_line_equals_the_in_memory_function(corpora, tmp_path):
    a, b = corpora
    out = tmp_path / "report.csv"
    proc = run(["compare", a, b, "--format", "csv", "-o", out], tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    streamed = pd.read_csv(out, index_col="word", keep_default_na=False, na_values=[""])
    in_memory = keyness(tokenize(ARTICLE), tokenize(ANSWERS))
    assert list(streamed.index) == list(in_memory.index)
    for col in ("count_a", "count_b", "ll", "ll_two_term", "log_ratio", "p_bh", "log_odds_z"):
        assert streamed[col].to_numpy() == pytest.approx(in_memory[col].to_numpy(), rel=1e-9), col
    assert (tmp_path / "report.diversity.csv").is_file() and (tmp_path / "report.collocations.csv").is_file()


def test_json_and_html_reports(corpora, tmp_path):
    a, b = corpora
    proc = run(["compare", a, b, "--format", "json", "--top", "5"], tmp_path)
    doc = json.loads(proc.stdout)
    assert set(doc) == {"corpora", "params", "diversity", "keyness", "collocations"}
    assert doc["params"]["top"] == 5 and len(doc["collocations"]["b"]) <= 5
    html_path = tmp_path / "report.html"
    proc = run(["compare", a, b, "--format", "html", "-o", html_path], tmp_path)
    html = html_path.read_text(encoding="utf-8")
    assert proc.returncode == 0 and html.startswith("<!DOCTYPE html>")
    assert "<script" not in html and "http" not in html  # self-contained


def test_stdin_folder_and_progress(corpora, tmp_path):
    a, b = corpora
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "one.txt").write_text(ANSWERS[:3000], encoding="utf-8")
    (folder / "two.txt").write_text(ANSWERS[3000:], encoding="utf-8")
    proc = run(["compare", "-", folder, "--format", "json", "--progress", "always"], tmp_path,
               stdin=ARTICLE.encode())
    assert proc.returncode == 0, proc.stderr.decode()
    doc = json.loads(proc.stdout)
    assert doc["corpora"]["a"]["spec"] == "-" and doc["corpora"]["b"]["files"] == 2
    assert doc["corpora"]["b"]["tokens"] == sum(Counter(tokenize(ANSWERS[:3000])).values()) + \
        sum(Counter(tokenize(ANSWERS[3000:])).values())
    err = proc.stderr.decode()
    assert "reading A (-)" in err and "reading B" in err and "100.0%" in err


def test_html_escapes_markup_in_the_corpora(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("<script>alert(1)</script> trade trade trade " * 20, encoding="utf-8")
    b.write_text("friendship friendship cooperation " * 20, encoding="utf-8")
    html = render_html(compare(str(a), str(b)))
    assert "<script>" not in html and "alert" in html


@pytest.mark.parametrize("setup, message", [
    (lambda p: (p / "absent.txt", p / "b.txt"), "no such file or folder"),
    (lambda p: (p / "bin.txt", p / "b.txt"), "looks like a binary file"),
    (lambda p: (p / "latin1.txt", p / "b.txt"), "is not UTF-8 text"),
    (lambda p: (p / "empty.txt", p / "b.txt"), "holds no word tokens"),
    (lambda p: (p / "emptydir", p / "b.txt"), "holds no .txt files"),
])
def test_bad_input_exits_non_zero_with_a_clear_message(tmp_path, setup, message):
    (tmp_path / "b.txt").write_text("trade and friendship", encoding="utf-8")
    (tmp_path / "bin.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "latin1.txt").write_bytes("Phnom Penh café".encode("latin-1"))
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "emptydir").mkdir()
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    a, b = setup(tmp_path)
    proc = run(["compare", a, b], tmp_path)
    assert proc.returncode == 1
    err = proc.stderr.decode()
    assert message in err and "Traceback" not in err and err.startswith("python -m analysis compare: error:")
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file() and p.suffix != ".log"} == \
        {k: v for k, v in before.items() if not k.endswith(".log")}


def test_never_writes_over_an_input(corpora, tmp_path):
    a, b = corpora
    original = a.read_bytes()
    proc = run(["compare", a, b, "-o", a], tmp_path)
    assert proc.returncode == 1 and b"refusing to write" in proc.stderr
    assert a.read_bytes() == original
    proc = run(["compare", tmp_path, b, "-o", tmp_path / "inside.txt"], tmp_path)
    assert proc.returncode == 1 and not (tmp_path / "inside.txt").exists()


def test_csv_side_files_and_temporary_files_never_touch_an_input(corpora, tmp_path):
    a, b = corpora
    side = tmp_path / "x.diversity.csv"  # the file `-o x.csv --format csv` writes beside x.csv
    side.write_text(ARTICLE, encoding="utf-8")
    proc = run(["compare", a, side, "--format", "csv", "-o", tmp_path / "x.csv"], tmp_path)
    assert proc.returncode == 1 and b"refusing to write" in proc.stderr
    assert side.read_text(encoding="utf-8") == ARTICLE and not (tmp_path / "x.csv").exists()
    tmp_named = tmp_path / "r.txt.tmp"  # a name an output's temporary file might have had
    tmp_named.write_text(ANSWERS, encoding="utf-8")
    proc = run(["compare", a, tmp_named, "-o", tmp_path / "r.txt"], tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    assert tmp_named.read_text(encoding="utf-8") == ANSWERS
    assert (tmp_path / "r.txt").read_text(encoding="utf-8").startswith("Comparison of two corpora")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp") and p != tmp_named]


def test_an_output_folder_that_does_not_exist_is_a_clear_error(corpora, tmp_path):
    a, b = corpora
    proc = run(["compare", a, b, "-o", tmp_path / "no" / "such" / "report.txt"], tmp_path)
    assert proc.returncode == 1 and b"folder" in proc.stderr and b"does not exist" in proc.stderr
    assert str(tmp_path / "no" / "such" / "report.txt").encode() in proc.stderr
    assert b"Traceback" not in proc.stderr and b".tmp" not in proc.stderr


def test_usage_errors(corpora, tmp_path):
    a, b = corpora
    assert run(["compare", a], tmp_path).returncode == 2
    assert run(["compare", a, b, "--format", "pdf"], tmp_path).returncode == 2
    proc = run(["compare", "-", "-"], tmp_path, stdin=b"x")
    assert proc.returncode == 2 and b"only one corpus can come from standard input" in proc.stderr
    proc = run(["compare", a, b, "--top", "0"], tmp_path)
    assert proc.returncode == 2 and b"--top must be" in proc.stderr
    for option, value in (("--sample-tokens", "1"), ("--alpha", "1.5"), ("--alpha", "nan")):
        proc = run(["compare", a, b, option, value], tmp_path)
        assert proc.returncode == 2 and option.encode() + b" must be" in proc.stderr, (option, value)
