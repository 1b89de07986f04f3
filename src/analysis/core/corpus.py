"""Counting corpora of any size: streamed, chunk by chunk, with mergeable counts.

A corpus is a text file, a folder of text files (read recursively in sorted order, hidden files
skipped) or ``"-"`` for standard input. Files are decoded as UTF-8 in chunks, so memory grows with
the vocabulary, not with the corpus. A chunk is cut after its last whitespace character, so no
token is ever split across two chunks.

Counting matches :data:`analysis.core.tokens.TOKEN_PATTERN` on the raw chunk and normalises each
*type* afterwards (lowercase, straight apostrophe), which costs time in proportion to the
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

from analysis.core.errors import AnalysisError
from analysis.core.tokens import TOKEN_PATTERN, tokenize

__all__ = ["CorpusError", "CorpusCounts", "corpus_files", "read_chunks", "count_tokens",
           "merge_counts", "count_corpus", "normalise_counts"]

#: Bytes read at a time.
CHUNK_BYTES = 1 << 20
_HAS_LETTER = re.compile(r"[^\W\d_]")
_LAST_SPACE = re.compile(r"\s(?=\S*\Z)")


class CorpusError(AnalysisError):
    """A corpus path is missing, unreadable, binary, not UTF-8, or holds no text."""


@dataclass
class CorpusCounts:
    """Token counts of a corpus with what was read."""

    counts: Counter
    files: list[str] = field(default_factory=list)
    n_bytes: int = 0
    sample: list[str] = field(default_factory=list)  #: the first tokens, in order

    @property
    def n_tokens(self) -> int:
        return sum(self.counts.values())


def corpus_files(spec: str | os.PathLike) -> list[Path] | None:
    """The files a corpus spec names: one file, a folder's files, or ``None`` for stdin (``-``)."""
    if str(spec) == "-":
        return None
    path = Path(spec)
    if path.is_file():
        return [path]
    if path.is_dir():
        files = sorted(p for p in path.rglob("*")
                       if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts))
        if not files:
            raise CorpusError(f"folder {path} holds no files")
        return files
    if path.exists():
        raise CorpusError(f"{path} is neither a file nor a folder")
    raise CorpusError(f"no such file or folder: {path}")


def read_chunks(stream: BinaryIO, name: str = "<stdin>", chunk_bytes: int = CHUNK_BYTES,
                on_bytes: Callable[[int], None] | None = None) -> Iterator[str]:
    """Decode a binary stream as UTF-8 and yield text chunks that end on whitespace.

    Raises :class:`CorpusError` naming the stream and the byte offset for invalid UTF-8, and for
    a NUL byte (a binary file).
    """
    if chunk_bytes < 1:
        raise CorpusError(f"chunk size must be positive, got {chunk_bytes}")
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
        # cut after the last space or newline (found from the end, in C); a regular expression
        # for any whitespace is the fallback for text with neither
        end = max(text.rfind(" "), text.rfind("\n")) + 1
        if end == 0:
            cut = _LAST_SPACE.search(text)
            if cut is None:
                carry = text  # no whitespace yet: keep reading
                continue
            end = cut.end()
        carry = text[end:]
        yield text[:end]


def normalise_counts(raw: Counter, numbers: bool = True) -> Counter:
    """Fold raw matched forms into tokens: lowercase, straight apostrophe, numbers optional."""
    out: Counter = Counter()
    for form, n in raw.items():
        if not numbers and not _HAS_LETTER.search(form):
            continue
        out[form.lower().replace("’", "'")] += n
    return out


def count_tokens(chunks: Iterable[str], numbers: bool = True) -> Counter:
    """Token counts of a sequence of text chunks (chunks must not split a token)."""
    raw: Counter = Counter()
    findall = TOKEN_PATTERN.findall
    for chunk in chunks:
        if not isinstance(chunk, str):
            raise TypeError(f"count_tokens() needs str chunks, got {type(chunk).__name__}")
        raw.update(findall(chunk))
    return normalise_counts(raw, numbers=numbers)


def merge_counts(counts: Iterable[Counter]) -> Counter:
    """Sum token counts, e.g. of files counted on separate workers (the reduce step)."""
    total: Counter = Counter()
    for c in counts:
        if not isinstance(c, Counter):
            raise TypeError(f"merge_counts() needs Counters, got {type(c).__name__}")
        total.update(c)
    return total


def _sampling(chunks: Iterable[str], sample: list[str], limit: int, numbers: bool) -> Iterator[str]:
    for chunk in chunks:
        if len(sample) < limit:
            sample.extend(tokenize(chunk, numbers=numbers)[: limit - len(sample)])
        yield chunk


def count_corpus(spec: str | os.PathLike, numbers: bool = True, stdin: BinaryIO | None = None,
                 on_bytes: Callable[[int], None] | None = None, sample_tokens: int = 0) -> CorpusCounts:
    """Count the tokens of a corpus spec (file, folder or ``"-"``), streaming.

    ``sample_tokens`` > 0 also keeps the corpus's first tokens in order (``.sample``), for
    measures that need a sequence (MATTR, MTLD, collocations) at bounded memory.

    Raises :class:`CorpusError` for a missing path, an empty folder, a binary or non-UTF-8
    file, or a corpus with no tokens at all. Files are opened read-only.
    """
    files = corpus_files(spec)
    result = CorpusCounts(Counter())
    per_file = []
    if files is None:
        stream = stdin if stdin is not None else sys.stdin.buffer
        chunks = _sampling(read_chunks(stream, "<stdin>", on_bytes=on_bytes), result.sample, sample_tokens, numbers)
        per_file.append(count_tokens(chunks, numbers))
        result.files.append("-")
    else:
        for path in files:
            try:
                with open(path, "rb") as fh:
                    chunks = _sampling(read_chunks(fh, str(path), on_bytes=on_bytes), result.sample,
                                       sample_tokens, numbers)
                    per_file.append(count_tokens(chunks, numbers))
            except PermissionError:
                raise CorpusError(f"cannot read {path}: permission denied") from None
            except IsADirectoryError:
                raise CorpusError(f"{path} is a folder, not a file") from None
            result.files.append(str(path))
            result.n_bytes += path.stat().st_size
    result.counts = merge_counts(per_file)
    if not result.counts:
        raise CorpusError(f"corpus {spec} holds no word tokens")
    return result
