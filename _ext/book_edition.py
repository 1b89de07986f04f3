"""The edition of the book on every page: its version, its licences and the whole-book PDF.

* The version comes from one place, ``pyproject.toml`` (the package's version); ``CITATION.cff``
  and ``.zenodo.json`` repeat it and a test keeps them equal. Every page's footer shows it.
* The whole-book PDF is a single-page HTML build printed by headless Chromium (``make pdf``, or
  ``python _ext/book_edition.py print INDEX.html OUT.pdf``). When ``_build/pdf/book.pdf`` sits
  beside the HTML output, this extension copies it into the site as ``book.pdf`` and every footer
  links to it; when it is missing the build says so in its log (the link stays, and the browser
  tests fail on it, so a published book without its PDF cannot pass).
* sphinx-thebe registers its inline configuration script once per read phase, so a page could
  carry ``const THEBE_JS_URL`` twice, a JavaScript error; pages keep one copy of each script.
"""

from __future__ import annotations

import argparse
import html
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PDF_NAME = "book.pdf"


def book_version(root: Path = ROOT) -> str:
    """The book's version: the package version in ``pyproject.toml``."""
    with open(root / "pyproject.toml", "rb") as fh:
        return tomllib.load(fh)["project"]["version"]


def pdf_folder(outdir: Path) -> Path:
    """Where ``make pdf`` leaves the PDF for an HTML build whose output folder is ``outdir``
    (``<path-output>/_build/html`` → ``<path-output>/_build/pdf``)."""
    return Path(outdir).parent / "pdf"


# Chromium flags for a headless run that reaches nothing outside the machine.
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def print_pdf(index: Path, out: Path, chromium: str = "chromium", budget_ms: int = 10000) -> Path:
    """Print a single-page HTML build to ``out`` with headless Chromium; returns ``out``."""
    index, out = Path(index).resolve(), Path(out).resolve()
    if not index.is_file():
        raise FileNotFoundError(f"no single-page HTML build at {index}")
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        cmd = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
               f"--virtual-time-budget={budget_ms}", "--no-pdf-header-footer",
               f"--print-to-pdf={out}", index.as_uri()]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if proc.returncode != 0 or not out.is_file() or out.stat().st_size == 0:
        raise RuntimeError(f"chromium did not print {out}:\n{proc.stderr[-2000:]}")
    return out


# --- Sphinx extension ------------------------------------------------------------------------

def _add_pdf(app):
    from sphinx.util import logging

    if app.builder.name != "html":
        return
    config = app.config
    logger = logging.getLogger(__name__)
    folder = pdf_folder(app.outdir)
    if (folder / PDF_NAME).is_file():
        # html_extra_path copies the whole folder; keep only the PDF there.
        extra = folder / "site"
        extra.mkdir(exist_ok=True)
        (extra / PDF_NAME).write_bytes((folder / PDF_NAME).read_bytes())
        config.html_extra_path = list(config.html_extra_path) + [str(extra)]
        logger.info("book_edition: the site carries %s as %s", folder / PDF_NAME, PDF_NAME)
    else:
        logger.info("book_edition: no PDF at %s (run `make pdf`); the footer's PDF link will be dead",
                    folder / PDF_NAME)


def _footer(app, pagename, templatename, context, doctree):
    version = book_version(Path(app.confdir))
    edition = f'<p class="book-edition">Version {html.escape(version)}'
    if app.builder.name == "html":  # the PDF itself is printed from the singlehtml build
        edition += f' · <a href="{context["pathto"](PDF_NAME, 1)}">The whole book as PDF</a>'
    edition += "</p>"
    context["theme_extra_footer"] = edition + (context.get("theme_extra_footer") or "")
    scripts, seen = [], set()
    for script in context.get("script_files", []):
        # an inline script is registered with filename None once and '' the next time
        key = (getattr(script, "filename", script) or "",
               tuple(sorted((k, str(v)) for k, v in getattr(script, "attributes", {}).items())))
        if key not in seen:
            seen.add(key)
            scripts.append(script)
    context["script_files"] = scripts


def setup(app):
    app.connect("builder-inited", _add_pdf)
    app.connect("html-page-context", _footer, priority=900)  # after the handlers that add scripts
    return {"parallel_read_safe": True, "parallel_write_safe": True}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("print", help="print a single-page HTML build to PDF")
    p.add_argument("index", type=Path)
    p.add_argument("out", type=Path)
    p.add_argument("--chromium", default="chromium")
    sub.add_parser("version", help="print the book's version")
    args = parser.parse_args(argv)
    if args.command == "version":
        print(book_version())
        return 0
    out = print_pdf(args.index, args.out, args.chromium)
    print(f"book_edition: printed {out} ({out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
