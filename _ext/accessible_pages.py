"""Accessibility repairs of the generated HTML that the theme and Sphinx leave to us.

* The bibliography: docutils writes ``<div role="list">`` whose entries carry the deprecated
  DPUB-ARIA role ``doc-biblioentry``, so the list has no ``listitem`` children (axe-core rules
  aria-required-children, critical, and aria-deprecated-role). Entries become list items.
* The theme's search button and colour-mode switch are overridden in ``_templates/``
  (their accessible names did not contain their visible text).

The browser tests (tests/test_browser.py) run axe-core on every page, in light and dark mode.
"""

from __future__ import annotations


def repair_roles(body: str) -> str:
    """Bibliography entries inside ``role="list"`` as ``role="listitem"``.

    >>> repair_roles('<div role="list"><div class="citation" role="doc-biblioentry">x</div></div>')
    '<div role="list"><div class="citation" role="listitem">x</div></div>'
    """
    return body.replace('role="doc-biblioentry"', 'role="listitem"')


def _page(app, pagename, templatename, context, doctree):
    if "body" in context:
        context["body"] = repair_roles(context["body"])


def setup(app):
    app.connect("html-page-context", _page)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
