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
    watch.arm_instant_navigation()
    page = watch.page
    page.evaluate("document.body.removeAttribute('data-math-typeset')")
    page.locator("article a", has_text="第4章").first.click()
    # navigation.tracking may append the current heading's fragment: match the path only.
    page.wait_for_function("location.pathname.endsWith('/ch4/')")
    watch.wait_for_math()
    assert watch.same_document(), "full reload, not instant"
    displays = page.locator("article div.arithmatex")
    for i in range(displays.count()):
        assert displays.nth(i).locator("mjx-container").count() == 1
    assert watch.console_errors == []
    assert watch.foreign_requests == []


# Records, at each "math-shown" / "page-ready" mark, how many of the page's equations are in the
# document with a drawn (non-empty) SVG: bench/bench_site.py times "math-shown" as the moment all
# math is on screen, so it must never come before the last equation.
RECORD_MARKS = """
const mark = performance.mark.bind(performance);
window.__marks = [];
performance.mark = (name, ...rest) => {
  if (name === "math-shown" || name === "page-ready") {
    const equations = [...document.querySelectorAll("article .arithmatex")];
    const drawn = equations.filter((e) => {
      const svg = e.querySelector("mjx-container > svg");
      return svg && svg.getBoundingClientRect().width > 0;
    });
    window.__marks.push({ name, path: location.pathname, equations: equations.length, drawn: drawn.length });
  }
  return mark(name, ...rest);
};
"""


def test_math_shown_is_marked_once_every_equation_is_drawn(open_page):
    watch = open_page("ch4/", before_load=lambda page: page.add_init_script(RECORD_MARKS))
    watch.wait_for_math()
    page = watch.page
    total = page.locator("article .arithmatex").count()
    assert total > 20
    first = page.evaluate("window.__marks")
    assert [m["name"] for m in first] == ["math-shown", "page-ready"]
    assert all((m["path"], m["equations"], m["drawn"]) == ("/ch4/", total, total) for m in first)
    shown, ready = page.evaluate(
        "['math-shown', 'page-ready'].map((n) => performance.getEntriesByName(n)[0].startTime)"
    )
    assert shown <= ready

    page.evaluate("document.body.removeAttribute('data-math-typeset')")
    page.locator("a.md-footer__link--next").click()
    page.wait_for_function("location.pathname.endsWith('/ch5/')")
    watch.wait_for_math()
    on_ch5 = page.locator("article .arithmatex").count()
    after = page.evaluate("window.__marks")[len(first) :]
    assert [m["name"] for m in after] == ["math-shown", "page-ready"]
    assert all((m["path"], m["equations"], m["drawn"]) == ("/ch5/", on_ch5, on_ch5) for m in after)
