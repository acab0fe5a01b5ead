"""Chapter 4 printed to PDF reads like a handout: rendered equations, the page URL and the citation,
no navigation chrome, black on white even for a reader in dark mode."""

import re

import pytest

pytestmark = pytest.mark.browser

# Labels of the header, sidebars, footer navigation and search, and other screen-only furniture.
CHROME = ("目次", "はじめに", "式一覧", "検索", "ダウンロード", "クリップボード", "BibTeX", "In [")


@pytest.fixture(scope="module")
def chapter_4_text(open_page_for_module, pdf_text):
    """Chapter 4 printed to A4: its text (see pdf_text); printed once for the tests that read it."""
    watch = open_page_for_module("ch4/")
    watch.wait_for_math()
    pdf = watch.page.pdf(format="A4", prefer_css_page_size=True)
    assert watch.console_errors == []
    return pdf_text(pdf)


def test_a_printed_chapter_has_its_title_equations_source_and_citation(chapter_4_text, served_site):
    text = chapter_4_text
    assert len(text) > 2000, "the chapter's text is missing"
    assert "第4章尤度関数から交差エントロピーを導く" in text
    for number in ("(4.1)", "(4.2)", "(4.3)"):
        assert number in text
    assert "\\tag" not in text and "\\sum" not in text, "TeX printed raw, not typeset"
    # The tests' build is a local preview: the source line says so instead of a local address
    # (a published build prints the page's address: tests/site/test_citation.py).
    assert "手元のプレビュー" in text and served_site not in text
    assert "このページを引用する" in text
    assert (
        '"第4章尤度関数から交差エントロピーを導く".尤度から交差エントロピーへ.' in text
    )  # SIST 02
    assert "CCBY4.0" in text


def test_a_printed_chapter_has_no_navigation_chrome(chapter_4_text):
    text = chapter_4_text
    assert [label for label in CHROME if label in text] == []


def test_a_dark_mode_reader_prints_black_on_white(open_page):
    watch = open_page("ch4/", color_scheme="dark")
    watch.wait_for_math()
    page = watch.page
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    # Runs after the site's own beforeprint handler: what the page looks like while printing.
    page.evaluate(
        """window.__printed = null;
        addEventListener('beforeprint', () => {
          const text = getComputedStyle(document.querySelector('article')).color;
          const code = getComputedStyle(document.querySelector('.jp-CodeCell .jp-InputArea-editor')).backgroundColor;
          window.__printed = {scheme: document.body.dataset.mdColorScheme, text, code};
        });"""
    )
    page.pdf(format="A4")
    printed = page.evaluate("window.__printed")
    assert printed["scheme"] == "default"
    assert luminance(printed["text"]) < 0.3, printed
    assert luminance(printed["code"]) > 0.7, printed
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate", (
        "the screen goes back to dark"
    )


def luminance(css_color: str) -> float:
    """0 (black) .. 1 (white) for rgb()/rgba(); a transparent colour counts as the white paper."""
    parts = [float(p) for p in re.findall(r"[\d.]+", css_color)]
    if len(parts) == 4 and parts[3] == 0:
        return 1.0
    r, g, b = parts[:3]
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255
