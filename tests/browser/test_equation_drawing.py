"""Equations redrawn with few elements (src/textbook_site/svg_shapes.py) look as MathJax drew them.

MathJax typesets each TeX below; the test draws MathJax's own SVG and the redrawn one in
Chromium, three times enlarged, and compares them pixel by pixel. Redrawing changes no shape,
only how the path data is written, so what may differ is the anti-aliasing of edges: a glyph
lost, moved or cut open would change whole runs of pixels from ink to paper.
"""

import shutil
from pathlib import Path

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

# Each pair drawn as an image at 3x; per pair: ink pixels of MathJax's drawing, pixels that
# differ by more than half the scale, and the summed difference over the summed ink.
COMPARE_JS = r"""async (pairs) => {
  const draw = async (svg) => {
    const image = new Image();
    image.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svg);
    await image.decode();
    const [w, h] = [Math.ceil(image.width * 3), Math.ceil(image.height * 3)];
    const canvas = new OffscreenCanvas(w, h);
    const context = canvas.getContext("2d");
    context.fillStyle = "#fff";
    context.fillRect(0, 0, w, h);
    context.drawImage(image, 0, 0, w, h);
    return { w, h, data: context.getImageData(0, 0, w, h).data };
  };
  const results = [];
  for (const [original, redrawn] of pairs) {
    const [a, b] = [await draw(original), await draw(redrawn)];
    if (a.w !== b.w || a.h !== b.h) { results.push({ size: [a.w, a.h, b.w, b.h] }); continue; }
    let ink = 0, inkSum = 0, big = 0, diffSum = 0;
    for (let i = 0; i < a.data.length; i += 4) {
      const [x, y] = [255 - a.data[i + 1], 255 - b.data[i + 1]];
      if (x > 0) { ink += 1; inkSum += x; }
      const d = Math.abs(x - y);
      diffSum += d;
      if (d > 128) big += 1;
    }
    results.push({ ink, big, ratio: diffSum / Math.max(inkSum, 1) });
  }
  return results;
}"""


def test_every_redrawn_equation_matches_mathjaxs_drawing(browser):
    answer = mathjax.run_node(ROOT, CORPUS + KEPT)
    assert answer["errors"] == [None] * len(CORPUS + KEPT)
    pairs = []
    for (tex, _), rendered in zip(CORPUS, answer["html"], strict=False):
        original = mathjax.DRAWING.search(rendered)[0]
        redrawn = mathjax.DRAWING.search(mathjax.with_fewer_elements(rendered))[0]
        assert redrawn != original, f"not redrawn: {tex}"
        assert redrawn.count("<") * 3 <= original.count("<"), tex  # tags: a third or fewer
        pairs.append((original, redrawn))
    kept = answer["html"][len(CORPUS)]
    assert mathjax.with_fewer_elements(kept) == kept

    page = browser.new_page()
    try:
        results = page.evaluate(COMPARE_JS, pairs)
    finally:
        page.close()
    for (tex, _), result in zip(CORPUS, results, strict=True):
        assert "size" not in result, (tex, result)
        assert result["ink"] > 500, (tex, result)  # drawn, at a size worth comparing
        # Edges only: measured 0 large differences and a ratio of at most 0.06 on the site's
        # 500 equations; one missing "=" in a short equation alone would be ~1,000 pixels.
        assert result["big"] <= result["ink"] * 0.005, (tex, result)
        assert result["ratio"] <= 0.1, (tex, result)
