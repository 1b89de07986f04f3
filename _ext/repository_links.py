"""Launch and repository buttons that point at the repository the book is built from.

Nobody can name the book's public repository in advance, so ``_config.yml`` names none.
Jupyter Book 1 turns ``repository:`` into sphinx-book-theme's ``repository_url`` and
``repository_branch`` (falling back to its own default, ``executablebooks/jupyter-book`` on
``master``), and ``launch_buttons:`` into the theme's ``launch_buttons``, from which the theme
builds the Binder link and sphinx-thebe the live-code configuration. When Sphinx has read the
configuration, this extension asks :func:`analysis.book.repository.find_repository` (the function the
"How to cite" notebook calls too) and

* when it finds a GitHub repository: sets ``repository_url``, ``repository_branch`` and the
  repository button, so Binder, live code and the button all point there;
* when it does not: empties ``repository_url`` and ``launch_buttons`` and switches the repository,
  edit and issues buttons off, so no page links to a repository, and removes the live-code
  configuration sphinx-thebe would write into every page with its own example repository.

Either way the build log gets one informational line saying which (never a warning: the build
runs with ``-W``).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

BUTTONS = ("use_repository_button", "use_edit_page_button", "use_issues_button")


def _drop_thebe_configuration(app, doctree, docname):
    for node in list(doctree.findall(nodes.raw)):
        if "text/x-thebe-config" in node.astext() or "kernelName =" in node.astext():
            node.parent.remove(node)


def configure_links(app, config):
    from analysis.book.repository import RepositoryNotFound, find_repository

    options = config.html_theme_options
    try:
        repository = find_repository(app.srcdir)
    except RepositoryNotFound as why:
        options["repository_url"] = ""
        options["repository_branch"] = ""
        options["launch_buttons"] = {}
        options.update(dict.fromkeys(BUTTONS, False))
        app.connect("doctree-resolved", _drop_thebe_configuration, priority=900)
        logger.info("repository_links: no launch or repository buttons, the repository is not known (%s)", why)
        return
    options["repository_url"] = repository.url
    options["repository_branch"] = repository.branch
    options["use_repository_button"] = True
    logger.info("repository_links: Binder, live code and the repository button point at %s, branch %s "
                "(from %s)", repository.url, repository.branch, repository.found_in)


def setup(app):
    app.connect("config-inited", configure_links)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
