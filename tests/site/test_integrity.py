"""Whole-site integrity of the built HTML: links, anchors, local assets, nothing fetched elsewhere."""

from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest


def internal_target(site_dir: Path, page_rel: str, ref: str, site_url: str):
    """The file and fragment a same-site reference points to, or None for another host."""
    base = urljoin(site_url, page_rel)
    absolute = urljoin(base, ref)
    parts = urlsplit(absolute)
    if f"{parts.scheme}://{parts.netloc}/" != site_url:
        return None
    path = site_dir / unquote(parts.path).lstrip("/")
    if path.is_dir() or parts.path.endswith("/"):
        path = path / "index.html"
    return path, parts.fragment


def test_every_internal_link_and_anchor_resolves(built_pages, site_dir, site_url):
    broken = []
    ids: dict[str, set[str]] = {}  # each page's ids, gathered once (a search per link took 5 s)
    for rel, soup in built_pages.items():
        for a in soup.select("a[href]"):
            href = a["href"]
            if href.startswith(("mailto:", "javascript:")):
                continue
            target = internal_target(site_dir, rel, href, site_url)
            if target is None:
                continue
            path, fragment = target
            if not path.is_file():
                broken.append(f"{rel}: {href} (no file)")
            elif fragment and path.suffix == ".html":
                name = path.relative_to(site_dir).as_posix()
                if name not in ids:
                    ids[name] = {t["id"] for t in built_pages[name].find_all(id=True)}
                if fragment not in ids[name]:
                    broken.append(f"{rel}: {href} (no anchor)")
    assert not broken, "\n".join(broken)


@pytest.mark.parametrize(
    "selector, attr", [("script[src]", "src"), ("link[href]", "href"), ("img[src]", "src")]
)
def test_pages_load_assets_only_from_the_site_itself(
    built_pages, site_dir, site_url, selector, attr
):
    problems = []
    for rel, soup in built_pages.items():
        for el in soup.select(selector):
            ref = el[attr]
            if ref.startswith("data:"):
                continue
            if el.name == "link" and el.get("rel") and set(el["rel"]) & {"canonical", "alternate"}:
                continue
            target = internal_target(site_dir, rel, ref, site_url)
            if target is None:
                problems.append(f"{rel}: {ref} (another host)")
            elif not target[0].is_file():
                problems.append(f"{rel}: {ref} (missing)")
    assert not problems, "\n".join(problems)


def test_every_equation_arrives_typeset(built_pages, site_dir):
    """src/textbook_site/mathjax.py: each arithmatex element holds one MathJax SVG and no raw TeX, and
    a page with math links MathJax's stylesheet, served by the site. Each SVG is redrawn with few
    elements (svg_shapes.py): none of MathJax's groups per MathML node is left."""
    for rel, soup in built_pages.items():
        math = soup.select(".arithmatex")
        for element in math:
            assert len(element.select("mjx-container > svg")) == 1, (rel, str(element)[:120])
            assert not element.select("mjx-container > svg [data-mml-node]"), (
                rel,
                str(element)[:120],
            )
            own_text = "".join(element.find_all(string=True, recursive=False))
            assert "\\[" not in own_text and "\\(" not in own_text, (rel, own_text[:80])
        sheets = [
            l["href"]
            for l in soup.select("head link[rel=stylesheet]")
            if "assets/mathjax/" in l["href"]
        ]
        if math:
            assert len(sheets) == 1, (rel, sheets)
            assert ((site_dir / rel).parent / sheets[0]).is_file(), (rel, sheets)


def test_no_page_names_a_cdn_or_google_fonts(site_dir):
    for path in site_dir.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for host in (
            "cdn.jsdelivr.net",
            "cdnjs.cloudflare.com",
            "fonts.googleapis.com",
            "fonts.gstatic.com",
            "unpkg.com",
        ):
            assert host not in text, f"{path.relative_to(site_dir)} names {host}"


def test_no_page_loads_a_mathjax_script(built_pages):
    # mkdocs-jupyter's own loader is removed (the textbook plugin); the site has none.
    for rel, soup in built_pages.items():
        assert not soup.select("script[data-mkdocs-jupyter-mathjax]"), rel
        assert not [
            s["src"] for s in soup.select("script[src]") if "mathjax" in s["src"].lower()
        ], rel


def test_no_snippet_directive_is_left_unexpanded(built_pages):
    for rel, soup in built_pages.items():
        assert "--8<--" not in soup.get_text(), rel
