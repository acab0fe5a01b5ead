"""src/textbook_site/mathjax.py on its own: TeX errors stop the build, the TeX is kept, the
cache is used. (That every equation of the built site arrives typeset: test_integrity.py.)"""

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from mkdocs.exceptions import PluginError

from textbook_site import mathjax
from textbook_site.cache import Cache

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")


@pytest.fixture
def cache(tmp_path):
    return Cache(tmp_path / "cache", build="test")


def typeset(cache, *expressions, node=mathjax.run_node):
    where = {e: ["page.md"] for e in expressions}
    return mathjax.typeset(cache, ROOT, list(expressions), where, node=node)


def test_an_equation_is_svg_with_its_mathml_and_tex(cache):
    tex = r"-\log L = -\sum_{k=1}^{K} t_k \log y_k \tag{4.3}"
    rendered, css, ran = typeset(cache, (tex, True))
    assert ran
    soup = BeautifulSoup(rendered[tex, True], "html.parser")
    assert soup.select_one("mjx-container[display=true] > svg") is not None
    # MathJax's MathML for screen readers, with the label; the TeX on the container, not in the
    # MathML (which a screen reader would read out: tests/browser/test_assistive_math.py).
    assert soup.select_one("mjx-assistive-mml mlabeledtr > mtd").get_text() == "(4.3)"
    assert soup.select_one("mjx-container")["data-tex"] == tex
    assert soup.select_one("annotation") is None
    assert "mjx-container" in css


def test_tex_errors_stop_the_build_naming_page_and_tex(cache):
    with pytest.raises(PluginError) as raised:
        typeset(cache, (r"\frac{1}{", False), (r"\undefinedmacro x", True), ("x", False))
    message = str(raised.value)
    assert "page.md" in message
    assert r"\frac{1}{" in message and r"\undefinedmacro x" in message
    assert "Undefined control sequence" in message


def test_a_second_build_starts_no_node_process(cache):
    first, css, _ = typeset(cache, ("a^2 + b^2 = c^2", True), ("x_k", False))

    def no_node(*args):
        raise AssertionError("Node was run although every equation is cached")

    again, css_again, ran = typeset(cache, ("a^2 + b^2 = c^2", True), ("x_k", False), node=no_node)
    assert again == first and css_again == css and not ran


def test_the_cache_keeps_only_the_last_builds_equations(tmp_path):
    first = Cache(tmp_path / "cache", build="test")
    typeset(first, ("a", False), ("b", False))
    first.evict(["equations"])
    second = Cache(tmp_path / "cache", build="test")
    typeset(second, ("b", False))
    second.evict(["equations"])
    kept = {path.name for path in (tmp_path / "cache/equations").iterdir()}
    inputs = mathjax.renderer_inputs(ROOT)
    assert second.key("equations", inputs, "0", "b", shaped_by="inputs") in kept
    assert second.key("equations", inputs, "0", "a", shaped_by="inputs") not in kept


def page_with(*expressions):
    spans = "".join(
        f'<div class="arithmatex">\\[{tex}\\]</div>'
        if display
        else f'<span class="arithmatex">\\({tex}\\)</span>'
        for tex, display in expressions
    )
    return f"<html><body><article>{spans}</article></body></html>"


def test_a_pages_paths_are_written_once_and_drawn_where_they_stand(cache):
    one, two = ("y_k = e^{z_k}", True), ("y_k", False)
    rendered, _, _ = typeset(cache, one, two)
    output = mathjax.swap_in(page_with(one, two, one), rendered, "ch9/")
    soup = BeautifulSoup(output, "html.parser")
    defs = soup.select("article > svg.mjx-paths[aria-hidden=true] > defs > path")
    ids = [path["id"] for path in defs]
    uses = [use["xlink:href"].removeprefix("#") for use in soup.select("mjx-container svg use")]
    # Every path of the three equations became a <use> of one written once: the repeated
    # equation adds no path, and each kept path is used.
    assert soup.select("mjx-container path") == []
    assert len(uses) > len(ids) == len(set(ids)) > 1
    assert set(uses) == set(ids)
    # Its paint (a glyph's stroke width) travels with the path.
    assert all(path.get("stroke-width") for path in defs)


def test_math_outside_one_article_stops_the_build(cache):
    rendered, _, _ = typeset(cache, ("x", False))
    page = page_with(("x", False)).replace("article", "main")
    with pytest.raises(PluginError, match="ch9/ has math but not one </article>"):
        mathjax.swap_in(page, rendered, "ch9/")
