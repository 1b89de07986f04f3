"""Serve the ipywidgets JavaScript from the book itself, so saved widget state renders offline.

myst-nb loads RequireJS and @jupyter-widgets/html-manager from public CDNs by default. The set-up
step (``make``) downloads pinned copies from the npm registry into ``WIDGETS_JS_DIR`` (never
committed). When they are there, this extension copies them into the built site with
``html_extra_path`` and points ``nb_ipywidgets_js`` at them; when they are not, the build keeps
the CDN and says so in its log.

It also makes widget pages reproducible: a kernel gives each widget model a random id, so two
builds of the same notebook would differ. After the build, each page's model ids are renumbered
in order of appearance (``00…01``, ``00…02``, …), which leaves the saved state intact.
"""

from __future__ import annotations

import json
import re
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


_STATE = re.compile(r'<script type="application/vnd\.jupyter\.widget-state\+json">(.*?)</script>', re.S)


def renumber_widget_ids(html: str) -> str:
    """Replace the random widget model ids of one page by sequential ones."""
    match = _STATE.search(html)
    if not match:
        return html
    ids = list(json.loads(match.group(1))["state"])
    mapping = {old: f"{i:032x}" for i, old in enumerate(ids, start=1)}
    if not mapping:
        return html
    pattern = re.compile(r"(?<![0-9a-f])(" + "|".join(map(re.escape, mapping)) + r")(?![0-9a-f])")
    return pattern.sub(lambda m: mapping[m.group(1)], html)


def _renumber_pages(app, exception):
    if exception or app.builder is None or app.builder.format != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        new = renumber_widget_ids(text)
        if new != text:
            page.write_text(new, encoding="utf-8")


def setup(app):
    app.connect("config-inited", _use_local_copies, priority=400)
    app.connect("build-finished", _renumber_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
