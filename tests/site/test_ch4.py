"""Chapter 4, the heart of the site, as built: equations, anchors, the corrected sign, computed numbers."""

import re

import numpy as np
import pytest

EQUATIONS = {"4.1": "eq-4-1", "4.2": "eq-4-2", "4.3": "eq-4-3"}


@pytest.fixture(scope="module")
def ch4(page):
    return page("ch4")


@pytest.mark.parametrize(("number", "anchor"), EQUATIONS.items())
def test_each_numbered_equation_carries_its_static_anchor(ch4, number, anchor):
    element = ch4.find(id=anchor)
    assert element is not None, f"no element with id={anchor}"
    assert "arithmatex" in element["class"]
    assert f"\\tag{{{number}}}" in element.get_text()


def test_chapter_has_exactly_the_three_tags_in_order(ch4):
    tags = re.findall(r"\\tag\{([^}]*)\}", ch4.select_one("article").get_text())
    assert tags == list(EQUATIONS)


def test_equation_4_3_carries_the_minus_sign_the_series_dropped(ch4):
    tex = " ".join(ch4.find(id="eq-4-3").get_text().split())
    assert re.search(r"-\\log L = -\\sum_\{k=1\}\^\{K\} t_k \\log y_k", tex), tex


def test_equations_4_1_and_4_2_sum_over_six_faces_and_k_events(ch4):
    assert "\\sum_{k=1}^{6} t_k \\log y_k" in ch4.find(id="eq-4-1").get_text()
    assert "\\sum_{k=1}^{K} t_k \\log y_k" in ch4.find(id="eq-4-2").get_text()


def outputs(soup) -> str:
    return "\n".join(o.get_text() for o in soup.select(".jp-OutputArea-output"))


@pytest.mark.parametrize(("name", "y1"), [("公正なサイコロ", 1 / 6), ("細工されたサイコロ", 0.5)])
def test_computed_cross_entropy_equals_minus_log_y1(ch4, name, y1):
    e = -np.log(y1)
    line = next(line for line in outputs(ch4).splitlines() if line.startswith(name))
    assert f"log L = {-e:.4f}" in line
    assert f"E = {e:.4f}" in line
    assert f"-log y_1 = {e:.4f}" in line


def test_zero_probability_for_the_observed_face_gives_infinity(ch4):
    text = outputs(ch4)
    assert re.search(r"確率 0 を与えたモデル: inf\b", text)
    assert re.search(r"確率 1 を与えたモデル: 0\.0\b", text)


def test_no_stderr_or_error_output_on_the_page(ch4):
    assert not ch4.select("[data-mime-type='application/vnd.jupyter.stderr']")
    assert not ch4.select(".jp-OutputArea-output.jp-RenderedText[data-mime-type*='error']")


def test_notebook_download_link_points_to_a_written_notebook(ch4, site_dir):
    link = ch4.select_one("p.notebook-download a[download]")
    assert link is not None
    notebook = site_dir / "ch4" / link["href"]
    assert notebook.suffix == ".ipynb" and notebook.is_file()
    assert '"outputs": []' in notebook.read_text(encoding="utf-8")


def test_term_by_term_expansion_keeps_its_alignment_marks(ch4):
    # nbconvert escapes & in Markdown cells; the notebook-page hook must restore it for MathJax.
    aligned = next(d for d in ch4.select("div.arithmatex") if "aligned" in d.get_text())
    assert "&=" in aligned.get_text()
    assert "amp;" not in aligned.get_text()


def test_cross_entropy_implementation_is_included_from_src(ch4):
    from pathlib import Path

    source = (Path(__file__).parents[2] / "src/crossentropy/information.py").read_text(
        encoding="utf-8"
    )
    block = next(
        d for d in ch4.select("details") if "cross_entropy" in d.select_one("summary").get_text()
    )
    code = block.select_one("pre code").get_text()
    assert code.startswith("def cross_entropy(")
    assert code.strip() in source
