"""The built book in a browser: every page of the tested build (the ``book`` fixture) opened in
headless Chromium in light and dark mode. A page fails when it logs a JavaScript error, a request
fails or reaches outside the machine, an image does not load or lacks alt text, an output figure
is transparent (unreadable in dark mode), a widget area stays empty, an internal link or anchor is
broken, or axe-core finds a serious or critical accessibility violation (colour contrast included,
in both modes). Screenshots of every page in both modes: ``_build/test/screenshots/``.

The last tests run the same checks on a small broken site, to show that each check can fail.
"""

import pytest
from browser import MODES, PHONE, broken_links, check_pages, copied_citation, site_pages
from conftest import ROOT, toc_files

AXE_JS = ROOT / ".venv" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "_build" / "test" / "screenshots"

pytestmark = pytest.mark.book


@pytest.fixture(scope="module")
def reports(book):
    assert book.returncode == 0, "the book did not build; see test_book.py"
    pages = site_pages(book.html)
    return check_pages(book.html, pages, AXE_JS, SHOTS)


@pytest.fixture(scope="module")
def phone_reports(book):
    """Every page again at phone width (390 × 844), both modes; screenshots ``*-phone.png``."""
    assert book.returncode == 0, "the book did not build; see test_book.py"
    return check_pages(book.html, site_pages(book.html), None, SHOTS, viewport=PHONE)


def _failures(reports, attribute):
    return [f"{r.page} [{r.mode}]: {x}" for r in reports for x in (
        getattr(r, attribute) if hasattr(r, attribute) else r.facts.get(attribute, []))]


def test_every_page_of_the_toc_and_every_mode_was_opened(book, reports):
    files = toc_files()
    seen = {(r.page, r.mode) for r in reports}
    for f in files:
        for mode in MODES:
            assert (f"{f}.html", mode) in seen, f"{f} was not opened in {mode} mode"
    assert {r.facts["theme"] for r in reports if r.mode == "dark"} == {"dark"}
    assert {r.facts["theme"] for r in reports if r.mode == "light"} == {"light"}


def test_no_page_logs_a_javascript_error(reports):
    assert _failures(reports, "js_errors") == []


def test_no_request_fails(reports):
    assert _failures(reports, "failed_requests") == []


def test_no_page_reaches_outside_the_book(reports):
    assert _failures(reports, "outside_requests") == []


def test_every_image_loads_and_has_alt_text(reports):
    assert _failures(reports, "brokenImages") == []
    assert _failures(reports, "missingAlt") == []


def test_every_figure_has_an_opaque_background_for_dark_mode(reports):
    assert _failures(reports, "transparent") == []


def test_no_figure_is_dimmed_in_dark_mode(reports):
    assert _failures(reports, "dimmed") == []


def test_every_widget_area_renders_its_saved_state(reports):
    assert _failures(reports, "emptyWidgets") == []
    assert any(r.facts["widgetViews"] for r in reports), "no page shows a widget"


def test_every_internal_link_and_anchor_resolves(book, reports):
    assert broken_links(reports, book.html) == []


@pytest.mark.parametrize("mode", MODES)
def test_no_serious_or_critical_accessibility_violation(reports, mode):
    found = [f"{r.page}: {v}" for r in reports if r.mode == mode for v in r.severe]
    assert found == [], "\n".join(found)


def test_a_screenshot_of_every_page_in_both_modes(reports):
    for r in reports:
        assert r.screenshot and r.screenshot.is_file() and r.screenshot.stat().st_size > 10_000, r.page


def test_no_page_scrolls_sideways_on_a_phone(phone_reports):
    assert _failures(phone_reports, "pageOverflow") == []
    assert _failures(phone_reports, "wideElements") == []


def test_body_text_is_at_least_14px_on_a_phone(phone_reports):
    assert _failures(phone_reports, "smallText") == []


def test_no_figure_overflows_on_a_phone(phone_reports):
    assert _failures(phone_reports, "wideFigures") == []


def test_rendered_heights_are_recorded(reports, phone_reports):
    """The chapters' rendered heights (px) at 1280 and 390 px, for the reader-experience report."""
    import json

    heights = {f"{r.page} [{r.mode}, {width}]": r.facts["height"]
               for width, rs in (("1280 px", reports), ("390 px", phone_reports)) for r in rs}
    assert all(h > 0 for h in heights.values())
    (SHOTS / "heights.json").write_text(json.dumps(heights, indent=1, sort_keys=True), encoding="utf-8")


def test_a_paragraph_citation_is_copied_with_its_address(book):
    """The sources chapter's Cite button of I31 (inside a collapsed output, opened by the link's
    anchor) copies the paragraph's citation: source, paragraph id, the book's title and version
    and the address of the paragraph on the site of the repository the book is built for."""
    from analysis.book.citation import load_citation

    meta = load_citation()
    text, said = copied_citation(book.html, "notebooks/01_sources.html", "I31")
    assert said == "Copied"
    assert text.startswith("Interview: Anatoly V. Borovik, “Closer diplomatic relationship between Cambodia and Russia”")
    assert "paragraph I31." in text and f"In: {meta['title']}, version {meta['version']}." in text
    assert text.endswith(" https://example-org.github.io/example-book/notebooks/01_sources.html#I31")


# --- the checks themselves can fail -----------------------------------------------------------

BAD_PAGE = """<!DOCTYPE html><html lang="en"><head><title>bad</title></head><body><main>
<h1>A broken page</h1>
<p style="color:#bbb;background:#fff">Faint text that fails colour contrast.</p>
<img src="missing.png" alt="a figure that is not there">
<img src="ok.png">
<div class="cell_output"><img src="clear.png" alt="transparent figure"></div>
<figure><img src="ok.png" alt="a dimmed figure" style="filter: brightness(0.8)"></figure>
<div class="cell_output"><script type="application/vnd.jupyter.widget-view+json">{"model_id": "m1"}</script></div>
<a href="good.html#nowhere">dead anchor</a> <a href="gone.html">dead page</a>
<img src="http://example.org/outside.png" alt="outside">
<script>undefinedFunction();</script>
</main></body></html>"""


def _png(path, alpha):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(1, 1))
    fig.patch.set_alpha(alpha)
    fig.savefig(path, transparent=alpha == 0)
    plt.close(fig)


@pytest.fixture(scope="module")
def bad_site(tmp_path_factory):
    site = tmp_path_factory.mktemp("bad_site")
    (site / "bad.html").write_text(BAD_PAGE, encoding="utf-8")
    (site / "good.html").write_text('<!DOCTYPE html><html lang="en"><head><title>good</title></head>'
                                    '<body><main><p id="here">fine</p></main></body></html>', encoding="utf-8")
    _png(site / "ok.png", 1)
    _png(site / "clear.png", 0)
    return site, check_pages(site, ["bad.html", "good.html"], AXE_JS, None, modes=("light",))


def test_checks_catch_a_broken_page(bad_site):
    site, reports = bad_site
    bad = next(r for r in reports if r.page == "bad.html")
    good = next(r for r in reports if r.page == "good.html")
    assert any("undefinedFunction" in e for e in bad.js_errors), bad.js_errors
    assert any("missing.png" in f for f in bad.failed_requests), bad.failed_requests
    assert bad.outside_requests == ["http://example.org/outside.png"]
    assert "missing.png" in bad.facts["brokenImages"]
    assert bad.facts["missingAlt"] == ["ok.png"]
    assert bad.facts["transparent"] == ["clear.png"]
    assert bad.facts["dimmed"] == ["ok.png"]
    assert bad.facts["emptyWidgets"] == ["m1"]
    assert {v.split(" ")[0] for v in bad.severe} >= {"color-contrast", "image-alt"}, bad.severe
    assert broken_links(reports, site) == ["bad.html: link to missing anchor good.html#nowhere",
                                           "bad.html: link to missing gone.html"]
    assert not good.js_errors and not good.severe and not good.failed_requests


PHONE_BAD_PAGE = """<!DOCTYPE html><html lang="en"><head><title>narrow</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head><body>
<main><article class="bd-article">
<p style="font-size:12px">Small print.</p>
<div style="width:900px">A block wider than the phone.</div>
<div style="overflow-x:auto"><table><tr><td style="width:900px">a wide table in its own scroller</td></tr></table></div>
<img src="ok.png" alt="a wide figure" style="width:800px">
</article></main></body></html>"""


def test_phone_checks_catch_a_page_too_wide_or_too_small(bad_site):
    site, _ = bad_site
    (site / "narrow.html").write_text(PHONE_BAD_PAGE, encoding="utf-8")
    (site / "fine.html").write_text(PHONE_BAD_PAGE.split("<p ")[0] + "<p>Readable.</p></article></main></body></html>",
                                    encoding="utf-8")
    narrow, fine = check_pages(site, ["narrow.html", "fine.html"], None, None, modes=("light",), viewport=PHONE)
    assert narrow.facts["pageOverflow"], narrow.facts
    assert any("A block wider" in e for e in narrow.facts["wideElements"]), narrow.facts["wideElements"]
    assert not any("wide table" in e for e in narrow.facts["wideElements"])  # its own scroller
    assert narrow.facts["smallText"] and "12px" in narrow.facts["smallText"][0]
    assert narrow.facts["wideFigures"], narrow.facts
    assert not any(fine.facts[k] for k in ("pageOverflow", "wideElements", "smallText", "wideFigures"))
