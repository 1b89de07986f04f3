"""Every number the book's prose glues, one function per finding, so that the notebooks only display.

Each ``*_findings`` function returns the ``{glue key: value}`` of one chapter, built from the
finding functions above it; a finding that two chapters show (the keyness of the article against
the interview answers, the events after the revival began, the claims' verdicts) is computed by
one function that both call. Periods are found by key (:func:`analysis.book.history.period`),
curated rows by named keys. Values keep the types the chapters have always glued (``int`` counts,
``float`` shares), so the rendered text does not change.
"""

from __future__ import annotations

import inspect
from datetime import date
from functools import lru_cache

import pandas as pd

from analysis.book import trade
from analysis.book.citation import load_citation
from analysis.book.claims import (
    independent_support,
    load_history_claims,
    load_history_record,
    record_values,
    verdict_counts,
    verdict_key,
    verdict_summary,
)
from analysis.book.conventions import AREAS, conventions_table
from analysis.book.environment import package_versions, platform_summary
from analysis.book.history import (
    PERIODS,
    date_mentions_table,
    event_counts_by_text,
    load_events,
    load_non_events,
    mention_coverage,
    period,
    relative_mention,
)
from analysis.book.sources import load_sources, voice_counts
from analysis.book.synthesis import DATING_LABELS, DATING_RULES, dated_share, dated_share_sensitivity, theme_counts, theme_period_table
from analysis.book.tables import enum_of, files_table, load_package
from analysis.book.keywords import (
    COUNTINGS,
    MAIN_COUNTING,
    tied_top,
    DETECTABLE_POWER,
    REFERENCE_MIN_COUNT,
    diversity_detectable,
    keyness_by_counting,
    length_artefact,
    merged_groups,
    ngram_keyness,
    reference_tables,
    top_changes,
)
from analysis.book.voices import EXCLUDE_NAMES, NAME_WORDS_KEPT, THEMES, load_names, stopwords, voices
from analysis.core.distribution import collocations, dispersion
from analysis.core.diversity import compare_diversity, diversity
from analysis.core.keyness import LOG_RATIO_ZERO, vocabulary_overlap
from analysis.core.reference import REFERENCE_FROZEN, SMOOTHING, reference_description

__all__ = ["article_answers_keyness", "keyness_leaders", "keyness_ties", "events_since", "verdict_counts", "quantity_tables",
           "theme_dispersion", "collocation_tables", "diversity_comparison", "vocabulary_overlaps",
           "sources_findings", "history_findings", "trade_findings", "lexical_findings", "conclusions_findings",
           "data_findings", "methods_findings", "citation_findings", "timeline_title", "dated_sensitivity",
           "sensitivity_findings"]

#: The periods the chapters name: the recent one, and the one the texts pass over in silence.
RECENT, SILENCE = "revival", "silence"


# ---------------------------------------------------------------- findings shared by chapters

@lru_cache(maxsize=1)
def article_answers_keyness() -> pd.DataFrame:
    """The keyness table of the article against the interview answers (chapters 4 and 5): the
    words of multi-word names left out when :data:`analysis.book.voices.EXCLUDE_NAMES`."""
    return keyness_by_counting(MAIN_COUNTING if EXCLUDE_NAMES else "tokens")


def keyness_leaders(key: pd.DataFrame | None = None) -> dict[str, str]:
    """The top key word of the answers (``b1``) and the two of the article (``a1``, ``a2``); where
    words tie (same counts), the first in the table's alphabetical order: see :func:`keyness_ties`."""
    ties = keyness_ties(key)
    return {slot: words[0] for slot, words in ties.items()}


def keyness_ties(key: pd.DataFrame | None = None) -> dict[str, list[str]]:
    """The words tied at the top of the answers' side (``b1``), at the top of the article's
    (``a1``) and at the article's next rank after that tie (``a2``), each a list
    (:func:`analysis.book.keywords.tied_top`)."""
    key = article_answers_keyness() if key is None else key
    a1 = tied_top(key, "a")
    return {"b1": tied_top(key, "b"), "a1": a1, "a2": tied_top(key, "a", len(a1))}


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def events_since(events: pd.DataFrame | None = None, key: str = RECENT) -> int:
    """How many events start in or after the first year of the period ``key`` (chapters 2 and 5)."""
    events = load_events() if events is None else events
    first = period(key).start.year
    return int(sum(d.year >= first for d in events["start"]))


def quantity_tables() -> dict[str, pd.DataFrame]:
    """Every quantity of each source (chapters 3 and 5)."""
    return {sid: trade.quantity_table(sid) for sid in ("interview", "article")}


def timeline_title(events: pd.DataFrame | None = None) -> str:
    """The timeline figure's title, which states its finding."""
    events = load_events() if events is None else events
    silence = period(SILENCE)
    before = period(RECENT).start.year - 1
    return (f"{events_since(events)} of {len(events)} events fall after {before}; "
            f"the texts date nothing in {silence.start.year}–{silence.end.year}")


@lru_cache(maxsize=1)
def vocabulary_overlaps() -> dict[str, dict]:
    """Shared and distinctive vocabulary of each pair of voices, stopwords left out."""
    v, stop = voices(), stopwords()
    pairs = (("article", "answers"), ("answers", "questions"), ("article", "questions"))
    return {f"{a} | {b}": vocabulary_overlap(v[a].tokens, v[b].tokens, exclude=stop) for a, b in pairs}


@lru_cache(maxsize=1)
def diversity_comparison() -> pd.DataFrame:
    """The three voices' diversity, whole and in segments, cut to the shortest voice's length."""
    v = voices()
    tokens = {name: v[name].tokens for name in ("article", "answers", "questions")}
    return compare_diversity(tokens, segment_length=100, cut_length=len(v["questions"].tokens))


#: Pairs seen fewer times are not collocations in the lexical chapter.
COLLOCATION_MIN_COUNT = 2


@lru_cache(maxsize=1)
def collocation_tables() -> dict[str, pd.DataFrame]:
    """The top ten collocations of the article and of the answers, stopwords left out."""
    v, stop = voices(), stopwords()
    return {name: collocations(v[name].paragraph_tokens, top=10, min_count=COLLOCATION_MIN_COUNT, exclude=stop)
            for name in ("article", "answers")}


@lru_cache(maxsize=1)
def theme_dispersion() -> dict[str, pd.DataFrame]:
    """Gries's DP of each theme in each voice (names left out when :data:`EXCLUDE_NAMES`)."""
    return {name: dispersion(v.paragraph_tokens, THEMES) for name, v in voices(without_names=EXCLUDE_NAMES).items()}


def _long_date(iso: str) -> str:
    d = date.fromisoformat(iso[:10])
    return f"{d.day} {d:%B %Y}"


# ---------------------------------------------------------------- one function per chapter

def sources_findings() -> dict:
    """Chapter 1: the two texts, what cleaning removed, paragraphs, turns and voices."""
    sources = load_sources()
    article, interview = sources["article"], sources["interview"]
    out = {"article_published": _long_date(article.meta["published"]),
           "interview_republished": _long_date(interview.meta["republished"]),
           "interview_month": date.fromisoformat(interview.meta["republished"][:10]).strftime("%B %Y")}
    for sid, src in sources.items():
        table = src.removals_table()
        out[f"{sid}_removed"] = len(table)
        out[f"{sid}_removed_chars"] = int(table["text"].str.len().sum())
    out.update(article_raw_chars=len(article.raw), interview_raw_chars=len(interview.raw),
               article_clean_chars=len(article.text), interview_clean_chars=len(interview.text))
    kinds = pd.Series([t.kind for t in interview.turns]).value_counts()
    out.update(article_paragraphs=len(article.paragraphs), interview_paragraphs=len(interview.paragraphs),
               article_last_id=article.paragraphs[-1].id, interview_last_id=interview.paragraphs[-1].id,
               interview_turns=len(interview.turns), interview_questions=int(kinds.get("question", 0)),
               interview_answers=int(kinds.get("answer", 0)))
    counts = voice_counts()
    for voice, row in counts.iterrows():
        for column in ("paragraphs", "sentences", "words"):
            out[f"voice_{voice.replace(' ', '_')}_{column}"] = int(row[column])
    answers, questions, art = (counts.loc[k, "words"] for k in ("answers", "questions", "article"))
    out["answers_word_share"] = float(100 * (answers / (answers + questions)))
    out["answers_to_article"] = float(answers / art)
    return out


def history_findings() -> dict:
    """Chapter 2: date mentions, events, periods and the claims against the record."""
    mentions, events = date_mentions_table(), load_events()
    coverage = mention_coverage(mentions, events, load_non_events())
    per_text = mentions["source"].value_counts()
    out = {"n_mentions_article": int(per_text["article"]), "n_mentions_interview": int(per_text["interview"]),
           "n_mentions": len(mentions), "n_relative": int(mentions["relative"].sum())}
    for key, words in (("ex_early", "early 1980-s"), ("ex_late", "late September")):
        m = mentions[mentions["text"] == words].iloc[0]
        out[key] = f"{m['interval_start']:%d %B %Y} to {m['interval_end']:%d %B %Y}"
    tied = coverage["event_id"] != ""
    out.update(n_events=len(events), n_tied=int(tied.sum()), n_not_events=int((~tied).sum()))
    for sid in ("article", "interview"):
        out[f"n_tied_{sid}"] = int((tied & (coverage["source"] == sid)).sum())
    for key, n in event_counts_by_text(events).items():
        out[f"n_events_{key}"] = int(n)
    undated = events["dating"].isin(["inferred", "external"])
    out.update(n_undated=int(undated.sum()), n_dated=int((~undated).sum()))
    for p in PERIODS:
        out[f"p_{p.key}_from"], out[f"p_{p.key}_to"] = p.start.year, p.end.year
        out[f"n_{p.key}"] = int((events["period"] == p.name).sum())
    for _, e in events.iterrows():
        out[f"{e['event_id']}_from"], out[f"{e['event_id']}_to"] = e["start"].year, e["end"].year
        out[f"{e['event_id']}_date"] = f"{e['start'].day} {e['start']:%B %Y}"
    recent = events_since(events)
    out.update(n_recent=recent, recent_from=period(RECENT).start.year, recent_share=100 * recent / len(events),
               n_periods=len(PERIODS))
    claims = load_history_claims()
    out["n_claims"] = len(claims)
    out.update({f"n_{verdict_key(v)}": n for v, n in verdict_counts(claims).items()})
    out["verdict_summary"] = verdict_summary(claims)
    support = independent_support(claims)
    # confirmations only: a forecast that was not borne out confirms nothing
    confirmed = claims.set_index("claim_id")["verdict"].isin(["agrees", "partly"])
    out["n_confirmed_dependent"] = int((confirmed & ~support).sum())
    record = load_history_record(claims)
    out["n_record"] = len(record)
    out["n_record_independent"] = int((record["independent"] == "yes").sum())
    # the span the interview itself gives for the ambassador's first stay (I5: 1984 to 1997)
    out["career_first_stay_years"] = out["E12_from"] - out["E11_from"]
    out["decade_ago_year"] = relative_mention("interview", "I19", "a decade ago")
    # numbers from the external record, each checked against its finding in data/history_claims.csv
    out.update(record_values(claims))
    return out


def trade_findings() -> dict:
    """Chapter 3: the 2019 figures, what they imply, the aid sentence and the mirror records."""
    ind = trade.trade_indicators()
    out = {k: v for k, v in ind.items() if not isinstance(v, bool)}
    out.update(n_readings=len(trade.AID_READINGS), kh_share_of_ru=1 / ind["mirror_turnover"],
               parts_verdict="within" if ind["parts_consistent"] else "outside")
    out.update(trade.trade_record_findings(ind))
    tables = quantity_tables()
    for sid, table in tables.items():
        out[f"n_quantities_{sid}"] = len(table)
        out[f"n_money_{sid}"] = int((table["kind"] == "money").sum())
    out["n_flagged"] = int(tables["interview"]["flag"].str.startswith("no scale").sum())
    return out


def lexical_findings() -> dict:
    """Chapter 4: the voices' sizes, keyness, overlap, diversity, collocations and dispersion."""
    v, stop = voices(), stopwords()
    out = {}
    for name, voice in v.items():
        out[f"lex_{name}_tokens"] = len(voice.tokens)
        out[f"lex_{name}_types"] = len(set(voice.tokens))
        out[f"lex_{name}_paragraphs"] = len(voice.paragraph_ids)
    out["lex_answers_to_article"] = len(v["answers"].tokens) / len(v["article"].tokens)
    out["lex_stopwords"] = len(stop)
    out["log_ratio_zero"] = LOG_RATIO_ZERO
    key = article_answers_keyness()
    alpha = key.attrs["alpha"]
    top30 = key.head(30)
    chart_counts = key.head(12)[["count_a", "count_b"]].max(axis=1)
    out.update(lex_alpha=alpha, lex_types_tested=len(key), lex_raw_sig=int((key["p"] < alpha).sum()),
               lex_bh_sig=int((key["p_bh"] < alpha).sum()), lex_bonf_sig=int((key["p_bonferroni"] < alpha).sum()),
               lex_min_p_bh=float(key["p_bh"].min()), lex_top30_low_expected=int(top30["low_expected"].sum()),
               lex_top_n=len(top30), lex_min_expected_rule=5, lex_top_count_min=int(chart_counts.min()),
               lex_top_count_max=int(chart_counts.max()))
    leaders = keyness_leaders(key)
    out["lex_key_a1_factor"] = float(2 ** key.loc[leaders["a1"], "log_ratio"])
    for slot, words in keyness_ties(key).items():
        out[f"lex_key_{slot}_tied"] = _and(words)
        out[f"lex_key_{slot}_n_tied"] = len(words)
    out["lex_key_b1_log_ratio_text"] = f"{key.loc[leaders['b1'], 'log_ratio']:.1f}".replace("-", "\u2212")
    z = key["log_odds_z"].abs()
    out["lex_max_abs_z"], out["lex_max_abs_z_word"] = float(z.max()), str(z.idxmax())
    out["lex_two_sd"] = 2
    # the pronouns of the opening: only "I" contrasts
    for w in ("we", "my"):
        out[f"lex_{w}_count_a"], out[f"lex_{w}_count_b"] = (int(key.loc[w, c]) for c in ("count_a", "count_b"))
    for name in ("article", "answers"):
        toks = v[name].tokens
        out[f"lex_my_country_{name}"] = sum(1 for x, y in zip(toks, toks[1:]) if (x, y) == ("my", "country"))
    # one occurrence per million in each voice as the reference section counts it (names left out)
    for name, voice in voices(without_names=EXCLUDE_NAMES).items():
        out[f"lex_{name}_fpm_one"] = 1e6 / len(voice.tokens)
    for slot, word in leaders.items():
        out[f"lex_key_{slot}"] = word
        for col in ("count_a", "count_b", "ll", "ll_two_term", "log_ratio", "p", "p_bh", "log_odds_z"):
            out[f"lex_key_{slot}_{col}"] = key.loc[word, col].item()
    overlaps = vocabulary_overlaps()
    aa, aq, rq = (overlaps[k] for k in ("article | answers", "answers | questions", "article | questions"))
    out.update(lex_shared=aa["shared"], lex_only_article=aa["only_a"], lex_only_answers=aa["only_b"],
               lex_jaccard=aa["jaccard"], lex_article_covered=100 * aa["token_share_a"],
               lex_answers_from_questions=100 * aq["token_share_a"],
               lex_article_from_questions=100 * rq["token_share_a"])
    div = diversity_comparison()
    defaults = {k: p.default for k, p in inspect.signature(diversity).parameters.items() if p.default is not p.empty}
    out.update(lex_seg_len=int(div["segment_length"].iloc[0]), lex_conf=95,
               lex_mattr_window=defaults["mattr_window"], lex_mtld_threshold=defaults["mtld_threshold"],
               lex_hdd_draws=defaults["hdd_draws"], lex_cut_len=int(div["cut_length"].iloc[0]))
    for name in ("article", "answers", "questions"):
        out[f"lex_{name}_segments"] = int(div.loc[(name, "mattr"), "n_segments"])
        for m in ("ttr", "mattr", "mtld", "hdd", "yule_k"):
            for col in ("whole", "mean", "low", "high"):
                out[f"lex_div_{name}_{m}_{col}"] = float(div.loc[(name, m), col])
    coll = collocation_tables()
    top_b = coll["answers"].iloc[0]
    out.update(lex_coll_min=COLLOCATION_MIN_COUNT, lex_coll_article_n=len(coll["article"]),
               lex_coll_answers_n=len(coll["answers"]), lex_coll_answers_top=f"{top_b.w1} {top_b.w2}",
               lex_coll_answers_top_count=int(top_b["count"]))
    for name, table in theme_dispersion().items():
        for theme, row in table.iterrows():
            out[f"lex_dp_{name}_{theme}"] = float(row["dp"])
            out[f"lex_n_{name}_{theme}"] = int(row["frequency"])
            out[f"lex_range_{name}_{theme}"] = int(row["range"])
    out["lex_n_themes"] = len(THEMES)
    out["lex_theme_max_n"] = int(max(t["frequency"].max() for t in theme_dispersion().values()))
    out.update(_revision_findings())
    return out


def _revision_findings() -> dict:
    """Chapter 4, second edition: names, dates and inflections, the English reference, n-grams,
    the length artefact and what the diversity segments could detect."""
    out = {}
    names_table = load_names()
    out["lex_n_names"] = len(names_table)
    # the upper bound of the interview's date, as the sources chapter gives it
    out["lex_interview_republished"] = _long_date(load_sources()["interview"].meta["republished"])
    v_all, v_names = voices(), voices(without_names=True)
    for name in ("article", "answers", "questions"):
        out[f"lex_{name}_name_tokens"] = len(v_all[name].tokens) - len(v_names[name].tokens)
    out["lex_n_countings"] = len(COUNTINGS)
    changes = top_changes(12)
    for word in ("dialogue",):
        for counting in COUNTINGS:
            out[f"lex_{word}_{counting}_rank"] = int(changes.loc[word, f"rank_{counting}"])
            out[f"lex_{word}_{counting}_counts"] = changes.loc[word, f"counts_{counting}"]
    for counting in COUNTINGS:
        t = keyness_by_counting(counting)
        out[f"lex_types_{counting}"] = len(t)
        out[f"lex_raw_sig_{counting}"] = int((t["p"] < t.attrs["alpha"]).sum())
        out[f"lex_bh_sig_{counting}"] = int((t["p_bh"] < t.attrs["alpha"]).sum())
    out["lex_n_merged_groups"] = len(merged_groups())
    first = keyness_by_counting("tokens")
    out["lex_months_first"] = ", ".join(w for w in first.index[first["p"] < first.attrs["alpha"]]
                                        if w in {"may", "november", "december", "september"})
    art = length_artefact()
    out.update({f"lex_len_{k}": v for k, v in art.items()})
    out["lex_two_zero_counts"] = "2 : 0"
    out["lex_main_counting"] = "every token except the words of multi-word names and the months inside dates, with inflections merged"
    art0 = length_artefact(first)
    out.update({f"lex_len0_{k}": v for k, v in art0.items()})
    # the English reference
    out["lex_ref_description"] = reference_description()
    out["lex_ref_min_count"] = REFERENCE_MIN_COUNT
    out["lex_ref_frozen"] = REFERENCE_FROZEN
    out["lex_n_name_words_kept"] = len(NAME_WORDS_KEPT)
    out["lex_sm_low"], out["lex_sm_high"] = SMOOTHING[0], SMOOTHING[-1]
    low, high = (f"sm_{s:g}" for s in (SMOOTHING[0], SMOOTHING[-1]))
    stop = stopwords()
    for name, table in reference_tables().items():
        content = table[~table.index.isin(stop)]
        for col, tag in ((low, "low"), (high, "high")):
            top = content.sort_values(col, ascending=False, kind="stable").head(5).index.tolist()
            out[f"lex_ref_{name}_{tag}"] = ", ".join(top)
        out[f"lex_ref_{name}_n"] = len(table)
        out[f"lex_ref_{name}_absent"] = int((table["ref_fpm"] == 0).sum())
    # n-grams
    for n in (2, 3):
        t = ngram_keyness(n)
        out[f"lex_ng{n}_types"] = len(t)
        out[f"lex_ng{n}_raw_sig"] = int((t["p"] < t.attrs["alpha"]).sum())
        out[f"lex_ng{n}_bh_sig"] = int((t["p_bh"] < t.attrs["alpha"]).sum())
        out[f"lex_ng{n}_top"] = t.index[0]
        tied = tied_top(t, "a" if t["log_ratio"].iloc[0] > 0 else "b")
        out[f"lex_ng{n}_top_tied"] = _and([f"“{w}”" for w in tied])
        out[f"lex_ng{n}_top_n_tied"] = len(tied)
        out[f"lex_ng{n}_top_counts"] = f"{t['count_a'].iloc[0]} : {t['count_b'].iloc[0]}"
    # what the diversity segments could detect
    det = diversity_detectable()
    out["lex_power"] = round(100 * DETECTABLE_POWER)
    for m, row in det.iterrows():
        out[f"lex_det_{m}_difference"] = abs(float(row["difference"]))
        out[f"lex_det_{m}_detectable"] = float(row["detectable"])
        for col in ("critical", "p", "low", "high"):
            out[f"lex_det_{m}_{col}"] = float(row[col])
    out["lex_det_conf"] = 90
    return out


def conclusions_findings() -> dict:
    """Chapter 5: the findings that survive the chapters, each from the function that found it."""
    events, claims = load_events(), load_history_claims()
    # themes are counted with the words of multi-word names left out (as in the lexical chapter);
    # the texts' lengths are of all their words
    v, whole = voices(without_names=EXCLUDE_NAMES), voices()
    ind = trade.trade_indicators()
    silence = period(SILENCE)
    out = {"c_n_events": len(events), "c_n_recent": events_since(events), "c_recent_from": period(RECENT).start.year,
           "c_silence_from": silence.start.year, "c_silence_to": silence.end.year}
    for key, n in event_counts_by_text(events).items():
        out[f"c_events_{key}"] = int(n)
    out["c_n_claims"] = len(claims)
    out.update({f"c_{verdict_key(k)}": n for k, n in verdict_counts(claims).items()})
    out["c_verdict_summary"] = verdict_summary(claims)
    tables = {name: theme_period_table(v[name]) for name in ("article", "answers")}
    for name in ("article", "answers"):
        share = dated_share(v[name])
        out[f"c_{name}_paragraphs"] = share["paragraphs"]
        out[f"c_{name}_dated"] = share["dated_paragraphs"]
        out[f"c_{name}_theme_dated"] = 100 * share["theme_dated_share"]
        out[f"c_{name}_tokens"] = len(whole[name].tokens)
    # prose counts each theme token once (theme_counts); the heat map counts a paragraph that tells
    # events of two periods in both
    counts = {name: theme_counts(v[name]) for name in ("article", "answers")}
    for theme in ("trade", "pandemic", "sovereignty", "cooperation"):
        out[f"c_answers_{theme}"] = int(counts["answers"].loc[theme, "total"])
        out[f"c_answers_{theme}_undated"] = int(counts["answers"].loc[theme, "undated"])
    for theme in ("pandemic", "trade", "friendship"):
        for col in ("total", "dated", "undated"):
            out[f"c_article_{theme}" + ("" if col == "total" else f"_{col}")] = int(counts["article"].loc[theme, col])
    out["c_silence_theme_words"] = int(sum(t[silence.name].sum() for t in tables.values()))
    for sid, q in quantity_tables().items():
        out[f"c_money_{sid}"] = int((q["kind"] == "money").sum())
    for key in ("parts_difference", "parts_tolerance", "cagr", "mirror_turnover", "coverage_cambodia",
                "aid_A_all_per_year", "aid_A_ussr_per_year", "year"):
        out[f"c_{key}"] = ind[key]
    out["c_kh_share"] = 1 / ind["mirror_turnover"]
    checks = trade.trade_record_findings(ind)
    for key in ("multiple_c2008", "base_year", "aid_from_year", "ru_c2008_year", "same_kh_growth",
                "aid_indep_soviet_share"):
        out[f"c_{key}"] = checks[key]
    key = article_answers_keyness()
    out.update(c_types_tested=len(key), c_raw_sig=int((key["p"] < key.attrs["alpha"]).sum()),
               c_bh_sig=int((key["p_bh"] < key.attrs["alpha"]).sum()), c_i_answers=int(key.loc["i", "count_b"]),
               c_i_article=int(key.loc["i", "count_a"]), c_n_themes=len(THEMES))
    # how many diversity measures the lexical chapter tests, and the countings besides its own
    out["c_n_div_measures"] = len(diversity_detectable())
    out["c_n_other_countings"] = len(COUNTINGS) - 1
    return out


def data_findings() -> dict:
    """The data appendix: how many files, tables and columns the descriptor describes."""
    tables = [r for r in load_package()["resources"] if "schema" in r]
    return {"d_n_files": len(files_table()), "d_n_tables": len(tables),
            "d_n_columns": sum(len(r["schema"]["fields"]) for r in tables)}


def methods_findings() -> dict:
    """The methods appendix: the register of conventions and the environment that ran."""
    return {"m_n_conventions": len(conventions_table()), "m_n_areas": len(AREAS), "m_areas": ", ".join(AREAS),
            "m_log_ratio_zero": LOG_RATIO_ZERO, "m_python": platform_summary()["Python"],
            "m_n_packages": len(package_versions())}


def citation_findings() -> dict:
    """The "How to cite" page: version and release date from CITATION.cff."""
    meta = load_citation()
    return {"book_version": str(meta["version"]), "book_released": str(meta["date-released"])}


@lru_cache(maxsize=1)
def dated_sensitivity() -> pd.DataFrame:
    """The headline share of the article and the answers under every dating rule (chapter 5)."""
    return dated_share_sensitivity("article", "answers")


def sensitivity_findings() -> dict:
    """Chapter 5, the sensitivity of the time finding: the range of each voice's share and of
    their difference over the dating rules, and how many rules leave the difference's interval
    across zero."""
    table = dated_sensitivity()
    out = {"s_n_rules": len(DATING_RULES), "s_conf": round(100 * table.attrs["conf"]),
           "s_resamples": table.attrs["n_resamples"], "s_article_hits": int(table["article_hits"].iloc[0]),
           "s_answers_hits": int(table["answers_hits"].iloc[0])}
    for col in ("article_share", "answers_share", "difference"):
        out[f"s_{col}_min"], out[f"s_{col}_max"] = float(table[col].min()), float(table[col].max())
    out["s_article_above"] = int((table["difference"] > 0).sum())
    out["s_across_zero"] = int(((table["difference_low"] <= 0) & (table["difference_high"] >= 0)).sum())
    out["s_widest_low"], out["s_widest_high"] = float(table["difference_low"].min()), float(table["difference_high"].max())
    groups = _identical_rules(table)
    # named as the sensitivity table names them
    out["s_identical"] = "; ".join(_and([f"the rules “{DATING_LABELS.get(r, r)}”" if i == 0 else f"“{DATING_LABELS.get(r, r)}”"
                                          for i, r in enumerate(g)]) for g in groups if len(g) > 1) or "no two rules"
    out["s_n_distinct"] = len(groups)
    return out


def _identical_rules(table: pd.DataFrame) -> list[list[str]]:
    """The dating rules of a sensitivity table grouped by identical results (every numeric column
    equal), in the table's order."""
    numbers = table.select_dtypes("number").round(9)
    groups: dict[tuple, list[str]] = {}
    for rule, row in numbers.iterrows():
        groups.setdefault(tuple(row), []).append(str(rule))
    return list(groups.values())
