"""Tables below the screen are laid out only when the reader comes near them
(docs/stylesheets/extra.css: `content-visibility: auto` on Material's table wrapper).

That took the front page's start-up from ~320 to ~90 ms of blocking time in Lighthouse. What a
reader must not lose is checked here on the front page's notation table, at a phone's width:
screen readers and printing get the whole table before anyone scrolls, and scrolling to it shows
it at its real size.
"""

import unicodedata

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
# The notation table's first and last rows, NFKC-normalised (as pdf_text reads them).
FIRST_ROW, LAST_ROW = "事象(クラス)の数", "勾配降下法の学習率"
LAID_OUT_HEIGHT = 1700  # px, about what the table takes at 375 px (27 rows, wrapped)
WRAP = "#notation ~ .md-typeset__scrollwrap"  # Material's wrapper of the notation table

TABLE_JS = f"""() => {{
  const wrap = document.querySelector("{WRAP}");
  const table = wrap.querySelector("table");
  const last = [...table.rows].at(-1).getBoundingClientRect();
  return {{ top: wrap.getBoundingClientRect().top, wrap: wrap.getBoundingClientRect().height,
           table: table.offsetHeight, lastRowBottom: last.bottom, innerHeight }};
}}"""


@pytest.fixture
def front_page(open_page):
    watch = open_page("", viewport=PHONE)
    watch.wait_for_math()
    return watch


def test_the_notation_table_starts_below_a_phone_screen(front_page):
    # Otherwise the tests below would check a table the browser lays out at once.
    assert front_page.page.evaluate(TABLE_JS)["top"] > 2 * PHONE["height"]


def test_screen_readers_get_the_whole_table_before_it_is_scrolled_to(open_page_with_screen_reader):
    watch = open_page_with_screen_reader("", viewport=PHONE)
    watch.wait_for_math()
    page = watch.page
    session = page.context.new_cdp_session(page)
    names = [
        str(node.get("name", {}).get("value", ""))
        for node in session.send("Accessibility.getFullAXTree")["nodes"]
    ]
    text = unicodedata.normalize("NFKC", "".join(names))
    assert FIRST_ROW in text and LAST_ROW in text
    # The table was still unlaid out (its stand-in height); read after the tree, as reading the
    # table's own geometry would lay it out.
    height = page.locator(WRAP).evaluate("(wrap) => wrap.getBoundingClientRect().height")
    assert height < 0.7 * LAID_OUT_HEIGHT


def test_a_printed_front_page_has_the_whole_table(front_page, pdf_text):
    text = pdf_text(front_page.page.pdf(format="A4", prefer_css_page_size=True))
    assert FIRST_ROW in text and LAST_ROW in text


def test_scrolled_to_the_table_is_drawn_at_its_real_size(front_page):
    page = front_page.page
    page.locator(f"{WRAP} tr").last.scroll_into_view_if_needed()
    page.wait_for_timeout(300)  # the browser lays the table out in the next frames
    seen = page.evaluate(TABLE_JS)
    assert seen["table"] > 0.8 * LAID_OUT_HEIGHT, seen
    assert abs(seen["wrap"] - seen["table"]) <= 20, seen  # not a stand-in height (+ a scroll bar)
    assert 0 < seen["lastRowBottom"] <= seen["innerHeight"], seen  # and its last row on screen
    assert front_page.console_errors == []
