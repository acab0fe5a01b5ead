"""Screen readers get every equation's MathML, which the browser never lays out.

MathJax keeps, beside each drawn equation, its MathML for assistive technology, clipped to
nothing. docs/stylesheets/extra.css gives it `content-visibility: auto`, so the browser skips its
layout (it never comes on screen); Chromium then builds its accessibility tree from the document.
Read here in a Chromium that builds the whole tree from the start, as it does once a screen reader
is attached: each equation's MathML is there once, in order, with the text of its formula and
nothing more (skipped MathML would expose even what MathML's style hides, e.g. an annotation: the
TeX is kept on the container instead, src/textbook_site/mathjax.py).
"""

import unicodedata

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}

# Per equation, in document order: the text of its MathML and whether the browser skipped laying
# it out.
MATHML_JS = """() => [...document.querySelectorAll("mjx-assistive-mml > math")].map((math) => ({
  text: math.textContent,
  skipped: !math.checkVisibility({ contentVisibilityAuto: true }),
}))"""


def spoken(text: str) -> str:
    """Text as compared here: NFKC (a laid-out <mi>x</mi> reads as the italic 𝑥, a skipped one as
    x) without spaces and invisible operators (U+2061 after "log")."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) != "Cf")


def math_in_accessibility_tree(page) -> list[str]:
    """The text of every MathML formula in the page's accessibility tree, in the tree's order."""
    nodes = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
    by_id = {node["nodeId"]: node for node in nodes}

    def text(node) -> str:
        if node.get("role", {}).get("value") == "StaticText":
            return str(node.get("name", {}).get("value", ""))
        return "".join(text(by_id[c]) for c in node.get("childIds", []) if c in by_id)

    found, stack = [], [nodes[0]]  # the document; depth first, children in order
    while stack:
        node = stack.pop()
        if node.get("role", {}).get("value") == "MathMLMath" and not node.get("ignored"):
            found.append(spoken(text(node)))
        else:
            stack.extend(by_id[c] for c in reversed(node.get("childIds", [])) if c in by_id)
    return found


@pytest.mark.parametrize("path", ["ch4/", "supplement-c/"])
def test_screen_readers_get_each_equation_once_and_nothing_else(open_page_with_screen_reader, path):
    watch = open_page_with_screen_reader(path, viewport=PHONE)
    watch.wait_for_math()
    mathml = watch.page.evaluate(MATHML_JS)
    assert len(mathml) >= 40, f"/{path} has {len(mathml)} equations; the test needs a math page"
    laid_out = [m["text"][:40] for m in mathml if not m["skipped"]]
    assert not laid_out, f"MathML laid out (extra.css's rule lost?): {laid_out}"
    assert math_in_accessibility_tree(watch.page) == [spoken(m["text"]) for m in mathml]
    assert watch.console_errors == []
