"""Open built pages in headless Chromium and record what a reader would meet.

The browser is the Debian ``chromium`` driven by Playwright (never a browser Playwright downloads),
with the flags of the developers' guide. Pages are served from ``127.0.0.1`` by a small HTTP
server; any request to another host is refused and recorded, so a page that would need the
network (a CDN, a font service) is seen. For every page and colour mode (light, dark) the check
records: JavaScript errors, failed or refused requests, images that did not load, images of the
article without alt text, output figures with a transparent corner (unreadable on a dark page),
widget areas left empty, every id and link, axe-core's violations, and a full-page screenshot.
"""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import threading
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
MODES = ("light", "dark")
SEVERE = ("serious", "critical")

# Runs in the page after it loaded: everything the checks need, in one round trip.
PAGE_FACTS = r"""
async () => {
  const views = [...document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]')];
  const emptyWidgets = views.filter(s => {
    const area = s.closest('.cell_output') || s.parentElement;
    const w = area && area.querySelector('.jupyter-widgets');
    return !w || w.children.length === 0;
  }).map(s => { try { return JSON.parse(s.textContent).model_id; } catch (e) { return s.textContent; } });
  const images = [...document.images];
  const src = i => (i.getAttribute('src') || '').slice(0, 80);
  const brokenImages = images.filter(i => !(i.complete && i.naturalWidth > 0)).map(src);
  const missingAlt = images.filter(i => i.closest('article, main') && !(i.getAttribute('alt') || '').trim()).map(src);
  const transparent = [];
  for (const img of images.filter(i => i.closest('.cell_output, figure') && i.naturalWidth > 0)) {
    const c = document.createElement('canvas');
    c.width = img.naturalWidth; c.height = img.naturalHeight;
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const w = c.width - 1, h = c.height - 1;
    const alphas = [[0, 0], [w, 0], [0, h], [w, h]].map(([x, y]) => g.getImageData(x, y, 1, 1).data[3]);
    if (alphas.some(a => a < 255)) transparent.push(src(img));
  }
  // figures drawn dimmer than they are (a CSS filter), which greys their white background
  const dimmed = images.filter(i => i.closest('.cell_output, figure') && getComputedStyle(i).filter !== 'none').map(src);
  return {
    theme: document.documentElement.dataset.theme || '',
    emptyWidgets, brokenImages, missingAlt, transparent, dimmed, widgetViews: views.length,
    ids: [...document.querySelectorAll('[id]')].map(e => e.id)
           .concat([...document.querySelectorAll('a[name]')].map(a => a.name)),
    links: [...document.querySelectorAll('a[href]')].map(a => a.href),
  };
}
"""

# Runs in the page at phone width: what makes a phone reader scroll sideways or squint. Only the
# article's own content counts (the theme's sidebars slide in from off-screen by design), and an
# element inside a horizontal scroller of its own (a wide table's) may be as wide as it likes.
PHONE_FACTS = r"""
() => {
  const vw = document.documentElement.clientWidth;
  const article = document.querySelector('article.bd-article') || document.querySelector('main') || document.body;
  const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
    (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).slice(0, 2).join('.') : '') +
    ' "' + (e.textContent || e.getAttribute('src') || '').trim().slice(0, 40) + '"';
  const inScroller = e => {
    for (let p = e.parentElement; p && p !== article.parentElement; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if ((o === 'auto' || o === 'scroll') && p.scrollWidth >= p.clientWidth) return true;
    }
    return false;
  };
  const shown = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 &&
    getComputedStyle(e).visibility !== 'hidden'; };
  const wide = [...article.querySelectorAll('*')]
    .filter(e => shown(e) && e.getBoundingClientRect().right > vw + 1 && !inScroller(e));
  const outermost = wide.filter(e => !wide.includes(e.parentElement)).slice(0, 8).map(name);
  const small = [...article.querySelectorAll('p, li, td')]
    .filter(e => shown(e) && e.textContent.trim() && !e.closest('pre, .highlight, figcaption, .caption, footer'))
    .filter(e => parseFloat(getComputedStyle(e).fontSize) < 14)
    .slice(0, 8).map(e => name(e) + ' ' + getComputedStyle(e).fontSize);
  const figures = [...article.querySelectorAll('img')].filter(i => shown(i) && !inScroller(i) &&
    (i.getBoundingClientRect().right > vw + 1 ||
     i.getBoundingClientRect().width > i.parentElement.getBoundingClientRect().width + 1)).map(name);
  return {
    pageOverflow: document.documentElement.scrollWidth > vw + 1
      ? [`page is ${document.documentElement.scrollWidth} px wide in a ${vw} px window`] : [],
    wideElements: outermost, smallText: small, wideFigures: figures,
    height: document.documentElement.scrollHeight,
  };
}
"""

#: The phone viewport of the reader checks (an iPhone 12–15 in CSS pixels).
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

AXE_RUN = "async () => JSON.stringify((await axe.run(document, {resultTypes: ['violations']})).violations)"


@dataclass
class PageReport:
    page: str
    mode: str
    url: str
    base: str
    js_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)
    facts: dict = field(default_factory=dict)
    violations: list[dict] = field(default_factory=list)
    screenshot: Path | None = None

    @property
    def severe(self) -> list[str]:
        """axe-core violations of serious or critical impact, one line each."""
        return [f"{v['id']} ({v['impact']}): {v['help']} — "
                + "; ".join(" ".join(n["target"]) if isinstance(n["target"][0], str) else str(n["target"])
                            for n in v["nodes"][:5])
                for v in self.violations if v.get("impact") in SEVERE]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # the test report says what failed
        pass


class SiteServer:
    """Serve a folder on 127.0.0.1 for the duration of a ``with`` block."""

    def __init__(self, folder: Path):
        handler = functools.partial(_QuietHandler, directory=str(folder))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}/"

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def site_pages(html: Path) -> list[str]:
    """Every HTML page of a built site, relative paths, without the theme's and Sphinx's copies."""
    return sorted(str(p.relative_to(html)) for p in html.rglob("*.html")
                  if not {"_static", "_sources", "_images"} & set(p.relative_to(html).parts))


def check_pages(html: Path, pages: list[str], axe_js: Path | None, shots: Path | None,
                modes=MODES, viewport: dict = DESKTOP) -> list[PageReport]:
    """Open every page in every mode and return what was seen (see the module docstring).

    At a ``viewport`` narrower than 600 px (a phone) the page's layout is measured too
    (``PHONE_FACTS``) and axe-core is not run (``axe_js`` may be ``None``): its findings do not
    depend on the width, and the desktop run has them."""
    phone = viewport["width"] < 600
    from playwright.sync_api import sync_playwright

    if CHROMIUM is None:
        raise RuntimeError("no chromium on this machine: install Debian's `chromium` "
                           "(apt-get install -y chromium; .ci/run does it)")
    if not phone and (axe_js is None or not axe_js.is_file()):
        raise RuntimeError(f"no axe-core at {axe_js}: run `make test` (its set-up step fetches it with npm)")
    if shots is not None:
        shots.mkdir(parents=True, exist_ok=True)
    reports = []
    with SiteServer(html) as site, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for mode in modes:
                context = browser.new_context(viewport=viewport)
                # pydata-sphinx-theme reads the reader's choice from localStorage before drawing
                context.add_init_script(
                    f"try {{ localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}'); }} catch (e) {{}}")
                for page_name in pages:
                    reports.append(_check_page(context, site.base, page_name, mode,
                                               None if phone else axe_js, shots,
                                               suffix="-phone" if phone else ""))
                context.close()
        finally:
            browser.close()
    return reports


def _check_page(context, base, page_name, mode, axe_js, shots, suffix="") -> PageReport:
    report = PageReport(page_name, mode, base + page_name, base)

    def route(r):
        url = r.request.url
        if url.startswith(base) or url.startswith(("data:", "blob:", "about:")):
            r.continue_()
        else:
            report.outside_requests.append(url)
            r.abort()

    page = context.new_page()
    page.route("**/*", route)
    page.on("pageerror", lambda e: report.js_errors.append(f"uncaught: {e}"))
    page.on("console", lambda m: report.js_errors.append(f"console.error: {m.text}")
            if m.type == "error" and "Failed to load resource" not in m.text else None)
    page.on("requestfailed", lambda r: report.failed_requests.append(f"{r.url} ({r.failure})")
            if not any(r.url == o for o in report.outside_requests) else None)
    page.on("response", lambda r: report.failed_requests.append(f"{r.url} (HTTP {r.status})")
            if r.status >= 400 else None)
    page.goto(report.url, wait_until="load")
    page.wait_for_load_state("networkidle")
    try:  # saved widget state renders asynchronously after load
        page.wait_for_function(
            "() => [...document.querySelectorAll('script[type=\"application/vnd.jupyter.widget-view+json\"]')]"
            ".every(s => (s.closest('.cell_output') || s.parentElement).querySelector('.jupyter-widgets'))",
            timeout=15000)
    except Exception:  # recorded as an empty widget area by PAGE_FACTS
        pass
    report.facts = page.evaluate(PAGE_FACTS)
    if axe_js is None:
        report.facts.update(page.evaluate(PHONE_FACTS))
    else:
        report.facts["height"] = page.evaluate("() => document.documentElement.scrollHeight")
        page.add_script_tag(path=str(axe_js))
        report.violations = json.loads(page.evaluate(AXE_RUN))
    if shots is not None:
        report.screenshot = shots / f"{page_name.replace('/', '__').removesuffix('.html')}-{mode}{suffix}.png"
        page.screenshot(path=str(report.screenshot), full_page=True)
    page.close()
    return report


def broken_links(reports: list[PageReport], html: Path) -> list[str]:
    """Internal links whose file is missing, or whose anchor is not an id of the target page."""
    ids = {(r.page, r.mode): set(r.facts.get("ids", [])) for r in reports}
    problems = set()
    for r in reports:
        base = r.base
        for link in r.facts.get("links", []):
            if not link.startswith(base):
                continue
            parsed = urllib.parse.urlsplit(link[len(base):])
            target = urllib.parse.unquote(parsed.path) or "index.html"
            if target.endswith("/"):
                target += "index.html"
            if not (html / target).is_file():
                problems.add(f"{r.page}: link to missing {target}")
            elif parsed.fragment and target.endswith(".html"):
                known = ids.get((target, r.mode))
                if known is None:
                    known = set(_static_ids((html / target).read_text(encoding="utf-8")))
                if urllib.parse.unquote(parsed.fragment) not in known:
                    problems.add(f"{r.page}: link to missing anchor {target}#{parsed.fragment}")
    return sorted(problems)


def _static_ids(text: str) -> list[str]:
    import re

    return re.findall(r'\b(?:id|name)="([^"]+)"', text)


def copied_citation(html: Path, page_name: str, paragraph: str) -> tuple[str, str]:
    """Open ``page_name#paragraph`` (light mode, desktop width), click that paragraph's Cite
    button and return ``(clipboard text, the button's words after the click)``."""
    from playwright.sync_api import sync_playwright

    if CHROMIUM is None:
        raise RuntimeError("no chromium on this machine: install Debian's `chromium` (apt-get install -y chromium)")
    with SiteServer(html) as site, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport=DESKTOP, permissions=["clipboard-read", "clipboard-write"])
            page = context.new_page()
            page.goto(f"{site.base}{page_name}#{paragraph}", wait_until="load")
            page.wait_for_load_state("networkidle")
            button = page.locator(f'button.cite-paragraph[data-paragraph="{paragraph}"]')
            button.click(timeout=10000)
            page.wait_for_function(f"""() => document.querySelector('button.cite-paragraph[data-paragraph="{paragraph}"]')
                                          .textContent !== 'Cite'""", timeout=10000)
            said = button.text_content()
            return page.evaluate("() => navigator.clipboard.readText()"), said
        finally:
            browser.close()
