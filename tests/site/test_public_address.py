"""The publishing build (SITE_URL https://example.org/some/path/): every address a reader, a
reference manager or a search engine takes from it is the public one, never a local one."""

import gzip
import json
import re
import xml.etree.ElementTree as ET
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
LOCAL = re.compile(r"\b(?:localhost|127(?:\.\d{1,3}){3}|0\.0\.0\.0|\[::1\])\b", re.IGNORECASE)
# Meta tags that carry an address: Highwire, Dublin Core, OpenGraph.
ADDRESS_META = ("citation_fulltext_html_url", "citation_public_url", "DC.identifier", "og:url")


@pytest.fixture(scope="module")
def public_pages(public_site_dir) -> dict[str, BeautifulSoup]:
    return {
        path.relative_to(public_site_dir).as_posix(): BeautifulSoup(
            path.read_text(encoding="utf-8"), "lxml"
        )
        for path in sorted(public_site_dir.rglob("*.html"))
    }


def sitemap_locations(text: str) -> list[str]:
    return [loc.text.strip() for loc in ET.fromstring(text).findall(".//s:loc", SITEMAP)]


def test_no_address_in_any_page_is_local(public_pages):
    """Every attribute of every element (links, sources, meta tags, copy-button texts, redirect
    targets) and every inline script of every page, redirect pages and 404 included. (Prose may
    name a local address: the top page tells authors where `make serve` shows the site.)"""
    found = []
    for rel, soup in public_pages.items():
        for element in soup.find_all(True):
            for name, value in element.attrs.items():
                values = value if isinstance(value, list) else [value]
                found += [
                    f"{rel}: <{element.name} {name}={v!r}>" for v in values if LOCAL.search(v)
                ]
        for script in soup.select("script:not([src])"):
            if LOCAL.search(script.get_text()):
                found.append(f"{rel}: inline script")
    assert found == []


def test_canonical_links_citations_and_meta_tags_carry_the_public_address(public_pages, public_url):
    citable = 0
    for rel, soup in public_pages.items():
        if rel == "404.html":
            continue
        here = urljoin(public_url, rel)  # a redirect page's canonical link is relative
        for link in soup.select('link[rel="canonical"]'):
            target = urljoin(here, link["href"])
            assert target.startswith(public_url), f"{rel}: canonical {link['href']}"
        for name in ADDRESS_META:
            for tag in soup.select(f'meta[name="{name}"], meta[property="{name}"]'):
                assert tag["content"].startswith(public_url), f"{rel}: {name} {tag['content']}"
        for block in soup.select(".cite-this-page pre code"):
            urls = re.findall(r"https?://[^\s,}<]+", block.get_text())
            own = [u for u in urls if "creativecommons.org" not in u and "opensource.org" not in u]
            assert own and all(u.startswith(public_url) for u in own), f"{rel}: {own}"
            citable += 1
    assert citable >= 30, "ten cited pages, three forms each"


def test_sitemap_and_search_index_locations_are_under_the_public_address(
    public_site_dir, public_url
):
    plain = sitemap_locations((public_site_dir / "sitemap.xml").read_text(encoding="utf-8"))
    packed = sitemap_locations(
        gzip.decompress((public_site_dir / "sitemap.xml.gz").read_bytes()).decode()
    )
    assert plain and plain == packed
    assert all(loc.startswith(public_url) for loc in plain), plain
    docs = json.loads((public_site_dir / "search/search_index.json").read_text(encoding="utf-8"))[
        "docs"
    ]
    # Locations are relative to the site root, which Material resolves against site_url.
    assert docs and not [
        d["location"] for d in docs if "://" in d["location"] or d["location"].startswith("/")
    ]
