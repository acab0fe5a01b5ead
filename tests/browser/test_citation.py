"""Citing in Chromium: the copy buttons copy the citations and the equations' permalinks, the access
date is the reader's own, meta tags follow instant navigation, and an old URL redirects with its
fragment."""

import datetime

import bibtexparser
import pytest

pytestmark = pytest.mark.browser

BLOCKS = ("cite-sist02", "cite-apa", "cite-bibtex")


def allow_clipboard(watch, site_url: str) -> None:
    watch.page.context.grant_permissions(
        ["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/")
    )


def clipboard(page) -> str:
    return page.evaluate("navigator.clipboard.readText()")


def test_each_citation_block_has_a_copy_button_that_copies_it(open_page, served_site):
    watch = open_page("ch4/")
    watch.wait_for_math()
    allow_clipboard(watch, served_site)
    page = watch.page
    # Material starts a code block when it first comes into view (mkdocs.yml: content.lazy): the
    # blocks at the end of the chapter have no button yet. If the flag stopped working (Material
    # would then start every block of a page at load), they would.
    assert page.locator(f"#{BLOCKS[-1]} button[data-md-type='copy']").count() == 0
    for block in BLOCKS:
        page.locator(f"#{block}").scroll_into_view_if_needed()
        buttons = page.locator(f"#{block} button[data-md-type='copy']")
        buttons.first.wait_for()
        assert buttons.count() == 1, f"#{block} has no copy button of its own"
        buttons.click()
        assert clipboard(page) == page.locator(f"#{block} pre > code").inner_text().rstrip(), block
    library = bibtexparser.parse_string(clipboard(page))
    assert len(library.entries) == 1 and not library.failed_blocks
    assert watch.console_errors == []


def test_the_access_date_is_the_readers_date(open_page, served_site):
    watch = open_page("ch4/")
    watch.page.clock.set_fixed_time(datetime.datetime(2031, 5, 6, 10, 0))
    watch.page.reload()
    watch.wait_for_math()
    dates = watch.page.locator("[data-cite-accessed]").all_inner_texts()
    assert len(dates) == 2 and set(dates) == {"2031-05-06"}  # SIST 02 参照日 and BibTeX urldate
    assert "(参照 2031-05-06)" in watch.page.locator("#cite-sist02 code").inner_text()


def test_each_numbered_equation_copies_its_permalink_from_beside_its_number(open_page, served_site):
    watch = open_page("ch4/")
    watch.wait_for_math()
    allow_clipboard(watch, served_site)
    page = watch.page
    equations = page.locator("article .numbered-equation")
    assert equations.count() == 3
    for i in range(equations.count()):
        equation = equations.nth(i)
        anchor = equation.get_attribute("id")
        math = equation.locator("mjx-container").bounding_box()
        link = equation.locator("a.equation-permalink")
        box = link.bounding_box()
        assert box and box["width"] > 10 and box["height"] > 10, f"{anchor}: link not visible"
        assert box["x"] >= math["x"] + math["width"] - 1, f"{anchor}: link overlaps the equation"
        assert math["y"] <= box["y"] + box["height"] / 2 <= math["y"] + math["height"], (
            f"{anchor}: not beside it"
        )
        link.click()
        assert clipboard(page) == f"{served_site}ch4/#{anchor}"
    assert page.locator(".md-dialog").get_by_text("コピーしました").count() == 1
    assert watch.console_errors == []


def test_permalinks_meta_tags_and_dates_follow_instant_navigation(open_page, served_site):
    watch = open_page("")
    watch.wait_for_math()
    watch.arm_instant_navigation()
    page = watch.page
    assert (
        page.locator('meta[name="citation_title"]').get_attribute("content")
        == "尤度から交差エントロピーへ"
    )
    page.evaluate("document.body.removeAttribute('data-math-typeset')")
    page.locator("article a", has_text="第4章").first.click()
    page.wait_for_function("location.pathname.endsWith('/ch4/')")  # tracking may add a fragment
    watch.wait_for_math()
    assert watch.same_document(), "full reload, not instant"
    titles = page.locator('meta[name="citation_title"]')
    assert titles.count() == 1
    assert titles.get_attribute("content") == "第4章 尤度関数から交差エントロピーを導く"
    # This build is a local preview: no tag offers its address to cite (the published build's
    # og:url follows instant navigation too: test_subpath.py).
    assert page.locator('meta[property="og:url"]').count() == 0
    assert page.locator('link[rel="canonical"]').get_attribute("href") == f"{served_site}ch4/"
    for i in range(page.locator("article .numbered-equation").count()):
        equation = page.locator("article .numbered-equation").nth(i)
        assert equation.locator("mjx-container").count() == 1
        assert equation.locator("a.equation-permalink").count() == 1
    today = page.evaluate("(() => { const d = new Date(); return d.toLocaleDateString('sv'); })()")
    assert set(page.locator("[data-cite-accessed]").all_inner_texts()) == {today}
    assert watch.console_errors == []
    assert watch.foreign_requests == []


def test_an_old_url_redirects_to_the_page_keeping_the_fragment(open_page, served_site):
    watch = open_page("chapter4/#eq-4-2")
    watch.page.wait_for_url(f"{served_site}ch4/#eq-4-2")
    watch.wait_for_math()
    assert watch.page.locator("#eq-4-2").is_visible()
    assert watch.console_errors == []


def test_the_equation_index_renders_every_equation(open_page, served_site, built_pages):
    watch = open_page("equations/")
    watch.wait_for_math()
    page = watch.page
    entries = page.locator(".equation-index__entry")
    numbered = sum(
        len(soup.select("article .numbered-equation[id]"))
        for rel, soup in built_pages.items()
        if rel != "equations/index.html"
    )
    assert numbered > 3
    assert entries.count() == numbered
    for i in range(entries.count()):
        assert entries.nth(i).locator(".arithmatex mjx-container").count() == 1
    assert page.locator("mjx-merror, mjx-container [data-mjx-error]").count() == 0
    page.evaluate("document.body.removeAttribute('data-math-typeset')")
    page.locator(".equation-index__label a", has_text="式 (4.3)").click()
    # An instant switch fires no load event, and navigation.tracking may rewrite the fragment to the
    # current heading: wait for the path, then check that the equation is in view.
    page.wait_for_function("location.pathname.endsWith('/ch4/')")
    watch.wait_for_math()
    assert page.locator("#eq-4-3").is_visible()
    assert watch.console_errors == []
    assert watch.foreign_requests == []
