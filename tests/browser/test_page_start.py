"""Material's start restyles nothing the head already did. (That a notebook chapter starts
like a Markdown page is checked at each width in test_widths.py.)"""

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


@pytest.mark.parametrize("path", ["ch4/", "errata/", "404.html"])
def test_materials_start_restyles_nothing_the_head_already_did(open_page, path):
    watch = open_page(path, before_load=lambda page: page.add_init_script(WATCH_START_JS))
    watch.wait_for_math()
    page = watch.page
    assert page.evaluate("document.documentElement.classList.contains('js')")
    links = page.eval_on_selector_all(
        "link[rel=stylesheet]", "links => links.map((l) => l.getAttribute('href'))"
    )
    assert len(links) >= 5 and all(href.startswith("http://") for href in links), links
    assert page.evaluate("window.__startChanges") == []
