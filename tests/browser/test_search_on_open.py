"""The search index and worker are fetched when the reader opens search, not with every page
(overrides/partials/javascripts/search-on-open.html), and every way of opening search still works."""

from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
TERM = "尤度"
RESULTS = "件見つかりました"


def is_search_file(url: str) -> bool:
    path = urlsplit(url).path
    return path.endswith("/search/search_index.json") or "/workers/search." in path


def open_recording(open_page, path, quiet: bool = False, **options):
    """`path` loaded, every request recorded, once the page is ready (Material has started: its
    keys and search box work); `quiet`: once the network has been quiet as well (all that the
    page's start-up asks for has been asked for)."""
    requests = []
    watch = open_page(
        path,
        before_load=lambda page: page.on("request", lambda r: requests.append(r.url)),
        **options,
    )
    watch.wait_for_math()
    if quiet:
        watch.page.wait_for_load_state("networkidle")
        watch.page.wait_for_timeout(500)  # Material's start-up has run and gone quiet
    return watch, requests


def results_for(page, term: str | None = TERM) -> str:
    """Type `term` (if given) into the open search and return the result count line."""
    if term is not None:
        page.locator("input.md-search__input").fill(term)
        page.keyboard.press("End")  # Material searches on keyup
    page.wait_for_function(
        "(done) => document.querySelector('.md-search-result__meta').textContent.includes(done)",
        arg=RESULTS,
        timeout=15_000,
    )
    return page.locator(".md-search-result__meta").text_content()


def test_a_page_load_fetches_neither_the_index_nor_the_worker(open_page, site_pages):
    for path in ["", "ch4/"] if "ch4/" in site_pages else [""]:
        watch, requests = open_recording(open_page, path, quiet=True)
        assert not [u for u in requests if is_search_file(u)], path
        assert watch.console_errors == []


@pytest.mark.parametrize("key", ["/", "s"])
def test_the_keyboard_shortcut_opens_search_and_finds(open_page, key):
    watch, requests = open_recording(open_page, "")
    watch.page.keyboard.press(key)
    assert RESULTS in results_for(watch.page)
    assert len([u for u in requests if u.endswith("/search/search_index.json")]) == 1
    assert watch.console_errors == []


def test_clicking_the_search_box_opens_search_and_finds(open_page):
    watch, _ = open_recording(open_page, "")
    watch.page.locator("input.md-search__input").click()
    assert RESULTS in results_for(watch.page)
    assert watch.console_errors == []


def test_the_search_icon_on_a_phone_opens_search_and_finds(open_page):
    watch, _ = open_recording(open_page, "", viewport=PHONE)
    watch.page.locator("label.md-header__button[for='__search']").click()
    assert RESULTS in results_for(watch.page)
    assert watch.console_errors == []


def test_a_search_address_opens_search_with_its_results(open_page):
    watch, _ = open_recording(open_page, f"?q={TERM}")
    assert watch.page.locator("input.md-search__input").input_value() == TERM
    assert RESULTS in results_for(watch.page, term=None)
    assert watch.console_errors == []


def test_the_index_is_fetched_once_across_pages(
    open_page, site_pages, served_site, wait_for_arrival
):
    watch, requests = open_recording(open_page, "")
    page = watch.page
    page.keyboard.press("/")
    results_for(page)
    page.keyboard.press("Escape")
    # Instant navigation to another page keeps Material's search running: no second fetch.
    other = next(p for p in site_pages if p)
    watch.arm_instant_navigation()
    page.locator(f"a[href$='{other}']").first.click()
    wait_for_arrival(page, served_site + other)
    page.keyboard.press("/")
    results_for(page, "交差")
    assert len([u for u in requests if u.endswith("/search/search_index.json")]) == 1
    assert watch.console_errors == []
