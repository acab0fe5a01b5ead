"""Headless Chromium through Playwright. Without a browser these tests skip locally, but fail in CI."""

import io
import os
import re
import shutil
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


# Debian's chromium-headless-shell first: the same Chromium (same Blink, same fonts) without the
# browser's window, profile and UI machinery, which Playwright itself tests with by default. All
# the tests pass on both; on 2 cores `make test` took 245 and 243 s with it, 339 and 326 s with the
# full browser (2026-12-04, the four runs one after the other). Without it the full browser is used.
# TEST_CHROMIUM=/usr/bin/chromium runs the tests in another Chromium (e.g. the full browser).
HEADLESS_SHELL = "/usr/lib/chromium/chromium-headless-shell"


def chromium_path() -> str | None:
    named = os.environ.get("TEST_CHROMIUM")
    if named:
        if not Path(named).exists():
            pytest.fail(f"TEST_CHROMIUM names {named}, which does not exist", pytrace=False)
        return named
    for candidate in (
        HEADLESS_SHELL,
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    executable = chromium_path()
    with sync_api.sync_playwright() as p:
        try:
            if executable:
                browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            else:
                browser = p.chromium.launch(args=CHROMIUM_ARGS)  # a Playwright-managed browser
        except sync_api.Error as error:  # no browser on this machine
            if os.environ.get("CI"):
                pytest.fail(f"CI needs a browser for these tests: {error}")
            pytest.skip(f"no Chromium here ({error.__class__.__name__}); install Debian's chromium")
        yield browser
        browser.close()


# Material's instant navigation takes over a click on a link only once it has read sitemap.xml
# (the click handler drops clicks until then), so a test that clicks right after the page is
# ready may get a full page load instead: a reader would, too, and would not notice. Tests of
# instant navigation first arm it (arm_instant_navigation): wait until the sitemap has been read,
# then mark the document, so that a full load later shows as a missing mark. This script (added
# to every context before its pages load) notes the moment an XML document whose root is a
# sitemap's <urlset> has been parsed, plus one task (Material reads the result synchronously).
SITEMAP_READ_JS = """(() => {
  const parse = DOMParser.prototype.parseFromString;
  DOMParser.prototype.parseFromString = function (...args) {
    const doc = parse.apply(this, args);
    if (doc.documentElement && doc.documentElement.localName === "urlset") {
      setTimeout(() => { window.__sitemapRead = true; }, 0);
    }
    return doc;
  };
})();"""


def arm_instant_navigation(page, timeout: float = 15_000) -> None:
    """Wait until Material's instant navigation takes over link clicks (SITEMAP_READ_JS), then
    mark this document: `same_document(page)` is true as long as no full load replaced it."""
    page.wait_for_function("window.__sitemapRead === true", timeout=timeout)
    page.evaluate("window.__samePageLoad = true")


def same_document(page) -> bool:
    return page.evaluate("window.__samePageLoad === true")


@pytest.fixture(scope="session")
def instant_navigation():
    """For test modules that make their own browser contexts: `.init_script` to add to them,
    `.arm(page)` and `.same_document(page)` (see arm_instant_navigation)."""
    return SimpleNamespace(
        init_script=SITEMAP_READ_JS, arm=arm_instant_navigation, same_document=same_document
    )


class PageWatch:
    """A browser page that records console errors and every request leaving the local server."""

    def __init__(self, page, site_url: str):
        self.page = page
        self.site_url = site_url
        self.host = urlsplit(site_url).netloc
        self.console_errors: list[str] = []
        self.foreign_requests: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        page.on("pageerror", lambda e: self.console_errors.append(str(e)))
        page.on("request", self._request)

    def _request(self, request):
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob", "about"):
            return
        if parts.netloc != self.host:
            self.foreign_requests.append(request.url)

    def load(self, path: str) -> None:
        """A full load of site_url + `path` in this tab, its console errors and foreign requests
        recorded afresh (a tab that loads page after page saves a new context's renderer process)."""
        self.console_errors, self.foreign_requests = [], []
        self.page.goto(self.site_url + path)

    def wait_for_math(self, timeout: float = 15_000):
        self.page.wait_for_selector(
            "body[data-math-typeset='done']", state="attached", timeout=timeout
        )

    def wait_for_figures(self, timeout: float = 15_000):
        """Until every interactive figure of the page has started (and so has its stylesheet)."""
        self.page.wait_for_selector(
            "figure[data-explorable]:not([data-started=live])", state="detached", timeout=timeout
        )

    def arm_instant_navigation(self, timeout: float = 15_000):
        arm_instant_navigation(self.page, timeout)

    def same_document(self) -> bool:
        return same_document(self.page)


def _page_opener(browser, site_url):
    contexts = []

    def open_(
        path: str | None = "", *, viewport=None, color_scheme="light", before_load=None
    ) -> PageWatch:
        """A new context's tab, watched, at site_url + `path` (None: left blank, for the caller
        to load pages into one after the other)."""
        context = browser.new_context(
            viewport=viewport or {"width": 1280, "height": 900}, color_scheme=color_scheme
        )
        contexts.append(context)
        context.add_init_script(SITEMAP_READ_JS)
        watch = PageWatch(context.new_page(), site_url)
        if before_load is not None:  # e.g. to record responses from the first one on
            before_load(watch.page)
        if path is not None:
            watch.load(path)
        return watch

    return open_, contexts


def _wait_for_arrival(page, url: str, timeout: float = 30_000) -> None:
    """Wait until an instant navigation has reached `url`.

    Material's navigation.tracking replaces the address with the first heading's anchor
    (history.replaceState) once the new page has scrolled to its top. If that happened before we
    look, `page.wait_for_url(url)` waits for a navigation that has already passed, so the page's
    address may carry a fragment here.
    """
    page.wait_for_url(re.compile("^" + re.escape(url) + "(#.*)?$"), timeout=timeout)


@pytest.fixture(scope="session")
def wait_for_arrival():
    """`wait_for_arrival(page, url)`: see _wait_for_arrival."""
    return _wait_for_arrival


@pytest.fixture
def open_page(browser, served_site):
    open_, contexts = _page_opener(browser, served_site)
    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def open_page_with_screen_reader(browser, served_site):
    """open_page in a Chromium that builds its whole accessibility tree from the start, as it
    does once a screen reader is attached (without one, the tree DevTools reports leaves out
    content the browser has not laid out yet)."""
    executable = chromium_path()
    launched = browser.browser_type.launch(
        **({"executable_path": executable} if executable else {}),
        args=[*CHROMIUM_ARGS, "--force-renderer-accessibility"],
    )
    open_, _ = _page_opener(launched, served_site)
    yield open_
    launched.close()


@pytest.fixture(scope="module")
def open_page_for_module(browser, served_site):
    """open_page for module-scoped fixtures (e.g. one visit per page whose findings several tests check)."""
    open_, contexts = _page_opener(browser, served_site)
    yield open_
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def site_pages(site_dir, site_url) -> list[str]:
    """Every page of the build as a path under site_url ("" is the top page), from sitemap.xml.

    Tests that loop over these cover a page added later without being edited.
    """
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [
        loc.text.strip()
        for loc in ET.parse(site_dir / "sitemap.xml").findall(".//s:loc", namespace)
    ]
    assert locations and all(loc.startswith(site_url) for loc in locations), locations
    return [loc[len(site_url) :] for loc in locations]


def _pdf_text(pdf: bytes) -> str:
    """A PDF's text, NFKC-normalised (Chromium's CJK fonts map some kanji to Kangxi radicals,
    and full-width brackets become ASCII) and without whitespace (the extractor puts spaces
    between scripts)."""
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _ink(png: bytes):
    """How much ink each pixel of a screenshot holds, as a numpy array (0 paper, 255 full ink)."""
    import numpy as np
    from PIL import Image

    return 255 - np.asarray(Image.open(io.BytesIO(png)).convert("L"), dtype=np.int16)


@pytest.fixture(scope="session")
def ink():
    """`ink(png_bytes)`: see _ink."""
    return _ink


@pytest.fixture(scope="session")
def pdf_text():
    """`pdf_text(pdf_bytes)`: see _pdf_text."""
    return _pdf_text


@pytest.fixture(scope="session")
def screenshot_dir() -> Path | None:
    """Where browser tests save screenshots for a person to look at: $SCREENSHOT_DIR. Unset, no
    screenshot is taken (full-page screenshots of every page were most of the tests' time)."""
    folder = os.environ.get("SCREENSHOT_DIR")
    if not folder:
        return None
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    return path
