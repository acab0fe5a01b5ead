"""The site as published: the build with SITE_URL https://example.org/some/path/, served to
Chromium at exactly that address, under its sub-path (as GitHub serves project pages).

The browser asks for https://example.org/some/path/…; Playwright answers every such request
from the build's files, as a static host would (a folder gives its index.html, a missing file
404.html with status 404), and refuses anything else. So the browser sees the public addresses
the build wrote, and Material's instant navigation, which works only at site_url's own host and
path, is exercised as readers get it. Every page comes from the build's sitemap.xml.
"""

import json
import mimetypes
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

pytestmark = pytest.mark.browser

SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


class StaticHost:
    """Answers the browser's requests under `base_url` from the files in `site_dir`."""

    def __init__(self, site_dir: Path, base_url: str):
        self.site_dir = site_dir.resolve()
        self.base_url = base_url
        self.origin = "{0.scheme}://{0.netloc}".format(urlsplit(base_url))
        self.base_path = urlsplit(base_url).path
        self.outside: list[str] = []  # requests that left the sub-path or the host
        self.missing: list[str] = []  # requests answered with 404

    def handle(self, route):
        url = route.request.url
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != self.origin or not parts.path.startswith(
            self.base_path
        ):
            self.outside.append(url)
            route.abort()
            return
        path = (self.site_dir / unquote(parts.path[len(self.base_path) :])).resolve()
        if not path.is_relative_to(self.site_dir):
            self.outside.append(url)
            route.abort()
            return
        if path.is_dir():
            if not parts.path.endswith("/"):  # what a static host does for a folder without "/"
                route.fulfill(status=301, headers={"Location": parts.path + "/"})
                return
            path = path / "index.html"
        if not path.is_file():
            self.missing.append(url)
            route.fulfill(status=404, path=self.site_dir / "404.html", content_type="text/html")
            return
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if content_type.startswith("text/") or content_type in (
            "application/javascript",
            "application/json",
        ):
            content_type += "; charset=utf-8"
        route.fulfill(status=200, path=path, content_type=content_type)


@pytest.fixture(scope="module")
def host(public_site_dir, public_url) -> StaticHost:
    return StaticHost(public_site_dir, public_url)


@pytest.fixture
def open_public(browser, host, public_url, instant_navigation):
    """Opens a path of the published site in a fresh context; returns (page, console errors)."""
    contexts = []

    def open_(path: str = ""):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        context.route("**/*", host.handle)
        context.add_init_script(instant_navigation.init_script)
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(public_url + path)
        return page, errors

    yield open_
    for context in contexts:
        context.close()


def wait_for_math(page):
    page.wait_for_selector("body[data-math-typeset='done']", state="attached", timeout=15_000)


@pytest.fixture(scope="module")
def published_pages(public_site_dir, public_url) -> list[str]:
    """Every page of the published build, as a path under its address, from its sitemap.xml."""
    tree = ET.parse(public_site_dir / "sitemap.xml")
    locations = [loc.text.strip() for loc in tree.findall(".//s:loc", SITEMAP)]
    assert locations, "empty sitemap"
    outside = [loc for loc in locations if not loc.startswith(public_url)]
    assert not outside, f"sitemap entries outside {public_url}: {outside}"
    return [loc[len(public_url) :] for loc in locations]


LINKS_JS = """() => [
  ...[...document.querySelectorAll('a[href]')].map((a) => a.href),
  ...[...document.querySelectorAll('link[href]')].map((l) => l.href),
  ...[...document.querySelectorAll('script[src], img[src]')].map((e) => e.src),
]"""


def test_every_page_and_everything_it_loads_is_served_under_the_sub_path(
    open_public, host, published_pages, public_url
):
    """Each page loads, typesets, logs no error; every request it makes (styles, scripts,
    figures, the search worker) is answered from under the sub-path, and every same-host link
    it carries points under the sub-path."""
    problems = []

    def check(path, page, errors, failed):
        page.wait_for_load_state("networkidle")  # what the page fetches late, too
        if errors:
            problems.append(f"/{path}: console errors {errors}")
        if failed:
            problems.append(f"/{path}: failed requests {failed}")
        same_host = [u for u in page.evaluate(LINKS_JS) if u.startswith(host.origin + "/")]
        astray = [u for u in same_host if not u.startswith(public_url)]
        if astray:
            problems.append(f"/{path}: links outside the sub-path {astray}")
        page.context.close()

    # Each page is checked once the next one has loaded: the wait for a quiet network (500 ms
    # without a request) has then mostly passed.
    loaded = None
    for path in published_pages:
        page, errors = open_public(path)
        failed = []
        page.on(
            "response",
            lambda r, failed=failed: r.status >= 400 and failed.append(f"{r.status} {r.url}"),
        )
        wait_for_math(page)
        if loaded:
            check(*loaded)
        loaded = (path, page, errors, failed)
    check(*loaded)
    assert len(published_pages) >= 10, published_pages
    assert host.outside == [], "requests left the sub-path"
    assert host.missing == []
    assert not problems, "\n".join(problems)


def test_instant_navigation_works_under_the_sub_path(
    open_public, public_url, published_pages, wait_for_arrival, instant_navigation
):
    page, errors = open_public("")
    wait_for_math(page)
    instant_navigation.arm(page)
    for path in ("ch4/", "ch2/"):
        assert path in published_pages
        page.evaluate("document.body.removeAttribute('data-math-typeset')")
        page.locator(f"nav.md-nav--primary a.md-nav__link[href$='{path}']:visible").first.click()
        wait_for_arrival(page, public_url + path)
        wait_for_math(page)
        assert instant_navigation.same_document(page), f"/{path}: full reload, not instant"
        # The head follows the switch: the address a reference manager reads is the public one.
        assert page.locator('meta[property="og:url"]').get_attribute("content") == public_url + path
        assert page.locator('link[rel="canonical"]').get_attribute("href") == public_url + path
    assert errors == []


def test_search_finds_pages_under_the_sub_path(open_public, public_url):
    page, errors = open_public("")
    wait_for_math(page)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.fill("尤度")
    page.keyboard.press("End")  # Material searches on keyup
    first = page.locator(".md-search-result__list a.md-search-result__link").first
    first.wait_for(timeout=15_000)
    results = page.eval_on_selector_all(
        ".md-search-result__list a.md-search-result__link", "links => links.map((a) => a.href)"
    )
    assert results and all(url.startswith(public_url) for url in results), results
    first.click()
    page.wait_for_url(public_url + "**")
    wait_for_math(page)
    assert errors == []


def test_an_old_address_redirects_under_the_sub_path(open_public, public_url):
    page, errors = open_public("chapter4/#eq-4-2")
    page.wait_for_url(f"{public_url}ch4/#eq-4-2")
    wait_for_math(page)
    assert page.locator("#eq-4-2").is_visible()
    assert errors == []


def test_the_notebook_download_is_served_under_the_sub_path(open_public, public_url):
    page, errors = open_public("ch4/")
    wait_for_math(page)
    link = page.locator("a[href$='.ipynb']")
    assert link.count() == 1
    href = link.evaluate("(a) => a.href")
    assert href == f"{public_url}ch4/ch4.ipynb"
    # Fetched the way the link asks for it (a download of a fulfilled request is cancelled by
    # Playwright, so the file is fetched by the page instead of saved).
    notebook = json.loads(
        page.evaluate("(url) => fetch(url).then((r) => r.ok ? r.text() : r.status)", href)
    )
    assert notebook["nbformat"] == 4 and notebook["cells"]
    assert errors == []


def test_equation_permalinks_carry_the_public_address_and_land_on_the_equation(
    open_public, public_url
):
    page, errors = open_public("ch4/")
    wait_for_math(page)
    page.context.grant_permissions(
        ["clipboard-read", "clipboard-write"], origin=public_url.split("/some/")[0]
    )
    links = page.locator("article a.equation-permalink")
    assert links.count() == 3
    copied = []
    for i in range(links.count()):
        links.nth(i).click()
        copied.append(page.evaluate("navigator.clipboard.readText()"))
    assert copied == [f"{public_url}ch4/#eq-4-{n}" for n in (1, 2, 3)]
    other, more_errors = open_public("ch4/#eq-4-3")
    wait_for_math(other)
    assert other.locator("#eq-4-3").is_visible()
    assert urljoin(other.url, "#eq-4-3") == copied[2]
    assert errors == [] and more_errors == []
