"""Probes of issue 19 (hostile input): run each defect the issue lists and record what happens.

    .venv/bin/python bench/probes_hardening.py --save bench/probes_before.json   # before the fix
    .venv/bin/python bench/probes_hardening.py --compare bench/probes_before.json # after: a table

Everything happens in a temporary folder. The machine's own /dev/null is never a target: the
"/dev/null" and "/dev/stdout" probes write through symbolic links in that folder, and the FIFO
probe reads its own FIFO. Heavy probes run in a subprocess under an address-space limit.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import stat
import subprocess
import sys
import tempfile
import textwrap
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEXT_A = "Russia and Cambodia trade rice and garments; friendship and trust. " * 40
TEXT_B = "Cambodia and Russia build schools, hospitals and friendship. " * 40


def _short(x, n: int = 90) -> str:
    s = x if isinstance(x, str) else repr(x)
    s = s.replace("\n", " ")
    return s if len(s) <= n else s[: n - 1] + "…"


def _call(fn):
    try:
        return _short(fn())
    except BaseException as exc:  # the probe records whatever comes out
        return _short(f"{type(exc).__name__}: {exc}")


def _cli(args, cwd=None, stdin=b"", limit_gb: float | None = None):
    """Run ``python -m analysis`` in a subprocess; returns (rc, stdout, stderr)."""

    def pre():
        if limit_gb:
            resource.setrlimit(resource.RLIMIT_AS, (int(limit_gb * 2**30),) * 2)

    proc = subprocess.run([sys.executable, "-m", "analysis", *args], cwd=cwd, input=stdin,
                          capture_output=True, timeout=600, preexec_fn=pre)
    return proc.returncode, proc.stdout, proc.stderr


def _err(stderr: bytes) -> str:
    lines = stderr.decode("utf-8", "backslashreplace").strip().splitlines()
    if any("Traceback" in line for line in lines):
        return "Traceback … " + (lines[-1] if lines else "")
    return lines[-1] if lines else ""


def _kind(path: Path) -> str:
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return "absent"
    if stat.S_ISLNK(st.st_mode):
        return f"symlink→{os.readlink(path)}"
    if stat.S_ISFIFO(st.st_mode):
        return "FIFO"
    if stat.S_ISREG(st.st_mode):
        return f"regular {stat.S_IMODE(st.st_mode):o}"
    return "other"


def probes(tmp: Path) -> list[tuple[str, str, str]]:
    a, b = tmp / "a.txt", tmp / "b.txt"
    a.write_text(TEXT_A, encoding="utf-8")
    b.write_text(TEXT_B, encoding="utf-8")
    out: list[tuple[str, str, str]] = []

    def rec(num, what, result):
        out.append((num, what, result))
        print(f"{num:5} {what}: {result}", flush=True)

    # ---------------------------------------------------------------- 1. -o replaces its target
    real = tmp / "real.txt"
    real.write_text("old", encoding="utf-8")
    link = tmp / "link.txt"
    link.symlink_to(real)
    rc, _, err = _cli(["compare", a, b, "-o", link])
    rec("1a", "-o symlink to a file", f"rc={rc}; link is {_kind(link)}; target holds "
        f"{'the report' if real.read_text(encoding='utf-8').startswith('Comparison') else 'old text'} {_err(err)}")

    nul = tmp / "null-link"
    nul.symlink_to("/dev/null")
    rc, _, err = _cli(["compare", a, b, "-o", nul])
    rec("1b", "-o symlink to /dev/null", f"rc={rc}; link is {_kind(nul)} {_err(err)}")

    so = tmp / "stdout-link"
    so.symlink_to("/dev/stdout")
    rc, stdout, err = _cli(["compare", a, b, "-o", so])
    rec("1c", "-o symlink to /dev/stdout", f"rc={rc}; link is {_kind(so)}; stdout got "
        f"{len(stdout)} bytes {_err(err)}")

    fifo = tmp / "fifo"
    os.mkfifo(fifo)
    got = []
    fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)

    def drain():
        import time
        chunks = []
        while not stop.is_set():
            try:
                data = os.read(fd, 65536)
            except BlockingIOError:
                data = None
            if data:
                chunks.append(data)
            elif data == b"" and chunks:
                break
            else:
                time.sleep(0.05)
        got.append(b"".join(chunks))

    stop = threading.Event()
    t = threading.Thread(target=drain, daemon=True)
    t.start()
    rc, _, err = _cli(["compare", a, b, "-o", fifo])
    t.join(3)
    stop.set()
    t.join(3)
    os.close(fd)
    rec("1d", "-o FIFO", f"rc={rc}; fifo is {_kind(fifo)}; reader got {len(got[0]) if got else 0} bytes {_err(err)}")

    old_umask = os.umask(0o022)
    try:
        rc, _, err = _cli(["compare", a, b, "-o", tmp / "new.txt"])
    finally:
        os.umask(old_umask)
    rec("1e", "mode of a new report (umask 022)", f"rc={rc}; {_kind(tmp / 'new.txt')}")

    blocker = tmp / "plainfile"
    blocker.write_text("x", encoding="utf-8")
    rc, _, err = _cli(["compare", a, b, "-o", blocker / "report.txt"])
    rec("1f", "-o under a path that is a file (error names)", f"rc={rc}; {_err(err)}")

    bad = tmp / "latin1.txt"
    bad.write_bytes("café".encode("latin-1"))
    rc, _, err = _cli(["compare", bad, b, "-o", tmp / "missing" / "r.txt"])
    rec("1g", "missing output folder + bad input: which is found first", f"rc={rc}; {_err(err)}")

    # a folder nobody can create files in, even root: /proc (nothing is ever written there)
    rc, _, err = _cli(["compare", bad, b, "-o", "/proc/report.txt"])
    rec("1h", "output folder that refuses files (/proc) + bad input", f"rc={rc}; {_err(err)}")

    (tmp / "trio.diversity.csv").mkdir()
    rc, _, err = _cli(["compare", a, b, "--format", "csv", "-o", tmp / "trio.csv"])
    rec("1i", "CSV trio, second file cannot be written", f"rc={rc}; trio.csv is {_kind(tmp / 'trio.csv')}; {_err(err)}")

    # ---------------------------------------------------------------- 2. implied_path
    code = ("from analysis.book.trade import implied_path\n"
            "import sys\n"
            "try:\n    s = implied_path(246, 2019, 7, float(sys.argv[1]))\n    print(len(s), 'rows')\n"
            "except Exception as e:\n    print(type(e).__name__ + ': ' + str(e))\n")
    for years in ("1e9", "1e6"):
        def pre():
            resource.setrlimit(resource.RLIMIT_AS, (3 * 2**30,) * 2)
        proc = subprocess.run([sys.executable, "-c", code, years], capture_output=True, timeout=300,
                              preexec_fn=pre, text=True)
        res = proc.stdout.strip() or _err(proc.stderr.encode())
        rec("2", f"implied_path(years={years}) under a 3 GB limit", res)
    from analysis.book import trade

    def end_off():
        s = trade.implied_path(246, 2019.5, 7, 10)
        return f"last index {s.index[-1]}, value {float(s.iloc[-1]):.2f} (target 246)"
    rec("2", "implied_path(end_year=2019.5)", _call(end_off))

    def start_off():
        s = trade.implied_path(246, 2019, 7, 10.5)
        return f"first index {s.index[0]}, value {float(s.iloc[0]):.2f} (start level {246 / 7:.2f})"
    rec("2", "implied_path(years=10.5)", _call(start_off))

    # ---------------------------------------------------------------- 3. scripts
    import unicodedata
    import warnings

    from analysis.core.tokens import tokenize
    for label, text in [("Khmer", "កម្ពុជា"), ("Khmer sentence", "ប្រទេសកម្ពុជា និង រុស្ស៊ី"),
                        ("Devanagari", "हिन्दी भाषा"), ("Thai", "ประเทศไทย"),
                        ("Cyrillic stress", "приве́т"),
                        ("NFD résumé", unicodedata.normalize("NFD", "résumé")),
                        ("Chinese", "柬埔寨和俄罗斯是朋友。"), ("Japanese", "カンボジアとロシアは友好国です。")]:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            res = _call(lambda text=text: tokenize(text))
        rec("3", f"tokenize {label}", res + (f"  [warning: {caught[0].category.__name__}]" if caught else "  [no warning]"))

    # ---------------------------------------------------------------- 4. memory, 50 MB without whitespace
    big = tmp / "nospace.txt"
    with open(big, "w", encoding="utf-8") as fh:
        unit = "trade,friendship;cooperation." * 1000
        while fh.tell() < 50 * 10**6:
            fh.write(unit)
    mem_code = textwrap.dedent(f"""
        import resource, time
        from analysis.core.corpus import count_corpus
        t = time.perf_counter()
        try:
            c = count_corpus({str(big)!r})
            r = f"{{c.n_tokens:,}} tokens"
        except Exception as e:
            r = type(e).__name__ + ': ' + str(e)
        print(r, f"{{time.perf_counter() - t:.1f}} s, peak RSS {{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}} MB")
    """)
    proc = subprocess.run([sys.executable, "-c", mem_code], capture_output=True, text=True, timeout=900)
    rec("4", "count 50 MB without whitespace", proc.stdout.strip() or _err(proc.stderr.encode()))
    with open(big, "w", encoding="utf-8") as fh:
        for _ in range(50):
            fh.write("a" * 10**6)
    proc = subprocess.run([sys.executable, "-c", mem_code], capture_output=True, text=True, timeout=900)
    rec("4", "count 50 MB of one letter (no place to cut)", _short(proc.stdout.strip() or _err(proc.stderr.encode()), 160))
    big.unlink()

    # ---------------------------------------------------------------- 5. names, folders, exit codes, sources.json
    odd = tmp / os.fsdecode(b"caf\xe9.txt")
    odd.write_text(TEXT_A, encoding="utf-8")
    rc, _, err = _cli(["compare", odd, b, "-o", tmp / "odd-report.txt"])
    rec("5a", "input named with a non-UTF-8 byte, -o", f"rc={rc}; {_err(err)}")
    rc, stdout, err = _cli(["compare", str(tmp / "x\x1b[31mred.txt"), b])
    esc = b"\x1b" in err + stdout
    rec("5b", "control characters in a name", f"rc={rc}; ESC reaches the terminal: {esc}")
    folder = tmp / "folder"
    folder.mkdir()
    (folder / "one.txt").write_text(TEXT_A, encoding="utf-8")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    rc, _, err = _cli(["compare", folder, b])
    rec("5c", "folder with one .txt and one .png", f"rc={rc}; {_err(err)}")
    # an unreadable subfolder (root reads every folder, so the refusal is simulated in-process)
    locked = tmp / "locked"
    (locked / "sub").mkdir(parents=True)
    (locked / "sub" / "t.txt").write_text(TEXT_A, encoding="utf-8")
    (locked / "ok.txt").write_text(TEXT_A, encoding="utf-8")
    from analysis.core.corpus import corpus_files
    real_scandir = os.scandir

    def refusing(path="."):
        if str(path).endswith("sub"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    os.scandir = refusing
    try:
        rec("5d", "folder with an unreadable subfolder", _call(lambda: [p.name for p in corpus_files(locked)]))
    finally:
        os.scandir = real_scandir
    rc, _, err = _cli(["compare", a, b, "--top", "0"])
    rec("5e", "usage error --top 0", f"rc={rc}; {_err(err)}")
    rc, _, err = _cli(["compare", "-", "-"])
    rec("5e", "usage error - -", f"rc={rc}; {_err(err)}")

    import hashlib

    from analysis.book.sources import load_source
    data = tmp / "data"
    data.mkdir()
    outside = tmp / "outside.txt"
    outside.write_text("Title\n\nA paragraph of text.\n", encoding="utf-8")
    meta = json.loads((ROOT / "data" / "sources.json").read_text(encoding="utf-8"))
    entry = dict(meta["sources"][0], file="../outside.txt", sha256=hashlib.sha256(outside.read_bytes()).hexdigest())
    (data / "sources.json").write_text(json.dumps({"sources": [entry]}), encoding="utf-8")
    rec("5f", "sources.json naming ../outside.txt", _call(lambda: f"loaded: {len(load_source(entry['id'], data).text)} chars"))

    # ---------------------------------------------------------------- 6. numbers
    from analysis.core.keyness import keyness_from_counts
    from analysis.core.quantities import find_quantities, parse_number
    rec("6", "parse_number('1٢3')", _call(lambda: parse_number("1٢3")))
    rec("6", "parse_number('9' * 400)", _call(lambda: parse_number("9" * 400)))
    rec("6", "find_quantities('the 1e5 students')",
        _call(lambda: [(q.kind, q.value, q.unit) for q in find_quantities("the 1e5 students")]))
    rec("6", "keyness_from_counts({'w': 10**19}, {'w': 1})",
        _call(lambda: keyness_from_counts({"w": 10**19, "v": 1}, {"w": 1, "v": 1})[["count_a", "ll"]].to_dict("records")))
    rec("6", "keyness_from_counts({'w': 10**400}, …)", _call(lambda: keyness_from_counts({"w": 10**400}, {"w": 1})))
    rec("6", "keyness_from_counts(total_a=nan)",
        _call(lambda: keyness_from_counts({"w": 1}, {"w": 1}, total_a=float("nan"))))
    rec("6", "keyness_from_counts(total_a='100')",
        _call(lambda: keyness_from_counts({"w": 1}, {"w": 1}, total_a="100").attrs["total_a"]))
    rec("6", "flow_shares({'a': 1e308, 'b': 1e308})", _call(lambda: trade.flow_shares({"a": 1e308, "b": 1e308})))
    rec("6", "implied_cagr(1e308, 1e-300)", _call(lambda: trade.implied_cagr(1e308, 1e-300)))

    # ---------------------------------------------------------------- 7. sequences, None, JSON
    from analysis.book.voices import voices
    from analysis.core.distribution import collocations, concordance, dispersion
    from analysis.display.reader_tables import concordance_html
    parts = [["trade", "and", "aid"], ["trade", "rice"]]
    rec("7", "dispersion(parts, 'trade')", _call(lambda: list(dispersion(parts, "trade").index)))
    rec("7", "voices('article')", _call(lambda: list(voices("article"))))
    rec("7", "collocations(None)", _call(lambda: collocations(None)))
    rec("7", "concordance(None, 'x')", _call(lambda: concordance(None, "x")))
    rec("7", "concordance('trade', None)", _call(lambda: concordance("trade", None)))
    rec("7", "concordance_html(None)", _call(lambda: concordance_html(None)))
    rec("7", "dispersion(None, ['x'])", _call(lambda: dispersion(None, ["x"])))
    code = ("from analysis.core.distribution import collocations\n"
            "try:\n    print(len(collocations(['a', 'b'] * 5, window_size=10**9)), 'rows')\n"
            "except BaseException as e:\n    print(type(e).__name__ + ': ' + str(e))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                          preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (2 * 2**30,) * 2))
    rec("7", "collocations(tokens, window_size=10**9) under a 2 GB limit",
        _short(proc.stdout.strip() or _err(proc.stderr.encode())))
    rc, stdout, err = _cli(["compare", a, b, "--format", "json"])
    try:
        doc = json.loads(stdout)
        kinds = sorted({type(r["pct_diff"]).__name__ for r in doc["keyness"]})
        rec("7", "JSON pct_diff types", f"{kinds}")
    except Exception as exc:
        rec("7", "JSON pct_diff types", f"{type(exc).__name__}: {_err(err)}")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--save", type=Path, help="write the results as JSON here")
    parser.add_argument("--compare", type=Path, help="a saved run: print a before/after table")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as d:
        results = probes(Path(d))
    if args.save:
        args.save.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if args.compare:
        before = json.loads(args.compare.read_text(encoding="utf-8"))
        print("\n| # | probe | before | after |\n|---|---|---|---|")
        for (num, what, old), (_, _, new) in zip(before, results):
            cells = [c.replace("|", "\\|") for c in (what, old, new)]
            print(f"| {num} | {cells[0]} | {cells[1]} | {cells[2]} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
