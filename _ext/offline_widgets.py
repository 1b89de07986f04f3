"""Serve the ipywidgets JavaScript from the book itself, so saved widget state renders offline.

myst-nb loads RequireJS and @jupyter-widgets/html-manager from public CDNs by default. The set-up
step (``make``) downloads pinned copies from the npm registry into ``WIDGETS_JS_DIR`` (never
committed). When they are there, this extension copies them into the built site with
``html_extra_path`` and points ``nb_ipywidgets_js`` at them; when they are not, the build keeps
the CDN and says so in its log.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)

#: Where the set-up step unpacks the scripts, relative to the book's root; the folder holds
#: ``_static/widgets/`` so that html_extra_path copies it to the site's ``_static/widgets/``.
WIDGETS_JS_DIR = ".venv/widgets-js"
REQUIRED = ("require.js", "embed-amd.js")


def _use_local_copies(app, config):
    root = Path(app.confdir) / WIDGETS_JS_DIR
    folder = root / "_static" / "widgets"
    if all((folder / name).is_file() for name in REQUIRED):
        config.nb_ipywidgets_js = {
            "widgets/require.js": {},
            "widgets/embed-amd.js": {"data-jupyter-widgets-cdn": "_static/widgets/"},
        }
        config.html_extra_path = list(config.html_extra_path) + [str(root)]
        logger.info("offline_widgets: serving ipywidgets JavaScript from %s", folder)
    else:
        logger.info(
            "offline_widgets: no local ipywidgets JavaScript in %s (run `make book` to fetch it); "
            "widget pages will load it from the public CDN", folder,
        )


def setup(app):
    app.connect("config-inited", _use_local_copies, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
