"""The trimmed notebook stylesheet draws every notebook page exactly as mkdocs-jupyter's full CSS.

hooks/notebook_css.py keeps 38 KB of the ~590 KB mkdocs-jupyter inlines. Each notebook page is
screenshotted twice, light and dark: as built, and with the request for the shared stylesheet
answered with the full CSS that mkdocs-jupyter produces for a notebook. The pixels must agree
(up to anti-aliasing noise).
"""

import importlib.util
from io import BytesIO
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
TINY_NOTEBOOK = """\
---
jupyter:
  kernelspec:
    display_name: Python 3
    language: python
    name: python3
---

# 見出し

```python
1 + 1
```
"""


def same_picture(a: bytes, b: bytes) -> bool:
    """Equal size, and no pixel differs by more than a rounding step (anti-aliasing may vary by 1-2)."""
    from PIL import Image, ImageChops

    first, second = (Image.open(BytesIO(shot)).convert("RGB") for shot in (a, b))
    if first.size != second.size:
        return False
    return ImageChops.difference(first, second).point(lambda v: 255 if v > 16 else 0).getbbox() is None


def notebook_css_hook():
    spec = importlib.util.spec_from_file_location("notebook_css", ROOT / "hooks/notebook_css.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def full_notebook_css(tmp_path_factory) -> str:
    """The CSS mkdocs-jupyter inlines into a notebook page, as this site configures it."""
    from mkdocs_jupyter.nbconvert2 import nb2html

    path = tmp_path_factory.mktemp("notebook") / "tiny.md"
    path.write_text(TINY_NOTEBOOK, encoding="utf-8")
    html = nb2html(str(path), execute=False, markdown_cell_processor="mkdocs", mathjax_version=3, include_mathjax=False)
    styles = notebook_css_hook().STYLE.findall(html)
    assert sum(map(len, styles)) > 500_000, "mkdocs-jupyter's inline CSS changed; revisit hooks/notebook_css.py"
    return "\n".join(styles)


def test_trimmed_stylesheet_renders_notebook_pages_like_the_full_one(
    open_page, site_pages, site_dir, full_notebook_css, screenshot_dir
):
    notebooks = [p for p in site_pages if 'class="jupyter-wrapper"' in (site_dir / p / "index.html").read_text(encoding="utf-8")]
    if not notebooks:
        pytest.skip("no notebook page is built")
    differ = []
    for path in notebooks:
        for scheme in ("light", "dark"):
            shots = []
            for full in (False, True):

                def route(page, full=full):
                    if full:
                        page.route("**/assets/stylesheets/notebook.*.css", lambda r: r.fulfill(body=full_notebook_css, content_type="text/css"))

                watch = open_page(path, color_scheme=scheme, before_load=route)
                watch.wait_for_math()
                watch.page.wait_for_load_state("networkidle")
                shots.append(watch.page.screenshot(full_page=True))
                watch.page.context.close()
            if not same_picture(*shots):
                name = (path.strip("/") or "index") + f"-{scheme}"
                for shot, kind in zip(shots, ("trimmed", "full")):
                    (screenshot_dir / f"{name}-{kind}.png").write_bytes(shot)
                differ.append(f"/{path} ({scheme}), see {screenshot_dir}/{name}-*.png")
    assert not differ, "\n".join(differ)
