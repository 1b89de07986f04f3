"""Author–year labels in the book's bibliography, to match its author–year citations.

sphinxcontrib-bibtex cites author–year in the text (``bibtex_reference_style: author_year``), but
the list takes its labels from the pybtex formatting style, and pybtex's own label styles give
numbers or alpha codes. This extension registers, as pybtex plugins (the way the
sphinxcontrib-bibtex documentation describes for custom styles):

* a label style ``book_author_year``: "Borovik, 2021", "McCarthy and Jarvis, 2010", "Monroe et
  al., 2008" (the names as the in-text citations give them); labels that would repeat get a
  letter, "Phnom Penh Post, 2021a";
* a sorting style ``book_author_year``: by those names, then year and title, ignoring the braces
  that protect corporate names (which would otherwise sort after every person);
* a formatting style ``book_author_year``: pybtex's ``plain`` with the two above, and every
  URL followed by the date it was accessed, from the entry's ``urldate`` (ISO date, shown as
  "accessed 1 December 2026"; ``tests/test_bibliography.py`` requires one for every URL).

``_config.yml`` selects it with ``bibtex_default_style: book_author_year``.
"""

from __future__ import annotations

import string
from collections import Counter
from datetime import date
from functools import lru_cache

from pybtex.backends.plaintext import Backend as PlainTextBackend
from pybtex.plugin import register_plugin
from pybtex.richtext import Text
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting import BaseSortingStyle
from pybtex.style.template import field, optional, sentence

NAME = "book_author_year"


@lru_cache(maxsize=None)
def _plain(latex: str) -> str:
    # the backend object directly: render_as("text") looks the plugin up among every installed
    # package's entry points on each call, which took most of a no-change rebuild
    return Text.from_latex(latex).render(PlainTextBackend())


def _names(entry) -> list[str]:
    persons = entry.persons.get("author") or entry.persons.get("editor") or []
    return [_plain(" ".join(p.prelast_names + p.last_names)) for p in persons]


def author_part(entry) -> str:
    """The names part of a label: one or two names in full, three or more as "First et al."."""
    names = _names(entry)
    if not names:
        return _plain(entry.fields.get("title", "Anonymous"))
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return f"{names[0]} et al."


class AuthorYearLabelStyle(BaseLabelStyle):
    """Labels "Author, Year", with a letter after the year where two entries would share one."""

    def format_labels(self, sorted_entries):
        labels = [f"{author_part(e)}, {_plain(e.fields.get('year', 'n.d.'))}" for e in sorted_entries]
        repeats, seen = Counter(labels), Counter()
        for label in labels:
            if repeats[label] > 1:
                yield label + string.ascii_lowercase[seen[label]]
                seen[label] += 1
            else:
                yield label


class AuthorYearSortingStyle(BaseSortingStyle):
    """Sort by the label's names (case and braces ignored), then year, then title."""

    def sorting_key(self, entry):
        return (author_part(entry).casefold(), _plain(entry.fields.get("year", "")),
                _plain(entry.fields.get("title", "")).casefold())


def accessed(urldate: str) -> str:
    """An ISO ``urldate`` as the bibliography shows it: ``"2026-12-01"`` → ``"1 December 2026"``
    (a value that is not an ISO date is shown as it is)."""
    try:
        d = date.fromisoformat(urldate.strip())
    except ValueError:
        return urldate
    return f"{d.day} {d:%B %Y}"


class AuthorYearStyle(PlainStyle):
    """pybtex's plain style with author–year labels and sorting, and the date each URL was accessed."""

    default_label_style = NAME
    default_sorting_style = NAME

    def format_web_refs(self, e):
        # pybtex's own: "URL: … (visited on <urldate>)"; here the date is written out
        return sentence[
            optional[self.format_url(e), optional[" (accessed ", field("urldate", raw=True, apply_func=accessed), ")"]],
            optional[self.format_eprint(e)],
            optional[self.format_pubmed(e)],
            optional[self.format_doi(e)],
        ]


register_plugin("pybtex.style.labels", NAME, AuthorYearLabelStyle)
register_plugin("pybtex.style.sorting", NAME, AuthorYearSortingStyle)
register_plugin("pybtex.style.formatting", NAME, AuthorYearStyle)


def setup(app):
    # registration happens on import, before sphinxcontrib-bibtex reads bibtex_default_style
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
