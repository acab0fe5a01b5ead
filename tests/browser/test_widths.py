"""Every page at the widths readers use: 320 and 375 px (phones), 768 px (a tablet), 1280 px.

Each page is loaded once, at 320 px, and then widened as a reader turns a phone or widens a
window; the tests below check what each width showed:
- every display equation is drawn at its own size (or scrolls in its own box);
- every number a cell printed stays on one line;
- on a phone (320 and 375 px) the page does not scroll sideways and nothing sticks out of it;
- a chapter built from a notebook starts like a Markdown page (at 375 and 1280 px);
- the load asked nothing of another host and logged no console error.

MathJax writes each equation's size on its SVG in ex (width="38.045ex", or width="100%" with a
min-width for a numbered one). An equation wider than the column must keep that size and scroll
sideways in its own box: drawn smaller it is unreadable (an untagged equation on a phone was
once drawn 1 px wide, and a test asking only for a non-zero width passed).

Printed outputs wrap on a phone. JupyterLab let a line break anywhere, so "0.9975" could end one
line as "0.99" and start the next with "75", and Chromium breaks after the minus of "4.2e-18"
(docs/stylesheets/reader.css, src/textbook_site/notebook_markup.py).

JupyterLab's insets and a wrapped title permalink once put an empty band of ~80 px between a
notebook chapter's title and its first paragraph.
"""

from dataclasses import dataclass
from statistics import median

import pytest

pytestmark = pytest.mark.browser

WIDTHS = (320, 375, 768, 1280)
PHONES = (320, 375)
START_WIDTHS = (375, 1280)

# For each display equation: its size as MathJax wrote it (ex -> px in the equation's own font)
# and as drawn, and whether the box around it scrolls to show what does not fit.
SIZES_JS = r"""() => {
  for (const details of document.querySelectorAll("article details")) details.open = true;
  const ex = (container) => {
    const probe = document.createElement("span");
    probe.style.cssText = "position:absolute;width:1ex;height:0;visibility:hidden";
    container.append(probe);
    const size = probe.getBoundingClientRect().width;
    probe.remove();
    return size;
  };
  const inEx = (text) => (text && text.endsWith("ex") ? parseFloat(text) : null);
  return [...document.querySelectorAll("article div.arithmatex > mjx-container[display='true']")].map((container) => {
    const svg = container.querySelector(":scope > svg");
    const box = container.parentElement;
    const unit = ex(container);
    const width = inEx(svg.getAttribute("width")) ?? inEx(svg.style.minWidth);
    const drawn = svg.getBoundingClientRect();
    const boxRect = box.getBoundingClientRect();
    const style = getComputedStyle(box);
    return {
      equation: (box.id || container.getAttribute("data-tex") || "").trim().slice(0, 50),
      intrinsic: [width * unit, inEx(svg.getAttribute("height")) * unit],
      drawn: [drawn.width, drawn.height],
      overflowsBox: drawn.right > boxRect.right + 1 || drawn.left < boxRect.left - 1,
      boxScrolls: ["auto", "scroll"].includes(style.overflowX) && box.scrollWidth > box.clientWidth,
      boxFits: boxRect.left >= -1 && boxRect.right <= innerWidth + 1,
    };
  });
}"""

# Each number in a printed output (answers opened by SIZES_JS): on how many lines it is drawn;
# and how many lines with a number the outputs take in all.
NUMBERS_JS = r"""() => {
  const NUMBER = /[-+\u2212]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/g;
  const numbers = [];
  let lineCount = 0;
  for (const pre of document.querySelectorAll("article .jp-OutputArea-output pre")) {
    const lines = new Set();
    const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(NUMBER)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const rects = [...range.getClientRects()].filter((r) => r.width > 0);
        const tops = new Set(rects.map((r) => Math.round(r.top)));
        tops.forEach((top) => lines.add(top));
        numbers.push({ text: match[0], lines: tops.size, context: node.data.slice(Math.max(0, match.index - 24), match.index).replace(/\s+/g, " ") });
      }
    }
    lineCount += lines.size;
  }
  return { numbers, lineCount };
}"""


# Horizontal overflow on a phone: the page must not scroll sideways, and an element reaching past
# the screen must sit in a box made to scroll sideways (an equation, code, an output, a table;
# Material makes code and tables scroll themselves) that itself fits the screen. Anything else is
# cut off (an overflow:hidden ancestor) or makes a whole region scroll (JupyterLab's .jp-Notebook
# has overflow:auto).
OVERFLOW_JS = """() => {
  const SCROLL_BOXES = "div.arithmatex, pre, code, table, .highlight-ipynb, .jp-OutputArea-output, .md-typeset__scrollwrap";
  const fits = (el) => el.getBoundingClientRect().right <= innerWidth + 1;
  // Reachable: inside a scroll box that fits the screen, with nothing cutting it off on the way.
  const reachable = (el) => {
    for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (style.overflowX === "visible" || style.display.startsWith("table")) continue;
      if (style.overflowX === "hidden" || style.overflowX === "clip") return false;
      if (e.matches(SCROLL_BOXES) && fits(e)) return true;
    }
    return false;
  };
  const describe = (e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className && typeof e.className === "string" ? "." + e.className.trim().split(/\\s+/).join(".") : "");
  const escaping = [...document.querySelectorAll("main *")].filter((e) => {
    const r = e.getBoundingClientRect();
    // MathJax's assistive MathML is clipped on purpose: it is for screen readers only.
    if (r.width === 0 || r.height === 0 || fits(e) || e.closest("mjx-assistive-mml")) return false;
    return !reachable(e);
  });
  return {
    scrollWidth: document.scrollingElement.scrollWidth,
    innerWidth,
    escaping: escaping.slice(0, 10).map((e) => describe(e) + " in " + describe(e.parentElement)),
  };
}"""

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


@dataclass
class Measured:
    """What the loads showed: facts[(page, width)] holds "equations" (SIZES_JS), "numbers"
    (NUMBERS_JS), "overflow" (OVERFLOW_JS, phones only) and "start" (START_JS, START_WIDTHS);
    load_problems[page], the console errors and requests to other hosts of its load."""

    facts: dict[tuple[str, int], dict]
    load_problems: dict[str, list[str]]


@pytest.fixture(scope="module")
def at_each_width(open_page_for_module, site_pages, screenshot_dir) -> Measured:
    found = Measured({}, {})
    # One tab loads page after page (a new context per page cost a renderer process each).
    watch = open_page_for_module(None)
    page = watch.page
    for path in site_pages:
        # Loaded at the narrowest width, then widened: the page's layout is the stylesheet's
        # business (the equations are static SVG), so a resize shows what a load would.
        page.set_viewport_size({"width": WIDTHS[0], "height": 900})
        watch.load(path)
        watch.wait_for_math()
        watch.wait_for_figures()  # measured as readers get them, styled
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            facts = found.facts[(path, width)] = {}
            if width in START_WIDTHS:
                facts["start"] = page.evaluate(START_JS)
            facts["equations"] = page.evaluate(SIZES_JS)  # opens the answers
            facts["numbers"] = page.evaluate(NUMBERS_JS)
            if width in PHONES:
                facts["overflow"] = page.evaluate(OVERFLOW_JS)
            if width == 375 and screenshot_dir is not None:
                name = (path.strip("/").replace("/", "_") or "index") + "-phone.png"
                page.screenshot(path=screenshot_dir / name, full_page=True)
        # A late request to another host counts too (waited for after the measures, which
        # take longer than the 500 ms of quiet this waits for).
        page.wait_for_load_state("networkidle")
        found.load_problems[path] = [
            *(f"console: {e}" for e in watch.console_errors),
            *(f"request elsewhere: {u}" for u in watch.foreign_requests),
        ]
    page.context.close()
    return found


def measured(at_each_width: Measured, width: int, key: str) -> dict:
    """{page: facts[key]} at `width`."""
    return {path: facts[key] for (path, at), facts in at_each_width.facts.items() if at == width}


def test_the_site_has_display_equations_to_measure(at_each_width):
    assert sum(len(facts["equations"]) for facts in at_each_width.facts.values()) > 50


@pytest.mark.parametrize("width", WIDTHS)
def test_display_equations_are_drawn_at_their_own_size(at_each_width, width):
    problems = []
    for path, sizes in measured(at_each_width, width, "equations").items():
        for eq in sizes:
            (want_w, want_h), (got_w, got_h) = eq["intrinsic"], eq["drawn"]
            if got_w < want_w - 1 or abs(got_h - want_h) > 1:
                problems.append(
                    f"/{path} {eq['equation']!r}: drawn {got_w:.0f}x{got_h:.0f} px, "
                    f"its size is {want_w:.0f}x{want_h:.0f} px"
                )
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", WIDTHS)
def test_an_equation_wider_than_its_box_scrolls_in_it(at_each_width, width):
    problems = [
        f"/{path} {eq['equation']!r}: wider than its box, which "
        + ("does not scroll" if not eq["boxScrolls"] else "does not fit the screen")
        for path, sizes in measured(at_each_width, width, "equations").items()
        for eq in sizes
        if eq["overflowsBox"] and not (eq["boxScrolls"] and eq["boxFits"])
    ]
    assert not problems, "\n".join(problems)


def test_some_equation_is_wider_than_a_phone(at_each_width):
    """Guards the scrolling test against passing on nothing."""
    assert any(
        eq["overflowsBox"]
        for sizes in measured(at_each_width, 320, "equations").values()
        for eq in sizes
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_numbers_in_printed_outputs_stay_on_one_line(at_each_width, width):
    split = [
        f"/{path}: {number['text']!r} after {number['context']!r} is on {number['lines']} lines"
        for path, numbers in measured(at_each_width, width, "numbers").items()
        for number in numbers["numbers"]
        if number["lines"] > 1
    ]
    assert not split, "\n".join(split)


def test_outputs_with_numbers_wrap_on_a_phone(at_each_width):
    """Guards the test above against passing on nothing: there are numbers to check, some with an
    exponent, and at 320 px the outputs do wrap (their numbers spread over more lines than at
    1280 px)."""
    numbers = [
        n for facts in measured(at_each_width, 320, "numbers").values() for n in facts["numbers"]
    ]
    assert len(numbers) > 200
    assert sum("e-" in n["text"] for n in numbers) >= 5

    def lines(width):
        return sum(f["lineCount"] for f in measured(at_each_width, width, "numbers").values())

    assert lines(320) > lines(1280) * 1.1, (lines(320), lines(1280))


@pytest.mark.parametrize("width", PHONES)
def test_pages_do_not_scroll_sideways_on_a_phone(at_each_width, width):
    problems = {}
    for path, overflow in measured(at_each_width, width, "overflow").items():
        found = [f"sticks out of the screen: {e}" for e in overflow["escaping"]]
        if overflow["scrollWidth"] > overflow["innerWidth"]:
            found.append(f"the page is {overflow['scrollWidth']} px wide")
        if found:
            problems[f"/{path}"] = found
    assert not problems, "\n".join(f"{where}: {what}" for where, what in problems.items())


@pytest.mark.parametrize("width", START_WIDTHS)
def test_notebook_pages_start_like_markdown_pages(at_each_width, width):
    starts = measured(at_each_width, width, "start")
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


def test_loads_at_a_phone_width_request_nothing_elsewhere_and_log_no_error(at_each_width):
    problems = {f"/{path}": found for path, found in at_each_width.load_problems.items() if found}
    assert not problems, problems
