"""Chapter 4 in headless Chromium: equations typeset once, no errors, nothing fetched from elsewhere."""

import pytest

pytestmark = pytest.mark.browser

NUMBERS = ("4.1", "4.2", "4.3")


def test_chapter_4_renders_its_numbered_equations(open_page):
    watch = open_page("ch4/")
    watch.wait_for_math()
    page = watch.page
    for number in NUMBERS:
        anchor = "#eq-" + number.replace(".", "-")
        assert page.locator(f"{anchor} mjx-container").count() == 1, anchor
        # MathJax 3 exposes the tag to text only through its assistive MathML.
        assert f"({number})" in page.locator(f"{anchor} mjx-container").text_content()
    assert page.locator("mjx-merror, mjx-container [data-mjx-error]").count() == 0
    assert page.locator("article .arithmatex:not(:has(mjx-container))").count() == 0
    assert watch.console_errors == []
    assert watch.foreign_requests == []


def test_math_is_typeset_once_after_instant_navigation(open_page):
    watch = open_page("")
    watch.wait_for_math()
    page = watch.page
    page.evaluate("document.body.removeAttribute('data-math-typeset')")
    page.locator("article a", has_text="第4章").first.click()
    # navigation.tracking may append the current heading's fragment: match the path only.
    page.wait_for_function("location.pathname.endsWith('/ch4/')")
    watch.wait_for_math()
    displays = page.locator("article div.arithmatex")
    for i in range(displays.count()):
        assert displays.nth(i).locator("mjx-container").count() == 1
    assert watch.console_errors == []
    assert watch.foreign_requests == []
