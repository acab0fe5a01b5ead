"""hooks/mathjax_render.py on its own: TeX errors stop the build, the TeX is kept, the cache is
used. (That every equation of the built site arrives typeset: test_integrity.py.)"""

import importlib.util
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")


@pytest.fixture
def render(tmp_path):
    spec = importlib.util.spec_from_file_location(
        "mathjax_render", ROOT / "hooks/mathjax_render.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    (tmp_path / "node_modules").symlink_to(ROOT / "node_modules")
    module.ROOT_FOR_TEST = tmp_path
    return module


def typeset(render, *expressions):
    where = {e: ["page.md"] for e in expressions}
    return render.typeset(render.ROOT_FOR_TEST, list(expressions), where)


def test_an_equation_is_svg_with_its_mathml_and_tex(render):
    tex = r"-\log L = -\sum_{k=1}^{K} t_k \log y_k \tag{4.3}"
    rendered, css = typeset(render, (tex, True))
    soup = BeautifulSoup(rendered[tex, True], "html.parser")
    assert soup.select_one("mjx-container[display=true] > svg") is not None
    # MathJax's MathML for screen readers, with the label and the TeX as its annotation.
    assert soup.select_one("mjx-assistive-mml mlabeledtr > mtd").get_text() == "(4.3)"
    assert soup.select_one('annotation[encoding="application/x-tex"]').get_text() == tex
    assert "mjx-container" in css


def test_tex_errors_stop_the_build_naming_page_and_tex(render):
    with pytest.raises(PluginError) as raised:
        typeset(render, (r"\frac{1}{", False), (r"\undefinedmacro x", True), ("x", False))
    message = str(raised.value)
    assert "page.md" in message
    assert r"\frac{1}{" in message and r"\undefinedmacro x" in message
    assert "Undefined control sequence" in message


def test_a_second_build_starts_no_node_process(render, monkeypatch):
    first, css = typeset(render, ("a^2 + b^2 = c^2", True), ("x_k", False))

    def no_node(*args):
        raise AssertionError("Node was run although every equation is cached")

    monkeypatch.setattr(render, "run_node", no_node)
    again, css_again = typeset(render, ("a^2 + b^2 = c^2", True), ("x_k", False))
    assert again == first and css_again == css


def test_the_cache_keeps_only_this_builds_equations(render):
    typeset(render, ("a", False), ("b", False))
    typeset(render, ("b", False))
    cache = (render.ROOT_FOR_TEST / render.CACHE).read_text(encoding="utf-8")
    assert render.key_of(render.inputs_digest(render.ROOT_FOR_TEST), "b", False) in cache
    assert render.key_of(render.inputs_digest(render.ROOT_FOR_TEST), "a", False) not in cache
