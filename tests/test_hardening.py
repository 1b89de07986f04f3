"""Issue 19, hostile input: one test per defect the review found, each on the fixed behaviour.

Outputs are only ever links, FIFOs and files in ``tmp_path``: CI runs as root, so no test may
name the machine's own /dev/null as a target. Writing *through* a link to /dev/null is harmless
(that is what /dev/null is for); the link is what an old bug would have replaced."""

import hashlib
import io
import json
import math
import os
import socket
import stat
import subprocess
import sys
import threading
import tracemalloc
import unicodedata
import warnings
from collections import Counter

import pytest
from conftest import guarded_env
from test_cli import ARTICLE, corpora, run  # noqa: F401 (corpora: the CLI tests' fixture, reused)

import analysis.core.cli as cli
import analysis.core.corpus as corpus
from analysis.book import trade
from analysis.book.paths import data_dir
from analysis.book.sources import load_source
from analysis.book.voices import voices
from analysis.core.corpus import CorpusError, corpus_files, count_corpus, count_tokens, read_chunks
from analysis.core.distribution import collocations, concordance, dispersion, term_matcher, term_positions
from analysis.core.errors import AnalysisError, SourceError, shown
from analysis.core.keyness import keyness_from_counts
from analysis.core.quantities import QuantityError, find_quantities, parse_number
from analysis.core.scripts import MARK_RANGES, MARKS_UNICODE_VERSION, mark_ranges, script_of
from analysis.core.tokens import LexicalError, UnsegmentedScriptWarning, tokenize
from analysis.display.reader_tables import concordance_html


def _made(path):
    path.write_text("x", encoding="utf-8")
    return path


def _report_ok(text: str) -> bool:
    return text.startswith("Comparison of two corpora")


# --------------------------------------------------------------------------- 1. -o never replaces


def test_output_through_a_symlink_writes_the_target_and_keeps_the_link(corpora, tmp_path):
    a, b = corpora
    target = tmp_path / "target.txt"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    proc = run(["compare", a, b, "-o", link], tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert _report_ok(target.read_text(encoding="utf-8"))
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # a replaced file keeps its mode
    dangling = tmp_path / "dangling.txt"
    dangling.symlink_to(tmp_path / "nowhere.txt")
    proc = run(["compare", a, b, "-o", dangling], tmp_path)
    assert proc.returncode == 1 and b"symbolic link" in proc.stderr and b"does not exist" in proc.stderr
    assert dangling.is_symlink() and not (tmp_path / "nowhere.txt").exists()


def test_output_through_links_to_dev_null_and_dev_stdout(corpora, tmp_path):
    """``-o /dev/null`` and ``-o /dev/stdout``, through links in tmp_path; stdout is a pipe here."""
    a, b = corpora
    null_link, out_link = tmp_path / "null", tmp_path / "out"
    null_link.symlink_to("/dev/null")
    out_link.symlink_to("/dev/stdout")
    proc = run(["compare", a, b, "-o", null_link], tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    assert null_link.is_symlink() and stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    sub = subprocess.run([sys.executable, "-m", "analysis", "compare", str(a), str(b), "-o", str(out_link)],
                         capture_output=True, env=guarded_env(tmp_path), timeout=300)
    assert sub.returncode == 0, sub.stderr.decode()
    assert _report_ok(sub.stdout.decode()) and out_link.is_symlink()
    # the plan writes both in place, never through a temporary file and a rename
    plan = cli.plan_outputs([null_link, out_link], [str(a), str(b)])
    assert [t.stream for t in plan] == [True, True]


def test_output_to_a_fifo_is_written_in_place(corpora, tmp_path):
    a, b = corpora
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    proc = run(["compare", a, b, "-o", fifo], tmp_path)
    reader.join(60)
    assert proc.returncode == 0, proc.stderr.decode()
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and _report_ok(got[0].decode())


def test_new_reports_get_the_umask_mode(corpora, tmp_path):
    a, b = corpora
    old = os.umask(0o027)
    try:
        proc = run(["compare", a, b, "--format", "csv", "-o", tmp_path / "r.csv"], tmp_path)
    finally:
        os.umask(old)
    assert proc.returncode == 0, proc.stderr.decode()
    for name in ("r.csv", "r.diversity.csv", "r.collocations.csv"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o640, name


@pytest.mark.parametrize("make, message", [
    (lambda p: p / "missing" / "r.txt", "does not exist"),
    (lambda p: _made(p / "plain") / "r.txt", "Not a directory"),
    (lambda p: (p / "dir").mkdir() or p / "dir", "it is a folder"),
    (lambda p: p / "sock", "block device or a socket"),
])
def test_every_output_check_runs_before_any_input_is_read(corpora, tmp_path, monkeypatch, make, message):
    a, b = corpora
    target = make(tmp_path)
    if target.name == "sock":
        s = socket.socket(socket.AF_UNIX)
        s.bind(str(target))
    monkeypatch.setattr(cli, "count_corpus", lambda *a, **k: pytest.fail("an input was read"))
    proc = run(["compare", a, b, "-o", target], tmp_path)
    err = proc.stderr.decode()
    assert proc.returncode == 1 and message in err and f"cannot write {target}" in err, err
    assert ".tmp" not in err and "Traceback" not in err


def test_csv_trio_is_all_or_nothing(corpora, tmp_path, monkeypatch):
    a, b = corpora
    out = tmp_path / "r.csv"
    out.write_text("previous report", encoding="utf-8")
    real_replace = os.replace
    calls = []

    def failing_second(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_second)
    proc = run(["compare", a, b, "--format", "csv", "-o", out], tmp_path)
    monkeypatch.undo()
    assert proc.returncode == 1 and b"cannot write" in proc.stderr and b"r.diversity.csv" in proc.stderr
    assert out.read_text(encoding="utf-8") == "previous report"  # put back
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers.txt", "article.txt", "r.csv"]
    # the side files' folder already holds a folder of that name: refused before anything is written
    (tmp_path / "r.collocations.csv").mkdir()
    proc = run(["compare", a, b, "--format", "csv", "-o", out], tmp_path)
    assert proc.returncode == 1 and out.read_text(encoding="utf-8") == "previous report"


def test_two_outputs_that_are_one_file_and_hard_links_to_inputs_are_refused(corpora, tmp_path):
    a, b = corpora
    os.link(a, tmp_path / "alias.txt")
    proc = run(["compare", a, b, "-o", tmp_path / "alias.txt"], tmp_path)
    assert proc.returncode == 1 and b"refusing to write" in proc.stderr
    assert (tmp_path / "alias.txt").read_text(encoding="utf-8") == ARTICLE
    (tmp_path / "r.diversity.csv").symlink_to(tmp_path / "r.csv")
    (tmp_path / "r.csv").write_text("x", encoding="utf-8")
    with pytest.raises(cli.OutputError, match="two outputs are the same file"):
        cli.plan_outputs(cli._outputs(tmp_path / "r.csv", "csv"), [str(a), str(b)])


# --------------------------------------------------------------------------- 2. implied_path


@pytest.mark.parametrize("kwargs, message", [
    ({"years": 1e9}, "years must lie between 1 and 100"),
    ({"years": 10**6}, "years must lie between 1 and 100"),
    ({"years": 10.5}, "years must be a whole number"),
    ({"years": 0}, "years must lie between"),
    ({"end_year": 2019.5}, "end_year must be a whole number"),
    ({"end_year": 10**9}, "end_year must lie between 1900 and 2100"),
    ({"end_year": "2019"}, "end_year must be a whole number"),
])
def test_implied_path_bounds_its_years(kwargs, message):
    args = {"end_value": 246, "end_year": 2019, "multiple": 7, "years": 10} | kwargs
    with pytest.raises(QuantityError, match=message):
        trade.implied_path(**args)
    s = trade.implied_path(246, 2019, 7, 10.0)  # an integral float is a whole number
    assert list(s.index) == list(range(2009, 2020)) and s[2019] == pytest.approx(246)
    assert s[2009] == pytest.approx(246 / 7)


# --------------------------------------------------------------------------- 3. scripts


@pytest.mark.parametrize("text, tokens, warned", [
    ("កម្ពុជា", ["កម្ពុជា"], "Khmer"),
    ("ព្រះរាជាណាចក្រកម្ពុជា និង សហព័ន្ធរុស្ស៊ី", ["ព្រះរាជាណាចក្រកម្ពុជា", "និង", "សហព័ន្ធរុស្ស៊ី"], "Khmer"),
    ("ประเทศไทย กับ รัสเซีย", ["ประเทศไทย", "กับ", "รัสเซีย"], "Thai"),
    ("हिन्दी भाषा", ["हिन्दी", "भाषा"], None),
    ("Приве́т, Росси́я", ["приве́т", "росси́я"], None),
    (unicodedata.normalize("NFD", "Résumé"), ["résumé"], None),
    ("柬埔寨和俄罗斯。", ["柬", "埔", "寨", "和", "俄", "罗", "斯"], "Chinese or Japanese"),
    ("カンボジアとロシア", ["カンボジア", "と", "ロシア"], "Chinese or Japanese"),
])
def test_scripts_with_combining_marks_stay_whole_and_unsegmented_ones_warn(text, tokens, warned):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert tokenize(text) == tokens
    messages = [str(w.message) for w in caught if w.category is UnsegmentedScriptWarning]
    assert (messages and warned in messages[0]) if warned else not messages
    assert all(unicodedata.is_normalized("NFC", t) for t in tokens)


def test_the_mark_table_is_the_unicode_database_of_its_version():
    if unicodedata.unidata_version != MARKS_UNICODE_VERSION:
        # another Python: every mark of the table is still a mark there (marks never change class)
        assert all(unicodedata.category(chr(int(r.split("-")[0], 16))).startswith("M") for r in MARK_RANGES)
    else:
        assert mark_ranges() == MARK_RANGES
    assert script_of("ក") == ("Khmer", "runs") and script_of("a") is None


def test_streamed_counts_of_khmer_and_nfd_text_equal_tokenize(tmp_path):
    text = ("ប្រទេសកម្ពុជា និង រុស្ស៊ី។ " + unicodedata.normalize("NFD", "résumé café ") + "Résumé\n") * 300
    path = tmp_path / "km.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.warns(UnsegmentedScriptWarning, match="Khmer"):
        counted = count_corpus(path).counts
    with pytest.warns(UnsegmentedScriptWarning):
        expected = tokenize(text)
    assert counted == Counter(expected) and counted["résumé"] == 600


# --------------------------------------------------------------------------- 4. bounded memory


def test_memory_is_bounded_by_the_chunk_on_text_without_whitespace():
    text = ("trade,friendship;cooperation." * 40_000).encode()  # 1.16 MB, no whitespace
    stream = io.BytesIO(text)
    tracemalloc.start()
    try:
        counts = count_tokens(read_chunks(stream, chunk_bytes=16_384))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert counts["trade"] == 40_000 and sum(counts.values()) == 120_000
    assert peak < 1_000_000, f"peak {peak:,} bytes for 16 KiB chunks"  # the old carry held all 1.16 MB (x4)
    sizes = [len(c) for c in read_chunks(io.BytesIO(text), chunk_bytes=16_384)]
    assert max(sizes) <= 16_384 + 64 and len(sizes) > 60


def test_a_run_with_nowhere_to_cut_is_refused_not_held(monkeypatch):
    monkeypatch.setattr(corpus, "MAX_RUN_CHARS", 10_000)
    with pytest.raises(CorpusError, match="no space or punctuation"):
        list(read_chunks(io.BytesIO(b"a" * 50_000), name="long.txt", chunk_bytes=4096))


# --------------------------------------------------------------------------- 5. names, folders, usage, sources


def test_names_that_are_not_utf8_or_hold_control_characters_are_escaped(corpora, tmp_path):
    a, b = corpora
    odd = tmp_path / os.fsdecode(b"caf\xe9.txt")
    odd.write_text(ARTICLE, encoding="utf-8")
    proc = run(["compare", odd, b, "-o", tmp_path / "r.txt"], tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    assert "caf\\xe9.txt" in (tmp_path / "r.txt").read_text(encoding="utf-8")
    proc = run(["compare", tmp_path / "x\x1b[31m.txt", b], tmp_path)
    assert proc.returncode == 1 and b"\x1b" not in proc.stderr and b"x\\u001b[31m.txt" in proc.stderr
    assert shown("a\u202eb\nc") == "a\\u202eb\\u000ac"


def test_a_folder_reads_its_txt_files_and_refuses_an_unreadable_subfolder(tmp_path, monkeypatch):
    (tmp_path / "one.txt").write_text("trade and friendship", encoding="utf-8")
    (tmp_path / "TWO.TXT").write_text("rice", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "three.txt").write_text("aid", encoding="utf-8")
    assert [p.name for p in corpus_files(tmp_path)] == ["TWO.TXT", "one.txt", "three.txt"]
    assert count_corpus(tmp_path).n_tokens == 5
    only_png = tmp_path / "png"
    only_png.mkdir()
    (only_png / "x.png").write_bytes(b"\x00")
    with pytest.raises(CorpusError, match=r"holds no \.txt files \(1 other file\(s\) skipped\)"):
        corpus_files(only_png)
    real = os.scandir

    def refusing(path="."):
        if str(path).endswith("sub"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", refusing)  # root can read every folder, so refuse by hand
    with pytest.raises(CorpusError, match="cannot read folder .*sub: Permission denied"):
        corpus_files(tmp_path)


def test_sources_json_cannot_name_a_file_outside_the_data_folder(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    outside = tmp_path / "outside.txt"
    outside.write_text("Title\n\nA paragraph.\n", encoding="utf-8")
    meta = json.loads((data_dir() / "sources.json").read_text(encoding="utf-8"))
    for name in ("../outside.txt", str(outside)):
        entry = dict(meta["sources"][0], file=name, sha256=hashlib.sha256(outside.read_bytes()).hexdigest())
        (data / "sources.json").write_text(json.dumps({"sources": [entry]}), encoding="utf-8")
        with pytest.raises(SourceError, match="lies outside the data folder"):
            load_source("article", data)


# --------------------------------------------------------------------------- 6. numbers


@pytest.mark.parametrize("call, error, message", [
    (lambda: parse_number("1٢3"), QuantityError, "ASCII"),
    (lambda: parse_number("９９"), QuantityError, "ASCII"),
    (lambda: parse_number("9" * 400), QuantityError, "too large"),
    (lambda: find_quantities("the 1e5 students"), QuantityError, "scientific notation"),
    (lambda: find_quantities("the trade", max_percent=math.nan), QuantityError, "max_percent"),
    (lambda: keyness_from_counts({"w": 10**19, "v": 1}, {"w": 1}), LexicalError, r"counts_a\['w'\]"),
    (lambda: keyness_from_counts({"w": 10**400}, {"w": 1}), LexicalError, r"counts_a\['w'\]"),
    (lambda: keyness_from_counts({"w": 2**52, "v": 2**52 + 1}, {"w": 1}), LexicalError, "sums to"),
    (lambda: keyness_from_counts({"w": 1}, {"w": 1}, total_a=math.nan), LexicalError, "total_a"),
    (lambda: keyness_from_counts({"w": 1}, {"w": 1}, total_b="100"), LexicalError, "total_b"),
    (lambda: keyness_from_counts({"w": 1}, {"w": 1}, total_a=10**20), LexicalError, "total_a"),
    (lambda: trade.implied_cagr(1e308, 1e-300), QuantityError, "too large to represent"),
    (lambda: trade.implied_cagr(math.inf, 10), QuantityError, "finite"),
    (lambda: trade.flow_shares({"a": 10**400}), QuantityError, "too large"),
])
def test_numbers_are_finite_ascii_and_in_range(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_numbers_near_the_limits_give_the_right_answers():
    assert trade.flow_shares({"a": 1e308, "b": 1e308}) == {"a": 0.5, "b": 0.5}
    assert trade.implied_cagr(7, 10) == pytest.approx(7 ** 0.1 - 1, rel=1e-12)
    t = keyness_from_counts({"w": 2**40, "v": 3}, {"w": 5, "v": 5}, total_a=2**41)
    assert t.loc["w", "count_a"] == 2**40 and math.isfinite(t.loc["w", "ll"])
    assert keyness_from_counts({"w": 1}, {"w": 1}, total_a=10.0).attrs["total_a"] == 10
    assert [q.number for q in find_quantities("٢٠ students and 20 students")] == [20.0]


# --------------------------------------------------------------------------- 7. sequences, None, JSON


@pytest.mark.parametrize("call, message", [
    (lambda: dispersion([["trade", "aid"], ["trade"]], "trade"), r"terms must be a list of words, not a str"),
    (lambda: voices("article"), r"names must be a list of voice names, not a str: write \['article'\]"),
    (lambda: collocations(None), "tokens must be a list of str tokens, got NoneType"),
    (lambda: collocations(["a", "b"], exclude="the"), "exclude must be a list of words, not a str"),
    (lambda: collocations(["a", "b"] * 3, window_size=10**9), "window_size must be at most"),
    (lambda: concordance(None, "x"), "needs a str or a Voice, got NoneType"),
    (lambda: concordance("trade", None), "patterns must be a list of search patterns, got NoneType"),
    (lambda: term_matcher([]), "at least one search pattern"),
    (lambda: concordance_html(None), "needs a table from concordance"),
    (lambda: dispersion(None, ["x"]), "parts must be a list of token lists, got NoneType"),
    (lambda: dispersion([["a"]], None), "terms must be a list of words, got NoneType"),
    (lambda: term_positions(voices(["article"])["article"], ["trade"]), "terms must be a mapping"),
])
def test_sequences_are_not_strings_and_none_is_named(call, message):
    with pytest.raises(AnalysisError, match=message) as info:
        call()
    assert isinstance(info.value, LexicalError)


def test_json_numeric_columns_hold_numbers_or_null(corpora, tmp_path):
    a, b = corpora
    proc = run(["compare", a, b, "--format", "json"], tmp_path)
    doc = json.loads(proc.stdout)
    kinds = {type(row["pct_diff"]) for row in doc["keyness"]}
    assert kinds == {float, type(None)}
    absent = [row for row in doc["keyness"] if row["count_b"] == 0]
    assert absent and all(row["pct_diff"] is None for row in absent)


def test_the_command_line_warns_once_for_a_corpus_in_khmer(tmp_path):
    khmer = tmp_path / "km.txt"
    khmer.write_text("ព្រះរាជាណាចក្រកម្ពុជា និង សហព័ន្ធរុស្ស៊ី មាន ទំនាក់ទំនង ការទូត តាំងពី ឆ្នាំ ១៩៥៦។\n" * 30,
                     encoding="utf-8")
    english = tmp_path / "en.txt"
    english.write_text(ARTICLE, encoding="utf-8")
    proc = run(["compare", khmer, english, "--format", "json"], tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    lines = proc.stderr.decode().splitlines()
    assert [line for line in lines if "warning:" in line] == [
        "python -m analysis compare: warning: text in Khmer script: Khmer does not separate words with spaces, "
        "so its tokens are the runs between spaces and punctuation (often phrases), not words; segment the "
        "text into words first for word statistics"]
    counts = {row["word"]: row["count_a"] for row in json.loads(proc.stdout)["keyness"]}
    assert counts["ព្រះរាជាណាចក្រកម្ពុជា"] == 30 and counts["១៩៥៦"] == 30
