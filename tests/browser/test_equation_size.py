"""Every display equation is drawn at its own size on every page, at the widths readers use.

MathJax writes each equation's size on its SVG in ex (width="38.045ex", or width="100%" with a
min-width for a numbered one). An equation wider than the column must keep that size and scroll
sideways in its own box: drawn smaller it is unreadable (an untagged equation on a phone was
once drawn 1 px wide, and a test asking only for a non-zero width passed).
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


@pytest.fixture(scope="module")
def equation_sizes(open_page_for_module, site_pages):
    """{(page, width): [equation facts]} for every page with a display equation."""
    found = {}
    for path in site_pages:
        # Loaded at the narrowest width, then widened as a reader turns a phone or widens a
        # window: the equations are static SVG and their size is the stylesheet's business.
        watch = open_page_for_module(path, viewport={"width": WIDTHS[0], "height": 900})
        watch.wait_for_math()
        for width in WIDTHS:
            watch.page.set_viewport_size({"width": width, "height": 900})
            found[(path, width)] = watch.page.evaluate(SIZES_JS)
        watch.page.context.close()
    return found


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
