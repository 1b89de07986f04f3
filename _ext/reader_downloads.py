"""The full machine-readable tables beside the reader tables.

Every reader table links to a CSV file (``analysis.display.reader_tables.reader_table``): a
curated table of ``data/`` or a derived table of ``DOWNLOADS``. When an HTML build has finished,
this extension writes them into the site (``data/`` copied byte for byte, the derived tables
made by the package's own functions into ``tables/``), so a link never depends on whether the
notebooks were executed in this build or read from the execution cache.
"""

from __future__ import annotations

from sphinx.util import logging

logger = logging.getLogger(__name__)


def write_tables(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    from analysis.display.reader_tables import write_downloads

    written = write_downloads(app.outdir)
    logger.info("reader_downloads: %d downloadable tables written into %s", len(written), app.outdir)


def setup(app):
    app.connect("build-finished", write_tables)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
