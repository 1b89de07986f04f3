"""Every statistical and textual convention of the book in one register, read from the code.

Each :class:`Convention` names what it governs, the rule in words, the function or constant
that implements it (``where``), the reference it follows (keys of ``references.bib``) and a
*setting*: the value the code uses, computed when the register is read, from a signature
default, a module constant, a docstring or a probe of the function on a tiny input. A change
in the code therefore changes the methods appendix; nothing is copied by hand.

>>> c = {c.name: c for c in CONVENTIONS}["MTLD threshold test"]
>>> c.setting()
"threshold 0.72; a factor ends when the running TTR is '<=' the threshold"
"""

from __future__ import annotations

import importlib
import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import pandas as pd
from pybtex.database import parse_file

from analysis.book import sources
from analysis.book.history import PERIODS, relative_mention
from analysis.book.keywords import COUNTINGS, DETECTABLE_POWER, MAIN_COUNTING, keyness_by_counting
from analysis.book.paths import repo_root
from analysis.book.provenance import SEPARATOR
from analysis.book.trade import implied_cagr, mirror_ratio
from analysis.book.voices import EXCLUDE_NAMES, names
from analysis.core.dates import VAGUE_RECENT_YEARS, YEAR_RANGE, find_dates
from analysis.core.distribution import dispersion
from analysis.core.errors import AnalysisError
from analysis.core.keyness import keyness_from_counts, smallest_significant_count
from analysis.core.lexemes import drop_date_months, inflection_map, ngram_counts
from analysis.core.quantities import (
    _NOT_HEDGES,
    QUALIFIERS,
    find_quantities,
    rounding_step,
)
from analysis.core.reference import SMOOTHING, reference_description, simple_maths
from analysis.core.tokens import TOKEN_PATTERN, tokenize

__all__ = ["Convention", "CONVENTIONS", "AREAS", "ConventionError", "default_of", "resolve", "conventions_table"]


class ConventionError(AnalysisError):
    """An unknown area of the register, or a ``where`` that names nothing in the package."""


@dataclass(frozen=True)
class Convention:
    """One convention: what it governs, the rule, where the code holds it, its reference."""

    area: str
    name: str
    rule: str
    where: str  #: dotted path of the function or constant in the package
    references: tuple[str, ...]  #: keys of references.bib (may be empty: a choice of this book)
    setting: Callable[[], str]  #: the value the code uses, read when called


def resolve(where: str):
    """The object a dotted path names, e.g. ``"analysis.core.diversity.mtld"``.

    >>> resolve("analysis.book.provenance.SEPARATOR")
    ' | '
    """
    if not isinstance(where, str) or "." not in where:
        raise ConventionError(f"not a dotted path to an object of the package: {where!r}")
    module_name, _, attr = where.rpartition(".")
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        raise ConventionError(f"{where}: no module {module_name!r}") from None
    if not hasattr(module, attr):
        raise ConventionError(f"{where}: module {module_name!r} has no {attr!r}")
    return getattr(module, attr)


def default_of(where: str, parameter: str):
    """The default value of ``parameter`` of the function at ``where``.

    >>> default_of("analysis.core.diversity.mattr", "window")
    50
    """
    func = resolve(where)
    params = inspect.signature(func).parameters
    if parameter not in params or params[parameter].default is inspect.Parameter.empty:
        raise ConventionError(f"{where} has no parameter {parameter!r} with a default")
    return params[parameter].default


# --------------------------------------------------------------------------- settings, read live


def _punkt() -> str:

    return "untrained Punkt parameters; abbreviations added: " + ", ".join(sorted(sources._ABBREVIATIONS))


def _token_pattern() -> str:

    example = "People-to-people ties, that’s 8,000 students since 1980-s."
    return f"pattern {TOKEN_PATTERN.pattern} (lowercased); e.g. {tokenize(example)}"


def _zero_count() -> str:

    # w occurs once in a and never in b (both of size 1): log_ratio = log2(1) - log2(z)
    z = 2 ** -float(keyness_from_counts({"w": 1}, {"v": 1}).loc["w", "log_ratio"])
    return f"log2 of the ratio of relative frequencies; a zero count is taken as {z:g}"


def _length_artefact() -> str:
    a, b = smallest_significant_count(1000, 3000, "a"), smallest_significant_count(1000, 3000, "b")
    return f"p < 0.05 uncorrected; e.g. texts of 1,000 and 3,000 tokens: {a} : 0 in the shorter, 0 : {b} in the longer"


def _reference() -> str:
    return reference_description("english")


def _simple_maths() -> str:
    shown = ", ".join(f"N = {n:g}" for n in SMOOTHING)
    return (f"(fpm_text + N) / (fpm_ref + N), {shown}; e.g. 100 per million against 0: "
            + ", ".join(f"{simple_maths(100, 0, n):g}" for n in SMOOTHING))


def _names() -> str:
    return f"{'left out' if EXCLUDE_NAMES else 'counted'}; {len(names())} names in data/names.csv"


def _date_months() -> str:
    example = "on 13 may 1956 we may meet in late september".split()
    return f"{' '.join(example)!r} → {' '.join(drop_date_months(example))!r}"


def _inflections() -> str:
    m = inflection_map({"dialogue": 5, "dialogues": 2, "import": 1, "important": 1})
    return (f"NLTK SnowballStemmer('english'); dialogues → {m['dialogues']}, important → {m['important']} "
            "(not merged with import)")


def _ngrams() -> str:
    c = ngram_counts([["of", "the", "bilateral", "relations"]], 2, exclude={"of", "the"})
    return f"n = 2 and 3; e.g. {sorted(c)}"


def _detectable() -> str:
    alpha = default_of("analysis.core.diversity.detectable_difference", "alpha")
    return f"(t₁₋α/₂ + t_power) · SE, α = {alpha}, power {DETECTABLE_POWER:.0%} (Welch–Satterthwaite df)"


def _exact() -> str:
    table = keyness_by_counting(MAIN_COUNTING)
    n_a, n_b = table.attrs["total_a"], table.attrs["total_b"]
    from_g2 = smallest_significant_count(n_a, n_b, "a")
    exact = smallest_significant_count(n_a, n_b, "a", test="fisher")
    return (f"Fisher's exact test, two-sided (scipy.stats.fisher_exact); on the keyness table's texts "
            f"of {n_a} and {n_b} tokens: k : 0 passes from k = {from_g2} by G², from k = {exact} exactly")


def _welch() -> str:
    conf = default_of("analysis.core.diversity.welch_comparison", "confidence")
    return f"Welch t-test, p two-sided; {conf:.0%} interval of the difference; critical difference t₁₋α/₂ · SE"


def _main_counting() -> str:
    steps = list(COUNTINGS)[1:list(COUNTINGS).index(MAIN_COUNTING) + 1]
    return f"'{MAIN_COUNTING}': " + "; ".join(COUNTINGS[k] for k in steps)


def _min_expected() -> str:

    m = re.search(r"below (\d+) the chi-square", keyness_from_counts.__doc__ or "")
    if not m:
        raise ConventionError("keyness_from_counts no longer documents its minimum expected count")
    return f"a word is flagged low_expected when any expected cell count is below {m.group(1)}"


def _correction() -> str:
    corr = default_of("analysis.core.keyness.keyness", "correction")
    alpha = default_of("analysis.core.keyness.keyness", "alpha")
    return (f"default correction {corr!r} (Benjamini–Hochberg) at alpha {alpha}; Bonferroni reported "
            f"beside it; the family is every word type in the table")


def _mtld() -> str:
    threshold = default_of("analysis.core.diversity.mtld", "threshold")
    test = default_of("analysis.core.diversity.mtld", "test")
    return f"threshold {threshold}; a factor ends when the running TTR is {test!r} the threshold"


def _segments() -> str:
    length = default_of("analysis.core.diversity.compare_diversity", "segment_length")
    conf = default_of("analysis.core.diversity.compare_diversity", "confidence")
    return f"consecutive segments of {length} tokens; Student-t interval at {conf:.0%}"


def _collocations() -> str:
    window = default_of("analysis.core.distribution.collocations", "window_size")
    min_count = default_of("analysis.core.distribution.collocations", "min_count")
    return f"window of {window} tokens, minimum count {min_count}, scored by log-likelihood; pairs do not cross paragraphs"


def _decade_parts() -> str:

    parts = []
    for q in ("early", "mid", "late"):
        m = find_dates(f"in the {q} 1980s")[0]
        parts.append(f"{q} 1980s → {m.interval_start.year}–{m.interval_end.year}")
    return "; ".join(parts)


def _relative() -> str:

    ref = "2021-05-13"
    m = find_dates("last year", reference_date=ref)[0]
    return (f"against each source's reference_date (sources.json); e.g. 'last year' from {ref} → "
            f"{m.interval_start.year}; 'recent years' reach {VAGUE_RECENT_YEARS} years back. One rule "
            f"for both chapters: an expression tied to a figure counts from that figure's as-of year, so "
            f"the interview's 'a decade ago', beside the figure for 'end of last year', is "
            f"{relative_mention('interview', 'I19', 'a decade ago')} (analysis.book.history.relative_mention)")


def _year_range() -> str:

    return f"four-digit years from {YEAR_RANGE[0]} to {YEAR_RANGE[1]}; other numbers are quantities"


def _coordinated() -> str:

    first = find_dates("on 23 April and 13 May 1956")[0]
    return f"'23 April and 13 May 1956': the first date takes the last one's year → {first.interval_start.isoformat()}"


def _rounding() -> str:

    return (f"'229.2' stands for ± {rounding_step('229.2') / 2:g}, '246' for ± {rounding_step('246') / 2:g}; "
            "a sum is consistent when its interval overlaps the stated total's")


def _hedges() -> str:

    hedges = [q for q in QUALIFIERS if q not in _NOT_HEDGES]
    return f"{len(hedges)} hedge words and phrases recognised, e.g. {', '.join(hedges[:6])}"


def _scale() -> str:

    q = find_quantities("an annual allocation of up to USD$100 was made")[0]
    return f"'up to USD$100' → value {q.value}, qualifier {q.qualifier!r}, flagged: {q.flag.split(':')[0]}"


def _cagr() -> str:

    return f"(multiple)^(1/years) − 1; seven times over ten years → {implied_cagr(7, 10):.2%} a year"


def _mirror() -> str:

    return f"one side's record ÷ the partner's record of the same flow; e.g. 229.2 against 50 → {mirror_ratio(229.2, 50):.2f}"


def _quotes() -> str:

    tolerant = default_of("analysis.book.provenance.locate_quote", "whitespace_tolerant")
    return (f"exact characters; whitespace-tolerant by default ({tolerant}): any run of whitespace "
            f"matches any other; several quotes in one cell separated by {SEPARATOR!r}")


def _periods() -> str:

    return "; ".join(f"{p.name} {p.start.year}–{p.end.year}" for p in PERIODS)


def _dp() -> str:

    dp = dispersion([["a", "b"], ["b", "b"]], ["a"])["dp"].iloc[0]
    return f"DP = ½ Σ |v_i − s_i| over paragraphs; a word only in one half of a two-paragraph text → {dp:g}"


def _fixed(text: str) -> Callable[[], str]:
    return lambda: text


CONVENTIONS: tuple[Convention, ...] = (
    # text
    Convention("text", "Tokenizer", "Runs of letters or digits, lowercased; internal apostrophes and hyphens "
               "join; a comma or full stop between digits joins; numbers kept.",
               "analysis.core.tokens.tokenize", (), _token_pattern),
    Convention("text", "Sentence splitting", "NLTK's Punkt algorithm used untrained, within each paragraph, "
               "with the abbreviations of the texts added.", "analysis.book.sources.sentences",
               ("kiss2006punkt",), _punkt),
    Convention("text", "Quote matching", "A curated quote must stand verbatim in the cited paragraph of the "
               "cleaned text; quotation marks, dashes and apostrophes are never normalised.",
               "analysis.book.provenance.locate_quote", (), _quotes),
    # keyness
    Convention("keyness", "Log-likelihood, four-term", "Dunning's G² over the full 2 × 2 table (word / other "
               "words × text a / text b); rankings and cut-offs use it.",
               "analysis.core.keyness.keyness_from_counts", ("dunning1993",),
               _fixed("ll = 2 Σ O ln(O/E) over four cells; equals NLTK's likelihood_ratio")),
    Convention("keyness", "Log-likelihood, two-term", "The UCREL calculator's form, over the word's two cells "
               "only; reported beside the four-term value.", "analysis.core.keyness.keyness_from_counts",
               ("rayson2000",), _fixed("ll_two_term = 2 (a ln(a/E_a) + b ln(b/E_b))")),
    Convention("keyness", "Log Ratio", "Hardie's effect size: each unit is a doubling of relative frequency.",
               "analysis.core.keyness.keyness_from_counts", ("hardie2014",), _zero_count),
    Convention("keyness", "%DIFF", "Percentage difference of normalised frequencies; infinite when the word is "
               "absent from the reference text.", "analysis.core.keyness.keyness_from_counts",
               ("lex_gabrielatos2011",), _fixed("100 (f_a − f_b) / f_b")),
    Convention("keyness", "Log-odds with informative Dirichlet prior", "Monroe et al.'s z-scored log-odds ratio; "
               "the prior is the pooled count of each word in both texts.",
               "analysis.core.keyness.keyness_from_counts", ("monroe2008",),
               _fixed("α_w = pooled count of w, α₀ = N_a + N_b; z = δ / √(1/(y_a+α_w) + 1/(y_b+α_w))")),
    Convention("keyness", "Multiple testing", "p from the chi-square distribution with one degree of freedom, "
               "corrected for the number of word types tested.", "analysis.core.keyness.keyness",
               ("benjamini1995", "app_dunn1961"), _correction),
    Convention("keyness", "Minimum expected count", "Below it the chi-square approximation behind p is "
               "doubtful; such words are flagged, not dropped.", "analysis.core.keyness.keyness_from_counts",
               ("app_cochran1954",), _min_expected),
    Convention("keyness", "Length artefact", "The smallest count a word absent from the other text needs to "
               "pass the uncorrected test; the shorter text needs fewer.",
               "analysis.core.keyness.smallest_significant_count", ("dunning1993",), _length_artefact),
    Convention("keyness", "Reference corpus", "Each voice against general English: the wordfreq list, data "
               "frozen in 2021 (web, Wikipedia, subtitles, news, books, social media); not diplomatic English.",
               "analysis.core.reference.english_per_million", ("lex_speer2022wordfreq", "lex_speer2024sunset"),
               _reference),
    Convention("keyness", "Simple maths", "Kilgarriff's ratio of frequencies per million, each plus N; a small N "
               "favours rare words, a large one common words; both shown. The worked example the tests "
               "reproduce is Sketch Engine's documentation ('shard'): the readable part of Kilgarriff's "
               "paper gives none.",
               "analysis.core.reference.SMOOTHING", ("lex_kilgarriff2009", "lex_sketchengine_simplemaths"), _simple_maths),
    Convention("keyness", "Reference minimum count", "A word seen fewer times in a voice is not listed against "
               "the reference (in a text of a few thousand words one occurrence is already hundreds or thousands per "
               "million).",
               "analysis.book.keywords.REFERENCE_MIN_COUNT", (),
               lambda: f"at least {resolve('analysis.book.keywords.REFERENCE_MIN_COUNT')} occurrences"),
    Convention("keyness", "Multi-word names", "The words of the curated multi-word names (data/names.csv) are "
               "left out of themes and keyness, except single-word names inside them (Moscow in 'Moscow "
               "University'; analysis.book.voices.NAME_WORDS_KEPT). One matcher, the command line's: whole words, "
               "any white space between them, case-insensitive (analysis.core.lexemes.names_blanker); the n-grams "
               "use its form on tokens (mark_names), which also matches across punctuation and skips every n-gram "
               "touching a name; on the two texts both find the same words.", "analysis.book.voices.EXCLUDE_NAMES", (), _names),
    Convention("keyness", "Months in dates", "A month name is a date, not a word; 'may' and 'march' only "
               "beside a day (1–31), a four-digit year or a date word (in, late, early, …); the modal 'may' stays.", "analysis.core.lexemes.drop_date_months", (), _date_months),
    Convention("keyness", "Inflection merge", "Same Snowball (Porter2) stem and an inflectional ending; "
               "derivations stay apart; the group's most frequent form is shown.",
               "analysis.core.lexemes.inflection_map", ("lex_porter1980", "lex_porter2001snowball"), _inflections),
    Convention("keyness", "Main counting", "The chapter's keyness table, leaders, figure and length counts "
               "count with every correction applied; words tied on their counts are reported together.",
               "analysis.book.keywords.MAIN_COUNTING", (), _main_counting),
    Convention("keyness", "Exact test of the length artefact", "The smallest count that reaches p < α is "
               "given by G²'s chi-square p and by Fisher's exact test, which small counts need.",
               "analysis.core.keyness.exact_p", ("lex_fisher1935",), _exact),
    Convention("keyness", "Key n-grams", "Bigrams and trigrams inside paragraphs, none touching a name, none of "
               "function words only, with the keyness measures.", "analysis.core.lexemes.ngram_counts", (),
               _ngrams),
    # diversity
    Convention("diversity", "MATTR", "Mean type–token ratio over every window of a fixed length.",
               "analysis.core.diversity.mattr", ("covington2010",),
               lambda: f"window of {default_of('analysis.core.diversity.mattr', 'window')} tokens"),
    Convention("diversity", "MTLD threshold test", "Whether a factor ends when the running TTR reaches the "
               "threshold or only when it falls below it; forward and backward, partial last factor.",
               "analysis.core.diversity.mtld", ("mccarthy2010", "lex_shen_lexicalrichness"), _mtld),
    Convention("diversity", "HD-D", "Sum over types of the hypergeometric chance that a random draw contains the type.",
               "analysis.core.diversity.hdd", ("lex_mccarthy2007",),
               lambda: f"draws of {default_of('analysis.core.diversity.hdd', 'draws')} tokens"),
    Convention("diversity", "Maas's a²", "Length-corrected index (lower is richer).", "analysis.core.diversity.maas",
               ("lex_maas1972",), _fixed("a² = (log N − log V) / (log N)²")),
    Convention("diversity", "Yule's K", "Length-corrected index from the frequency spectrum (lower is richer).",
               "analysis.core.diversity.yule_k", ("lex_yule1944",), _fixed("K = 10⁴ (Σ i² V_i − N) / N²")),
    Convention("diversity", "Smallest detectable difference", "A null result is not equivalence: the smallest "
               "difference of segment means a two-sided Welch t-test would detect at the stated power.",
               "analysis.core.diversity.detectable_difference", ("lex_cohen1988",), _detectable),
    Convention("diversity", "Welch comparison of segment means", "The observed difference with its Welch p, "
               "its 90 % interval (the interval of a two one-sided test) and the smallest observed difference "
               "that would have been significant.", "analysis.core.diversity.welch_comparison",
               ("welch1947", "app_schuirmann1987"), _welch),
    Convention("diversity", "Comparison at equal length", "Diversity is compared on consecutive segments of "
               "equal length; the interval shows spread within a text, not sampling error.",
               "analysis.core.diversity.compare_diversity", (), _segments),
    # distribution
    Convention("distribution", "Gries's DP", "Deviation of proportions over paragraphs, normalised by "
               "Lijffijt and Gries.", "analysis.core.distribution.dispersion", ("gries2008", "lex_lijffijt2012"), _dp),
    Convention("distribution", "Collocations", "Adjacent content-word pairs, NLTK's bigram finder.",
               "analysis.core.distribution.collocations", ("bird2009nltk",), _collocations),
    # dates
    Convention("dates", "Years", "What counts as a year in a date expression.", "analysis.core.dates.YEAR_RANGE",
               (), _year_range),
    Convention("dates", "Early, mid, late", "Qualifiers narrow a decade to its years 0–3, 4–6 and 7–9 (a month "
               "to days 1–10, 11–20, 21–end).", "analysis.core.dates.find_dates", (), _decade_parts),
    Convention("dates", "Coordinated dates", "Dates joined by 'and' share the last one's month and year.",
               "analysis.core.dates.find_dates", (), _coordinated),
    Convention("dates", "Relative expressions", "Resolved against each text's reference date; 'today' and "
               "'nowadays' are present tense, not dates.", "analysis.core.dates.find_dates", (), _relative),
    Convention("dates", "Periods", "The chapter's periods; bounds from the texts' own dates where given.",
               "analysis.book.history.PERIODS", (), _periods),
    # quantities
    Convention("quantities", "Hedges", "The word or phrase right before a quantity is kept as its qualifier.",
               "analysis.core.quantities.QUALIFIERS", (), _hedges),
    Convention("quantities", "Missing scale word", "A money figure without 'million' or similar is kept and "
               "flagged, never completed.", "analysis.core.quantities.find_quantities", (), _scale),
    Convention("quantities", "Rounding", "A written figure stands for ± half a unit of its last digit.",
               "analysis.core.quantities.rounding_step", (), _rounding),
    Convention("quantities", "Implied growth", "Compound annual growth implied by 'N times lower M years ago'.",
               "analysis.book.trade.implied_cagr", (), _cagr),
    Convention("quantities", "Mirror ratio", "Partners' records compared under the UN recording rules "
               "(imports by origin, CIF; exports by destination, FOB).", "analysis.book.trade.mirror_ratio",
               ("trade_un2011imts",), _mirror),
)

#: The areas of the register, in the order the appendix shows them.
AREAS = tuple(dict.fromkeys(c.area for c in CONVENTIONS))


def conventions_table(area: str | None = None):
    """The register as a DataFrame: area, convention, rule, setting (read now), where, references.

    ``area`` keeps one area of :data:`AREAS`; an unknown area raises :class:`ConventionError`.
    """

    if area is not None and area not in AREAS:
        raise ConventionError(f"unknown area {area!r}; areas: {AREAS}")
    rows = [{"area": c.area, "convention": c.name, "rule": c.rule, "setting": c.setting(),
             "where": c.where, "references": ", ".join(c.references)}
            for c in CONVENTIONS if area is None or c.area == area]
    return pd.DataFrame(rows)


def _bib_entries(path):

    @lru_cache(maxsize=4)
    def _parse(p: str):

        return parse_file(p, bib_format="bibtex").entries

    return _parse(str(path))


def reference_labels(keys, bib_path=None) -> str:
    """Author–year labels for keys of ``references.bib``, for tables a reader scans.

    One author gives "Dunning 1993", two "Kiss & Strunk 2006", three or more "Monroe et al.
    2008"; an entry without authors uses its editor, organisation or title. Several keys are
    joined with "; ". A key missing from the file raises :class:`ConventionError`.

    >>> reference_labels("dunning1993")
    'Dunning 1993'
    >>> reference_labels(["kiss2006punkt", "monroe2008"])
    'Kiss & Strunk 2006; Monroe et al. 2008'
    """

    if isinstance(keys, str):
        keys = [k.strip() for k in keys.split(",") if k.strip()]
    entries = _bib_entries(bib_path or repo_root() / "references.bib")
    labels = []
    for key in keys:
        if key not in entries:
            raise ConventionError(f"reference {key!r} is not in references.bib")
        entry = entries[key]
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        names = [" ".join(p.last_names).replace("{", "").replace("}", "") for p in people]
        if not names:
            field = entry.fields.get("organization") or entry.fields.get("institution") or entry.fields.get("title", key)
            names = [field.replace("{", "").replace("}", "")]
        who = names[0] if len(names) == 1 else f"{names[0]} & {names[1]}" if len(names) == 2 else f"{names[0]} et al."
        year = entry.fields.get("year", "n.d.")
        labels.append(f"{who} {year}")
    return "; ".join(labels)


__all__ += ["reference_labels"]


def accessed_dates(bib_path=None) -> dict[str, str]:
    """The date each URL of ``references.bib`` was accessed: ``{url: "YYYY-MM-DD"}``, from the
    entries' ``urldate`` fields, so that a table citing a URL can show the same date as the
    bibliography. Raises :class:`ConventionError` naming the entry for a URL without an access
    date, or one that is not an ISO date.

    >>> accessed_dates()["https://tass.com/world/1066941"]
    '2026-12-01'
    """
    out: dict[str, str] = {}
    for key, entry in _bib_entries(bib_path or repo_root() / "references.bib").items():
        url = entry.fields.get("url")
        if not url:
            continue
        day = entry.fields.get("urldate")
        if not day:
            raise ConventionError(f"references.bib entry {key!r} cites {url} without the date it was accessed (urldate)")
        try:
            date.fromisoformat(day)
        except ValueError:
            raise ConventionError(f"references.bib entry {key!r}: urldate {day!r} is not an ISO date (YYYY-MM-DD)") from None
        out[url] = day
    return out


__all__ += ["accessed_dates"]
