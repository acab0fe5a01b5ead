"""What keeps pages light, checked in the built HTML (the transferred bytes are measured in the
browser tests and in `make bench`): notebook CSS shared and trimmed, figures as files. (MathJax
sends no script at all: tests/site/test_integrity.py.)"""

import pytest

from textbook_site import notebook_css


def notebook_pages(built_pages):
    return {rel: soup for rel, soup in built_pages.items() if soup.select_one(".jupyter-wrapper")}


def test_notebook_pages_carry_no_inline_stylesheet(built_pages):
    pages = notebook_pages(built_pages)
    assert pages
    for rel, soup in pages.items():
        assert not soup.select("article style"), rel


def test_notebook_pages_link_one_shared_small_stylesheet(built_pages, site_dir):
    sheets = set()
    for rel, soup in notebook_pages(built_pages).items():
        links = [
            link["href"]
            for link in soup.select("head link[rel=stylesheet]")
            if "/notebook." in link["href"]
        ]
        assert len(links) == 1, (rel, links)
        sheet = (site_dir / rel).parent / links[0]
        sheets.add(sheet.resolve())
    assert len(sheets) == 1, sheets
    assert next(iter(sheets)).stat().st_size < 64_000  # from ~590 KB inlined per page


def test_other_pages_do_not_load_the_notebook_stylesheet(built_pages):
    for rel, soup in built_pages.items():
        if not soup.select_one(".jupyter-wrapper"):
            assert not soup.select("link[href*='/notebook.']"), rel


def test_figures_are_files_not_data_uris(built_pages, site_dir):
    for rel, soup in notebook_pages(built_pages).items():
        for img in soup.select(".jp-OutputArea-output img"):
            assert not img["src"].startswith("data:"), rel
            assert ((site_dir / rel).parent / img["src"]).is_file(), (rel, img["src"])
            assert img.get("width") and img.get("height"), (rel, img["src"])


@pytest.mark.parametrize(
    ("selector", "classes"),
    [
        (
            ".jupyter-wrapper .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']",
            {"jupyter-wrapper", "jp-OutputArea-output"},
        ),
        (".a:not(.b, .c) > .d", {"a", "d"}),
        (".x :is(.y, .z)", {"x"}),
        (".a\\:b", None),
    ],
)
def test_the_classes_a_selector_requires(selector, classes):
    assert notebook_css.required_classes(selector) == classes


@pytest.mark.parametrize(
    ("selector", "kept"),
    [
        (".jupyter-wrapper .jp-Cell", True),
        (".jupyter-wrapper .bp3-button", False),  # Blueprint: never in a static page
        (".jupyter-wrapper :root", False),  # :root inside anything matches nothing
        (".jupyter-wrapper body", False),
        (".jupyter-wrapper .md-typeset__scrollwrap", True),  # added by Material's JavaScript
        ("[data-md-color-scheme=slate] .jupyter-wrapper", True),
    ],
)
def test_which_rules_the_trimmed_stylesheet_keeps(selector, kept):
    assert notebook_css.can_match(selector, {"jupyter-wrapper", "jp-Cell"}) is kept


def test_trimming_keeps_the_last_of_identical_rules_and_media_queries():
    css = ".a{color:red}.b{color:blue}.a{color:red}@media (max-width:10px){.a{margin:0}.z{margin:1px}}"
    assert (
        notebook_css.trim([css], {"a", "b"})
        == ".b{color:blue}.a{color:red}@media (max-width:10px){.a{margin:0}}"
    )
