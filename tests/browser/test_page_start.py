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
