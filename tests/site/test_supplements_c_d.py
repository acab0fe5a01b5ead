"""Supplements C (the binary case) and D (training softmax regression) and their exercises, built.

Like tests/site/test_chapters.py: each numbered equation sits at its static anchor, the
implementations are shown, the figures are SVG with Japanese titles, and the numbers the prose
relies on are in the executed outputs, recomputed here from the pages' inputs.
"""

import re

import numpy as np
import pytest
from sklearn.datasets import load_wine

EQUATIONS = {
    "supplement-c": [f"C.{i}" for i in range(1, 11)],
    "supplement-d": [f"D.{i}" for i in range(1, 8)],
}


def anchor(number: str) -> str:
    return "eq-" + number.lower().replace(".", "-")


def outputs(soup) -> str:
    return "\n".join(o.get_text() for o in soup.select(".jp-OutputArea-output"))


def figure_texts(soup, site_dir, name) -> list[str]:
    """The text matplotlib writes as comments into each SVG figure (titles, labels, ticks)."""
    texts = []
    for img in soup.select(".jp-OutputArea-output img[src$='.svg']"):
        svg = (site_dir / name / img["src"]).resolve().read_text(encoding="utf-8")
        texts.append("\n".join(re.findall(r"<!-- (.*?) -->", svg)))
    return texts


def tex(soup, number: str) -> str:
    return " ".join(soup.find(id=anchor(number)).get_text().split())


@pytest.mark.parametrize("name", EQUATIONS)
def test_page_numbers_exactly_its_equations_in_order_each_at_its_anchor(page, name):
    soup = page(name)
    tags = re.findall(r"\\tag\{([^}]*)\}", soup.select_one("article").get_text())
    assert tags == EQUATIONS[name]
    for number in EQUATIONS[name]:
        element = soup.find(id=anchor(number))
        assert element is not None and "arithmatex" in element["class"], number


def test_key_equations_read_as_derived(page):
    c, d = page("supplement-c"), page("supplement-d")
    assert "y^{t} (1 - y)^{1 - t}" in tex(c, "C.1")
    assert "t_i \\log y_i + (1 - t_i) \\log (1 - y_i)" in tex(c, "C.2")
    assert "\\sigma(z_1 - z_2)" in tex(c, "C.5")
    assert "\\max(z, 0) - t z + \\log\\bigl(1 + \\exp(-|z|)\\bigr)" in tex(c, "C.7")
    assert "= \\sigma(z) - t" in tex(c, "C.9")
    assert "z_i = W x_i + b" in tex(d, "D.1")
    assert "\\left( y_i - t_i \\right) x_i^{\\top}" in tex(d, "D.6")


@pytest.mark.parametrize(
    ("name", "functions"),
    [
        (
            "supplement-c",
            ["sigmoid", "log_sigmoid", "binary_cross_entropy", "binary_cross_entropy_with_logits"],
        ),
        ("supplement-d", ["softmax_regression_grad", "fit_softmax_regression"]),
    ],
)
def test_supplement_shows_the_source_of_the_functions_it_introduces(page, name, functions):
    code = "\n".join(
        block.get_text() for block in page(name).select("article details .highlight code")
    )
    for function in functions:
        assert re.search(rf"^def {function}\(", code, re.MULTILINE), function


@pytest.mark.parametrize(
    ("name", "titles"),
    [
        ("supplement-c", ["勾配の大きさ"]),
        ("supplement-d", ["ソフトマックス回帰の学習曲線", "学習した分類器の判定"]),
    ],
)
def test_figures_are_svg_with_japanese_titles(page, site_dir, name, titles):
    texts = figure_texts(page(name), site_dir, name)
    assert len(texts) == len(titles)
    for text, title in zip(texts, titles):
        assert title in text


def test_supplement_c_binary_cross_entropy_and_the_stable_form(page):
    text = outputs(page("supplement-c"))
    t, y = np.array([1, 0, 1, 1, 0]), np.array([0.9, 0.2, 0.6, 0.7, 0.4])
    expected = -np.mean(t * np.log(y) + (1 - t) * np.log(1 - y))
    assert f"二値交差エントロピー E = {expected:.4f}" in text
    assert f"K = 2 の式 (6.2)       = {expected:.4f}" in text
    # Through probabilities the loss is infinite at z = 40 and ±800; from logits it is ≈ |z|.
    assert re.search(r"確率を経由\s*: \[\s*inf 40\.", text)
    assert re.search(r"ロジットから\s*: \[800\.\s+40\.", text)


def test_supplement_c_squared_error_saturates_and_cross_entropy_does_not(page):
    text = outputs(page("supplement-c"))
    assert "z = -8.0: 交差エントロピーの勾配 0.9997   二乗誤差の勾配 0.0003" in text
    assert f"最大値 = {4 / 27:.4f}" in text
    moved = re.search(r"交差エントロピー: 50 回後の z = (-?[\d.]+)", text)
    stuck = re.search(r"二乗誤差: 50 回後の z = (-?[\d.]+)", text)
    assert float(moved.group(1)) > 0 > -5 > float(stuck.group(1))


def test_supplement_d_training_matches_scikit_learn(page):
    text = outputs(page("supplement-d"))
    wine = load_wine()
    assert f"データ件数 N = {len(wine.target)}、特徴量の数 D = 2、クラスの数 K = 3" in text
    assert f"    0 回目: E = {np.log(3):.6f}" in text
    tolerances = [
        ("損失の差", 1e-10),
        ("確率の差の最大値", 1e-6),
        ("重みとバイアスの差の最大値", 1e-5),
    ]
    for label, tolerance in tolerances:
        gap = re.search(rf"^{label}\s+= (\S+)$", text, re.MULTILINE)
        assert gap is not None and float(gap.group(1)) < tolerance, label
    assert "13 個の特徴量での学習データの正解率: 1.0" in text


def test_exercises_for_supplements_c_and_d_with_folded_computed_answers(page):
    soup = page("exercises")
    for section, prefix in [("ex-supplement-c", "ex-c-"), ("ex-supplement-d", "ex-d-")]:
        assert soup.find(id=section) is not None
        questions = [h for h in soup.select("article h3") if h["id"].startswith(prefix)]
        assert len(questions) >= 2, prefix
    text = outputs(soup)
    assert "表の相対頻度 n_1/N = 0.600" in text and "E が最小になる y   = 0.600" in text
    # Stream outputs may come split into several output areas: match across blank lines.
    assert re.search(r"∂E/∂W =\s+\[\[ 0\.3333 -0\.6667\]", text)
