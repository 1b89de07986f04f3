"""analysis.book.sources: verified loading, cleaning, paragraphs, turns, voices, and bad input."""

import hashlib
import json
import re

import pytest
from conftest import DATA

from analysis.book.sources import (
    BOILERPLATE_RULES,
    VOICES,
    load_metadata,
    load_source,
    load_sources,
    sentences,
    source_ids,
    voice_counts,
    voice_paragraphs,
)
from analysis.core.errors import SourceError
from analysis.display.reader_tables import source_html

#: The interview page's furniture, as it stands on its own lines of the raw file (a fact of the
#: source: data/sources/004_6d4de953b5c8f732.txt, lines 1-4 and the last two non-empty lines).
INTERVIEW_FURNITURE = {
    "Asset Publisher", "29 December 202017:30",
    "Interview by Ambassador of Russia to Cambodia Anatoly Borovik to the Khmer Times",
    "• en-GB1 ru-RU1", "Additional materials", "Advanced settings",
}


def raw_paragraphs(sid):
    """The paragraphs of a source counted from its raw file, without the package: its non-empty
    lines but the page furniture (the article's three Russian-language header lines, the only
    lines in Cyrillic; the interview's six lines above)."""
    entry = json.loads((DATA / "sources.json").read_text(encoding="utf-8"))["sources"]
    path = DATA / next(e["file"] for e in entry if e["id"] == sid)
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if sid == "article":
        return [line for line in lines if not re.search("[А-Яа-яЁё]", line)]
    return [line for line in lines if line not in INTERVIEW_FURNITURE]


def raw_turns():
    """The interview's speaker labels at the start of a raw line, in order (questions "KT:", answers "Borovik:")."""
    return [m.group(1) for line in raw_paragraphs("interview") if (m := re.match(r"(KT|Borovik):", line))]


def test_metadata_lists_both_sources_with_their_checksums():
    meta = load_metadata()
    assert list(meta) == ["article", "interview"] == source_ids()
    for sid, entry in meta.items():
        raw = (DATA / entry["file"]).read_bytes()
        assert hashlib.sha256(raw).hexdigest() == entry["sha256"]
    assert meta["article"]["published_status"] == "inferred"
    assert meta["interview"]["interviewer"] == "Taing Rinith"
    assert meta["interview"]["republished"].startswith("2020-12-29")


def test_sources_are_byte_for_byte_copies_of_shared_originals():
    shared = DATA.parent.parent / "shared" / "sources"
    if not shared.is_dir():
        pytest.skip("../shared/sources is not beside this checkout")
    for entry in load_metadata().values():
        name = entry["file"].split("/")[-1]
        assert (DATA / entry["file"]).read_bytes() == (shared / name).read_bytes()


def test_article_cleaning_removes_exactly_the_russian_header():
    art = load_source("article")
    assert [r.line for r in art.removals] == [1, 3, 7]  # the raw file's Russian header lines (a fact of the source)
    assert all(r.text.startswith(("Официальный", "Статья")) for r in art.removals)
    assert all(art.raw[r.start:r.end] == r.text for r in art.removals)
    assert "Официальный" not in art.text and "Статья" not in art.text
    assert art.text.startswith("Russia–Cambodia: 65 Years of Friendship and Mutual Trust\n\nThis day marks")
    assert art.text.endswith("Ambassador of the Russian Federation to the Kingdom of Cambodia")


def test_interview_cleaning_removes_page_furniture_and_records_why():
    iv = load_source("interview")
    removed = {r.text: r.reason for r in iv.removals}
    assert set(removed) == INTERVIEW_FURNITURE
    assert "language switcher" in removed["• en-GB1 ru-RU1"]
    for banned in removed:
        assert banned not in iv.text
    assert iv.text.startswith("Closer diplomatic relationship between Cambodia and Russia")


def test_kept_text_is_verbatim_and_offsets_point_into_both_texts():
    for src in load_sources().values():
        for p in src.paragraphs:
            assert src.text[p.start:p.end] == p.text
            assert src.raw[p.raw_start:p.raw_end] == p.text
        kept = sum(len(p.text) for p in src.paragraphs) + 2 * (len(src.paragraphs) - 1)
        assert len(src.text) == kept
    # non-breaking spaces survive cleaning
    assert "Borovik:\xa0That’s true" in load_source("interview").text


def test_paragraph_ids_are_stable_and_sequential():
    art, iv = load_source("article"), load_source("interview")
    # as many paragraphs as the raw files hold (17 and 47), each the raw line verbatim
    for src in (art, iv):
        raw = raw_paragraphs(src.id)
        assert [p.id for p in src.paragraphs] == [f"{src.id[0].upper()}{i}" for i in range(1, len(raw) + 1)]
        assert [p.text.strip() for p in src.paragraphs] == raw
    assert art.paragraph("A3").text.startswith("The exchange of notes")
    assert iv.paragraph("I20").text.startswith("According to the Russian Federal Customs Service")
    assert (art.paragraph("A1").kind, art.paragraph("A17").kind) == ("title", "byline")


def test_interview_turns_alternate_and_speakers_follow_labels():
    iv = load_source("interview")
    assert [p.kind for p in iv.paragraphs[:3]] == ["title", "credit", "standfirst"]
    # one turn per speaker label of the raw file (20: ten questions, ten answers), alternating
    assert [t.speaker for t in iv.turns] == raw_turns() == ["KT", "Borovik"] * (len(raw_turns()) // 2)
    assert iv.turns[1].paragraph_ids == ("I5", "I6", "I7", "I8")
    unlabelled = iv.paragraph("I6")
    assert (unlabelled.speaker, unlabelled.kind, unlabelled.label) == ("Borovik", "answer", "")
    labelled = iv.paragraph("I5")
    assert labelled.label == "Borovik:\xa0" and labelled.content.startswith("That’s true")
    assert iv.text[labelled.content_start:labelled.end] == labelled.content
    assert iv.paragraph("I12").content.startswith("As an ambassador")  # "KT:\xa0 " label


def test_voices_partition_the_speakers():
    article = voice_paragraphs("article")
    answers = voice_paragraphs("answers")
    questions = voice_paragraphs("questions")
    assert set(VOICES) == {"article", "answers", "questions"}
    # recounted from the raw files (15, 34, 10): the article but its title and byline; the
    # interview's paragraphs from its first question on, the "KT:" ones being the questions
    interview = raw_paragraphs("interview")
    first_turn = next(i for i, line in enumerate(interview) if line.startswith("KT:"))
    n_questions = raw_turns().count("KT")
    assert (len(article), len(answers), len(questions)) == (
        len(raw_paragraphs("article")) - 2, len(interview) - first_turn - n_questions, n_questions)
    assert all(p.speaker == "Borovik" for p in article + answers)
    assert all(p.speaker == "KT" and p.kind == "question" for p in questions)
    with pytest.raises(SourceError, match="unknown voice 'editor'"):
        voice_paragraphs("editor")


def test_voice_counts_add_up_to_every_paragraph():
    counts = voice_counts()
    total = sum(len(s.paragraphs) for s in load_sources().values())
    assert counts["paragraphs"].sum() == total
    assert counts.loc["questions", "paragraphs"] == raw_turns().count("KT")  # ten "KT:" lines
    assert counts.loc["answers", "words"] > 2 * counts.loc["article", "words"]
    assert (counts["sentences"] >= counts["paragraphs"]).all()


def test_sentences_keeps_titles_with_names():
    assert sentences("H.E. Mr. Anatoly Borovik spoke. Trade grew!") == [
        "H.E. Mr. Anatoly Borovik spoke.", "Trade grew!"]
    assert sentences("") == []
    with pytest.raises(TypeError, match="needs a str"):
        sentences(None)


def test_source_html_escapes_text():
    html = source_html("article")
    assert '<p id="A3" class="source-paragraph"><a class="paragraph-anchor" href="#A3"><strong>A3</strong></a>' in html
    assert html.count("<p ") == len(raw_paragraphs("article"))  # one per paragraph (17)
    assert "<script" not in html


def test_tables_for_the_chapter():
    iv = load_source("interview")
    paras = iv.paragraphs_table()
    assert paras.loc["I4", "speaker"] == "KT" and paras.loc["I4", "words"] > 10
    removed = iv.removals_table()
    assert list(removed.columns) == ["line", "start", "end", "text", "reason"]
    assert sorted(removed["text"]) == sorted(INTERVIEW_FURNITURE)


def test_rules_are_compiled_per_source():
    assert set(BOILERPLATE_RULES) == {"article", "interview"}


# --- bad input: each gives a clear SourceError and leaves data/ alone -------------------------

def test_unknown_source_id(data_unchanged):
    with pytest.raises(SourceError, match=r"unknown source id 'speech'; known ids: \['article', 'interview'\]"):
        load_source("speech")
    with pytest.raises(SourceError, match="is a str"):
        load_source(3)


def test_unknown_paragraph_and_speaker(data_unchanged):
    art = load_source("article")
    with pytest.raises(SourceError, match="no paragraph 'A99'; its paragraphs run A1…A17"):
        art.paragraph("A99")
    with pytest.raises(SourceError, match="no speaker 'KT'"):
        art.paragraphs_by(speaker="KT")


def test_missing_source_file(data_copy, data_unchanged):
    (data_copy / "sources" / "000_8a114138c5d88286.txt").unlink()
    with pytest.raises(SourceError, match="'article': file not found"):
        load_source("article", root=data_copy)


def test_altered_source_file_is_refused(data_copy, data_unchanged):
    path = data_copy / "sources" / "004_6d4de953b5c8f732.txt"
    path.write_bytes(path.read_bytes().replace(b"92%", b"95%"))
    with pytest.raises(SourceError, match=r"'interview': .* has changed \(SHA-256"):
        load_source("interview", root=data_copy)


def test_non_utf8_source_file_is_refused(data_copy, data_unchanged):
    path = data_copy / "sources" / "000_8a114138c5d88286.txt"
    bad = "Cambodge et Russie".encode("latin-1") + b"\xe9\xff"
    path.write_bytes(bad)
    meta_path = data_copy / "sources.json"
    doc = json.loads(meta_path.read_text(encoding="utf-8"))
    doc["sources"][0]["sha256"] = hashlib.sha256(bad).hexdigest()
    meta_path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(SourceError, match=r"is not UTF-8 \(byte 18\)"):
        load_source("article", root=data_copy)


@pytest.mark.parametrize("damage, message", [
    (lambda d: "{not json", "is not valid JSON"),
    (lambda d: json.dumps({"files": []}), "must hold an object with a 'sources' list"),
    (lambda d: json.dumps({"sources": [{k: v for k, v in d["sources"][0].items() if k != "sha256"}]}),
     "source 'article' lacks the field 'sha256'"),
    (lambda d: json.dumps({"sources": [dict(d["sources"][0], sha256="abc")]}), "malformed sha256"),
    (lambda d: json.dumps({"sources": [d["sources"][0], d["sources"][0]]}), "appears twice"),
    (lambda d: json.dumps({"sources": ["article"]}), "entry 0 is not an object"),
])
def test_malformed_metadata(data_copy, data_unchanged, damage, message):
    meta_path = data_copy / "sources.json"
    doc = json.loads(meta_path.read_text(encoding="utf-8"))
    meta_path.write_text(damage(doc), encoding="utf-8")
    with pytest.raises(SourceError, match=message):
        load_metadata(meta_path)
    with pytest.raises(SourceError):
        load_source("article", root=data_copy)


def test_metadata_not_utf8_or_missing(data_copy, data_unchanged):
    meta_path = data_copy / "sources.json"
    meta_path.write_bytes(b'{"sources": "\xff"}')
    with pytest.raises(SourceError, match="is not UTF-8"):
        load_metadata(meta_path)
    with pytest.raises(SourceError, match="metadata file not found"):
        load_metadata(data_copy / "nope.json")


def test_data_dir_override_must_hold_metadata(monkeypatch, tmp_path):
    from analysis.book.paths import DATA_ENV, data_dir
    monkeypatch.setenv(DATA_ENV, str(tmp_path))
    with pytest.raises(SourceError, match="no data folder with sources.json"):
        data_dir()


def test_paragraph_browser_shows_the_chosen_paragraph_escaped():
    from analysis.display.widgets import paragraph_browser

    box = paragraph_browser("interview", initial="I31")
    dropdown, shown = box.children
    assert dropdown.value == "I31" and len(dropdown.options) == len(raw_paragraphs("interview"))  # 47
    assert "about 92% efficacy" in shown.value and "<strong>I31</strong>" in shown.value
    dropdown.value = "I4"
    assert "[KT]" in shown.value
    assert paragraph_browser("article").children[0].value == "A1"
    with pytest.raises(SourceError, match="no paragraph 'I99'"):
        paragraph_browser("interview", initial="I99")
    with pytest.raises(SourceError, match="unknown source id"):
        paragraph_browser("speech")
