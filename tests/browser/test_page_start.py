"""Material starts after the page's first paint and restyles nothing the head already did.
(That a notebook chapter starts like a Markdown page is checked at each width in
test_widths.py.)"""

import pytest

pytestmark = pytest.mark.browser

# Every change to <html>'s class or to a stylesheet link's href once the body has begun, i.e.
# made by Material's bundle as it starts rather than by the early start at the end of <head>
# (compat.EARLY_START). Each such change made Chromium restyle the whole page.
WATCH_START_JS = """
window.__startChanges = [];
new MutationObserver((records) => {
  if (!document.body) return; // the early start, in <head>
  for (const r of records) {
    if (r.oldValue === r.target.getAttribute(r.attributeName)) continue; // set to what it was
    if (r.target === document.documentElement && r.attributeName === "class")
      window.__startChanges.push(`<html> class: ${r.oldValue} -> ${r.target.className}`);
    else if (r.target.matches("link[rel=stylesheet]"))
      window.__startChanges.push(`stylesheet: ${r.oldValue} -> ${r.target.getAttribute("href")}`);
  }
}).observe(document, { attributes: true, subtree: true, attributeFilter: ["class", "href"], attributeOldValue: true });
"""


# When the page's first contentful frame was shown, and when the browser asked for Material's
# bundle (compat.start_after_first_paint: not before that frame).
START_TIMES_JS = """() => ({
  firstPaint: performance.getEntriesByName("first-contentful-paint")[0].startTime,
  bundle: performance.getEntriesByType("resource")
    .find((r) => /\\/bundle\\.[0-9a-f]+\\.min\\.js$/.test(r.name)).startTime,
})"""


@pytest.mark.parametrize("path", ["ch4/", "errata/", "404.html"])
def test_material_starts_after_the_first_paint_and_restyles_nothing_the_head_did(open_page, path):
    watch = open_page(path, before_load=lambda page: page.add_init_script(WATCH_START_JS))
    watch.wait_for_math()  # set once Material has started (javascripts/math-ready.js)
    page = watch.page
    times = page.evaluate(START_TIMES_JS)
    assert times["bundle"] >= times["firstPaint"] > 0, times
    assert watch.console_errors == []
    assert page.evaluate("document.documentElement.classList.contains('js')")
    links = page.eval_on_selector_all(
        "link[rel=stylesheet]", "links => links.map((l) => l.getAttribute('href'))"
    )
    assert len(links) >= 5 and all(href.startswith("http://") for href in links), links
    assert page.evaluate("window.__startChanges") == []
