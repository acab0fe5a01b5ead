"""Equations redrawn with few elements (src/textbook_site/svg_shapes.py) look as MathJax drew them.

MathJax typesets each TeX below; the test draws MathJax's own SVG and the redrawn one in
Chromium under MathJax's stylesheet, three times enlarged, and compares them pixel by pixel. Redrawing changes no shape,
only how the path data is written, so what may differ is the anti-aliasing of edges: a glyph
lost, moved or cut open would change whole runs of pixels from ink to paper. The redrawn paths
are drawn a third time as the site serves them, through `<use>`s of one copy per page.
"""

import shutil
from pathlib import Path

import numpy as np
import pytest

from textbook_site import mathjax

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js"),
]

ROOT = Path(__file__).resolve().parents[2]
# What MathJax draws differently: scripts (scaled glyphs), a numbered equation (nested viewport,
# the row's id), multi-line alignment, Japanese text (<text>), fractions and radicals (rules that
# touch glyphs), stretchy delimiters, accents, \neq (a slash across "="), braces, matrices, cases.
CORPUS = [
    (r"-\log L = -\sum_{k=1}^{K} t_k \log y_k \tag{4.3}", True),
    (
        r"\begin{aligned} L &= \prod_{k=1}^{6} y_k^{n_k} \\ \log L &= \sum_k n_k \log y_k \end{aligned}",
        True,
    ),
    (r"E = -\frac{1}{N} \sum_{n=1}^{N} \sum_{k=1}^{K} t_{nk} \log y_{nk}", True),
    (r"\text{尤度} = \frac{\text{確率}}{\sqrt{x^2 + 1}}", True),
    (r"\left( \frac{\partial E}{\partial z_k} \right)^{2} \neq \hat{y}_c - \bar{t}", True),
    (r"\overbrace{a + b}^{n} + \underbrace{c}_{m} \le \| y - t \|^2", True),
    (
        r"\begin{pmatrix} 1 & 0 \\ 0 & 1 \end{pmatrix} \begin{cases} 1 & x > 0 \\ 0 & \text{それ以外} \end{cases}",
        True,
    ),
    (r"y_k = \frac{e^{z_k}}{\sum_{j} e^{z_j}}", False),
    (r"D_{\mathrm{KL}}(p \parallel q) \geq 0", False),
]
# Left as MathJax wrote it: a stroked frame (its stroke would no longer scale with the drawing).
KEPT = [(r"\boxed{E = H + D_{\mathrm{KL}}}", True)]


def test_every_redrawn_equation_matches_mathjaxs_drawing(browser, ink):
    answer = mathjax.run_node(ROOT, CORPUS + KEPT)
    assert answer["errors"] == [None] * len(CORPUS + KEPT)
    pairs = []
    for (tex, _), rendered in zip(CORPUS, answer["html"], strict=False):
        original = mathjax.DRAWING.search(rendered)[0]
        redrawn = mathjax.DRAWING.search(mathjax.with_fewer_elements(rendered))[0]
        assert redrawn != original, f"not redrawn: {tex}"
        assert redrawn.count("<") * 2 <= original.count("<"), tex  # tags: half or fewer
        pairs.append((original, redrawn))
    # The site draws the redrawn paths through <use>s of one hidden copy per page (mathjax.py,
    # SharedPaths): drawn so, each equation is the same picture again.
    shared = mathjax.SharedPaths()
    uses = [mathjax.SHAREABLE.sub(shared.use, redrawn) for _, redrawn in pairs]
    assert all("<path" not in svg for svg in uses)
    kept = answer["html"][len(CORPUS)]
    assert mathjax.with_fewer_elements(kept) == kept

    # Each drawing in its own container, under MathJax's stylesheet (it strokes the glyphs and
    # lets a table's columns overflow), three times enlarged.
    page = browser.new_page(device_scale_factor=3)
    boxes = "".join(
        f'<div style="height: 200px"><mjx-container class="MathJax" jax="SVG" display="true">'
        f"{svg}</mjx-container></div>"
        for (original, redrawn), used in zip(pairs, uses, strict=True)
        for svg in (original, redrawn, used)
    )
    try:
        page.set_content(
            f"<style>{answer['css']}</style><body style='font-size: 20px'>"
            f"<article>{boxes}{shared.block()}</article></body>"
        )
        shots = [ink(box.screenshot()) for box in page.locator("mjx-container").all()]
    finally:
        page.close()
    drawn = zip(CORPUS, shots[::3], shots[1::3], shots[2::3], strict=True)
    for (tex, _), original, redrawn, used in drawn:
        assert original.shape == redrawn.shape == used.shape, tex
        inked = int((original > 0).sum())
        assert inked > 500, tex  # drawn, at a size worth comparing
        difference = np.abs(original - redrawn)
        # Edges only: on the site's 500 equations at 2x, at most 1.4 % of the ink differs in sum
        # and no pixel by more than 64 levels; a glyph lost or moved changes whole runs of
        # pixels by more than half the scale, and dropping the glyphs' stroke ~5 % of the ink.
        assert int((difference > 128).sum()) <= inked * 0.005, tex
        assert difference.sum() <= original.sum() * 0.03, tex
        # Chromium rasterises a <use>'s copy on its own: a few edge pixels differ slightly (at
        # most 40 of 255 levels, 0.12 % of the ink in sum, measured on this corpus).
        difference = np.abs(redrawn - used)
        assert int(difference.max()) <= 64, tex
        assert difference.sum() <= redrawn.sum() * 0.005, tex
