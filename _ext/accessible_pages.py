"""Accessibility repairs of the generated HTML that the theme and Sphinx leave to us.

* The bibliography: docutils writes ``<div role="list">`` whose entries carry the deprecated
  DPUB-ARIA role ``doc-biblioentry``, so the list has no ``listitem`` children (axe-core rules
  aria-required-children, critical, and aria-deprecated-role). Entries become list items.
* myst-nb's code-cell toggles: ``<summary aria-label="Toggle hidden content">`` whose visible text
  is "Show code cell source" (axe-core rule label-content-name-mismatch, serious). Without the
  label, the summary is named by what it shows.
* The theme's search button and colour-mode switch are overridden in ``_templates/``
  (their accessible names did not contain their visible text).

The browser tests (tests/test_browser.py) run axe-core on every page, in light and dark mode.
"""

from __future__ import annotations


def repair_body(body: str) -> str:
    """Bibliography entries as list items; code-cell toggles named by their visible text.

    >>> repair_body('<div role="list"><div class="citation" role="doc-biblioentry">x</div></div>')
    '<div role="list"><div class="citation" role="listitem">x</div></div>'
    >>> repair_body('<summary aria-label="Toggle hidden content"><p>Show code</p></summary>')
    '<summary><p>Show code</p></summary>'
    """
    body = body.replace('role="doc-biblioentry"', 'role="listitem"')
    return body.replace('<summary aria-label="Toggle hidden content">', "<summary>")


def _page(app, pagename, templatename, context, doctree):
    if "body" in context:
        context["body"] = repair_body(context["body"])


def setup(app):
    app.connect("html-page-context", _page)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
