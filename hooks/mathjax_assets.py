"""Serve MathJax from the site itself: add the npm package's files to the build, and preload them.

The pages load MathJax as separate components (docs/javascripts/mathjax-config.js lists them):
`startup.js` (the loader) fetches TeX input, CommonHTML output with its font data, and the
assistive MathML that screen readers read. The combined `tex-chtml.js` bundle is not used: a
quarter of its 1.1 MB is the right-click menu (108 KB of 263 KB gzipped), which alone put a
chapter over its 400 KB page budget. Only these files, their fonts and the TeX extensions that
`\\require`/autoload may fetch are copied, so no page ever needs a CDN.

Loading order: the configuration (docs/javascripts/mathjax-config.js) and the loader go at the
top of every page's <head>, the loader `async`, so MathJax downloads, compiles and starts while
the page is parsed and Material's own script runs, and is ready to typeset when the page is
(at the end of <body>, the loader only started after Material's bundle: ~85 ms later typesetting
on chapter 4). The loader would fetch the components one dependency level after another (core,
then input and output, then the font data); `<link rel="preload">` lets the browser fetch them
all at once; the same for the three fonts nearly every equation uses, on pages that have math.
"""

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

ES5 = Path("node_modules/mathjax/es5")
DEST = "assets/mathjax"
LOADER = "startup.js"
CONFIG = "javascripts/mathjax-config.js"  # from docs/
# What `loader.load` in mathjax-config.js pulls in, with its dependencies (core, font data).
COMPONENTS = (
    "core.js",
    "input/tex.js",
    "output/chtml.js",
    "output/chtml/fonts/tex.js",
    "a11y/assistive-mml.js",
)
PARTS = (LOADER, *COMPONENTS, "output/chtml/fonts/woff-v2", "input/tex/extensions")
# Fonts nearly every equation uses; fetched early only on pages that have math.
FONTS = ("MathJax_Zero.woff", "MathJax_Main-Regular.woff", "MathJax_Math-Italic.woff")
FONT_DIR = f"{DEST}/output/chtml/fonts/woff-v2"


def on_files(files, config):
    root = Path(config.config_file_path).parent / ES5
    if not (root / LOADER).is_file():
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


def on_post_page(output, page, config):
    def href(uri):
        return get_relative_url(uri, page.url)

    tags = [
        f'<script src="{href(CONFIG)}"></script>',
        f'<script async src="{href(f"{DEST}/{LOADER}")}"></script>',
        *(f'<link rel="preload" as="script" href="{href(f"{DEST}/{c}")}">' for c in COMPONENTS),
    ]
    if 'class="arithmatex' in output:
        # Fonts are fetched in CORS mode: without `crossorigin` the preload is fetched twice.
        tags += [
            f'<link rel="preload" as="font" type="font/woff" crossorigin href="{href(f"{FONT_DIR}/{f}")}">'
            for f in FONTS
        ]
    # Before the stylesheets: a script after a stylesheet would wait for it to load.
    anchor = '<link rel="stylesheet"'
    if anchor not in output:
        anchor = "</head>"
    return output.replace(anchor, "\n".join(tags) + "\n" + anchor, 1)
