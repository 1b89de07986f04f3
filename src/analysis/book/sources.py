"""The two source texts: verified, cleaned, split into cited paragraphs and speaker turns.

A :class:`Source` is built from a byte-for-byte copy of a text in ``data/sources/`` and its
row in ``data/sources.json``. Loading checks the file's SHA-256 against the metadata and
refuses a changed file, so every number in the book rests on the text as collected.

Cleaning never edits the file. It drops whole blocks of page furniture (the republishing
site's headers, widget labels, language switchers, footers) by rules listed in
:data:`BOILERPLATE_RULES`, and keeps a :class:`Removal` record of each dropped block with
its line number, character offsets in the raw text, the text itself and the reason. Kept
blocks keep their characters exactly, including non-breaking spaces and curly quotes;
only the whitespace *between* blocks is normalised to one blank line.

Paragraph ids are stable: ``A1``, ``A2``, … for the article and ``I1``, ``I2``, … for the
interview, numbered in reading order over the kept blocks (title and byline included), so
the book can cite "interview, I23".

Example
-------
>>> from analysis.book.sources import load_source
>>> interview = load_source("interview")
>>> interview.paragraph("I1").text
'Closer diplomatic relationship between Cambodia and Russia'
>>> interview.paragraph("I5").speaker
'Borovik'
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis.book.paths import data_dir
from analysis.core.errors import SourceError
from analysis.core.tokens import tokenize

__all__ = [
    "BOILERPLATE_RULES",
    "SPEAKER_LABELS",
    "Paragraph",
    "Removal",
    "Source",
    "Turn",
    "VOICES",
    "load_metadata",
    "load_source",
    "load_sources",
    "sentences",
    "source_ids",
    "voice_counts",
    "voice_paragraphs",
]

#: Regular expressions (matched against a whole stripped block) for page furniture, per source,
#: with the reason recorded when a block is dropped.
BOILERPLATE_RULES: dict[str, list[tuple[str, str]]] = {
    "article": [
        (r"Официальный twitter-аккаунт .+", "site header: Russian-language link to an official Twitter account"),
        (r"Статья Посла России .+", "republisher's Russian-language page heading"),
    ],
    "interview": [
        (r"Asset Publisher", "content-management widget label"),
        (r"\d{1,2} [A-Z][a-z]+ \d{4}\d{2}:\d{2}", "republication timestamp (kept in the metadata)"),
        (r"Interview by Ambassador of Russia to Cambodia Anatoly Borovik to the Khmer Times",
         "republisher's page heading"),
        (r"•\s*en-GB\d*\s+ru-RU\d*", "language switcher"),
        (r"Additional materials", "content-management footer"),
        (r"Advanced settings", "content-management footer"),
    ],
}

#: Turn labels of the interview and who they stand for.
SPEAKER_LABELS = {"KT": "KT", "Borovik": "Borovik"}
_LABEL_RE = re.compile(r"(KT|Borovik):\s*")

#: The three voices the book compares: (source id, speaker, paragraph kinds). Titles, bylines,
#: the credit line and the standfirst are paratext and belong to no voice.
VOICES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "article": ("article", "Borovik", ("body",)),
    "answers": ("interview", "Borovik", ("answer",)),
    "questions": ("interview", "KT", ("question",)),
}

_ABBREVIATIONS = {"mr", "mrs", "dr", "h.e", "a.v", "st", "no", "u.s", "e.g", "i.e"}


@lru_cache(maxsize=1)
def _sentence_splitter():
    # imported when first needed: `import nltk` loads all of NLTK and SciPy's stats (about 2 s
    # of every notebook's start), and only the sources chapter counts sentences
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    splitter = PunktSentenceTokenizer(PunktParameters())
    splitter._params.abbrev_types.update(_ABBREVIATIONS)
    return splitter

_REQUIRED_FIELDS = {
    "id": str, "file": str, "sha256": str, "paragraph_prefix": str, "title": str,
    "author": str, "outlet": str, "published": str, "published_status": str,
    "republication_url": str, "reference_date": str, "language": str, "rights": str,
}


@dataclass(frozen=True)
class Removal:
    """A block of the raw text that cleaning dropped, and why."""

    line: int  #: 1-based line number in the raw file
    start: int  #: character offset in the raw text
    end: int
    text: str
    reason: str


@dataclass(frozen=True)
class Paragraph:
    """One kept block of a source, with its stable id and its place in both texts.

    ``start``/``end`` are character offsets in :attr:`Source.text` (the cleaned text);
    ``raw_start``/``raw_end`` in :attr:`Source.raw`. ``label`` is the turn label that opens
    an interview paragraph (``"KT: "``), and :attr:`content` is the text after it.
    """

    id: str
    source: str
    number: int
    kind: str  #: title, byline, credit, standfirst, body, question, answer
    speaker: str | None
    turn: int | None
    text: str
    start: int
    end: int
    raw_start: int
    raw_end: int
    label: str = ""

    @property
    def content(self) -> str:
        """The paragraph's words without the turn label."""
        return self.text[len(self.label):]

    @property
    def content_start(self) -> int:
        """Offset of :attr:`content` in the cleaned text."""
        return self.start + len(self.label)


@dataclass(frozen=True)
class Turn:
    """One question or one answer of the interview: consecutive paragraphs of one speaker."""

    number: int
    speaker: str
    kind: str  #: question or answer
    paragraph_ids: tuple[str, ...]


@dataclass(frozen=True)
class Source:
    """A verified source text with its metadata, cleaned text, paragraphs and turns."""

    id: str
    meta: dict
    raw: str
    text: str
    paragraphs: tuple[Paragraph, ...]
    removals: tuple[Removal, ...]
    turns: tuple[Turn, ...] = field(default=())

    def paragraph(self, paragraph_id: str) -> Paragraph:
        """The paragraph with this id; a :class:`SourceError` names the valid range otherwise."""
        for p in self.paragraphs:
            if p.id == paragraph_id:
                return p
        first, last = self.paragraphs[0].id, self.paragraphs[-1].id
        raise SourceError(
            f"source {self.id!r} has no paragraph {paragraph_id!r}; its paragraphs run {first}…{last}"
        )

    def paragraphs_by(self, speaker: str | None = None, kinds: tuple[str, ...] | None = None) -> list[Paragraph]:
        """Paragraphs filtered by speaker and/or kind (``None`` means any)."""
        if speaker is not None and speaker not in {p.speaker for p in self.paragraphs}:
            known = sorted({p.speaker for p in self.paragraphs if p.speaker})
            raise SourceError(f"source {self.id!r} has no speaker {speaker!r}; speakers: {known}")
        return [
            p for p in self.paragraphs
            if (speaker is None or p.speaker == speaker) and (kinds is None or p.kind in kinds)
        ]

    def removals_table(self):
        """What cleaning removed, as a pandas DataFrame (line, start, end, text, reason)."""

        return pd.DataFrame([r.__dict__ for r in self.removals], columns=["line", "start", "end", "text", "reason"])

    def paragraphs_table(self):
        """One row per paragraph: id, kind, speaker, turn, offsets, words, text."""


        rows = [
            {"id": p.id, "kind": p.kind, "speaker": p.speaker, "turn": p.turn, "start": p.start,
             "end": p.end, "sentences": len(sentences(p.content)), "words": len(tokenize(p.content)),
             "text": p.text}
            for p in self.paragraphs
        ]
        return pd.DataFrame(rows).set_index("id")


def sentences(text: str) -> list[str]:
    """Split ``text`` into sentences with NLTK's Punkt algorithm, untrained (no download).

    The splitter knows a handful of abbreviations that occur in the sources ("Mr.", "H.E.",
    "A.V."), so "H.E. Mr. Anatoly Borovik" stays one sentence.

    >>> sentences("H.E. Mr. Borovik spoke. Trade grew.")
    ['H.E. Mr. Borovik spoke.', 'Trade grew.']
    """
    if not isinstance(text, str):
        raise TypeError(f"sentences() needs a str, got {type(text).__name__}")
    return _sentence_splitter().tokenize(text)


def _metadata_path() -> Path:
    return data_dir() / "sources.json"


def load_metadata(path: Path | str | None = None) -> dict[str, dict]:
    """Read and check the source metadata file; returns ``{source id: metadata}``.

    A file that is missing, not JSON, or lacks a required field, or an entry whose ``file`` lies
    outside the metadata file's folder (``"../x.txt"``, an absolute path), raises
    :class:`SourceError` naming the file and the field.
    """
    path = Path(path) if path is not None else _metadata_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SourceError(f"metadata file not found: {path}") from None
    try:
        doc = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise SourceError(f"metadata file {path} is not UTF-8 (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise SourceError(f"metadata file {path} is not valid JSON: {exc.msg} at line {exc.lineno}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("sources"), list):
        raise SourceError(f"metadata file {path} must hold an object with a 'sources' list")
    out: dict[str, dict] = {}
    for i, entry in enumerate(doc["sources"]):
        if not isinstance(entry, dict):
            raise SourceError(f"metadata file {path}: entry {i} is not an object")
        for name, kind in _REQUIRED_FIELDS.items():
            if not isinstance(entry.get(name), kind) or not entry.get(name):
                label = entry.get("id", f"#{i}")
                raise SourceError(f"metadata file {path}: source {label!r} lacks the field {name!r} ({kind.__name__})")
        if not re.fullmatch(r"[0-9a-f]{64}", entry["sha256"]):
            raise SourceError(f"metadata file {path}: source {entry['id']!r} has a malformed sha256")
        if entry["id"] in out:
            raise SourceError(f"metadata file {path}: source id {entry['id']!r} appears twice")
        folder = path.parent.resolve()
        if not (folder / entry["file"]).resolve().is_relative_to(folder):
            raise SourceError(f"metadata file {path}: source {entry['id']!r} names the file {entry['file']!r}, "
                              "which lies outside the data folder; a source file must be inside it")
        out[entry["id"]] = entry
    return out


def source_ids() -> list[str]:
    """The ids of the sources in the metadata file, in its order."""
    return list(load_metadata())


def _read_verified(meta: dict, root: Path) -> str:
    path = root / meta["file"]
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SourceError(f"source {meta['id']!r}: file not found: {path}") from None
    digest = hashlib.sha256(data).hexdigest()
    if digest != meta["sha256"]:
        raise SourceError(
            f"source {meta['id']!r}: {path} has changed (SHA-256 {digest[:12]}…, expected "
            f"{meta['sha256'][:12]}…); restore the original file, never edit a source"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(f"source {meta['id']!r}: {path} is not UTF-8 (byte {exc.start})") from None


def _blocks(raw: str):
    """Non-blank blocks of ``raw`` separated by blank lines: (start, end, stripped text)."""
    for m in re.finditer(r"[^\n]+(?:\n[^\n]*\S[^\n]*)*", raw):
        chunk = m.group(0)
        if not chunk.strip():
            continue
        lead = len(chunk) - len(chunk.lstrip())
        text = chunk.strip()
        start = m.start() + lead
        yield start, start + len(text), text


def _kind_of(source_id: str, text: str, kept_so_far: int) -> tuple[str, str | None, str]:
    """Kind, speaker and turn label of a kept block."""
    if source_id == "interview":
        label = _LABEL_RE.match(text)
        if label:
            speaker = SPEAKER_LABELS[label.group(1)]
            return ("question" if speaker == "KT" else "answer"), speaker, label.group(0)
        if kept_so_far == 0:
            return "title", None, ""
        if re.fullmatch(r"Taing Rinith / Khmer Times", text):
            return "credit", None, ""
        return "standfirst", None, ""
    if kept_so_far == 0:
        return "title", None, ""
    if text.startswith("By H.E."):
        return "byline", None, ""
    return "body", "Borovik", ""


def _build(meta: dict, raw: str) -> Source:
    source_id = meta["id"]
    rules = [(re.compile(rx), why) for rx, why in BOILERPLATE_RULES.get(source_id, [])]
    removals: list[Removal] = []
    paragraphs: list[Paragraph] = []
    turns: list[Turn] = []
    pieces: list[str] = []
    offset = 0
    current: dict | None = None  # the open interview turn
    for start, end, text in _blocks(raw):
        reason = next((why for rx, why in rules if rx.fullmatch(text)), None)
        if reason:
            removals.append(Removal(raw.count("\n", 0, start) + 1, start, end, text, reason))
            continue
        kind, speaker, label = _kind_of(source_id, text, len(paragraphs))
        turn_no = None
        if source_id == "interview":
            if kind in ("question", "answer"):
                current = {"number": len(turns) + 1, "speaker": speaker, "kind": kind, "ids": []}
                turns.append(current)  # type: ignore[arg-type]
            elif kind == "standfirst" and current is not None:
                # an unlabelled paragraph after a turn continues that speaker's turn
                kind, speaker = current["kind"], current["speaker"]
            if kind in ("question", "answer") and current is not None:
                turn_no = current["number"]
        if pieces:
            offset += 2
        number = len(paragraphs) + 1
        pid = f"{meta['paragraph_prefix']}{number}"
        if current is not None and turn_no is not None:
            current["ids"].append(pid)
        paragraphs.append(Paragraph(pid, source_id, number, kind, speaker, turn_no, text,
                                    offset, offset + len(text), start, end, label))
        pieces.append(text)
        offset += len(text)
    frozen_turns = tuple(Turn(t["number"], t["speaker"], t["kind"], tuple(t["ids"])) for t in turns)  # type: ignore[index]
    return Source(source_id, meta, raw, "\n\n".join(pieces), tuple(paragraphs), tuple(removals), frozen_turns)


@lru_cache(maxsize=None)
def _load_cached(source_id: str, root: str) -> Source:
    meta = load_metadata(Path(root) / "sources.json")
    if source_id not in meta:
        raise SourceError(f"unknown source id {source_id!r}; known ids: {sorted(meta)}")
    return _build(meta[source_id], _read_verified(meta[source_id], Path(root)))


def load_source(source_id: str, root: Path | str | None = None) -> Source:
    """Load, verify and clean one source by id (``"article"`` or ``"interview"``).

    ``root`` is the data folder (default: the book's ``data/``). Raises :class:`SourceError`
    for an unknown id, a missing, changed or non-UTF-8 file, or a malformed metadata file.
    Files are only read, never written.
    """
    if not isinstance(source_id, str):
        raise SourceError(f"a source id is a str such as 'article', not {type(source_id).__name__}")
    root = Path(root) if root is not None else data_dir()
    if root == data_dir():
        # the committed files are immutable, so their parse can be shared; the checksum
        # is still verified on every call
        src = _load_cached(source_id, str(root))
        _read_verified(src.meta, root)
        return src
    return _load_cached.__wrapped__(source_id, str(root))


def load_sources() -> dict[str, Source]:
    """Every source in the metadata file, loaded and verified, by id."""
    return {sid: load_source(sid) for sid in source_ids()}


def voice_paragraphs(voice: str) -> list[Paragraph]:
    """Paragraphs of one voice: ``"article"`` (Borovik's article body), ``"answers"`` (his
    interview answers) or ``"questions"`` (the interviewer's questions). Use
    :attr:`Paragraph.content` for the words without the turn label."""
    if voice not in VOICES:
        raise SourceError(f"unknown voice {voice!r}; voices: {list(VOICES)}")
    source_id, speaker, kinds = VOICES[voice]
    return load_source(source_id).paragraphs_by(speaker=speaker, kinds=kinds)


def voice_counts():
    """Paragraphs, sentences and word tokens of each voice, and of each source's paratext.

    Words are tokens of :func:`analysis.core.tokens.tokenize` (numbers included); sentences are
    counted by :func:`sentences` within paragraphs, so a sentence never spans two paragraphs.
    Returns a pandas DataFrame indexed by voice.
    """


    groups: dict[str, list[Paragraph]] = {v: voice_paragraphs(v) for v in VOICES}
    for sid in source_ids():
        src = load_source(sid)
        voiced = {p.id for v in groups.values() for p in v}
        groups[f"{sid} paratext"] = [p for p in src.paragraphs if p.id not in voiced]
    rows = []
    for name, paras in groups.items():
        rows.append({
            "voice": name,
            "source": paras[0].source if paras else None,
            "speaker": paras[0].speaker if paras else None,
            "paragraphs": len(paras),
            "sentences": sum(len(sentences(p.content)) for p in paras),
            "words": sum(len(tokenize(p.content)) for p in paras),
        })
    return pd.DataFrame(rows).set_index("voice")


