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

#: The widget managers find their icon fonts next to the RequireJS module that loads them,
#: ``<baseUrl>/@jupyter-widgets/...``; RequireJS's default baseUrl is the page's own folder, where
#: the fonts are not. Point it at the served scripts (the set-up step puts the fonts there too).
REQUIRE_BASE_URL = (
    'require.config({baseUrl: document.querySelector(\'script[src*="widgets/require.js"]\')'
    '.src.replace(/require\\.js(\\?.*)?$/, "")});'
)


def _use_local_copies(app, config):
    root = Path(app.confdir) / WIDGETS_JS_DIR
    folder = root / "_static" / "widgets"
    if all((folder / name).is_file() for name in REQUIRED):
        config.nb_ipywidgets_js = {
            "widgets/require.js": {},
            "": {"body": REQUIRE_BASE_URL},
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


_VIEW = re.compile(r'<script type="application/vnd\.jupyter\.widget-view\+json">(.*?)</script>', re.S)
_REF = re.compile(r"IPY_MODEL_([0-9a-f]+)")


def _canonical_order(state: dict, roots: list[str]) -> list[str]:
    """Model ids in an order that does not depend on the ids themselves: depth first from the
    page's views in page order, following each model's references in its (sorted) state; any
    model no view reaches comes last, ordered by its content."""
    order: list[str] = []

    def visit(model_id: str) -> None:
        if model_id in state and model_id not in order:
            order.append(model_id)
            for ref in _REF.findall(json.dumps(state[model_id], sort_keys=True)):
                visit(ref)

    for root in roots:
        visit(root)
    rest = [m for m in state if m not in order]
    rest.sort(key=lambda m: _REF.sub("IPY_MODEL_", json.dumps(state[m], sort_keys=True)))
    return order + rest


def renumber_widget_ids(html: str) -> str:
    """Replace the random widget model ids of one page by sequential ones, in an order fixed by
    the widgets themselves (the execution cache stores the state sorted by the random ids)."""
    match = _STATE.search(html)
    if not match:
        return html
    saved = json.loads(match.group(1))
    state = saved["state"]
    roots = [json.loads(v).get("model_id") for v in _VIEW.findall(html)]
    mapping = {old: f"{i:032x}" for i, old in enumerate(_canonical_order(state, roots), start=1)}
    if not mapping:
        return html
    saved["state"] = {m: state[m] for m in mapping}
    html = html[:match.start(1)] + json.dumps(saved) + html[match.end(1):]
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
