"""analysis.core.corpus: streamed counting equals in-memory tokenisation; bad corpora are refused."""

import io
from collections import Counter

import pytest

from analysis.book.sources import load_sources
from analysis.core.corpus import (
    CorpusError,
    corpus_files,
    count_corpus,
    count_tokens,
    merge_counts,
    normalise_counts,
    read_chunks,
)
from analysis.core.tokens import tokenize


@pytest.mark.parametrize("chunk_bytes", [1, 2, 5, 64, 4096, 1 << 20])
def test_streamed_counts_equal_in_memory_tokenize(chunk_bytes):
    for src in load_sources().values():
        stream = io.BytesIO(src.text.encode("utf-8"))
        assert count_tokens(read_chunks(stream, chunk_bytes=chunk_bytes)) == Counter(tokenize(src.text))


@pytest.mark.filterwarnings("ignore::analysis.core.tokens.UnsegmentedScriptWarning")
@pytest.mark.parametrize("text", [
    "Khmer-Soviet  Friendship\u00a0Hospital 8,000 “Sputnik V” Россия\n" * 50,
    "trade,friendship;USD$229.2million,8,000.Khmer-Soviet;" * 50,  # no whitespace at all
    "ប្រទេសកម្ពុជា។រុស្ស៊ី។柬埔寨和俄罗斯。" * 50,
])
def test_chunks_never_split_a_token_and_keep_every_character(text):
    for size in (1, 3, 7, 64):
        chunks = list(read_chunks(io.BytesIO(text.encode()), chunk_bytes=size))
        assert "".join(chunks) == text
        assert [t for c in chunks for t in tokenize(c)] == tokenize(text), size
        assert len(chunks) > 10  # cut, not carried whole


def test_numbers_flag_and_normalisation():
    raw = Counter({"That’s": 2, "that's": 1, "1956": 4, "COVID-19": 1})
    assert normalise_counts(raw) == Counter({"that's": 3, "1956": 4, "covid-19": 1})
    assert normalise_counts(raw, numbers=False) == Counter({"that's": 3, "covid-19": 1})
    assert count_tokens(["In 1956 and 1957 "], numbers=False) == Counter({"in": 1, "and": 1})


def test_merge_counts_is_the_reduce_step():
    a, b = Counter({"trade": 2, "russia": 1}), Counter({"trade": 3})
    assert merge_counts([a, b]) == Counter({"trade": 5, "russia": 1})
    assert merge_counts([]) == Counter()
    with pytest.raises(TypeError, match="needs Counters or CorpusCounts, got dict"):
        merge_counts([{"trade": 1}])


def test_count_corpus_file_folder_and_stdin(tmp_path):
    (tmp_path / "a.txt").write_text("Russia and Cambodia. ", encoding="utf-8")
    sub = tmp_path / "more"
    sub.mkdir()
    (sub / "b.txt").write_text("Cambodia trade", encoding="utf-8")
    (tmp_path / ".hidden").write_text("secret words", encoding="utf-8")
    folder = count_corpus(tmp_path)
    assert folder.counts == Counter({"cambodia": 2, "russia": 1, "and": 1, "trade": 1})
    assert [p.split("/")[-1] for p in folder.files] == ["a.txt", "b.txt"] and folder.n_tokens == 5
    assert count_corpus(tmp_path / "a.txt").counts["russia"] == 1
    piped = count_corpus("-", stdin=io.BytesIO("Trade, trade!".encode()))
    assert piped.counts == Counter({"trade": 2}) and piped.files == ["-"]
    assert [p.name for p in corpus_files(tmp_path)] == ["a.txt", "b.txt"]
    assert corpus_files("-") is None


def test_bom_is_not_a_token():
    assert count_tokens(read_chunks(io.BytesIO("\ufeffword".encode("utf-8")))) == Counter({"word": 1})


@pytest.mark.parametrize("content, message", [
    (b"caf\xe9 au lait", r"is not UTF-8 text \(invalid byte at offset 3\)"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", r"looks like a binary file \(NUL byte at offset 8\)"),
    (b"  ...  --- !!! ", "holds no word tokens"),
    (b"", "holds no word tokens"),
])
def test_bad_files_are_refused_and_left_alone(tmp_path, content, message):
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    with pytest.raises(CorpusError, match=message):
        count_corpus(path)
    assert path.read_bytes() == content


def test_missing_and_empty_paths(tmp_path):
    with pytest.raises(CorpusError, match="no such file or folder"):
        count_corpus(tmp_path / "absent.txt")
    (tmp_path / "empty").mkdir()
    with pytest.raises(CorpusError, match="holds no .txt files"):
        count_corpus(tmp_path / "empty")
    with pytest.raises(CorpusError, match="chunk size must be a positive int"):
        list(read_chunks(io.BytesIO(b"x"), chunk_bytes=0))
    with pytest.raises(TypeError, match="needs str chunks, got bytes"):
        count_tokens([b"bytes"])


def test_sample_keeps_the_first_tokens_in_order(tmp_path):
    (tmp_path / "a.txt").write_text("One two three. ", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Four five", encoding="utf-8")
    assert count_corpus(tmp_path, sample_tokens=4).sample == ["one", "two", "three", "four"]
    assert count_corpus(tmp_path).sample == []
