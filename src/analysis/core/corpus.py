"""Counting corpora of any size: streamed, chunk by chunk, with mergeable counts.

A corpus is a text file, a folder of ``.txt`` files (read recursively in sorted order; hidden
files and folders and files with another suffix skipped, an unreadable folder refused) or ``"-"``
for standard input. Files are decoded as UTF-8 in chunks of :data:`CHUNK_BYTES`, so memory grows
with the vocabulary, not with the corpus or its line length. A chunk is cut after its last
whitespace character or, in text without whitespace, after its last character that can never be
inside a token (punctuation, a full stop or comma not between digits) or before a Han ideograph,
so no token is ever split across two chunks. A run of more than :data:`MAX_RUN_CHARS` characters
with no such place is refused (:class:`CorpusError`) rather than held in memory.

Counting matches :data:`analysis.core.tokens.TOKEN_PATTERN` on the raw chunk and normalises each
*type* afterwards (lowercase, straight apostrophe, NFC), which costs time in proportion to the
vocabulary rather than to the number of tokens, and gives exactly the counts of
:func:`analysis.core.tokens.tokenize` (a test checks this).

Counts are plain :class:`collections.Counter` objects and are mergeable: a corpus larger than one
machine can be counted file by file on many workers (a map), then summed with
:func:`merge_counts` (a reduce), for example with Dask bags or Spark's ``reduce``.

>>> counts = count_tokens(["That’s the Kingdom. ", "The kingdom!"])
>>> counts["kingdom"], counts["that's"]
(2, 1)
"""

from __future__ import annotations

import codecs
import os
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator

from analysis.core.errors import AnalysisError, shown
from analysis.core.scripts import IDEOGRAPHIC, MARK_CLASS
from analysis.core.tokens import TOKEN_PATTERN, normal_form, warn_unsegmented

__all__ = ["CorpusError", "CorpusCounts", "CHUNK_BYTES", "MAX_RUN_CHARS", "TEXT_SUFFIXES", "corpus_files",
           "read_chunks", "count_tokens", "merge_counts", "count_corpus", "normalise_counts"]

#: Bytes read at a time.
CHUNK_BYTES = 1 << 20
#: The longest stretch of text (characters) with no place to cut it that a corpus may hold.
MAX_RUN_CHARS = 4 << 20
#: Suffixes of the files a folder corpus reads (compared in lowercase).
TEXT_SUFFIXES = (".txt",)
_HAS_LETTER = re.compile(r"[^\W\d_]")
_LAST_SPACE = re.compile(r"\s(?=\S*\Z)")
# where text without whitespace can be cut: after a character never inside a token, after a
# full stop or comma not between digits, or before a Han ideograph (a token of its own)
_CUT = re.compile(rf"[^\w{MARK_CLASS}'’\-‐‑.,]|(?<!\d)[.,]|[.,](?=\D)|(?=[{IDEOGRAPHIC}])")


class CorpusError(AnalysisError):
    """A corpus path is missing, unreadable, binary, not UTF-8, or holds no text."""


class CorpusTypeError(CorpusError, TypeError):
    """An argument of the wrong type (also a :class:`TypeError`)."""


@dataclass
class CorpusCounts:
    """Token counts of a corpus with what was read.

    ``sample_parts`` holds the corpus's first tokens in order, one list per file (at most
    ``sample_tokens`` in all), so that measures of word order never pair the last word of one
    file with the first of the next; ``sample`` is the same tokens as one list. Files that hold
    no word token are read, listed in ``files`` and in ``empty_files``, and add nothing.
    """

    counts: Counter
    files: list[str] = field(default_factory=list)
    n_bytes: int = 0
    sample_parts: list[list[str]] = field(default_factory=list)
    sample_tokens: int = 0  #: the sample size asked for
    empty_files: list[str] = field(default_factory=list)

    @property
    def n_tokens(self) -> int:
        return sum(self.counts.values())

    @property
    def sample(self) -> list[str]:
        """The sampled tokens as one list (file boundaries dropped: for order-free measures)."""
        return [tok for part in self.sample_parts for tok in part]


def corpus_files(spec: str | os.PathLike) -> list[Path] | None:
    """The files a corpus spec names: one file, a folder's ``.txt`` files (:data:`TEXT_SUFFIXES`,
    hidden ones skipped), or ``None`` for stdin (``-``).

    A folder (or subfolder) that cannot be listed raises :class:`CorpusError` naming it, as does
    a folder with no ``.txt`` file (saying how many other files it skipped).
    """
    if isinstance(spec, bytes):
        spec = os.fsdecode(spec)
    if not isinstance(spec, (str, os.PathLike)):
        raise CorpusTypeError(f"a corpus is a path or '-', got {type(spec).__name__}")
    if str(spec) == "-":
        return None
    path = Path(spec)
    if path.is_file():
        return [path]
    if path.is_dir():
        def refuse(exc: OSError):
            raise CorpusError(f"cannot read folder {shown(exc.filename or path)}: "
                              f"{exc.strerror or 'permission denied'}") from None

        files, skipped = [], 0
        for folder, dirs, names in os.walk(path, onerror=refuse):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in names:
                if name.startswith("."):
                    continue
                p = Path(folder, name)
                if p.suffix.lower() in TEXT_SUFFIXES and p.is_file():
                    files.append(p)
                else:
                    skipped += 1
        if not files:
            other = f" ({skipped:,} other file(s) skipped)" if skipped else ""
            raise CorpusError(f"folder {shown(path)} holds no {'/'.join(TEXT_SUFFIXES)} files{other}")
        return sorted(files)
    if path.exists():
        raise CorpusError(f"{shown(path)} is neither a file nor a folder")
    raise CorpusError(f"no such file or folder: {shown(path)}")


def _cut_point(text: str) -> int:
    """Where ``text`` may be cut without splitting a token (0: nowhere)."""
    end = max(text.rfind(" "), text.rfind("\n")) + 1
    if end:
        return end
    cut = _LAST_SPACE.search(text)
    if cut is not None:
        return cut.end()
    window = 4096
    while True:
        start = max(0, len(text) - window)
        last = None
        for last in _CUT.finditer(text, start):
            pass
        if last is not None and last.end() > 0:
            return last.end()
        if start == 0:
            return 0
        window *= 8


def read_chunks(stream: BinaryIO, name: str = "<stdin>", chunk_bytes: int = CHUNK_BYTES,
                on_bytes: Callable[[int], None] | None = None) -> Iterator[str]:
    """Decode a binary stream as UTF-8 and yield text chunks that end on whitespace.

    Raises :class:`CorpusError` naming the stream and the byte offset for invalid UTF-8, and for
    a NUL byte (a binary file).
    """
    if isinstance(chunk_bytes, bool) or not isinstance(chunk_bytes, int) or chunk_bytes < 1:
        raise CorpusError(f"chunk size must be a positive int, got {chunk_bytes!r}")
    name = shown(name)
    decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
    carry = ""
    offset = 0
    first = True
    while True:
        block = stream.read(chunk_bytes)
        if first and block.startswith(codecs.BOM_UTF8):
            block = block[len(codecs.BOM_UTF8):]
        first = False
        nul = block.find(b"\x00")
        if nul >= 0:
            raise CorpusError(f"{name} looks like a binary file (NUL byte at offset {offset + nul})")
        try:
            text = decoder.decode(block, final=not block)
        except UnicodeDecodeError as exc:
            raise CorpusError(f"{name} is not UTF-8 text (invalid byte at offset {offset + exc.start})") from None
        offset += len(block)
        if on_bytes is not None and block:
            on_bytes(len(block))
        if not block:
            if carry or text:
                yield carry + text
            return
        text = carry + text
        end = _cut_point(text)
        if end == 0:
            if len(text) > MAX_RUN_CHARS:
                raise CorpusError(
                    f"{name} holds more than {MAX_RUN_CHARS:,} characters with no space or punctuation "
                    f"before byte {offset:,}: that is not text in words, and would be one token")
            carry = text  # no place to cut yet: keep reading
            continue
        carry = text[end:]
        yield text[:end]


def normalise_counts(raw: Counter, numbers: bool = True) -> Counter:
    """Fold raw matched forms into tokens (:func:`analysis.core.tokens.normal_form`: lowercase,
    straight apostrophe, NFC), numbers optional; warns as :func:`analysis.core.tokens.tokenize`
    does for a script written without spaces."""
    out: Counter = Counter()
    for form, n in raw.items():
        if not numbers and not _HAS_LETTER.search(form):
            continue
        out[normal_form(form)] += n
    warn_unsegmented(" ".join(out), stacklevel=2)
    return out


def count_tokens(chunks: Iterable[str], numbers: bool = True) -> Counter:
    """Token counts of a sequence of text chunks (chunks must not split a token)."""
    raw: Counter = Counter()
    findall = TOKEN_PATTERN.findall
    for chunk in chunks:
        if not isinstance(chunk, str):
            raise CorpusTypeError(f"count_tokens() needs str chunks, got {type(chunk).__name__}")
        raw.update(findall(chunk))
    return normalise_counts(raw, numbers=numbers)


def merge_counts(counts: Iterable[Counter | CorpusCounts]) -> Counter | CorpusCounts:
    """Sum token counts, e.g. of files counted on separate workers (the reduce step).

    Takes :class:`collections.Counter` objects and returns their sum, or
    :class:`CorpusCounts` (what :func:`count_corpus` returns) and returns one
    :class:`CorpusCounts`: counts summed, files, empty files and bytes in the order given, and
    the sample parts joined in that order up to the largest ``sample_tokens`` asked for. The
    merge is associative, so a tree reduction (Dask, Spark) gives what one process reading the
    files in order gives. Counters and CorpusCounts cannot be mixed.

    >>> merge_counts([Counter(a=1), Counter(a=2, b=1)])
    Counter({'a': 3, 'b': 1})
    """
    if isinstance(counts, (Counter, CorpusCounts, str)):
        raise CorpusTypeError(f"merge_counts() needs a list of counts, got one {type(counts).__name__}")
    items = list(counts)
    for c in items:
        if not isinstance(c, (Counter, CorpusCounts)):
            raise CorpusTypeError(f"merge_counts() needs Counters or CorpusCounts, got {type(c).__name__}")
    n_corpus = sum(isinstance(c, CorpusCounts) for c in items)
    if 0 < n_corpus < len(items):
        raise CorpusTypeError("merge_counts() needs Counters or CorpusCounts, not a mix of both")
    if n_corpus:
        return _merge_corpus_counts(items)
    total: Counter = Counter()
    for c in items:
        total.update(c)
    return total


def _merge_corpus_counts(items: list[CorpusCounts]) -> CorpusCounts:
    limit = max(c.sample_tokens for c in items)
    out = CorpusCounts(merge_counts([c.counts for c in items]), sample_tokens=limit)
    kept = 0
    for c in items:
        out.files.extend(c.files)
        out.empty_files.extend(c.empty_files)
        out.n_bytes += c.n_bytes
        for part in c.sample_parts:
            if kept < limit and part:
                out.sample_parts.append(part[: limit - kept])
                kept += len(out.sample_parts[-1])
    return out


def _first_tokens(chunk: str, limit: int, numbers: bool) -> list[str]:
    """The first ``limit`` tokens of ``chunk`` (:func:`analysis.core.tokens.normal_form`: lowercase,
    straight apostrophe, NFC), matched one by one (never the whole chunk)."""
    out: list[str] = []
    if limit <= 0:
        return out
    for m in TOKEN_PATTERN.finditer(chunk):
        word = m.group(0)
        if not numbers and not _HAS_LETTER.search(word):
            continue
        out.append(normal_form(word))
        if len(out) >= limit:
            break
    return out


def _sampling(chunks: Iterable[str], sample: list[str], limit: int, numbers: bool) -> Iterator[str]:
    for chunk in chunks:
        if len(sample) < limit:
            sample.extend(_first_tokens(chunk, limit - len(sample), numbers))
        yield chunk


def count_corpus(spec: str | os.PathLike, numbers: bool = True, stdin: BinaryIO | None = None,
                 on_bytes: Callable[[int], None] | None = None, sample_tokens: int = 0,
                 allow_empty: bool = False, text_filter: Callable[[str], str] | None = None) -> CorpusCounts:
    """Count the tokens of a corpus spec (file, folder or ``"-"``), streaming.

    ``sample_tokens`` > 0 also keeps the corpus's first tokens in order (``.sample_parts``, one
    list per file), for measures that need a sequence (MATTR, MTLD, collocations) at bounded
    memory.

    A file with no word token (empty, or only punctuation) is skipped: it is listed in
    ``.empty_files`` and adds nothing. A corpus with no word token at all raises
    :class:`CorpusError`, unless ``allow_empty`` is true (for counting one file of many on a
    worker, then merging with :func:`merge_counts`). Also raises :class:`CorpusError` for a
    missing path, an empty folder, a binary or non-UTF-8 file. Files are opened read-only.

    ``text_filter`` rewrites each chunk of text before it is counted (e.g.
    :func:`analysis.core.lexemes.names_blanker`); chunks end at whitespace, so a multi-word name
    cut by a chunk boundary (every few megabytes) is missed there.
    """
    if isinstance(sample_tokens, bool) or not isinstance(sample_tokens, int) or sample_tokens < 0:
        raise CorpusError(f"sample_tokens must be a non-negative int, got {sample_tokens!r}")
    files = corpus_files(spec)
    result = CorpusCounts(Counter(), sample_tokens=sample_tokens)
    per_file = []

    def count_one(chunks_of, name: str) -> None:
        if text_filter is not None:
            chunks_of = map(text_filter, chunks_of)
        part: list[str] = []
        limit = sample_tokens - sum(len(p) for p in result.sample_parts)
        counts = count_tokens(_sampling(chunks_of, part, limit, numbers), numbers)
        result.files.append(name)
        if not counts:
            result.empty_files.append(name)
            return
        per_file.append(counts)
        if part:
            result.sample_parts.append(part)

    if files is None:
        stream = stdin if stdin is not None else sys.stdin.buffer
        count_one(read_chunks(stream, "<stdin>", on_bytes=on_bytes), "-")
    else:
        for path in files:
            try:
                with open(path, "rb") as fh:
                    count_one(read_chunks(fh, str(path), on_bytes=on_bytes), str(path))
            except PermissionError:
                raise CorpusError(f"cannot read {shown(path)}: permission denied") from None
            except IsADirectoryError:
                raise CorpusError(f"{shown(path)} is a folder, not a file") from None
            except OSError as exc:
                raise CorpusError(f"cannot read {shown(path)}: {exc.strerror or exc}") from None
            result.n_bytes += path.stat().st_size
    result.counts = merge_counts(per_file)
    if not result.counts and not allow_empty:
        raise CorpusError(f"corpus {shown(spec)} holds no word tokens")
    return result
