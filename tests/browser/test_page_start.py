"""A chapter built from a notebook starts like a Markdown page: title at the same height, then the
first paragraph at the same distance (JupyterLab's insets and a wrapped title permalink once put
an empty band of ~80 px there)."""

from statistics import median

import pytest

pytestmark = pytest.mark.browser

# Top of the title, the distance from its last line of text to the next paragraph, and the left
# edge of the text column.
START_JS = r"""() => {
  const title = document.querySelector("article h1");
  const text = document.createRange();
  text.selectNodeContents(title.firstChild);
  const textBottom = Math.max(...[...text.getClientRects()].map((r) => r.bottom));
  const next = [...document.querySelectorAll("article p")].find(
    (p) => title.compareDocumentPosition(p) & Node.DOCUMENT_POSITION_FOLLOWING && p.getClientRects().length);
  return {
    notebook: !!title.closest(".jupyter-wrapper"),
    titleTop: title.getBoundingClientRect().top,
    gap: next.getBoundingClientRect().top - textBottom,
    left: next.getBoundingClientRect().left,
  };
}"""


@pytest.mark.parametrize("width", [1280, 375])
def test_notebook_pages_start_like_markdown_pages(open_page, site_pages, width):
    starts = {}
    for path in site_pages:
        watch = open_page(path, viewport={"width": width, "height": 900})
        watch.wait_for_math()
        starts[path] = watch.page.evaluate(START_JS)
        watch.page.context.close()
    markdown = [s for s in starts.values() if not s["notebook"]]
    notebooks = {p: s for p, s in starts.items() if s["notebook"]}
    assert markdown and notebooks, "needs pages of both kinds"
    reference = {key: median(s[key] for s in markdown) for key in ("titleTop", "gap", "left")}
    problems = [
        f"/{path}: {key} {start[key]:.0f} px, a Markdown page's is {reference[key]:.0f} px"
        for path, start in notebooks.items()
        for key in ("titleTop", "gap", "left")
        if abs(start[key] - reference[key]) > 3
    ]
    assert not problems, "\n".join(problems)


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
