"""Serve MathJax from the site itself: add the npm package's files to the build.

Only the parts the pages use are copied (the TeX-to-CommonHTML bundle, its fonts, the TeX
extensions it may autoload, and the accessibility/menu components the menu can load on demand),
so that no page ever needs a CDN.
"""

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

ES5 = Path("node_modules/mathjax/es5")
PARTS = ("tex-chtml.js", "output/chtml/fonts/woff-v2", "input/tex/extensions", "a11y", "ui", "sre", "adaptors")
DEST = "assets/mathjax"


def on_files(files, config):
    root = Path(config.config_file_path).parent / ES5
    if not (root / "tex-chtml.js").is_file():
        raise PluginError(f"MathJax is missing at {root}: run `npm ci` (or `make setup`).")
    for part in PARTS:
        base = root / part
        paths = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.is_file())
        for path in paths:
            rel = path.relative_to(root).as_posix()
            files.append(
                File(
                    rel,
                    src_dir=str(root),
                    dest_dir=config.site_dir,
                    use_directory_urls=config.use_directory_urls,
                    dest_uri=f"{DEST}/{rel}",
                )
            )
    return files
