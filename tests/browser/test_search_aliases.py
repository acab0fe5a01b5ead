"""Search by every name: each term of docs/search-aliases.yml, and each of its other names, typed
into Material's search box, lists the page that defines the term among the first three results."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
TERMS = yaml.safe_load((ROOT / "docs/search-aliases.yml").read_text(encoding="utf-8"))
FIRST = 3


def defining_page(term: dict) -> str:
    """The page URL (as in sitemap.xml, relative to the site) of a term's `page: ch5.md#…`."""
    source = term["page"].split("#")[0]
    return "" if source == "index.md" else source.removesuffix(".md") + "/"


QUERIES = [(term["term"], name) for term in TERMS for name in [term["term"], *term["aliases"]]]
PAGE_OF = {term["term"]: defining_page(term) for term in TERMS}


@pytest.fixture(scope="module")
def ranked(open_page_for_module, site_url, screenshot_dir):
    """Each name typed into the search box: the result pages in order, and the count line."""
    watch = open_page_for_module("")
    page = watch.page
    box = page.locator("input.md-search__input")
    box.click()
    base = urlsplit(site_url).path
    results = {}
    meta = "document.querySelector('.md-search-result__meta').textContent"  # the count line
    previous = None
    for _, name in QUERIES:
        # The count line emptied first, so that the count the wait below sees is this name's:
        # Material rewrites it with the results of each search, and searches when a key is
        # released in the box if the text changed (hence no name twice in a row).
        assert name != previous, f"{name} twice in a row in docs/search-aliases.yml"
        previous = name
        page.evaluate(f"{meta} = ''")
        box.fill(name)
        page.keyboard.press("End")
        # The list is rendered right after the count.
        page.wait_for_function(
            f"() => /何も見つかりませんでした/.test({meta}) || /件見つかりました/.test({meta})"
            " && document.querySelector('.md-search-result__list > li.md-search-result__item')"
        )
        hrefs = page.eval_on_selector_all(
            ".md-search-result__list > li.md-search-result__item > a.md-search-result__link:first-child",
            "links => links.map((a) => new URL(a.href).pathname)",
        )
        results[name] = [href[len(base) :] for href in hrefs]
        if name == "cross-entropy" and screenshot_dir is not None:
            page.screenshot(path=screenshot_dir / "search-cross-entropy.png")
    results["_errors"] = watch.console_errors + watch.foreign_requests
    page.keyboard.press("Escape")
    return results


def test_every_term_has_names_and_a_built_defining_page(site_pages):
    assert len(TERMS) >= 15
    missing = {t["term"]: PAGE_OF[t["term"]] for t in TERMS if PAGE_OF[t["term"]] not in site_pages}
    assert not missing, missing


@pytest.mark.parametrize(("term", "name"), QUERIES, ids=[name for _, name in QUERIES])
def test_each_name_finds_the_defining_page_among_the_first_three(term, name, ranked):
    found = ranked[name]
    assert PAGE_OF[term] in found[:FIRST], (
        f"{name} ({term}): first results {found[:FIRST]}, expected /{PAGE_OF[term]}"
    )


def test_searching_logged_no_error(ranked):
    assert ranked["_errors"] == []
