"""The lexical engine at scale (issue 20): HD-D in closed form, bounded sampling, file boundaries,
empty files, mergeable CorpusCounts, the Dask engine and the README's Dask recipe."""

import json
import re
import subprocess
import sys
import time
from collections import Counter

import numpy as np
import pytest
from conftest import ROOT, guarded_env

from analysis.core import corpus as corpus_mod
from analysis.core.cli import compare, main, render_json
from analysis.core.corpus import CorpusCounts, CorpusError, count_corpus, merge_counts
from analysis.core.distribution import collocations
from analysis.core.diversity import _hdd_from_counts, diversity, hdd, mattr, mtld
from analysis.core.errors import AnalysisError
from analysis.core.tokens import LexicalError, tokenize


def _zipf_tokens(n: int, vocabulary: int = 5_000, seed: int = 1) -> list[str]:
    rng = np.random.default_rng(seed)
    ranks = np.arange(1, vocabulary + 1)
    p = 1 / ranks
    return [f"w{r}" for r in rng.choice(ranks, size=n, p=p / p.sum())]


# --- HD-D in closed form ---------------------------------------------------------------------

def _hdd_scipy(tokens, draws):
    from scipy.stats import hypergeom

    freqs = np.array(list(Counter(tokens).values()))
    return float(np.sum(1 - hypergeom.pmf(0, len(tokens), freqs, draws)) / draws)


@pytest.mark.parametrize("draws", [1, 2, 5, 42, 57])
def test_hdd_closed_form_equals_the_hypergeometric_pmf(draws):
    words = "the cat sat on the mat and the dog sat on the cat while a bird sang".split() * 3 + ["x"] * 6
    assert hdd(words, draws) == pytest.approx(_hdd_scipy(words, draws), abs=1e-12)


def test_hdd_closed_form_on_a_large_sample_is_exact_and_fast():
    toks = _zipf_tokens(100_000)
    start = time.perf_counter()
    value = hdd(toks, 42)
    seconds = time.perf_counter() - start
    assert value == pytest.approx(_hdd_scipy(toks, 42), abs=1e-12)
    assert seconds < 1.0  # Counter + closed form; scipy's pmf took about 1 s here
    # draws near the text's length: a type seen more than N − n times is always drawn
    assert _hdd_from_counts([3, 1], 4, 2) == pytest.approx(_hdd_scipy(["a", "a", "a", "b"], 2), abs=1e-12)
    assert _hdd_from_counts([2, 2], 4, 4) == 0.5
    # many draws go through in blocks
    assert _hdd_from_counts([50_000, 50_000], 100_000, 90_000) == pytest.approx(2 / 90_000)


# --- samples: bounded, per file ----------------------------------------------------------------

def test_the_sample_never_tokenizes_a_whole_chunk():
    chunk = "Trade grew and grew, friendship too. " * 40_000  # 240,000 tokens
    start = time.perf_counter()
    first = corpus_mod._first_tokens(chunk, 3, numbers=True)
    few = time.perf_counter() - start
    start = time.perf_counter()
    whole = tokenize(chunk)
    all_of_it = time.perf_counter() - start
    assert first == whole[:3] == ["trade", "grew", "and"]
    assert few < all_of_it / 20
    assert corpus_mod._first_tokens("In 1956 they met", 2, numbers=False) == ["in", "they"]
    assert corpus_mod._first_tokens("x y", 0, numbers=True) == []


def test_sample_parts_follow_files_and_stop_at_the_limit(tmp_path):
    (tmp_path / "a.txt").write_text("One two three. ", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Four five six", encoding="utf-8")
    c = count_corpus(tmp_path, sample_tokens=4)
    assert c.sample_parts == [["one", "two", "three"], ["four"]] and c.sample == ["one", "two", "three", "four"]
    assert c.sample_tokens == 4
    with pytest.raises(CorpusError, match="sample_tokens must be a non-negative int"):
        count_corpus(tmp_path, sample_tokens=-1)


# --- file boundaries (point 5) -----------------------------------------------------------------

@pytest.fixture
def three_files(tmp_path):
    folder = tmp_path / "three"
    folder.mkdir()
    for i in range(3):
        (folder / f"{i}.txt").write_text("one two", encoding="utf-8")
    return folder


def test_collocations_never_pair_words_of_two_files(three_files, tmp_path):
    (tmp_path / "b.txt").write_text("one two one two three", encoding="utf-8")
    result = compare(str(three_files), str(tmp_path / "b.txt"), top=10)
    pairs = {(r.w1, r.w2): r.count for r in result["collocations"]["a"].itertuples()}
    assert pairs == {("one", "two"): 3}  # "two one" is in no file
    parts = count_corpus(three_files, sample_tokens=100).sample_parts
    assert parts == [["one", "two"]] * 3
    assert collocations(parts, min_count=1)[["w1", "w2"]].values.tolist() == [["one", "two"]]


def test_order_measures_never_span_two_files():
    parts = [["a", "b"], ["a", "b"]]
    # windows of two inside each file only: every one holds two types
    assert mattr(parts, window=2) == 1.0 and mattr(["a", "b", "a", "b"], window=2) == 1.0
    assert mattr([["a", "a"], ["b", "b"]], window=2) == 0.5
    assert mattr(["a", "a", "b", "b"], window=2) == pytest.approx(2 / 3)  # the window "a b" spans the break
    with pytest.raises(LexicalError, match="larger than the text"):
        mattr([["a"], ["b"]], window=2)
    # MTLD: each file's end closes a factor
    assert mtld([["a", "a", "a", "a"]]) == mtld(["a", "a", "a", "a"]) == 2.0
    # "b | b" repeats a word only across the break: no factor ends there
    assert mtld([["a", "a", "b"], ["b", "a"]]) == 5.0 and mtld(["a", "a", "b", "b", "a"]) == 2.5
    d = diversity([["the", "cat"], [], ["the", "dog"]], mattr_window=2, hdd_draws=2)
    assert (d["n_tokens"], d["n_types"], d["mattr"]) == (4, 3, 1.0)
    with pytest.raises(LexicalError, match="empty"):
        diversity([[], []])
    with pytest.raises(LexicalError, match=r"tokens\[1\]\[0\] is int"):
        diversity([["a"], [3]])
    with pytest.raises(LexicalError, match="not a str"):
        mtld("a b")
    with pytest.raises(LexicalError, match="list of str tokens"):
        mattr(None)


# --- empty files, the same way on every path ---------------------------------------------------

def test_empty_files_are_skipped_and_listed(tmp_path):
    (tmp_path / "a.txt").write_text("Russia and Cambodia", encoding="utf-8")
    (tmp_path / "b.txt").write_text("", encoding="utf-8")
    (tmp_path / "c.txt").write_text(" ... !!! ", encoding="utf-8")
    c = count_corpus(tmp_path, sample_tokens=10)
    assert c.counts == Counter({"russia": 1, "and": 1, "cambodia": 1})
    assert [p.rsplit("/", 1)[-1] for p in c.empty_files] == ["b.txt", "c.txt"] and len(c.files) == 3
    alone = count_corpus(tmp_path / "b.txt", allow_empty=True)
    assert alone.counts == Counter() and alone.empty_files == [str(tmp_path / "b.txt")]
    with pytest.raises(CorpusError, match="holds no word tokens"):
        count_corpus(tmp_path / "b.txt")
    other = tmp_path.parent / f"{tmp_path.name}-other.txt"
    other.write_text("Trade and trade", encoding="utf-8")
    report = compare(str(tmp_path), str(other))
    assert report["corpora"]["a"]["empty_files"] == 2 and report["corpora"]["a"]["files"] == 3


# --- merge_counts takes what count_corpus returns ------------------------------------------------

def test_merge_counts_of_corpus_counts_is_associative_and_ordered(tmp_path):
    texts = ["Alpha beta gamma. ", "", "Delta alpha. ", "Beta beta epsilon zeta"]
    paths = []
    for i, t in enumerate(texts):
        paths.append(tmp_path / f"{i}.txt")
        paths[-1].write_text(t, encoding="utf-8")
    one = [count_corpus(p, sample_tokens=5, allow_empty=True) for p in paths]
    flat = merge_counts(one)
    tree = merge_counts([merge_counts(one[:2]), merge_counts(one[2:])])
    whole = count_corpus(tmp_path, sample_tokens=5)
    for merged in (flat, tree):
        assert isinstance(merged, CorpusCounts)
        assert (merged.counts, merged.files, merged.empty_files, merged.sample_parts, merged.n_bytes) == \
            (whole.counts, whole.files, whole.empty_files, whole.sample_parts, whole.n_bytes)
    assert whole.sample_parts == [["alpha", "beta", "gamma"], ["delta", "alpha"]]
    with pytest.raises(TypeError, match="not a mix of both"):
        merge_counts([one[0], Counter(a=1)])
    with pytest.raises(TypeError, match="a list of counts, got one Counter"):
        merge_counts(Counter(a=1))
    with pytest.raises(TypeError, match="got int"):
        merge_counts([one[0], 3])


# --- the README's Dask recipe runs as written --------------------------------------------------

def _recipe(text: str) -> str:
    m = re.search(r"<!-- recipe: dask-bag -->\s*```python\n(.*?)```", text, re.S)
    assert m, "the README lost its Dask recipe"
    return m.group(1)


def _speeches(root, n_files=12):
    words = "trade friendship rice investment education cooperation tourism energy".split()
    for year, shift in (("2019", 0), ("2020", 3)):
        folder = root / "speeches" / year
        folder.mkdir(parents=True)
        for i in range(n_files):
            text = " ".join(words[(i * 5 + shift + k) % len(words)] for k in range(7 + i % 5)) + ". "
            (folder / f"{i:03d}.txt").write_text(text * (1 + i % 3), encoding="utf-8")
        (folder / "empty.txt").write_text("", encoding="utf-8")
    return root / "speeches"


def test_readme_dask_recipe_runs_as_written(tmp_path):
    recipe = _recipe((ROOT / "README.md").read_text(encoding="utf-8"))
    speeches = _speeches(tmp_path)
    script = tmp_path / "recipe.py"
    script.write_text(recipe + "\nif __name__ == '__main__':\n    table.to_pickle('table.pkl')\n", encoding="utf-8")
    run = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True,
                         timeout=300, env=guarded_env(tmp_path))
    assert run.returncode == 0, run.stderr[-3000:]
    assert "count_a" in run.stdout
    import pandas as pd

    table = pd.read_pickle(tmp_path / "table.pkl")
    cli = compare(str(speeches / "2019"), str(speeches / "2020"))["keyness"]
    pd.testing.assert_frame_equal(table, cli)


def test_methods_appendix_shows_the_readme_recipe():
    nb = json.loads((ROOT / "notebooks" / "appendix_methods.ipynb").read_text(encoding="utf-8"))
    text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert _recipe((ROOT / "README.md").read_text(encoding="utf-8")) in text


# --- the Dask engine ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def many_files(tmp_path_factory):
    root = tmp_path_factory.mktemp("many")
    words = ("trade friendship rice investment education cooperation tourism energy kingdom "
             "federation treaty visit embassy students pagoda mekong").split()
    rng = np.random.default_rng(7)
    for side, n in (("a", 320), ("b", 280)):
        folder = root / side
        folder.mkdir()
        for i in range(n):
            k = int(rng.integers(5, 60))
            text = " ".join(rng.choice(words[: 10 + (side == "b") * 6], size=k))
            (folder / f"doc{i:04d}.txt").write_text(text.capitalize() + ".\n", encoding="utf-8")
        (folder / "doc0100_empty.txt").write_text("", encoding="utf-8")
    return root


@pytest.mark.slow
def test_dask_local_cluster_gives_the_single_process_report(many_files, tmp_path):
    a, b = str(many_files / "a"), str(many_files / "b")
    single = render_json(compare(a, b, sample_tokens=3_000))
    out = tmp_path / "dask.json"
    start = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "analysis", "compare", a, b, "--dask", "local",
                          "--sample-tokens", "3000", "--format", "json", "-o", str(out)],
                         capture_output=True, text=True, timeout=600, env=guarded_env(tmp_path))
    seconds = time.perf_counter() - start
    assert run.returncode == 0, run.stderr[-3000:]
    assert out.read_text(encoding="utf-8") == single
    report = json.loads(single)
    assert report["corpora"]["a"]["files"] == 321 and report["corpora"]["a"]["empty_files"] == 1
    assert report["corpora"]["a"]["sample_tokens"] == 3_000
    assert not (tmp_path / "netguard-refused.log").exists()
    print(f"dask local cluster over {321 + 281} files: {seconds:.1f} s")


@pytest.mark.slow
def test_dask_scheduler_address_gives_the_single_process_report(many_files):
    from distributed import LocalCluster

    a, b = str(many_files / "a"), str(many_files / "b")
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, protocol="tcp", host="127.0.0.1",
                      dashboard_address=None) as cluster:
        on_dask = compare(a, b, dask=cluster.scheduler_address)
    assert render_json(on_dask) == render_json(compare(a, b))


def test_dask_bad_input(many_files, tmp_path, monkeypatch, capsys):
    from analysis.core import distributed as dist

    assert main(["compare", str(many_files / "a"), str(many_files / "b"), "--dask", "nowhere"]) == 1
    assert "--dask needs 'local' or a scheduler address" in capsys.readouterr().err
    with pytest.raises(CorpusError, match="not standard input"):
        dist.count_corpus_dask("-", client=None)
    with pytest.raises(CorpusError, match="no such file or folder"):
        compare(str(tmp_path / "absent"), str(many_files / "b"), dask="local")
    for bad in (None, "", 3):
        with pytest.raises(CorpusError, match="--dask needs"):
            dist.scheduler_kind(bad)
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(CorpusError, match=r"pip install '\.\[dask\]'"):
        dist.dask_client("local")
    assert issubclass(CorpusError, AnalysisError)


@pytest.mark.slow
def test_dask_unreachable_scheduler_is_one_clear_error(monkeypatch):
    from analysis.core import distributed as dist

    monkeypatch.setattr(dist, "CONNECT_TIMEOUT", "1s")
    with pytest.raises(CorpusError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        dist.dask_client("tcp://127.0.0.1:9")


# --- point 1: the documented in-memory path, in bulk ----------------------------------------------

TRICKY = [
    "", "   \n\t ", "That’s the Kingdom’s people-to-people KHMER-SOVIET covid-19 1980-s 8,000 229.2.",
    "ΟΔΟΣ ΟΔΟΣ\nΣΟΦΙΑ ΟΔΥΣΣΕΥΣ Σ", "İstanbul DİYARBAKIR ǅemal ﬁnance Straße ΣΑΣ’ΣΣ",
    "Россия и Камбоджа: ДРУЖБА!", "a\u2028b\u2029c\x0bd\x0ce\x1cf\x85g", "1956 and 1957, 42nd, 3-4",
    "professionals’ ’tis -edge- _under_score_ x__y",
    "ASCII only: THAT'S Kingdom's people-to-People 1980-S 8,000 and 229.2; x_y Z9 9z",
]


@pytest.mark.parametrize("numbers", [True, False])
def test_tokenize_in_bulk_equals_the_token_by_token_rule(numbers):
    from analysis.book.sources import load_sources
    from analysis.core.tokens import tokenize_with_offsets

    texts = TRICKY + [s.text for s in load_sources().values()] + [" ".join(_zipf_tokens(5_000)).upper()]
    for text in texts:
        assert tokenize(text, numbers=numbers) == [t.text for t in tokenize_with_offsets(text, numbers=numbers)], text


def test_keyness_counts_in_bulk_and_still_names_the_bad_position():
    from analysis.core.keyness import keyness

    a, b = "we trade and trade".split(), ("we talk",)
    assert keyness(a, list(b[0].split())).loc["trade", "count_a"] == 2
    assert keyness(iter(a), (w for w in ["we", "talk"])).loc["we", "count_b"] == 1  # any iterable
    for bad, message in ((["x", None], r"tokens_a\[1\] is NoneType"), (["x", ["y"]], r"tokens_a\[1\] is list"),
                         ([], "tokens_a is empty"), ("we trade", "not a str"), ((1, "x"), r"tokens_a\[0\] is int"),
                         (["x", True], r"tokens_a\[1\] is bool")):
        with pytest.raises(LexicalError, match=message):
            keyness(bad, ["x"])


def test_keyness_from_counts_checks_in_bulk_with_the_same_messages():
    from analysis.core.keyness import keyness_from_counts

    big_a = Counter({f"w{i}": 1 + i % 7 for i in range(50_000)})
    big_b = Counter({f"w{i}": 1 + i % 5 for i in range(25_000, 80_000)})
    table = keyness_from_counts(big_a, big_b)
    assert len(table) == 80_000 and table["ll"].is_monotonic_decreasing
    ties = table[table["ll"] == table["ll"].iloc[-1]].index.tolist()
    assert ties == sorted(ties)  # ties by word
    assert keyness_from_counts({"x": 2, "y": 0}, {"x": 1, "z": 0}).index.tolist() == ["x"]  # zeros dropped
    for counts, message in (({"x": -1}, r"counts_a\['x'\] = -1"), ({"x": True}, r"counts_a\['x'\] = True"),
                            ({"x": 1.0}, r"counts_a\['x'\] = 1.0"), ({3: 1}, "has a key 3 of type int"),
                            ({"x": "2"}, r"counts_a\['x'\] = '2'"), ({"x": 2, "y": np.int64(-3)}, r"\['y'\] = np.int64\(-3\)")):
        with pytest.raises(LexicalError, match=message):
            keyness_from_counts(counts, {"x": 1})
    assert keyness_from_counts({"x": np.int64(3)}, {"x": np.int32(1)}).loc["x", "count_a"] == 3
