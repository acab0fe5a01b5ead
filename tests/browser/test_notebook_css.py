"""The trimmed notebook stylesheet styles every notebook page exactly as mkdocs-jupyter's full CSS.

src/textbook_site/notebook_css.py keeps 38 KB of the ~590 KB mkdocs-jupyter inlines. Each notebook
page is loaded once and read four times: with the shared stylesheet as built, light then dark
(switched with the header's toggle), then with the full CSS that mkdocs-jupyter produces for a
notebook in that stylesheet's place in the cascade, dark then light. Every element of the
notebook (and its ::before/::after) must get the same computed style in the ~80 properties a
stylesheet can change the look with. (Comparing screenshots, tried first, found the same dropped
rule but also flagged 1-pixel differences between two loads under machine load, with identical
styles.)

The last test checks that a notebook page reached by instant navigation counts as ready only
once its stylesheet has arrived.
"""

import time

import pytest

from textbook_site import notebook_css

pytestmark = pytest.mark.browser

TINY_NOTEBOOK_BODY = """\
# 見出し

```python
1 + 1
```
"""


# What a stylesheet can change about an element (layout results included: a changed margin
# or font shows in widths and heights too). Every property of every element took 13 s a page.
PROPERTIES = [
    "display",
    "position",
    "float",
    "clear",
    "box-sizing",
    "width",
    "height",
    "min-width",
    "max-width",
    "min-height",
    "max-height",
    "margin-top",
    "margin-right",
    "margin-bottom",
    "margin-left",
    "padding-top",
    "padding-right",
    "padding-bottom",
    "padding-left",
    "border-top-width",
    "border-right-width",
    "border-bottom-width",
    "border-left-width",
    "border-top-style",
    "border-right-style",
    "border-bottom-style",
    "border-left-style",
    "border-top-color",
    "border-right-color",
    "border-bottom-color",
    "border-left-color",
    "border-top-left-radius",
    "border-top-right-radius",
    "border-bottom-left-radius",
    "border-bottom-right-radius",
    "background-color",
    "background-image",
    "color",
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "line-height",
    "letter-spacing",
    "text-align",
    "text-decoration-line",
    "text-transform",
    "text-indent",
    "white-space",
    "word-break",
    "overflow-x",
    "overflow-y",
    "vertical-align",
    "visibility",
    "opacity",
    "z-index",
    "top",
    "right",
    "bottom",
    "left",
    "flex-direction",
    "flex-wrap",
    "flex-grow",
    "flex-shrink",
    "flex-basis",
    "justify-content",
    "align-items",
    "column-gap",
    "row-gap",
    "list-style-type",
    "outline-style",
    "box-shadow",
    "cursor",
    "content",
    "transform",
    "table-layout",
    "border-collapse",
    "user-select",
]

# One number per element of the notebook (MathJax's output left out: its CSS is MathJax's own):
# a hash of those properties, and of its ::before/::after when it has one.
STYLE_HASHES_JS = """async (properties) => {
  await document.fonts.ready;
  const hash = (text) => { let h = 0; for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0; return h; };
  const styleText = (style) => properties.map((p) => style.getPropertyValue(p)).join(";");
  const elements = [...document.querySelectorAll(".jupyter-wrapper, .jupyter-wrapper *")].filter((e) => !e.closest("mjx-container"));
  return elements.map((el) => {
    let text = styleText(getComputedStyle(el));
    for (const pseudo of ["::before", "::after"]) {
      const style = getComputedStyle(el, pseudo);
      if (style.content !== "none") text += pseudo + styleText(style);
    }
    return hash(text);
  });
}"""

# The properties that differ on element `index`, for the failure message.
STYLE_OF_JS = """([index, properties]) => {
  const elements = [...document.querySelectorAll(".jupyter-wrapper, .jupyter-wrapper *")].filter((e) => !e.closest("mjx-container"));
  const el = elements[index];
  const props = {};
  for (const pseudo of ["", "::before", "::after"]) {
    const style = getComputedStyle(el, pseudo || null);
    if (!pseudo || style.content !== "none") for (const p of properties) props[pseudo + p] = style.getPropertyValue(p);
  }
  return { element: el.tagName.toLowerCase() + "." + String(el.className).trim().split(/\\s+/).join("."), props };
}"""


# The full CSS in place of the site's notebook stylesheet, where its <link> is in the cascade
# (`css` null: the full CSS put in already, back in place of the trimmed one).
WITH_FULL_CSS_JS = """(css) => {
  const link = document.querySelector('link[rel="stylesheet"][href*="/notebook."]');
  let full = document.getElementById("full-notebook-css");
  if (!full) {
    full = Object.assign(document.createElement("style"), { id: "full-notebook-css", textContent: css });
    link.after(full);
  }
  full.disabled = false;
  link.disabled = true;
}"""

NO_TRANSITIONS = "*, *::before, *::after { transition: none !important; }"

WITH_TRIMMED_CSS_JS = """() => {
  document.querySelector('link[rel="stylesheet"][href*="/notebook."]').disabled = false;
  document.getElementById("full-notebook-css").disabled = true;
}"""


# The code tokens whose spans the build drops (notebook_markup.PLAIN_TOKEN) must look like the
# text of the cell: a span of each, put into a cell, styled as the cell's <pre>. Those that are not.
PLAIN_TOKENS_JS = """() => {
  const pre = document.querySelector(".highlight-ipynb pre");
  const props = ["color", "background-color", "font-family", "font-size", "font-weight", "font-style",
                 "text-decoration-line", "letter-spacing", "vertical-align"];
  return ["n", "w"].filter((name) => {
    const span = Object.assign(document.createElement("span"), { className: name, textContent: "x" });
    pre.append(span);
    const differs = props.some((p) => getComputedStyle(span).getPropertyValue(p) !== getComputedStyle(pre).getPropertyValue(p));
    span.remove();
    return differs;
  });
}"""


@pytest.fixture(scope="module")
def full_notebook_css(tmp_path_factory, as_notebook) -> str:
    """The CSS mkdocs-jupyter inlines into a notebook page, as this site configures it."""
    from mkdocs_jupyter.nbconvert2 import nb2html

    path = tmp_path_factory.mktemp("notebook") / "tiny.md"
    path.write_text(as_notebook(TINY_NOTEBOOK_BODY), encoding="utf-8")
    html = nb2html(
        str(path),
        execute=False,
        markdown_cell_processor="mkdocs",
        mathjax_version=3,
        include_mathjax=False,
    )
    styles = notebook_css.STYLE.findall(html)
    assert sum(map(len, styles)) > 500_000, (
        "mkdocs-jupyter's inline CSS changed; revisit src/textbook_site/notebook_css.py"
    )
    return "\n".join(styles)


def test_trimmed_stylesheet_styles_notebook_pages_like_the_full_one(
    open_page, site_pages, site_dir, full_notebook_css
):
    notebooks = [
        p
        for p in site_pages
        if 'class="jupyter-wrapper"' in (site_dir / p / "index.html").read_text(encoding="utf-8")
    ]
    if not notebooks:
        pytest.skip("no notebook page is built")
    differ = []
    watch = open_page(None)  # one tab loads the notebook pages one after the other
    for path in notebooks:
        watch.load(path)
        watch.wait_for_math()
        # An interactive figure builds its controls when it starts: compare after that
        # (a busy machine once measured one load before and the other after).
        watch.wait_for_figures()
        page = watch.page
        # Each switch below would start the code blocks' colour transitions (125 ms): styles are
        # read where the switch leads, not on the way.
        page.add_style_tag(content=NO_TRANSITIONS)
        seen = {}
        # Light and dark (by the reader's toggle) with the trimmed stylesheet, then the same with
        # the full CSS put in its place: one load per page (a load per stylesheet: 43 s, not 32).
        for css, schemes in (("trimmed", ("light", "dark")), ("full", ("dark", "light"))):
            if css == "full":
                page.evaluate(WITH_FULL_CSS_JS, full_notebook_css)
            for scheme in schemes:
                show_scheme(page, scheme)
                seen[css, scheme] = page.evaluate(STYLE_HASHES_JS, PROPERTIES)
                if styled := page.evaluate(PLAIN_TOKENS_JS):
                    differ.append(f"/{path} ({scheme}, {css} CSS): tokens {styled} are styled")
        for scheme in ("light", "dark"):
            ours, theirs = seen["trimmed", scheme], seen["full", scheme]
            assert len(ours) == len(theirs), path
            for index in [i for i, (a, b) in enumerate(zip(ours, theirs)) if a != b][:3]:
                differ.append(f"/{path} ({scheme}): {style_difference(page, scheme, index)}")
        assert seen["trimmed", "light"] != seen["trimmed", "dark"], (
            f"/{path}: the toggle left the notebook's styles as they were"
        )
    assert not differ, "\n".join(differ)


def style_difference(page, scheme: str, index: int) -> str:
    """What differs on element `index` in `scheme` between the full CSS (in the page now) and
    the trimmed stylesheet (put back for the comparison)."""
    show_scheme(page, scheme)
    theirs = page.evaluate(STYLE_OF_JS, [index, PROPERTIES])
    page.evaluate(WITH_TRIMMED_CSS_JS)
    ours = page.evaluate(STYLE_OF_JS, [index, PROPERTIES])
    page.evaluate(WITH_FULL_CSS_JS, None)
    a, b = ours["props"], theirs["props"]
    changed = {k: (a.get(k), b.get(k)) for k in a.keys() | b.keys() if a.get(k) != b.get(k)}
    return f"{ours['element']}: trimmed vs full {changed}"


def show_scheme(page, scheme: str) -> None:
    """The page in `scheme`, switched with the header's toggle if it shows the other one."""
    wanted = "slate" if scheme == "dark" else "default"
    if page.evaluate("() => document.body.dataset.mdColorScheme") == wanted:
        return
    page.locator("form[data-palette] label:visible").click()
    page.wait_for_function(
        f"() => document.body.dataset.mdColorScheme === '{wanted}'"
        " && !document.body.hasAttribute('data-md-color-switching')"
    )


# A few computed styles that the notebook stylesheet sets.
NOTEBOOK_STYLE_JS = """() => [[".jp-InputArea", "display"], [".jp-InputPrompt", "display"],
  [".jp-InputArea-editor", "border-top-width"]]
  .map(([selector, property]) =>
    getComputedStyle(document.querySelector(selector)).getPropertyValue(property))"""

# At each "math-typeset" event (page-ready): the stylesheets still loading, and NOTEBOOK_STYLE_JS.
RECORD_AT_READY_JS = f"""() => {{
  window.__atReady = [];
  document.addEventListener("math-typeset", () => {{
    window.__atReady.push({{
      path: location.pathname,
      loading: [...document.querySelectorAll('link[rel="stylesheet"]')]
        .filter((link) => !link.sheet).map((link) => link.href),
      style: ({NOTEBOOK_STYLE_JS})(),
    }});
  }});
}}"""


def test_a_notebook_page_reached_by_instant_navigation_is_ready_only_once_styled(
    open_page, site_pages, site_dir, site_url, wait_for_arrival
):
    """Instant navigation adds the notebook stylesheet's <link> to the head and shows the page
    without waiting for it. "page-ready" (the math-typeset event, body[data-math-typeset=done],
    which the browser tests wait for) must still come only once it has arrived: here it comes
    1.5 s late, and what the page looks like at page-ready is recorded in the page itself."""
    notebook = next(
        p
        for p in site_pages
        if p and 'class="jupyter-wrapper"' in (site_dir / p / "index.html").read_text("utf-8")
    )
    delayed = []

    def late(route):
        delayed.append(route.request.url)
        time.sleep(1.5)  # blocks only this test's side; the browser goes on meanwhile
        route.continue_()

    watch = open_page("")
    page = watch.page
    watch.wait_for_math()
    watch.arm_instant_navigation()
    page.evaluate(RECORD_AT_READY_JS)
    page.route("**/assets/stylesheets/notebook.*.css", late)
    page.evaluate("document.body.removeAttribute('data-math-typeset')")
    page.locator(f"nav.md-nav--primary a.md-nav__link[href$='{notebook}']:visible").first.click()
    wait_for_arrival(page, site_url + notebook)
    watch.wait_for_math()
    assert watch.same_document(), "full reload, not instant"
    assert delayed, "the notebook stylesheet was not requested on the way"
    (at_ready,) = page.evaluate("window.__atReady")
    fresh = open_page(notebook)
    fresh.wait_for_math()
    expected = fresh.page.evaluate(NOTEBOOK_STYLE_JS)
    assert at_ready["loading"] == [], f"page-ready came while {at_ready['loading']} was loading"
    assert at_ready["style"] == expected
    assert watch.console_errors == []
