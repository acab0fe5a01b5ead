"""Every display equation is drawn at its own size on every page, at the widths readers use, and
every number a cell printed stays on one line.

MathJax writes each equation's size on its SVG in ex (width="38.045ex", or width="100%" with a
min-width for a numbered one). An equation wider than the column must keep that size and scroll
sideways in its own box: drawn smaller it is unreadable (an untagged equation on a phone was
once drawn 1 px wide, and a test asking only for a non-zero width passed).

Printed outputs wrap on a phone. JupyterLab let a line break anywhere, so "0.9975" could end one
line as "0.99" and start the next with "75", and Chromium breaks after the minus of "4.2e-18"
(docs/stylesheets/reader.css, src/textbook_site/notebook_markup.py).
"""

import pytest

pytestmark = pytest.mark.browser

WIDTHS = (320, 375, 768, 1280)

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
      equation: (box.id || container.querySelector("annotation")?.textContent || "").trim().slice(0, 50),
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


@pytest.fixture(scope="module")
def at_each_width(open_page_for_module, site_pages):
    """{(page, width): {"equations": [SIZES_JS facts], "numbers": NUMBERS_JS facts}}."""
    found = {}
    for path in site_pages:
        # Loaded at the narrowest width, then widened as a reader turns a phone or widens a
        # window: the equations are static SVG and their size is the stylesheet's business.
        watch = open_page_for_module(path, viewport={"width": WIDTHS[0], "height": 900})
        watch.wait_for_math()
        for width in WIDTHS:
            watch.page.set_viewport_size({"width": width, "height": 900})
            found[(path, width)] = {
                "equations": watch.page.evaluate(SIZES_JS),
                "numbers": watch.page.evaluate(NUMBERS_JS),
            }
        watch.page.context.close()
    return found


@pytest.fixture(scope="module")
def equation_sizes(at_each_width):
    """{(page, width): [equation facts]} for every page."""
    return {key: facts["equations"] for key, facts in at_each_width.items()}


def test_the_site_has_display_equations_to_measure(equation_sizes):
    assert sum(len(sizes) for sizes in equation_sizes.values()) > 50


@pytest.mark.parametrize("width", WIDTHS)
def test_display_equations_are_drawn_at_their_own_size(equation_sizes, width):
    problems = []
    for (path, at), sizes in equation_sizes.items():
        if at != width:
            continue
        for eq in sizes:
            (want_w, want_h), (got_w, got_h) = eq["intrinsic"], eq["drawn"]
            if got_w < want_w - 1 or abs(got_h - want_h) > 1:
                problems.append(
                    f"/{path} {eq['equation']!r}: drawn {got_w:.0f}x{got_h:.0f} px, "
                    f"its size is {want_w:.0f}x{want_h:.0f} px"
                )
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", WIDTHS)
def test_an_equation_wider_than_its_box_scrolls_in_it(equation_sizes, width):
    problems = [
        f"/{path} {eq['equation']!r}: wider than its box, which "
        + ("does not scroll" if not eq["boxScrolls"] else "does not fit the screen")
        for (path, at), sizes in equation_sizes.items()
        if at == width
        for eq in sizes
        if eq["overflowsBox"] and not (eq["boxScrolls"] and eq["boxFits"])
    ]
    assert not problems, "\n".join(problems)


def test_some_equation_is_wider_than_a_phone(equation_sizes):
    """Guards the scrolling test against passing on nothing."""
    assert any(
        eq["overflowsBox"] for (_, w), sizes in equation_sizes.items() if w == 320 for eq in sizes
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_numbers_in_printed_outputs_stay_on_one_line(at_each_width, width):
    split = [
        f"/{path}: {number['text']!r} after {number['context']!r} is on {number['lines']} lines"
        for (path, at), facts in at_each_width.items()
        if at == width
        for number in facts["numbers"]["numbers"]
        if number["lines"] > 1
    ]
    assert not split, "\n".join(split)


def test_outputs_with_numbers_wrap_on_a_phone(at_each_width):
    """Guards the test above against passing on nothing: there are numbers to check, some with an
    exponent, and at 320 px the outputs do wrap (their numbers spread over more lines than at
    1280 px)."""
    numbers = [
        n
        for (_, w), facts in at_each_width.items()
        if w == 320
        for n in facts["numbers"]["numbers"]
    ]
    assert len(numbers) > 200
    assert sum("e-" in n["text"] for n in numbers) >= 5

    def lines(width):
        return sum(f["numbers"]["lineCount"] for (_, w), f in at_each_width.items() if w == width)

    assert lines(320) > lines(1280) * 1.1, (lines(320), lines(1280))
